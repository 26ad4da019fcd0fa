import type { DetectedVulnerability, Report, ReportMisconfiguration, ReportSecret, Result } from './model.js';
import type { Severity } from '../detector/vuln/severity.js';
import { expiredRules, matchIgnoreRule, ruleLocation, type IgnoreRule } from './ignore-file.js';
import type { ModifiedFinding, ResultWithSuppressed } from './vex/modified-finding.js';
import { suppresses, vexVerdict, type VexDocument } from './vex/vex-document.js';

/** What is taken out of a report besides severities and ids: VEX, ignore-file entries, a baseline. */
export interface SuppressionOptions {
  /** The ignore file's rules (both forms): matched by kind, id, paths and purls; what they remove is recorded. */
  ignoreRules?: readonly IgnoreRule[];
  /** `--vex` documents: `not_affected` and `fixed` statements remove vulnerabilities. */
  vex?: readonly VexDocument[];
  /** `--baseline`: findings already in this report are left out. */
  baseline?: Report;
  /** List what VEX and the ignore file removed under each result's `ExperimentalModifiedFindings`. */
  showSuppressed?: boolean;
  /** The time ignore-file expiries are compared with (default: now). */
  now?: Date;
  /** One line per expired ignore entry. */
  onWarning?: (message: string) => void;
  /** How many findings the baseline left out. */
  onInfo?: (message: string) => void;
}

export interface FilterOptions extends SuppressionOptions {
  severities: Severity[];
  ignoreUnfixed: boolean;
  ignoredIds: Set<string>;
}

type FilteredResult = ResultWithSuppressed;
type LicenseFinding = NonNullable<Result['Licenses']>[number];

/**
 * Drops findings the user asked not to see: severities not listed (vulnerabilities, failed
 * checks, secrets), unfixed ones with --ignore-unfixed; vulnerabilities a VEX statement says are
 * not_affected or fixed; findings an ignore-file rule matches (by kind, id, paths, purls; ids
 * matched on the shown id and on the advisory's own ids, so `GHSA-...` ignores the finding shown
 * as its CVE; a check by any spelling of its id); and with a baseline, findings the baseline
 * report already had. What VEX and the ignore file removed is listed with --show-suppressed.
 */
