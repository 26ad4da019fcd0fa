import type { AnalysisResult, Application, FileSecrets, LayerRef, OsInfo } from '../analyzer/types.js';
import type { DetectedVulnerability, Report, ReportPackage, Result } from './model.js';
import { identifierOf, osQualifiers } from './purl.js';
import { isEndOfLife } from '../detector/os/end-of-life.js';
import { SEVERITIES } from '../detector/vuln/severity.js';
import type { SortOrder } from './sort-order.js';
import type { ReportTarget } from '../target/types.js';

export interface ApplicationFindings {
  app: Application;
  vulnerabilities: DetectedVulnerability[];
  /** OS packages: shown as `<artifact> (<family> <version>)`, class os-pkgs. */
  os?: OsInfo;
}

/** Assembles the one report model from the target and the findings per application. */
export function buildReport(
  target: ReportTarget,
  findings: ApplicationFindings[],
  options: {
    listAllPackages: boolean;
    version: string;
    now?: Date;
    sortBy?: SortOrder;
    os?: OsInfo;
    misconfigs?: readonly NonNullable<AnalysisResult['misconfigs']>[number][];
    secrets?: readonly FileSecrets[];
  },
): Report {
  const results: Result[] = findings.map(({ app, vulnerabilities, os }) => ({
    Target: os ? `${target.name} (${os.family} ${os.name})` : app.title ?? app.filePath,
    Class: os ? 'os-pkgs' : 'lang-pkgs',
    Type: app.type,
    ...(options.listAllPackages ? { Packages: app.packages.map((p) => reportPackage(app, p)) } : {}),
    ...(vulnerabilities.length > 0 ? { Vulnerabilities: sortVulnerabilities(vulnerabilities, options.sortBy ?? 'package') } : {}),
  }));
  // trivy's order: vulnerability results, then configuration checks, then secrets.
  for (const m of options.misconfigs ?? []) results.push(misconfigResult(m));
  for (const file of options.secrets ?? []) {
    results.push({ Target: file.filePath, Class: 'secret', Secrets: file.findings.map((f) => (file.layer ? { ...f, Layer: reportLayer(file.layer) } : f)) });
  }
  return {
    SchemaVersion: 2,
    CreatedAt: (options.now ?? new Date()).toISOString(),
    ArtifactName: target.name,
    ArtifactType: target.artifactType,
    ...(target.metadata || options.os ? { Metadata: { ...(options.os ? { OS: { Family: options.os.family, Name: options.os.name, ...(isEndOfLife(options.os.family, options.os.name, options.now) ? { EOSL: true } : {}) } } : {}), ...target.metadata } } : {}),
    Picket: { Version: options.version },
    Results: results,
  };
}

function misconfigResult(m: NonNullable<AnalysisResult['misconfigs']>[number]): Result {
  const findings = [...m.failures, ...(m.nonFailures ?? [])];
  return {
    Target: m.filePath,
    Class: 'config',
    Type: m.type,
    MisconfSummary: { Successes: m.successes, Failures: m.failures.length, ...(m.exceptions > 0 ? { Exceptions: m.exceptions } : {}) },
    ...(findings.length > 0 ? { Misconfigurations: findings.map((f) => (m.layer ? { ...f, Layer: reportLayer(m.layer) } : f)) } : {}),
  };
}

function reportLayer(layer: LayerRef): { Digest?: string; DiffID: string } {
  return { ...(layer.digest ? { Digest: layer.digest } : {}), DiffID: layer.diffId };
}

function reportPackage(app: Application, p: Application['packages'][number]): ReportPackage {
  return {
    ID: p.id,
    Name: p.name,
    Identifier: identifierOf(app.purlType, p.name, p.version, p.filePath ?? app.filePath, app.purlNamespace, osQualifiers(p.arch, app.distro)),
    Version: p.version,
    ...(p.licenses?.length ? { Licenses: p.licenses } : {}),
    ...(app.distro !== undefined || app.purlNamespace !== undefined ? { ...(p.srcName ? { SrcName: p.srcName } : {}), ...(p.srcVersion ? { SrcVersion: p.srcVersion } : {}) } : {}),
    ...(p.filePath ? { FilePath: p.filePath } : {}),
    ...(p.dev ? { Dev: true } : {}),
    ...(p.relationship && p.relationship !== 'unknown' ? { Relationship: p.relationship } : {}),
    ...(p.dependsOn?.length ? { DependsOn: p.dependsOn } : {}),
    ...(p.locations?.length ? { Locations: p.locations.map((l) => ({ StartLine: l.startLine, EndLine: l.endLine })) } : {}),
    ...(p.layer ? { Layer: { ...(p.layer.digest ? { Digest: p.layer.digest } : {}), DiffID: p.layer.diffId } } : {}),
    AnalyzedBy: app.type,
  };
}

const severityRank = new Map(SEVERITIES.map((s, i) => [s, i]));


type Compare = (a: DetectedVulnerability, b: DetectedVulnerability) => number;
const byPackage: Compare = (a, b) => cmp(a.PkgName, b.PkgName) || cmp(a.InstalledVersion, b.InstalledVersion);
const bySeverity: Compare = (a, b) => severityRank.get(b.Severity)! - severityRank.get(a.Severity)!;
const byId: Compare = (a, b) => cmp(a.VulnerabilityID, b.VulnerabilityID);
/** Known exploited first, then the likeliest to be exploited (EPSS), then the most severe. */
const byPriority: Compare = (a, b) => Number(b.KEV === true) - Number(a.KEV === true) || (b.EPSS?.Score ?? -1) - (a.EPSS?.Score ?? -1) || bySeverity(a, b);

const orders: Record<SortOrder, Compare> = {
  /** trivy's order: package, installed version, most severe first, id. */
  package: (a, b) => byPackage(a, b) || bySeverity(a, b) || byId(a, b),
  severity: (a, b) => bySeverity(a, b) || byPackage(a, b) || byId(a, b),
  priority: (a, b) => byPriority(a, b) || byPackage(a, b) || byId(a, b),
};

function sortVulnerabilities(vulns: DetectedVulnerability[], order: SortOrder): DetectedVulnerability[] {
  return vulns.sort(orders[order]);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
