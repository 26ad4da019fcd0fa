import type { Report } from './model.js';

/** --pkg-types: `os` keeps OS package results, `library` language package results; others stay. */
export function keepPackageTypes(report: Report, types: readonly string[]): void {
  report.Results = report.Results.filter((r) => (r.Class === 'os-pkgs' ? types.includes('os') : r.Class === 'lang-pkgs' ? types.includes('library') : true));
}
