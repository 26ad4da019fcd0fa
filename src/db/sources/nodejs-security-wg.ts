import semver from 'semver';
import type { OsvAffected, OsvRecord, OsvReference, OsvSeverity } from '../osv-types.js';
import { FeedError, type FeedConverter, type FeedItem } from './types.js';
import { everything, intersect, subtract, toOsvAffected, union, type Interval } from './version-intervals.js';

/**
 * The Node.js Security Working Group's vulnerability data (https://github.com/nodejs/security-wg,
 * folder `vuln/`), JSON with node-semver ranges:
 * - `vuln/core/<n>.json`: Node.js runtime vulnerabilities, `{ cve: [...], vulnerable: '8.x || 7.x',
 *   patched: '^8.1.4 || ^7.10.1', description, overview, ref, severity, affectedEnvironments }`;
 * - `vuln/npm/<n>.json`: the legacy npm advisories (frozen in 2019), `{ module_name,
 *   vulnerable_versions, patched_versions, cves, title, overview, recommendation, references,
 *   cvss_vector, cvss_score, created_at, updated_at, publish_date }`.
 * `vuln/{core,npm}/index.json` repeat every `<n>.json` in one object and `vuln/deps/` holds
 * assessments of dependencies' CVEs that do not affect Node.js; both are claimed (so that the
 * generic OSV converter does not warn about them) and yield nothing.
 *
 * Semantics: a version is affected when it satisfies the vulnerable range and not the patched one.
 * Both are read with node-semver's Range (so `||`, `^`, `~`, `x`, hyphen ranges and loose
 * spellings all work), each comparator set becomes an interval, and the difference is written as
 * OSV ECOSYSTEM events in SemVer order. Notes:
 * - the ends are node-semver's own: `8.x` is `>=8.0.0 <9.0.0-0`, so a line without a patch ends
 *   with `fixed: 9.0.0-0`;
 * - `>x` has no exact OSV event, but SemVer has a next version: `x.y.(z+1)-0` after a release,
 *   `x.y.z-pre.0` after a pre-release, so `introduced` is exact;
 * - node-semver keeps pre-releases out of ranges that do not name them; OSV orders them like
 *   other versions, and so does this conversion.
 *
 * Records: ids `NSWG-COR-<n>` and `NSWG-ECO-<n>`, as the working group names them
 * (vuln/README.md), with the CVEs as aliases. The runtime is package `node` of ecosystem
 * `Node.js` (OSV defines no ecosystem for it; npm's `node` package is not the runtime), with
 * `affectedEnvironments` other than `all` (`win32`, ...) in `ecosystem_specific`. Core records
 * have no date but a few `publish_date`s; npm records use `publish_date` and `updated_at`.
 */

const ECOSYSTEM_NODE = 'Node.js';
const RUNTIME_PACKAGE = 'node';
const UPSTREAM = 'https://github.com/nodejs/security-wg/blob/main/vuln';

const PATH = /(^|\/)vuln\/(core|npm|deps)\/([^/]+)\.json$/;

export const nodejsSecurityWgConverter: FeedConverter = {
  name: 'nodejs-security-wg',
  wants: (path) => PATH.test(path),
  *convert(document, context): Iterable<FeedItem> {
    const [, , folder, stem] = PATH.exec(document.path) ?? [];
    if (folder === 'deps' || stem === 'index') return;
    if (!/^\d+$/.test(stem)) {
      context.warn(`${document.origin}: not a security-wg advisory (file name is not a number)`);
      return;
    }
    const doc = readJson(document.text);
    const converted = folder === 'core' ? coreRecord(stem, doc) : npmRecord(stem, doc);
    if (typeof converted === 'string') context.warn(`${document.origin}: ${converted}`);
    else yield { kind: 'advisory', record: converted, dataSource: 'nodejs-security-wg' };
  },
};

type Doc = Record<string, unknown>;

function readJson(text: string): Doc {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FeedError('not a JSON object');
  return value as Doc;
}

