import { createHash } from 'node:crypto';
import type { ReportWriter } from './types.js';

/**
 * GitLab Code Quality (Code Climate issues): one issue per vulnerability, failed check and secret,
 * with trivy's descriptions, fingerprints (SHA-1 of the identifying fields) and severities.
 */
export const gitlabCodeQualityWriter: ReportWriter = {
  format: 'gitlab-codequality',
  render(report) {
    const issues: Record<string, unknown>[] = [];
    for (const r of report.Results) {
      for (const v of r.Vulnerabilities ?? []) {
        issues.push(issue(
          [v.VulnerabilityID, v.PkgName, v.InstalledVersion, v.Title ?? ''].join(' - '),
          sha1(v.VulnerabilityID, v.PkgName, v.InstalledVersion, r.Target),
          v.Description ?? '', v.Severity, r.Target, 0,
        ));
      }
      for (const m of r.Misconfigurations ?? []) {
        if (m.Status !== 'FAIL') continue;
        issues.push(issue(`${m.ID}: ${m.Title}`, sha1(m.ID, m.Title, r.Target), m.Description, m.Severity, r.Target, m.CauseMetadata.StartLine ?? 0));
      }
      for (const s of r.Secrets ?? []) {
        issues.push(issue(`${s.RuleID}: ${s.Title}`, sha1(s.RuleID, s.Title, r.Target, String(s.StartLine)), s.Match, s.Severity, r.Target, s.StartLine));
      }
    }
    return `${JSON.stringify(issues, null, 2)}\n`;
  },
};

function issue(description: string, fingerprint: string, content: string, severity: string, path: string, begin: number): Record<string, unknown> {
  return { type: 'issue', check_name: 'container_scanning', categories: ['Security'], description, fingerprint, content, severity: severityOf(severity), location: { path, lines: { begin } } };
}

function sha1(...parts: string[]): string {
  return createHash('sha1').update(parts.join('')).digest('hex');
}

/** Code Climate severities: LOW info, MEDIUM minor, HIGH major, CRITICAL critical. */
function severityOf(s: string): string {
  switch (s) {
    case 'CRITICAL': return 'critical';
    case 'HIGH': return 'major';
    case 'MEDIUM': return 'minor';
    default: return 'info';
  }
}
