import cvss from 'ae-cvss-calculator';
import type { OsvRecord, OsvSeverity } from '../../db/osv-types.js';

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
  /** Who rated it: `ghsa`, `osv` (CVSS in the record), ... */
  source?: string;
  cvss?: CvssEntry;
}

/** GitHub's words -> trivy's severities (GitHub says MODERATE where others say MEDIUM). */
const wordSeverity: Record<string, Severity> = {
  LOW: 'LOW',
  MODERATE: 'MEDIUM',
  MEDIUM: 'MEDIUM',
  HIGH: 'HIGH',
  CRITICAL: 'CRITICAL',
};

/**
 * Severity of an OSV record: the database's own rating when it has one (GHSA's
 * `database_specific.severity`), else the rating of its CVSS vector (v3 first, then v4, then v2),
 * else UNKNOWN.
 */
export function recordSeverity(record: OsvRecord, sourceId: string): SeverityVerdict {
  const cvssEntry = cvssOf(record.severity ?? []);
  const word = record.database_specific?.severity;
  if (typeof word === 'string' && wordSeverity[word.toUpperCase()]) {
    return { severity: wordSeverity[word.toUpperCase()], source: sourceId, cvss: cvssEntry };
  }
  const score = cvssEntry?.V3Score ?? cvssEntry?.V40Score ?? cvssEntry?.V2Score;
  if (score !== undefined) return { severity: ratingOfScore(score, cvssEntry?.V3Score === undefined && cvssEntry?.V40Score === undefined), source: sourceId, cvss: cvssEntry };
  return { severity: 'UNKNOWN', cvss: cvssEntry };
}

function cvssOf(entries: OsvSeverity[]): CvssEntry | undefined {
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
