import type { Severity } from '../../detector/vuln/severity.js';
import type { DetectedVulnerability } from '../model.js';

/** trivy's stand-in CVSS score for a severity word (GitHub's `security-severity` needs a number). */
export function severityToScore(severity: string): string {
  switch (severity) {
    case 'CRITICAL': return '9.5';
    case 'HIGH': return '8.0';
    case 'MEDIUM': return '5.5';
    case 'LOW': return '2.0';
    default: return '0.0';
  }
}

/**
 * The score of a vulnerability as trivy gives it to GitHub: the v3 base score of the source whose
 * rating was chosen (`SeveritySource`), else the severity's stand-in score.
 */
export function vulnerabilityScore(v: DetectedVulnerability): string {
  const cvss = v.SeveritySource ? v.CVSS?.[v.SeveritySource] : undefined;
  return cvss?.V3Score ? cvss.V3Score.toFixed(1) : severityToScore(v.Severity);
}

/** The CVSS v2/v3/v4 severity band of a base score (`none`..`critical`, lower case). */
export function scoreSeverity(score: number, v2 = false): 'none' | 'low' | 'medium' | 'high' | 'critical' {
  if (v2) return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
  if (score === 0) return 'none';
  return score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
}

/** trivy's 1..4 vendor rating as a severity word. */
export function vendorSeverityWord(n: number): Severity {
  return (['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const)[n] ?? 'UNKNOWN';
}
