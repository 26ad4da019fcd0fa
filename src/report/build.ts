import type { Application } from '../analyzer/types.js';
import type { DetectedVulnerability, Report, ReportPackage, Result } from './model.js';
import { identifierOf } from './purl.js';
import { SEVERITIES } from '../detector/vuln/severity.js';
import type { Target } from '../target/types.js';

export interface ApplicationFindings {
  app: Application;
  vulnerabilities: DetectedVulnerability[];
}

/** Assembles the one report model from the target and the findings per application. */
export function buildReport(
  target: Target,
  findings: ApplicationFindings[],
  options: { listAllPackages: boolean; version: string; now?: Date },
): Report {
  const results: Result[] = findings.map(({ app, vulnerabilities }) => ({
    Target: app.filePath,
    Class: 'lang-pkgs',
    Type: app.type,
    ...(options.listAllPackages ? { Packages: app.packages.map((p) => reportPackage(app, p)) } : {}),
    ...(vulnerabilities.length > 0 ? { Vulnerabilities: sortVulnerabilities(vulnerabilities) } : {}),
  }));
  return {
    SchemaVersion: 2,
    CreatedAt: (options.now ?? new Date()).toISOString(),
    ArtifactName: target.name,
    ArtifactType: target.artifactType,
    Picket: { Version: options.version },
    Results: results,
  };
}

function reportPackage(app: Application, p: Application['packages'][number]): ReportPackage {
  return {
    ID: p.id,
    Name: p.name,
    Identifier: identifierOf(app.purlType, p.name, p.version, app.filePath),
    Version: p.version,
    ...(p.licenses?.length ? { Licenses: p.licenses } : {}),
    ...(p.dev ? { Dev: true } : {}),
    ...(p.relationship && p.relationship !== 'unknown' ? { Relationship: p.relationship } : {}),
    ...(p.dependsOn?.length ? { DependsOn: p.dependsOn } : {}),
    ...(p.locations?.length ? { Locations: p.locations.map((l) => ({ StartLine: l.startLine, EndLine: l.endLine })) } : {}),
    AnalyzedBy: app.type,
  };
}

const severityRank = new Map(SEVERITIES.map((s, i) => [s, i]));

/** Package name, installed version, then most severe first, then id — stable across runs. */
function sortVulnerabilities(vulns: DetectedVulnerability[]): DetectedVulnerability[] {
  return vulns.sort(
    (a, b) =>
      cmp(a.PkgName, b.PkgName) ||
      cmp(a.InstalledVersion, b.InstalledVersion) ||
      severityRank.get(b.Severity)! - severityRank.get(a.Severity)! ||
      cmp(a.VulnerabilityID, b.VulnerabilityID),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
