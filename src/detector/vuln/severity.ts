import cvss from 'ae-cvss-calculator';
import type { OsvAffected, OsvRecord, OsvSeverity } from '../../db/osv-types.js';
import type { CveEnrichment } from '../../db/sources/types.js';

export const SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface CvssEntry {
  V2Vector?: string;
  V3Vector?: string;
  V40Vector?: string;
  V2Score?: number;
  V3Score?: number;
  V40Score?: number;
}

export interface SeverityVerdict {
  severity: Severity;
  /** Whose rating `severity` is: the advisory's database (`ghsa`, `debian`, ...) or a CVSS source. */
  source?: string;
  /** Every rating known, by source, as trivy writes it (1 LOW .. 4 CRITICAL). */
  vendorSeverity: Record<string, number>;
  /** CVSS vectors and base scores by source. */
  cvss: Record<string, CvssEntry>;
}

/** Vendors' words -> severities (GitHub says MODERATE, Debian/Ubuntu say "negligible"/"unimportant"). */
const wordSeverity: Record<string, Severity> = {
  UNKNOWN: 'UNKNOWN',
  NEGLIGIBLE: 'LOW',
  UNIMPORTANT: 'LOW',
  LOW: 'LOW',
  MODERATE: 'MEDIUM',
  MEDIUM: 'MEDIUM',
  IMPORTANT: 'HIGH',
  HIGH: 'HIGH',
  CRITICAL: 'CRITICAL',
};

/**
 * The severity of one finding, in this order (documented in ARCHITECTURE.md):
 * 1. the rating of the database the advisory comes from — the distribution's own for OS
 *    packages (in the affected entry or the record), GitHub's for GHSA records;
 * 2. the CVSS vectors in the record (v3, then v4, then v2);
 * 3. CVSS from the CVE enrichment feed (the CNA's, then CISA-ADP's);
 * 4. UNKNOWN.
 * Every rating found is kept in `vendorSeverity`, every vector in `cvss`.
 */
export function resolveSeverity(record: OsvRecord, entry: OsvAffected | undefined, sourceId: string, enrichment: CveEnrichment | undefined): SeverityVerdict {
  const vendorSeverity: Record<string, number> = {};
  const cvssBySource: Record<string, CvssEntry> = {};
  let chosen: { severity: Severity; source: string } | undefined;

  const word = wordOf(entry?.ecosystem_specific?.severity) ?? wordOf(entry?.database_specific?.severity) ?? wordOf(record.database_specific?.severity);
  if (word && word !== 'UNKNOWN') {
    vendorSeverity[sourceId] = SEVERITIES.indexOf(word);
    chosen = { severity: word, source: sourceId };
  }
  const own = cvssOf([...(record.severity ?? []), ...(entry?.severity ?? [])]);
  if (own) {
    cvssBySource[sourceId] = own;
    const rating = ratingOfEntry(own);
    if (rating !== 'UNKNOWN') {
      vendorSeverity[sourceId] ??= SEVERITIES.indexOf(rating);
      chosen ??= { severity: rating, source: sourceId };
    }
  }
  for (const [source, entryCvss] of Object.entries(enrichment?.cvss ?? {})) {
    const scored = withScores(entryCvss);
    cvssBySource[source] = scored;
    const rating = ratingOfEntry(scored);
    if (rating === 'UNKNOWN') continue;
    vendorSeverity[source] = SEVERITIES.indexOf(rating);
    chosen ??= { severity: rating, source };
  }
  return { severity: chosen?.severity ?? 'UNKNOWN', ...(chosen ? { source: chosen.source } : {}), vendorSeverity, cvss: cvssBySource };
}

function wordOf(value: unknown): Severity | undefined {
  return typeof value === 'string' ? wordSeverity[value.toUpperCase()] : undefined;
}

function ratingOfEntry(entry: CvssEntry): Severity {
  if (entry.V3Score !== undefined) return ratingOfScore(entry.V3Score);
  if (entry.V40Score !== undefined) return ratingOfScore(entry.V40Score);
  if (entry.V2Score !== undefined) return ratingOfScore(entry.V2Score, true);
  return 'UNKNOWN';
}

/** Fills in base scores the feed left out, computed from the vectors. */
function withScores(entry: CvssEntry): CvssEntry {
  const computed = cvssOf([
    ...(entry.V3Vector && entry.V3Score === undefined ? [{ type: 'CVSS_V3', score: entry.V3Vector }] : []),
    ...(entry.V40Vector && entry.V40Score === undefined ? [{ type: 'CVSS_V4', score: entry.V40Vector }] : []),
    ...(entry.V2Vector && entry.V2Score === undefined ? [{ type: 'CVSS_V2', score: entry.V2Vector }] : []),
  ]);
  return { ...computed, ...entry };
}

/** Parses OSV `severity` entries (CVSS v2, v3.0, v3.1, v4.0 vectors) and computes base scores. */
export function cvssOf(entries: OsvSeverity[]): CvssEntry | undefined {
  const out: CvssEntry = {};
  for (const { type, score } of entries) {
    try {
      if (type === 'CVSS_V3' && score.startsWith('CVSS:3.1/')) Object.assign(out, { V3Vector: score, V3Score: new cvss.Cvss3P1(score).calculateScores().base });
      else if (type === 'CVSS_V3' && score.startsWith('CVSS:3.0/')) Object.assign(out, { V3Vector: score, V3Score: new cvss.Cvss3P0(score).calculateScores().base });
      else if (type === 'CVSS_V4') Object.assign(out, { V40Vector: score, V40Score: new cvss.Cvss4P0(score).calculateScores().base });
      else if (type === 'CVSS_V2') Object.assign(out, { V2Vector: score, V2Score: new cvss.Cvss2(score).calculateScores().base });
    } catch {
      // A malformed vector is ignored: the record keeps its other ratings.
    }
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** CVSS qualitative rating (v3/v4 scale; v2 has no CRITICAL and HIGH from 7.0). */
export function ratingOfScore(score: number, isV2 = false): Severity {
  if (isV2) return score >= 7 ? 'HIGH' : score >= 4 ? 'MEDIUM' : score > 0 ? 'LOW' : 'UNKNOWN';
  if (score >= 9) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  if (score > 0) return 'LOW';
  return 'UNKNOWN';
}
