import type { OsvAffected, OsvRecord } from '../osv-types.js';
import { debianEcosystem, debianRanges, debianUrgencySeverity, maxSeverity, UNKNOWN_DATE, type Severity } from './debian-lists.js';
import { FeedError, type FeedContext, type FeedConverter, type FeedItem } from './types.js';

/**
 * The Debian security tracker's JSON dump (https://security-tracker.debian.org/tracker/data/json):
 * every issue the tracker knows, by **source** package:
 *
 *     { "<source package>": { "CVE-2016-1585": {
 *         "description": "...", "scope": "local", "debianbug": 929990,
 *         "releases": { "bookworm": { "status": "open" | "resolved" | "undetermined",
 *                                     "fixed_version": "3.0.12-1", "urgency": "unimportant",
 *                                     "nodsa": "Minor issue", "nodsa_reason": "postponed" | "ignored" | "",
 *                                     "repositories": { "bookworm": "3.0.8-3" } } } } } }
 *
 * Which files: the dump as the tracker serves it (a download of `.../tracker/data/json` is named
 * `json`) or saved under a name starting with `debian` (`debian.json` as vunnel stores it,
 * `debian-security-tracker.json`, `debian_security_tracker.json`), optionally `.gz`.
 *
 * Conventions (as in debian-lists.ts, which holds the shared Debian helpers):
 * - one OSV record per issue, id `DEBIAN-<issue>` (`DEBIAN-CVE-2016-1585`, as osv.dev names them;
 *   the tracker's `TEMP-...` issues keep their name), the CVE in `aliases`, with one `affected[]`
 *   entry per (source package, release): ecosystem `Debian:<version>` (`sid` → `Debian:sid`);
 * - status per release: `resolved` with a version → `fixed`; `resolved` with version `0` →
 *   `not-affected` (no range); `open` → `unfixed`, or `fix-deferred` (`nodsa_reason` postponed),
 *   `ignored` (nodsa_reason ignored), `no-dsa` (a `nodsa` remark), `end-of-life` (urgency
 *   end-of-life), all with range `introduced 0`; `undetermined` is kept as `undetermined` with no
 *   range (never matches; trivy skips these too);
 * - `ecosystem_specific`: `status`, `release`, `urgency`, `nodsa`, `nodsa_reason` as written;
 *   `database_specific`: `severity` (the highest urgency, mapped as trivy maps Debian urgencies),
 *   `scope`, `debianbug`;
 * - the dump has no dates: `modified` is 1970-01-01 (a dated record with the same id wins);
 * - the finding cites data source `debian`.
 */
export const debianTrackerConverter: FeedConverter = {
  name: 'debian-tracker',
  wants: (path) => /(^|\/)(json|debian(?:[-_][\w-]*)?\.json)(\.gz)?$/.test(path),
  *convert(document, context): Iterable<FeedItem> {
    const dump: unknown = JSON.parse(document.text);
    if (!isObject(dump)) throw new FeedError('not a Debian security tracker dump (expected an object of source packages)');
    const records = new Map<string, { record: OsvRecord; severity?: Severity }>();
    for (const [pkg, issues] of Object.entries(dump)) {
      if (!isObject(issues)) {
        context.warn(`${document.origin}: package ${pkg}: not an object of issues`);
        continue;
      }
      for (const [issue, data] of Object.entries(issues)) addIssue(records, pkg, issue, data, `${document.origin}: ${pkg} ${issue}`, context);
    }
    for (const { record, severity } of records.values()) {
      if (severity) record.database_specific = { severity, ...record.database_specific };
      yield { kind: 'advisory', record, dataSource: 'debian' };
    }
  },
};

interface TrackerRelease {
  status?: unknown;
  fixed_version?: unknown;
  urgency?: unknown;
  nodsa?: unknown;
  nodsa_reason?: unknown;
}

function addIssue(records: Map<string, { record: OsvRecord; severity?: Severity }>, pkg: string, issue: string, data: unknown, where: string, context: FeedContext): void {
  // An issue without any release comes as `"releases": []`.
  const releases = isObject(data) && Array.isArray(data.releases) && data.releases.length === 0 ? {} : isObject(data) ? data.releases : undefined;
  if (!isObject(data) || !isObject(releases)) {
    context.warn(`${where}: no "releases" object`);
    return;
  }
  const id = `DEBIAN-${issue}`;
  let held = records.get(id);
  if (!held) {
    held = { record: newRecord(id, issue, data) };
    records.set(id, held);
  }
  for (const [codename, release] of Object.entries(releases)) {
    if (!isObject(release)) {
      context.warn(`${where}: release ${codename} is not an object`);
      continue;
    }
    const entry = releaseEntry(pkg, codename, release, `${where} ${codename}`, context);
    if (!entry) continue;
    held.record.affected!.push(entry);
    held.severity = maxSeverity(held.severity, debianUrgencySeverity(stringOr(release.urgency)));
  }
}

function newRecord(id: string, issue: string, data: Record<string, unknown>): OsvRecord {
  const description = stringOr(data.description);
  const specific = {
    ...(typeof data.scope === 'string' ? { scope: data.scope } : {}),
    ...(typeof data.debianbug === 'number' ? { debianbug: data.debianbug } : {}),
  };
  return {
    id,
    modified: UNKNOWN_DATE,
    ...(issue.startsWith('CVE-') ? { aliases: [issue] } : {}),
    ...(description ? { details: description } : {}),
    affected: [],
    references: [{ type: 'ADVISORY', url: `https://security-tracker.debian.org/tracker/${issue}` }],
    ...(Object.keys(specific).length > 0 ? { database_specific: specific } : {}),
  };
}

function releaseEntry(pkg: string, codename: string, release: TrackerRelease, where: string, context: FeedContext): OsvAffected | undefined {
  const ecosystem = debianEcosystem(codename);
  if (!ecosystem) {
    context.warn(`${where}: unknown Debian release`);
    return undefined;
  }
  const status = releaseStatus(release);
  if (!status) {
    context.warn(`${where}: unreadable status ${JSON.stringify(release.status)}${release.status === 'resolved' ? ' (no fixed_version)' : ''}`);
    return undefined;
  }
  const fixed = stringOr(release.fixed_version);
  const ranges = debianRanges(status, fixed);
  const specific: Record<string, unknown> = { status, release: codename };
  for (const key of ['urgency', 'nodsa', 'nodsa_reason'] as const) {
    const value = stringOr(release[key]);
    if (value) specific[key] = value;
  }
  return { package: { ecosystem, name: pkg }, ...(ranges ? { ranges } : {}), ecosystem_specific: specific };
}

/** The tracker's status, fix and no-DSA remarks → one status of the shared vocabulary. */
function releaseStatus(release: TrackerRelease): string | undefined {
  const fixed = stringOr(release.fixed_version);
  if (release.status === 'resolved') return fixed === '0' ? 'not-affected' : fixed ? 'fixed' : undefined;
  if (release.status === 'undetermined') return 'undetermined';
  if (release.status !== 'open') return undefined;
  const reason = stringOr(release.nodsa_reason);
  if (reason === 'postponed') return 'fix-deferred';
  if (reason === 'ignored') return 'ignored';
  if (stringOr(release.nodsa)) return 'no-dsa';
  if (release.urgency === 'end-of-life') return 'end-of-life';
  return 'unfixed';
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
