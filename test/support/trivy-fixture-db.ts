/**
 * Test helper: converts trivy's integration fixture DB (`fixtures/db/*.yaml`, the trivy-db bucket
 * layout) into OSV records, so picket's own DB can be built from the same advisories trivy's
 * goldens were made with. Language buckets only (`<ecosystem>::<data source>`).
 *
 * trivy's semantics: a version is vulnerable when it satisfies any VulnerableVersions constraint;
 * when there are none, when it satisfies no PatchedVersions / UnaffectedVersions constraint.
 * Constraints are comma-joined comparators (`>= 1.0, < 1.5`, `<=2`, `= 1.2`); bare versions in
 * PatchedVersions mean `>= v`. Intervals become OSV ranges ordered with picket's version scheme
 * for the ecosystem. A strict lower bound (`> v`) has no OSV form and is read as `>= v`.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { OsvEvent, OsvRecord, OsvRange } from '../../src/db/osv-types.js';
import { schemeForEcosystem, type VersionScheme } from '../../src/version/index.js';

interface Pair { key: string; value: unknown }
interface Bucket { bucket: string; pairs: (Bucket | Pair)[] }
interface Bound { version: string; inclusive: boolean }
interface Interval { lower?: Bound; upper?: Bound }

const severityWords = ['UNKNOWN', 'LOW', 'MODERATE', 'HIGH', 'CRITICAL'];

/** trivy-db ecosystem prefixes -> OSV ecosystem names. */
export const trivyEcosystems: Record<string, string> = {
  npm: 'npm', pip: 'PyPI', go: 'Go', cargo: 'crates.io', rubygems: 'RubyGems', composer: 'Packagist', maven: 'Maven',
  nuget: 'NuGet', pub: 'Pub', erlang: 'Hex', swift: 'SwiftURL', cocoapods: 'CocoaPods', conan: 'ConanCenter',
};

export function trivyFixtureToOsv(dbDir: string, files: string[]): OsvRecord[] {
  const details = new Map<string, Record<string, unknown>>();
  for (const top of parse(readFileSync(`${dbDir}/vulnerability.yaml`, 'utf8')) as Bucket[]) {
    for (const p of top.pairs as Pair[]) details.set(p.key, p.value as Record<string, unknown>);
  }
  const records: OsvRecord[] = [];
  for (const file of files) {
    for (const top of parse(readFileSync(`${dbDir}/${file}`, 'utf8')) as Bucket[]) {
      const [prefix, sourceName] = top.bucket.split('::');
      const ecosystem = trivyEcosystems[prefix];
      if (!ecosystem) continue;
      const scheme = schemeForEcosystem(ecosystem);
      const sourceId = /GitHub Security Advisory/i.test(sourceName ?? '') ? 'ghsa' : (sourceName ?? '').toLowerCase();
      for (const pkgBucket of top.pairs as Bucket[]) {
        for (const pair of pkgBucket.pairs as Pair[]) {
          const adv = pair.value as { PatchedVersions?: string[]; VulnerableVersions?: string[]; UnaffectedVersions?: string[] };
          const info = details.get(pair.key) ?? {};
          const vendor = (info.VendorSeverity ?? {}) as Record<string, number>;
          const word = vendor[sourceId] !== undefined ? severityWords[vendor[sourceId]] : (info.Severity as string | undefined);
          records.push({
            id: pair.key,
            modified: (info.LastModifiedDate as string | undefined) ?? '2020-01-01T00:00:00Z',
            published: info.PublishedDate as string | undefined,
            summary: info.Title as string | undefined,
            details: info.Description as string | undefined,
            affected: [{ package: { ecosystem, name: pkgBucket.bucket }, ...affectedOf(adv, scheme) }],
            references: ((info.References ?? []) as string[]).map((url) => ({ type: 'WEB', url })),
            database_specific: { ...(word ? { severity: word } : {}), ...(info.CweIDs ? { cwe_ids: info.CweIDs } : {}) },
          });
        }
      }
    }
  }
  return records;
}

