import type { OsvAffected, OsvRecord } from '../osv-types.js';
import type { FeedConverter, FeedContext, FeedDocument, FeedItem } from './types.js';

/**
 * The Debian security tracker's advisory lists, `data/DSA/list` (Debian Security Advisories),
 * `data/DLA/list` (Debian LTS Advisories) and `data/DTSA/list` (testing security advisories), from
 * https://salsa.debian.org/security-tracker-team/security-tracker. One entry per advisory:
 *
 *     [29 Mar 2023] DSA-5380-1 xorg-server - security update      (old entries: [August 26th, 2005])
 *     	{CVE-2023-1393}                                             CVEs the advisory fixes
 *     	[bullseye] - xorg-server 2:1.20.11-1+deb11u6                fixed in that release, at that version
 *     	[woody] - mantis <not-affected> (Vulnerable code not present)
 *     	NOTE: fixed in testing at time of DSA
 *
 * A release line names a source package and either the version that fixes it in that release or a
 * marker: `<not-affected>`, `<unfixed>`, `<end-of-life>` (also `<no-dsa>`, `<postponed>`,
 * `<ignored>`, `<undetermined>` as in `data/CVE/list`). A trailing `(...)` holds the urgency of old
 * entries (`high`, `medium`, ...), bug numbers (`bug #123`) or a free note; all are kept.
 *
 * Conventions (shared with the other OS feed converters; the image scanner depends on them):
 * - one OSV record per advisory, id as Debian writes it (`DSA-5380-1`, `DLA-3380-1`, `DSA-141`),
 *   the CVEs of the `{...}` line in `aliases`, `published`/`modified` = the advisory date;
 * - one `affected[]` entry per release line, ecosystem `Debian:<version>` from the codename as
 *   distro-info-data numbers releases (`woody` → `Debian:3.0`, `squeeze` → `Debian:6.0`,
 *   `wheezy` → `Debian:7`, `bookworm` → `Debian:12`, `sid` → `Debian:sid`, as the OSV schema says
 *   for releases without a number), package name = the **source** package;
 * - `ecosystem_specific.status`: `fixed` (range `introduced 0, fixed V`), `unfixed`,
 *   `end-of-life`, `no-dsa`, `fix-deferred` (`<postponed>`), `ignored` (range `introduced 0`:
 *   every version is affected), `not-affected` and `undetermined` (no range: never matches, kept
 *   for the record); plus `release` (the codename), `urgency`, `bugs`, `note` when written;
 * - `database_specific.severity`: the highest urgency of the entries mapped as trivy maps Debian
 *   urgencies (`unimportant`/`low*` → LOW, `medium*` → MEDIUM, `high*` → HIGH);
 *   `database_specific.notes`: the `NOTE:` lines;
 * - the finding cites data source `debian`.
 */
export const debianListsConverter: FeedConverter = {
  name: 'debian-lists',
  wants: (path) => /(^|\/)(DSA|DLA|DTSA)\/list$/.test(path),
  *convert(document, context): Iterable<FeedItem> {
    for (const record of parseAdvisoryList(document, context)) yield { kind: 'advisory', record, dataSource: 'debian' };
  },
};

/** Debian codename → the release number osv.dev and distro-info-data use. */
const debianReleases: Record<string, string> = {
  buzz: '1.1', rex: '1.2', bo: '1.3', hamm: '2.0', slink: '2.1', potato: '2.2', woody: '3.0', sarge: '3.1',
  etch: '4.0', lenny: '5.0', squeeze: '6.0', wheezy: '7', jessie: '8', stretch: '9', buster: '10',
  bullseye: '11', bookworm: '12', trixie: '13', forky: '14', duke: '15', sid: 'sid',
};

/** `bookworm` → `Debian:12`; undefined for a name that is not a Debian release. */
export function debianEcosystem(codename: string): string | undefined {
  const release = debianReleases[codename];
  return release === undefined ? undefined : `Debian:${release}`;
}

export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
const severityRank: Record<Severity, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

/** The higher of two severities (either may be missing). */
export function maxSeverity(a: Severity | undefined, b: Severity | undefined): Severity | undefined {
  if (!a) return b;
  if (!b) return a;
  return severityRank[b] > severityRank[a] ? b : a;
}