export function filterReport(report: Report, options: FilterOptions): Report {
  const wanted = new Set(options.severities);
  const now = options.now ?? new Date();
  const rules = options.ignoreRules ?? [];
  for (const rule of expiredRules(rules, now)) {
    options.onWarning?.(`${ruleLocation(rule)}: the entry for ${rule.id ?? 'its paths'} expired on ${rule.expires!.toISOString().slice(0, 10)}: it no longer suppresses findings`);
  }
  let ignoredChecks: Set<string> | undefined;
  for (const result of report.Results as FilteredResult[]) {
    const suppressed: ModifiedFinding[] = [];
    const ignoredBy = (kind: ModifiedFinding['Type'], ids: (string | undefined)[], paths: (string | undefined)[], finding: ModifiedFinding['Finding'], purl?: string, sameId?: (a: string, b: string) => boolean): boolean => {
      if (rules.length === 0) return false;
      const rule = matchIgnoreRule(rules, { kind, ids: ids.filter(isString), paths: paths.filter(isString), ...(purl ? { purl } : {}) }, now, sameId);
      if (!rule) return false;
      suppressed.push({ Type: kind, Status: 'ignored', Statement: rule.statement ?? '', Source: rule.file ?? '', Finding: finding });
      return true;
    };
    if (result.Misconfigurations) {
      ignoredChecks ??= new Set([...options.ignoredIds].map(canonicalCheckId));
      const ignored = (m: { ID: string; AVDID?: string }) => ignoredChecks!.has(canonicalCheckId(m.ID)) || (m.AVDID !== undefined && ignoredChecks!.has(canonicalCheckId(m.AVDID)));
      result.Misconfigurations = result.Misconfigurations.filter((m) => wanted.has(m.Severity) && !ignoredBy('misconfiguration', [m.ID, m.AVDID], [result.Target], m, undefined, sameCheckId) && !ignored(m));
      if (result.MisconfSummary) result.MisconfSummary.Failures = result.Misconfigurations.filter((m) => m.Status === 'FAIL').length;
      if (result.Misconfigurations.length === 0) delete result.Misconfigurations;
    }
    if (result.Secrets) {
      result.Secrets = result.Secrets.filter((f) => wanted.has(f.Severity) && !ignoredBy('secret', [f.RuleID], [result.Target], f) && !options.ignoredIds.has(f.RuleID));
      if (result.Secrets.length === 0) delete result.Secrets;
    }
    if (result.Licenses) {
      result.Licenses = result.Licenses.filter((l) => !ignoredBy('license', [l.Name], [l.FilePath, result.Target], l) && !options.ignoredIds.has(l.Name));
      if (result.Licenses.length === 0) delete result.Licenses;
    }
    if (result.Vulnerabilities) {
      result.Vulnerabilities = result.Vulnerabilities.filter((v) => {
        if (!wanted.has(v.Severity) || (options.ignoreUnfixed && !v.FixedVersion)) return false;
        const verdict = options.vex?.length ? vexVerdict(options.vex, v) : undefined;
        if (suppresses(verdict)) {
          const s = verdict.statement;
          suppressed.push({ Type: 'vulnerability', Status: s.status as 'not_affected' | 'fixed', Statement: s.justification ?? s.detail ?? '', Source: verdict.document.source, Finding: v });
          return false;
        }
        if (ignoredBy('vulnerability', [v.VulnerabilityID, ...(v.VendorIDs ?? [])], [result.Target, v.PkgPath], v, v.PkgIdentifier.PURL)) return false;
        return !options.ignoredIds.has(v.VulnerabilityID) && !(v.VendorIDs ?? []).some((id) => options.ignoredIds.has(id));
      });
      if (result.Vulnerabilities.length === 0) delete result.Vulnerabilities;
    }
    if (options.showSuppressed && suppressed.length > 0) result.ExperimentalModifiedFindings = [...(result.ExperimentalModifiedFindings ?? []), ...suppressed];
  }
  if (options.baseline) {
    const left = dropBaselineFindings(report, options.baseline);
    options.onInfo?.(`baseline: ${left} finding${left === 1 ? '' : 's'} already in the baseline report left out`);
  }
  // A file whose secrets are all filtered out is not worth a result (unless it lists suppressed ones).
  report.Results = report.Results.filter((r) => r.Class !== 'secret' || r.Secrets || (r as ResultWithSuppressed).ExperimentalModifiedFindings);
  return report;
}

function isString(v: string | undefined): v is string {
  return v !== undefined && v !== '';
}

function sameCheckId(a: string, b: string): boolean {
  return canonicalCheckId(a) === canonicalCheckId(b);
}

/**
 * Removes the findings the baseline report has; returns how many. A vulnerability is the same
 * when its id, package name, installed version and package path are, in the same result (OS
 * packages: the OS result, whatever the image is called now); a failed check when its id, file
 * and cause (the code lines it points at, else their numbers) are; a secret when its rule, file
 * and masked match are; a licence finding when its name, package and file are.
 */
export function dropBaselineFindings(report: Report, baseline: Report): number {
  const known = new Set<string>();
  for (const r of baseline.Results ?? []) for (const key of findingKeys(r as FilteredResult)) known.add(key);
  let dropped = 0;
  const keep = <T>(r: Result, list: T[] | undefined, key: (r: Result, f: T) => string): T[] | undefined => {
    if (!list) return undefined;
    const kept = list.filter((f) => !known.has(key(r, f)));
    dropped += list.length - kept.length;
    return kept.length > 0 ? kept : undefined;
  };
  for (const r of report.Results as FilteredResult[]) {
    const vulns = keep(r, r.Vulnerabilities, vulnKey);
    if (vulns) r.Vulnerabilities = vulns;
    else delete r.Vulnerabilities;
    if (r.Misconfigurations) {
      const failed = r.Misconfigurations.filter((m) => m.Status === 'FAIL');
      const keptFailed = new Set(keep(r, failed, misconfigKey) ?? []);
      r.Misconfigurations = r.Misconfigurations.filter((m) => m.Status !== 'FAIL' || keptFailed.has(m));
      if (r.MisconfSummary) r.MisconfSummary.Failures = keptFailed.size;
      if (r.Misconfigurations.length === 0) delete r.Misconfigurations;
    }
    const secrets = keep(r, r.Secrets, secretKey);
    if (secrets) r.Secrets = secrets;
    else delete r.Secrets;
    const licenses = keep(r, r.Licenses, licenseKey);
    if (licenses) r.Licenses = licenses;
    else delete r.Licenses;
  }
  return dropped;
}

