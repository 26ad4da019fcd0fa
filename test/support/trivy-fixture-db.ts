/**
 * Test helper: converts trivy's integration fixture DB (`fixtures/db/*.yaml`, the trivy-db bucket
 * layout) into OSV records, so picket's own DB can be built from the same advisories trivy's
 * goldens were made with. Language buckets only (`<ecosystem>::<data source>`).
 */
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { parse } from 'yaml';
import type { OsvEvent, OsvRecord, OsvRange } from '../../src/db/osv-types.js';

interface Pair { key: string; value: unknown }
interface Bucket { bucket: string; pairs: (Bucket | Pair)[] }

const severityWords = ['UNKNOWN', 'LOW', 'MODERATE', 'HIGH', 'CRITICAL'];

/** trivy-db ecosystem prefixes -> OSV ecosystem names. */
const ecosystems: Record<string, string> = { npm: 'npm', pip: 'PyPI', go: 'Go', cargo: 'crates.io', rubygems: 'RubyGems', composer: 'Packagist', maven: 'Maven', nuget: 'NuGet' };

export function trivyFixtureToOsv(dbDir: string, files: string[]): OsvRecord[] {
  const details = new Map<string, Record<string, unknown>>();
  for (const top of parse(readFileSync(`${dbDir}/vulnerability.yaml`, 'utf8')) as Bucket[]) {
    for (const p of top.pairs as Pair[]) details.set(p.key, p.value as Record<string, unknown>);
  }
  const records: OsvRecord[] = [];
  for (const file of files) {
    for (const top of parse(readFileSync(`${dbDir}/${file}`, 'utf8')) as Bucket[]) {
      const [prefix, sourceName] = top.bucket.split('::');
      const ecosystem = ecosystems[prefix];
      if (!ecosystem) continue;
      const sourceId = /GitHub Security Advisory/i.test(sourceName ?? '') ? 'ghsa' : 'other';
      for (const pkgBucket of top.pairs as Bucket[]) {
        for (const pair of pkgBucket.pairs as Pair[]) {
          const adv = pair.value as { PatchedVersions?: string[]; VulnerableVersions?: string[] };
          const info = details.get(pair.key) ?? {};
          const vendor = (info.VendorSeverity ?? {}) as Record<string, number>;
          const word = vendor[sourceId] !== undefined ? severityWords[vendor[sourceId]] : (info.Severity as string | undefined);
          records.push({
            id: pair.key,
            modified: (info.LastModifiedDate as string | undefined) ?? '2020-01-01T00:00:00Z',
            published: info.PublishedDate as string | undefined,
            summary: info.Title as string | undefined,
            details: info.Description as string | undefined,
            affected: [{ package: { ecosystem, name: pkgBucket.bucket }, ranges: (adv.VulnerableVersions ?? []).map(toOsvRange) }],
            references: ((info.References ?? []) as string[]).map((url) => ({ type: 'WEB', url })),
            database_specific: { ...(word ? { severity: word } : {}), ...(info.CweIDs ? { cwe_ids: info.CweIDs } : {}) },
          });
        }
      }
    }
  }
  return records;
}

/** `>= 1.0.0, < 1.2.3` (one comparator set) -> one OSV ECOSYSTEM range. */
function toOsvRange(constraint: string): OsvRange {
  const range = new semver.Range(constraint.replace(/,/g, ' '), { loose: true });
  const events: OsvEvent[] = [];
  for (const comparator of range.set[0]) {
    // An empty operator is either an exact version or "any version" (no semver to read).
    const v = comparator.operator === '' && comparator.value === '' ? undefined : comparator.semver.version;
    if (comparator.operator === '>=' && v) events.push({ introduced: v });
    else if (comparator.operator === '<' && v) events.push({ fixed: v });
    else if (comparator.operator === '<=' && v) events.push({ last_affected: v });
  }
  if (!events.some((e) => e.introduced !== undefined)) events.unshift({ introduced: '0' });
  return { type: 'ECOSYSTEM', events };
}
