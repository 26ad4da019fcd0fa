import type { Report } from './model.js';
import type { Severity } from '../detector/vuln/severity.js';

export interface FilterOptions {
  severities: Severity[];
  ignoreUnfixed: boolean;
  ignoredIds: Set<string>;
}

/**
 * Drops findings the user asked not to see: severities not listed, unfixed ones with
 * --ignore-unfixed, and ids in the ignore file (matched on the shown id and on the advisory's
 * own ids, so `GHSA-...` ignores the finding shown as its CVE).
 */
export function filterReport(report: Report, options: FilterOptions): Report {
  const wanted = new Set(options.severities);
  for (const result of report.Results) {
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
  return report;
}

/** Number of findings left in the report (what --exit-code looks at). */
export function countFindings(report: Report): number {
  return report.Results.reduce((n, r) => n + (r.Vulnerabilities?.length ?? 0), 0);
}