function affectedOf(adv: { PatchedVersions?: string[]; VulnerableVersions?: string[]; UnaffectedVersions?: string[] }, scheme: VersionScheme | undefined): { ranges?: OsvRange[]; versions?: string[] } {
  const vulnerable = (adv.VulnerableVersions ?? []).map((c) => fixedByPatch(parseConstraint(c, false), adv.PatchedVersions ?? [], scheme));
  const intervals = vulnerable.length > 0 ? vulnerable : complement([...(adv.PatchedVersions ?? []), ...(adv.UnaffectedVersions ?? [])].map((c) => parseConstraint(c, true)), scheme);
  const versions = intervals.filter((i) => i.lower && i.upper && i.lower.version === i.upper.version && i.lower.inclusive && i.upper.inclusive).map((i) => i.lower!.version);
  const ranges = intervals.filter((i) => !(i.lower && i.upper && i.lower.version === i.upper.version)).map(toRange);
  return { ...(ranges.length > 0 ? { ranges } : {}), ...(versions.length > 0 ? { versions } : {}) };
}

/**
 * `<= 2.9.10.3` with 2.9.10.4 among the patched versions ends at the fix: trivy reports the
 * patched version as FixedVersion, which an OSV `last_affected` event would not give.
 */
function fixedByPatch(interval: Interval, patched: string[], scheme: VersionScheme | undefined): Interval {
  const upper = interval.upper;
  if (!upper?.inclusive || !scheme) return interval;
  const above = patched.filter((p) => scheme.isValid(p) && scheme.compare(p, upper.version) > 0).sort((a, b) => scheme.compare(a, b));
  return above.length > 0 ? { ...interval, upper: { version: above[0], inclusive: false } } : interval;
}

/** Maven's interval notation (GitLab advisories): `[2.9.0,2.9.10.7)`, `(,1.0]`, `[1.2]`. */
function parseMavenInterval(constraint: string): Interval | undefined {
  const exact = /^\[([^,\]]+)\]$/.exec(constraint);
  if (exact) return { lower: { version: exact[1].trim(), inclusive: true }, upper: { version: exact[1].trim(), inclusive: true } };
  const range = /^[[(]([^,]*),([^\])]*)([\])])$/.exec(constraint);
  if (!range) return undefined;
  const [, lower, upper, close] = range.map((x) => x.trim());
  return { ...(lower ? { lower: { version: lower, inclusive: true } } : {}), ...(upper ? { upper: { version: upper, inclusive: close === ']' } } : {}) };
}

/** `>= 1.0, < 1.5` -> interval; a bare version is `= v` (or `>= v` for patched lists). */
function parseConstraint(constraint: string, bareMeansAtLeast: boolean): Interval {
  const maven = parseMavenInterval(constraint.trim());
  if (maven) return maven;
  const interval: Interval = {};
  for (const part of constraint.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [, op = '', v] = /^(>=|<=|>|<|==|=)?\s*(.+)$/.exec(part)!;
    if (op === '>=' || op === '>') interval.lower = { version: v, inclusive: true };
    else if (op === '<') interval.upper = { version: v, inclusive: false };
    else if (op === '<=') interval.upper = { version: v, inclusive: true };
    else if (bareMeansAtLeast && op === '') interval.lower = { version: v, inclusive: true };
    else {
      interval.lower = { version: v, inclusive: true };
      interval.upper = { version: v, inclusive: true };
    }
  }
  return interval;
}

/** The versions in none of the intervals (needs the ecosystem's ordering). */
function complement(intervals: Interval[], scheme: VersionScheme | undefined): Interval[] {
  if (!scheme) throw new Error('complementing patched versions needs a version scheme for the ecosystem');
  const cmp = (a: string, b: string) => scheme.compare(a, b);
  const sorted = [...intervals].sort((a, b) => (!a.lower ? -1 : !b.lower ? 1 : cmp(a.lower.version, b.lower.version)));
  const out: Interval[] = [];
  let cursor: Bound | undefined; // start of the next gap (undefined = from the beginning)
  let open = true;
  for (const i of sorted) {
    if (i.lower && (cursor === undefined || cmp(i.lower.version, cursor.version) > 0 || (cmp(i.lower.version, cursor.version) === 0 && !cursor.inclusive && i.lower.inclusive))) {
      if (open) out.push({ ...(cursor ? { lower: cursor } : {}), upper: { version: i.lower.version, inclusive: !i.lower.inclusive } });
    }
    if (!i.upper) {
      open = false;
      break;
    }
    if (!cursor || cmp(i.upper.version, cursor.version) >= 0) cursor = { version: i.upper.version, inclusive: !i.upper.inclusive };
  }
  if (open && cursor) out.push({ lower: cursor });
  return out;
}

function toRange(i: Interval): OsvRange {
  const events: OsvEvent[] = [{ introduced: i.lower?.version ?? '0' }];
  if (i.upper) events.push(i.upper.inclusive ? { last_affected: i.upper.version } : { fixed: i.upper.version });
  return { type: 'ECOSYSTEM', events };
}
