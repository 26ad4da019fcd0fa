import type { Report } from './model.js';
import type { Severity } from '../detector/vuln/severity.js';

export interface FilterOptions {
  severities: Severity[];
  ignoreUnfixed: boolean;
  ignoredIds: Set<string>;
}

/**
 * Drops findings the user asked not to see: severities not listed (vulnerabilities, failed
 * checks, secrets), unfixed ones with --ignore-unfixed, and ids in the ignore file (matched on the shown id and on the advisory's
 * own ids, so `GHSA-...` ignores the finding shown as its CVE).
 */
export function filterReport(report: Report, options: FilterOptions): Report {
  const wanted = new Set(options.severities);
  let ignoredChecks: Set<string> | undefined;
  for (const result of report.Results) {
    if (result.Misconfigurations) {
      ignoredChecks ??= new Set([...options.ignoredIds].map(canonicalCheckId));
      const ignored = (m: { ID: string; AVDID?: string }) => ignoredChecks!.has(canonicalCheckId(m.ID)) || (m.AVDID !== undefined && ignoredChecks!.has(canonicalCheckId(m.AVDID)));
      result.Misconfigurations = result.Misconfigurations.filter((m) => wanted.has(m.Severity) && !ignored(m));
      if (result.MisconfSummary) result.MisconfSummary.Failures = result.Misconfigurations.filter((m) => m.Status === 'FAIL').length;
      if (result.Misconfigurations.length === 0) delete result.Misconfigurations;
    }
    if (result.Secrets) {
      result.Secrets = result.Secrets.filter((f) => wanted.has(f.Severity) && !options.ignoredIds.has(f.RuleID));
      if (result.Secrets.length === 0) delete result.Secrets;
    }
    if (!result.Vulnerabilities) continue;
    result.Vulnerabilities = result.Vulnerabilities.filter(
      (v) =>
        wanted.has(v.Severity) &&
        !(options.ignoreUnfixed && !v.FixedVersion) &&
        !options.ignoredIds.has(v.VulnerabilityID) &&
        !(v.VendorIDs ?? []).some((id) => options.ignoredIds.has(id)),
    );
    if (result.Vulnerabilities.length === 0) delete result.Vulnerabilities;
  }
  // A file whose secrets are all filtered out is not worth a result.
  report.Results = report.Results.filter((r) => r.Class !== 'secret' || r.Secrets);
  return report;
}

/** Number of findings left in the report (what --exit-code looks at). */
export function countFindings(report: Report): number {
  return report.Results.reduce(
    (n, r) => n + (r.Vulnerabilities?.length ?? 0) + (r.Secrets?.length ?? 0) + (r.Misconfigurations?.filter((m) => m.Status === 'FAIL').length ?? 0),
    0,
  );
}

/**
 * One spelling for the ids a check goes by: `DS002`, `DS-0002` and `AVD-DS-0002` are the same
 * check in trivy's ignore files, dashboards and reports (older and newer trivy spell it apart).
 */
export function canonicalCheckId(id: string): string {
  const m = /^(?:AVD-)?([A-Z]+(?:-[A-Z]+)*?)-?0*(\d+)$/i.exec(id.trim());
  return m ? `${m[1].toUpperCase()}-${m[2]}` : id.trim().toUpperCase();
}