/** A Debian urgency as trivy rates it: `unimportant`, `low**` → LOW, ...; `not yet assigned` → none. */
export function debianUrgencySeverity(urgency: string | undefined): Severity | undefined {
  const word = urgency?.replace(/\*+$/, '');
  if (word === 'unimportant' || word === 'low') return 'LOW';
  if (word === 'medium') return 'MEDIUM';
  if (word === 'high') return 'HIGH';
  return undefined;
}

/** The markers a release line can carry instead of a version, and the status each means. */
const markerStatus: Record<string, string> = {
  'not-affected': 'not-affected',
  unfixed: 'unfixed',
  'end-of-life': 'end-of-life',
  'no-dsa': 'no-dsa',
  postponed: 'fix-deferred',
  ignored: 'ignored',
  undetermined: 'undetermined',
};

/** Statuses whose entry matches no version (the package is not, or not known to be, affected). */
const unmatchedStatuses = new Set(['not-affected', 'undetermined']);

/** OSV ranges for a status: fixed → up to the fix; affected statuses → every version; else none. */
export function debianRanges(status: string, fixed: string | undefined): OsvAffected['ranges'] {
  if (status === 'fixed' && fixed) return [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }];
  if (status === 'fixed' || unmatchedStatuses.has(status)) return undefined;
  return [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }];
}

const headerLine = /^\[([^\]]+)\]\s+((?:DSA|DLA|DTSA)-\d+(?:-\d+)?)\s*(.*)$/;
const aliasLine = /^\s+\{([^}]*)\}?\s*$/;
const releaseLine = /^\s+\[([a-z][a-z0-9-]*)\]\s+-\s+(\S+)\s+(.*)$/;
const noteLine = /^\s+NOTE:\s?(.*)$/;

interface Draft {
  record: OsvRecord;
  notes: string[];
}

/** Parses a whole list; a malformed entry is reported and skipped, the others load. */
function* parseAdvisoryList(document: FeedDocument, context: FeedContext): Iterable<OsvRecord> {
  const lines = document.text.split('\n');
  let draft: Draft | undefined;
  let skipping = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line.trim() === '') continue;
    const where = `${document.origin}:${i + 1}`;
    if (!/^\s/.test(line)) {
      if (draft) yield finish(draft);
      draft = startAdvisory(line, where, context);
      skipping = draft === undefined;
      continue;
    }
    if (skipping) continue;
    if (!draft) {
      context.warn(`${where}: line outside any advisory: ${line.trim()}`);
      skipping = true;
      continue;
    }
    addBodyLine(draft, line, where, context);
  }
  if (draft) yield finish(draft);
}

function startAdvisory(line: string, where: string, context: FeedContext): Draft | undefined {
  const m = headerLine.exec(line);
  if (!m) {
    context.warn(`${where}: not an advisory header: ${line.trim()}`);
    return undefined;
  }
  const [, dateText, id, title] = m;
  const date = parseListDate(dateText);
  if (!date) context.warn(`${where}: ${id}: unreadable date "${dateText}"`);
  const record: OsvRecord = {
    id,
    modified: date ?? UNKNOWN_DATE,
    ...(date ? { published: date } : {}),
    ...(title.trim() ? { summary: title.trim().replace(/\s+/g, ' ') } : {}),
    affected: [],
    references: [{ type: 'ADVISORY', url: `https://security-tracker.debian.org/tracker/${id}` }],
  };
  return { record, notes: [] };
}

function addBodyLine(draft: Draft, line: string, where: string, context: FeedContext): void {
  const alias = aliasLine.exec(line);
  if (alias) {
    const ids = alias[1].split(/\s+/).filter(Boolean);
    const cves = ids.filter((x) => x.startsWith('CVE-'));
    const others = ids.filter((x) => !x.startsWith('CVE-'));
    if (cves.length > 0) draft.record.aliases = [...(draft.record.aliases ?? []), ...cves];
    if (others.length > 0) draft.record.related = [...(draft.record.related ?? []), ...others];
    return;
  }
  const note = noteLine.exec(line);
  if (note) {
    draft.notes.push(note[1].trim());
    return;
  }
  const release = releaseLine.exec(line);
  if (release) {
    const entry = releaseEntry(release[1], release[2], release[3], where, context);
    if (entry) draft.record.affected!.push(entry);
    return;
  }
  context.warn(`${where}: ${draft.record.id}: unreadable line: ${line.trim()}`);
}

