import type { Application, LicenseFile, Package } from '../../analyzer/types.js';
import { severityRank, type LicenseCategory, type LicenseSeverity } from './categories.js';
import { classifyLicense } from './classify.js';
import { compilePolicy, type CompiledPolicy, type LicensePolicy } from './policy.js';

/**
 * One licence finding, as trivy's JSON writes it (`Results[].Licenses[]`; every field always
 * present). A type alias, so that it reads as a plain record where the report filter wants one.
 */
export type DetectedLicense = {
  Severity: LicenseSeverity;
  Category: LicenseCategory;
  /** The package that declares it; empty for licence files. */
  PkgName: string;
  /** Language packages: the file the package was found in; licence files: the file. Empty for OS packages. */
  FilePath: string;
  /** The licence as the package or file gives it (OS package DBs: already normalised by their analyzers). */
  Name: string;
  Text: string;
  /** 1 for declared licences; how sure the text match is for licence files. */
  Confidence: number;
  /** Licence files: the licence's SPDX page. */
  Link: string;
};

/** A licence result: `license` for the licences packages declare, `license-file` for licence files found. */
export interface LicenseResult {
  Target: string;
  Class: 'license' | 'license-file';
  Licenses: DetectedLicense[];
}

/** What the scan knows: the OS package sets (licences attached) and the language package sets, as the report lists them. */
export interface LicenseScanInput {
  osPackages: readonly { packages: readonly Package[] }[];
  applications: readonly Application[];
  licenseFiles?: readonly LicenseFile[];
}

export interface LicenseScanOptions {
  /** `--severity`: licences of other severities are left out (default: all). */
  severities?: readonly string[];
}

/** trivy's target names for the OS packages' and the licence files' results. */
export const OS_PACKAGES_TARGET = 'OS Packages';
export const LICENSE_FILES_TARGET = 'Loose File License(s)';

const compiled = new WeakMap<LicensePolicy, CompiledPolicy>();

/**
 * `--scanners license`: every licence of every package, classified under the policy, as trivy
 * reports them: one `OS Packages` result, one result per language package set (named by its file,
 * or `Node.js`/`Python`/`Java`... for gathered installed packages), and `Loose File License(s)`
 * for licence files. Ignored licences and severities not asked for are left out, and so are
 * results left empty.
 */
export function detectLicenses(input: LicenseScanInput, policy: LicensePolicy, options: LicenseScanOptions = {}): LicenseResult[] {
  let scanner = compiled.get(policy);
  if (!scanner) {
    scanner = compilePolicy(policy);
    compiled.set(policy, scanner);
  }
  const wanted = options.severities ? new Set(options.severities) : undefined;
  const keep = (l: DetectedLicense) => (!wanted || wanted.has(l.Severity)) && !scanner.isIgnored(l.Name);
  const declared = (name: string, pkg: string, filePath: string): DetectedLicense => {
    const { category, severity } = classifyLicense(name, scanner);
    return { Severity: severity, Category: category, PkgName: pkg, FilePath: filePath, Name: name, Text: '', Confidence: 1, Link: '' };
  };

  const results: LicenseResult[] = [];
  const os = input.osPackages.flatMap((set) => set.packages.flatMap((p) => (p.licenses ?? []).map((l) => declared(l, p.name, ''))));
  results.push({ Target: OS_PACKAGES_TARGET, Class: 'license', Licenses: os });
  for (const app of input.applications) {
    const licenses = app.packages.flatMap((p) => (p.licenses ?? []).map((l) => declared(l, p.name, p.filePath || app.filePath)));
    results.push({ Target: app.filePath || app.title || app.type, Class: 'license', Licenses: licenses });
  }
  const files = (input.licenseFiles ?? []).flatMap((file) =>
    file.findings.map((f): DetectedLicense => {
      const { category, severity } = classifyLicense(f.name, scanner);
      return { Severity: severity, Category: category, PkgName: '', FilePath: file.filePath, Name: f.name, Text: '', Confidence: f.confidence, Link: f.link };
    }),
  );
  results.push({ Target: LICENSE_FILES_TARGET, Class: 'license-file', Licenses: files });

  return results
    .map((r) => ({ ...r, Licenses: r.Licenses.filter(keep).sort(bySeverityThenName) }))
    .filter((r) => r.Licenses.length > 0);
}

/** Most severe first, then by package, licence and file. */
function bySeverityThenName(a: DetectedLicense, b: DetectedLicense): number {
  return severityRank(b.Severity) - severityRank(a.Severity) || compare(a.PkgName, b.PkgName) || compare(a.Name, b.Name) || compare(a.FilePath, b.FilePath);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