function findingKeys(r: FilteredResult): string[] {
  return [
    ...(r.Vulnerabilities ?? []).map((v) => vulnKey(r, v)),
    ...(r.Misconfigurations ?? []).filter((m) => m.Status === 'FAIL').map((m) => misconfigKey(r, m)),
    ...(r.Secrets ?? []).map((s) => secretKey(r, s)),
    ...(r.Licenses ?? []).map((l) => licenseKey(r, l)),
  ];
}

const scopeOf = (r: Result) => (r.Class === 'os-pkgs' ? '\u0000os-pkgs' : r.Target);
const vulnKey = (r: Result, v: DetectedVulnerability) => ['v', scopeOf(r), v.VulnerabilityID, v.PkgName, v.InstalledVersion, v.PkgPath ?? ''].join('\u0001');
const misconfigKey = (r: Result, m: ReportMisconfiguration) => {
  const cause = m.CauseMetadata?.Code?.Lines?.filter((l) => l.IsCause).map((l) => l.Content).join('\n');
  return ['m', r.Target, canonicalCheckId(m.ID), cause || `${m.CauseMetadata?.StartLine ?? ''}-${m.CauseMetadata?.EndLine ?? ''}`].join('\u0001');
};
const secretKey = (r: Result, s: ReportSecret) => ['s', r.Target, s.RuleID, s.Match].join('\u0001');
const licenseKey = (r: Result, l: LicenseFinding) => ['l', r.Target, l.Name, l.PkgName, l.FilePath].join('\u0001');

/** Number of findings left in the report (what --exit-code looks at). */
export function countFindings(report: Report): number {
  const counts = countFindingsByClass(report);
  return counts.vuln + counts.secret + counts.misconfig + counts.license;
}

/** Findings left per class: vulnerabilities, secrets, failed checks, licence findings. */
export function countFindingsByClass(report: Report): { vuln: number; secret: number; misconfig: number; license: number } {
  const counts = { vuln: 0, secret: 0, misconfig: 0, license: 0 };
  for (const r of report.Results as FilteredResult[]) {
    counts.vuln += r.Vulnerabilities?.length ?? 0;
    counts.secret += r.Secrets?.length ?? 0;
    counts.misconfig += r.Misconfigurations?.filter((m) => m.Status === 'FAIL').length ?? 0;
    counts.license += r.Licenses?.length ?? 0;
  }
  return counts;
}

/** The exit codes a scan gates on; 0 = not asked for. */
export interface ExitGates {
  /** `--exit-code`: any finding left. */
  any: number;
  vuln: number;
  secret: number;
  misconfig: number;
  license: number;
  /** `--exit-on-eol`: the OS is past its end of security support (`Metadata.OS.EOSL`). */
  eol: number;
}

/**
 * The exit code of a scan: the code of the first class, in the order vulnerabilities, secrets,
 * failed checks, licences, that has findings left and a code of its own; else `--exit-code` when
 * any finding is left; else `--exit-on-eol` when the OS is past its end of support; else 0.
 */
export function gateExitCode(report: Report, gates: ExitGates): number {
  const counts = countFindingsByClass(report);
  for (const cls of ['vuln', 'secret', 'misconfig', 'license'] as const) if (gates[cls] !== 0 && counts[cls] > 0) return gates[cls];
  if (gates.any !== 0 && counts.vuln + counts.secret + counts.misconfig + counts.license > 0) return gates.any;
  const os = report.Metadata?.OS as { EOSL?: unknown } | undefined;
  if (gates.eol !== 0 && os?.EOSL === true) return gates.eol;
  return 0;
}

/**
 * One spelling for the ids a check goes by: `DS002`, `DS-0002` and `AVD-DS-0002` are the same
 * check in trivy's ignore files, dashboards and reports (older and newer trivy spell it apart).
 */
export function canonicalCheckId(id: string): string {
  const m = /^(?:AVD-)?([A-Z]+(?:-[A-Z]+)*?)-?0*(\d+)$/i.exec(id.trim());
  return m ? `${m[1].toUpperCase()}-${m[2]}` : id.trim().toUpperCase();
}