/** `[bullseye] - openssl 1.1.1n-0+deb11u4 (bug #123; medium)` → one affected entry. */
function releaseEntry(codename: string, name: string, rest: string, where: string, context: FeedContext): OsvAffected | undefined {
  const ecosystem = debianEcosystem(codename);
  if (!ecosystem) {
    context.warn(`${where}: unknown Debian release "${codename}"`);
    return undefined;
  }
  const m = /^(<[a-z-]+>|[^\s(]+)?\s*(?:\((.*)\))?\s*$/.exec(rest.trim());
  if (!m || !m[1]) {
    context.warn(`${where}: no version or marker for ${name} in ${codename}`);
    return undefined;
  }
  const [, versionOrMarker, parenthesised] = m;
  const marker = /^<([a-z-]+)>$/.exec(versionOrMarker)?.[1];
  const status = marker === undefined ? 'fixed' : markerStatus[marker];
  if (!status) {
    context.warn(`${where}: unknown marker <${marker}> for ${name} in ${codename}`);
    return undefined;
  }
  const ranges = debianRanges(status, marker === undefined ? versionOrMarker : undefined);
  return {
    package: { ecosystem, name },
    ...(ranges ? { ranges } : {}),
    ecosystem_specific: { status, release: codename, ...parseParenthesised(parenthesised) },
  };
}

const urgencyWords = /^(unimportant|low|medium|high)\**$|^not yet assigned$/;

/** `bug #123; medium` → `{ bugs: [123], urgency: 'medium' }`; anything else is kept as `note`. */
function parseParenthesised(text: string | undefined): { urgency?: string; bugs?: number[]; note?: string } {
  if (text === undefined || text.trim() === '') return {};
  const out: { urgency?: string; bugs?: number[]; note?: string } = {};
  const rest: string[] = [];
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const bug = /^bug #(\d+)$/.exec(part);
    if (bug) (out.bugs ??= []).push(Number(bug[1]));
    else if (urgencyWords.test(part) && out.urgency === undefined) out.urgency = part;
    else rest.push(part);
  }
  if (rest.length > 0) out.note = rest.join('; ');
  return out;
}

function finish(draft: Draft): OsvRecord {
  const { record, notes } = draft;
  let severity: Severity | undefined;
  for (const entry of record.affected ?? []) severity = maxSeverity(severity, debianUrgencySeverity(entry.ecosystem_specific?.urgency as string | undefined));
  if (notes.length > 0 || severity) record.database_specific = { ...(severity ? { severity } : {}), ...(notes.length > 0 ? { notes } : {}) };
  return record;
}

/** `modified` of records whose feed gives no date: a dated record with the same id wins. */
export const UNKNOWN_DATE = '1970-01-01T00:00:00Z';

const months = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `29 Mar 2023` or `August 26th, 2005` → `2023-03-29T00:00:00Z`; undefined when unreadable. */
export function parseListDate(text: string): string | undefined {
  const short = /^(\d{1,2}) ([A-Za-z]{3,}) (\d{4})$/.exec(text.trim());
  const long = /^([A-Za-z]+) (\d{1,2})(?:st|nd|rd|th)?, (\d{4})$/.exec(text.trim());
  const [day, monthName, year] = short ? [short[1], short[2], short[3]] : long ? [long[2], long[1], long[3]] : [];
  if (!day || !monthName || !year) return undefined;
  const month = months.indexOf(monthName.slice(0, 3).toLowerCase());
  if (month < 0) return undefined;
  const date = new Date(Date.UTC(Number(year), month, Number(day)));
  if (date.getUTCDate() !== Number(day)) return undefined;
  return date.toISOString().replace('.000Z', 'Z');
}