/** A Node.js runtime advisory, or the reason it cannot be converted. */
function coreRecord(n: string, doc: Doc): OsvRecord | string {
  const id = `NSWG-COR-${n}`;
  const ranges = affectedRanges(doc.vulnerable, doc.patched);
  if (typeof ranges === 'string') return `${id}: ${ranges}`;
  const environments = strings(doc.affectedEnvironments);
  const published = isoDate(doc.publish_date);
  const vector = typeof doc.cvss === 'string' ? cvssVector(doc.cvss) : undefined;
  const severityWord = typeof doc.severity === 'string' && doc.severity.toLowerCase() !== 'unknown' ? doc.severity.toUpperCase() : undefined;
  const cwe = typeof doc.type === 'string' ? /^CWE-\d+/.exec(doc.type)?.[0] : undefined;
  const databaseSpecific = {
    ...(severityWord ? { severity: severityWord } : {}),
    ...(typeof doc.cvss_score === 'number' ? { cvss_score: doc.cvss_score } : {}),
    ...(cwe ? { cwe_ids: [cwe] } : {}),
  };
  const affected: OsvAffected = {
    package: { ecosystem: ECOSYSTEM_NODE, name: RUNTIME_PACKAGE },
    ...ranges,
    ...(environments.length > 0 && !environments.includes('all') ? { ecosystem_specific: { affected_environments: environments } } : {}),
    database_specific: { vulnerable: doc.vulnerable, patched: doc.patched },
  };
  return {
    id,
    modified: published ?? UNKNOWN_DATE,
    ...(published ? { published } : {}),
    ...aliasesOf(doc.cve),
    ...(typeof doc.description === 'string' ? { summary: doc.description.trim() } : {}),
    ...(typeof doc.overview === 'string' ? { details: doc.overview.trim() } : {}),
    ...(vector ? { severity: [vector] } : {}),
    affected: [affected],
    references: referencesOf(`${UPSTREAM}/core/${n}.json`, [doc.ref]),
    ...(Object.keys(databaseSpecific).length > 0 ? { database_specific: databaseSpecific } : {}),
  };
}

/** A legacy npm advisory, or the reason it cannot be converted. */
function npmRecord(n: string, doc: Doc): OsvRecord | string {
  const id = `NSWG-ECO-${n}`;
  if (typeof doc.module_name !== 'string' || doc.module_name.trim() === '') return `${id}: no "module_name"`;
  const ranges = affectedRanges(doc.vulnerable_versions, doc.patched_versions);
  if (typeof ranges === 'string') return `${id}: ${ranges}`;
  const vector = typeof doc.cvss_vector === 'string' ? cvssVector(doc.cvss_vector) : undefined;
  const score = typeof doc.cvss_score === 'number' ? doc.cvss_score : undefined;
  const published = isoDate(doc.publish_date) ?? isoDate(doc.created_at);
  const modified = isoDate(doc.updated_at) ?? published;
  const databaseSpecific = {
    ...(score !== undefined ? { cvss_score: score } : {}),
    ...(score !== undefined && !vector ? { severity: ratingOfScore(score) } : {}),
  };
  const details = [doc.overview, doc.recommendation].filter((s): s is string => typeof s === 'string' && s.trim() !== '').map((s) => s.trim());
  return {
    id,
    modified: modified ?? UNKNOWN_DATE,
    ...(published ? { published } : {}),
    ...aliasesOf(doc.cves),
    ...(typeof doc.title === 'string' ? { summary: doc.title.trim() } : {}),
    ...(details.length > 0 ? { details: details.length > 1 ? `${details[0]}\n\n## Recommendation\n\n${details[1]}` : details[0] } : {}),
    ...(vector ? { severity: [vector] } : {}),
    affected: [
      {
        package: { ecosystem: 'npm', name: doc.module_name.trim() },
        ...ranges,
        database_specific: { vulnerable_versions: doc.vulnerable_versions, patched_versions: doc.patched_versions },
      },
    ],
    references: referencesOf(`${UPSTREAM}/npm/${n}.json`, strings(doc.references)),
    ...(Object.keys(databaseSpecific).length > 0 ? { database_specific: databaseSpecific } : {}),
  };
}

/** `vulnerable` minus `patched` as OSV ranges/versions, or the reason it cannot be read. */
function affectedRanges(vulnerable: unknown, patched: unknown): Pick<OsvAffected, 'ranges' | 'versions'> | string {
  if (typeof vulnerable !== 'string') return 'no vulnerable range';
  if (patched !== undefined && patched !== null && typeof patched !== 'string') return 'the patched range is not a string';
  let affected: Interval[];
  try {
    affected = subtract(rangeIntervals(vulnerable), typeof patched === 'string' ? rangeIntervals(patched) : [], compare);
  } catch (err) {
    return (err as Error).message;
  }
  if (affected.length === 0) return 'the patched range covers the whole vulnerable range';
  return toOsvAffected(joinPrereleaseGaps(affected), 'ECOSYSTEM', compare, nextVersion);
}

