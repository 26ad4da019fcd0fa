import type { DetectedVulnerability, Result } from '../model.js';
import type { SbomGraph } from './sbom-graph.js';
import { isoSeconds } from './artifact.js';
import { scoreSeverity, vendorSeverityWord } from './severity-score.js';

/** A CycloneDX vulnerability rating. */
export interface CdxRating {
  source: { name: string };
  score?: number;
  severity: string;
  method?: string;
  vector?: string;
}

/**
 * The report's findings as CycloneDX vulnerabilities, one per id (as trivy writes them): the
 * data source, every rating (CVSS vectors with their scores, vendor words otherwise), CWEs,
 * advisories, dates, and the affected components by bom-ref.
 */
export function cyclonedxVulnerabilities(results: Result[], graph: SbomGraph, refOf: (node: NonNullable<ReturnType<SbomGraph['packageNode']>>) => string): Record<string, unknown>[] {
  const byId = new Map<string, { v: DetectedVulnerability; affects: Map<string, string> }>();
  for (const result of results) {
    for (const v of result.Vulnerabilities ?? []) {
      const node = graph.packageNode(result, v.PkgID) ?? graph.packageNode(result, `${v.PkgName}@${v.InstalledVersion}`);
      if (!node) continue;
      const entry = byId.get(v.VulnerabilityID) ?? { v, affects: new Map<string, string>() };
      entry.affects.set(refOf(node), v.InstalledVersion);
      byId.set(v.VulnerabilityID, entry);
    }
  }
  return [...byId.values()].map(({ v, affects }) => {
    const advisories = [...new Set([v.PrimaryURL, ...(v.References ?? [])].filter((u): u is string => !!u && URL.canParse(u)))];
    const cwes = (v.CweIDs ?? []).map((c) => /^CWE-(\d+)$/i.exec(c)?.[1]).filter((n): n is string => n !== undefined).map(Number);
    return {
      id: v.VulnerabilityID,
      ...(v.DataSource ? { source: { name: v.DataSource.ID, ...(URL.canParse(v.DataSource.URL) ? { url: v.DataSource.URL } : {}) } } : {}),
      ratings: ratingsOf(v),
      ...(cwes.length ? { cwes: [...new Set(cwes)] } : {}),
      ...(v.Description ? { description: v.Description } : {}),
      ...(v.FixedVersion ? { recommendation: `Upgrade ${v.PkgName} to version ${v.FixedVersion}` } : {}),
      ...(advisories.length ? { advisories: advisories.map((url) => ({ url })) } : {}),
      ...(dateOf(v.PublishedDate) ? { published: dateOf(v.PublishedDate) } : {}),
      ...(dateOf(v.LastModifiedDate) ? { updated: dateOf(v.LastModifiedDate) } : {}),
      affects: [...affects].map(([ref, version]) => ({ ref, versions: [{ version, status: 'affected' }] })),
    };
  });
}

/** Ratings by source name: CVSS v2/v3/v4 entries with score and vector, else the vendor's word. */
export function ratingsOf(v: DetectedVulnerability): CdxRating[] {
  const sources = [...new Set([...Object.keys(v.VendorSeverity ?? {}), ...Object.keys(v.CVSS ?? {})])].sort();
  const ratings: CdxRating[] = [];
  for (const source of sources) {
    const c = v.CVSS?.[source];
    const before = ratings.length;
    if (c?.V2Score !== undefined || c?.V2Vector) {
      ratings.push({ source: { name: source }, ...(c.V2Score !== undefined ? { score: c.V2Score } : {}), severity: c.V2Score !== undefined ? scoreSeverity(c.V2Score, true) : 'unknown', method: 'CVSSv2', ...(c.V2Vector ? { vector: c.V2Vector } : {}) });
    }
    if (c?.V3Score !== undefined || c?.V3Vector) {
      ratings.push({ source: { name: source }, ...(c.V3Score !== undefined ? { score: c.V3Score } : {}), severity: c.V3Score !== undefined ? scoreSeverity(c.V3Score) : 'unknown', method: c.V3Vector?.startsWith('CVSS:3.1') ? 'CVSSv31' : 'CVSSv3', ...(c.V3Vector ? { vector: c.V3Vector } : {}) });
    }
    if (c?.V40Score !== undefined || c?.V40Vector) {
      ratings.push({ source: { name: source }, ...(c.V40Score !== undefined ? { score: c.V40Score } : {}), severity: c.V40Score !== undefined ? scoreSeverity(c.V40Score) : 'unknown', method: 'CVSSv4', ...(c.V40Vector ? { vector: c.V40Vector } : {}) });
    }
    const word = v.VendorSeverity?.[source];
    if (ratings.length === before && word !== undefined) ratings.push({ source: { name: source }, severity: vendorSeverityWord(word).toLowerCase() });
  }
  if (ratings.length === 0) ratings.push({ source: { name: v.SeveritySource ?? v.DataSource?.ID ?? 'picket' }, severity: v.Severity.toLowerCase() });
  return ratings;
}

function dateOf(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : isoSeconds(new Date(t));
}