/**
 * Joins spans that only the pre-releases of a version separate (`5.x || 6.x` minus `^6.11.1` is
 * `[5.0.0, 6.0.0-0)` and `[6.0.0, 6.11.1)`): node-semver's `<6.0.0-0` keeps 6.0.0's pre-releases
 * out of `5.x`, but they carry 6.0.0's code, which is affected.
 */
function joinPrereleaseGaps(intervals: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const next of intervals) {
    const last = out[out.length - 1];
    if (last?.upper && !last.upper.inclusive && next.lower?.inclusive && last.upper.version === `${next.lower.version}-0`) {
      out[out.length - 1] = { ...(last.lower ? { lower: last.lower } : {}), ...(next.upper ? { upper: next.upper } : {}) };
    } else {
      out.push(next);
    }
  }
  return out;
}

const compare = (a: string, b: string): number => semver.compare(a, b);

/** The versions a node-semver range matches, as intervals (one per comparator set). */
export function rangeIntervals(range: string): Interval[] {
  let parsed: semver.Range;
  try {
    parsed = new semver.Range(range, { loose: true });
  } catch {
    throw new Error(`cannot read the range ${JSON.stringify(range)}`);
  }
  const sets = parsed.set.map((comparators) =>
    comparators.reduce<Interval | undefined>((acc, c) => acc && intersect(acc, comparatorInterval(c), compare), everything),
  );
  return union(sets.filter((i): i is Interval => i !== undefined && !matchesNothing(i)), compare);
}

/** `<0.0.0` (the usual "no patched version") matches nothing in node-semver, not even `0.0.0-x`. */
function matchesNothing(interval: Interval): boolean {
  const { lower, upper } = interval;
  return !lower && upper !== undefined && !upper.inclusive && /^0\.0\.0(-0)?$/.test(upper.version);
}

function comparatorInterval(c: semver.Comparator): Interval {
  if (c.value === '') return everything; // `*`, `x`, ``, `>=0.0.0`
  const version = c.semver.version;
  switch (c.operator) {
    case '>':
      return { lower: { version, inclusive: false } };
    case '>=':
      return { lower: { version, inclusive: true } };
    case '<':
      return { upper: { version, inclusive: false } };
    case '<=':
      return { upper: { version, inclusive: true } };
    default: // '' or '=': exactly this version
      return { lower: { version, inclusive: true }, upper: { version, inclusive: true } };
  }
}

/** The smallest SemVer version above `version`: `1.2.4-0` after `1.2.3`, `1.0.0-rc.1.0` after `1.0.0-rc.1`. */
export function nextVersion(version: string): string {
  const v = new semver.SemVer(version);
  return v.prerelease.length > 0 ? `${v.version}.0` : `${v.major}.${v.minor}.${v.patch + 1}-0`;
}

function aliasesOf(cves: unknown): { aliases?: string[] } {
  const aliases = [...new Set(strings(cves).map((c) => c.trim()).filter((c) => /^CVE-\d{4}-\d+$/.test(c)))];
  return aliases.length > 0 ? { aliases } : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function referencesOf(advisory: string, urls: unknown[]): OsvReference[] {
  const out: OsvReference[] = [{ type: 'ADVISORY', url: advisory }];
  for (const url of urls) {
    if (typeof url === 'string' && /^https?:\/\/\S+$/i.test(url.trim()) && !out.some((r) => r.url === url.trim())) out.push({ type: 'WEB', url: url.trim() });
  }
  return out;
}

/** A CVSS v3 vector (`CVSS:3.0/...`; core files write `3.0/...`) as an OSV severity entry. */
function cvssVector(value: string): OsvSeverity | undefined {
  const vector = value.trim().replace(/^(?=3\.[01]\/)/, 'CVSS:');
  return /^CVSS:3\.[01]\/AV:/.test(vector) ? { type: 'CVSS_V3', score: vector } : undefined;
}

function ratingOfScore(score: number): string {
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  return score > 0 ? 'LOW' : 'UNKNOWN';
}

/** For a record without a date: OSV requires `modified`, and any real date is newer. */
const UNKNOWN_DATE = '1970-01-01T00:00:00Z';

function isoDate(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value.trim())) return undefined;
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? `${value.trim()}T00:00:00Z` : value.trim());
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().replace(/\.000Z$/, 'Z');
}
