import type { DetectedVulnerability, Report } from '../model.js';
import type { ReportWriter } from './types.js';
import { artifactOf, reportTime, toolVersion } from './artifact.js';

/**
 * GitLab security report (schema 15.0.7): `container_scanning` for images (package, OS, image per
 * finding) and `dependency_scanning` for project trees (package and the lockfile it is declared in).
 * Same content per finding as trivy's contrib template: id, name, description, severity, solution,
 * identifiers, links.
 */
export const gitlabWriter: ReportWriter = {
  format: 'gitlab',
  render(report, options) {
    const time = gitlabTime(reportTime(report, options.now));
    const image = report.ArtifactType === 'container_image';
    const artifact = artifactOf(report);
    const version = toolVersion(report, options.appVersion);
    const tool = { id: 'picket', name: 'Picket', vendor: { name: 'picket' }, version };
    const operatingSystem = artifact.os ? `${artifact.os.family} ${artifact.os.name}`.trim() : 'Unknown';
    const vulnerabilities = report.Results.flatMap((r) => (r.Vulnerabilities ?? []).map((v) => ({
      id: v.VulnerabilityID,
      name: v.Title || v.VulnerabilityID,
      description: v.Description ?? v.Title ?? '',
      severity: severityOf(v.Severity),
      solution: v.FixedVersion ? `Upgrade ${v.PkgName} to ${v.FixedVersion}` : 'No solution provided',
      location: image
        ? { dependency: { package: { name: v.PkgName }, version: v.InstalledVersion }, operating_system: operatingSystem, image: imageName(report) }
        : { file: v.PkgPath ?? r.Target, dependency: { package: { name: v.PkgName }, version: v.InstalledVersion } },
      identifiers: identifiersOf(v),
      links: (v.References ?? []).map((u) => u.split(' ')[0]).filter((u) => URL.canParse(u)).map((url) => ({ url })),
    })));
    const doc = {
      version: '15.0.7',
      scan: { analyzer: tool, end_time: time, scanner: tool, start_time: time, status: 'success', type: image ? 'container_scanning' : 'dependency_scanning' },
      vulnerabilities,
      remediations: [],
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
  },
};

/** The image as GitLab shows it: the reference scanned (tags and digests are in the report metadata). */
function imageName(report: Report): string {
  return report.ArtifactName;
}

function identifiersOf(v: DetectedVulnerability): { type: string; name: string; value: string; url?: string }[] {
  const ids = [v.VulnerabilityID, ...(v.VendorIDs ?? []).filter((id) => id !== v.VulnerabilityID)];
  return ids.map((id, i) => {
    const type = /^CVE-/i.test(id) ? 'cve' : /^GHSA-/i.test(id) ? 'ghsa' : (/^([A-Za-z]+)-/.exec(id)?.[1] ?? 'picket').toLowerCase();
    const url = i === 0 ? v.PrimaryURL : /^GHSA-/i.test(id) ? `https://github.com/advisories/${id}` : undefined;
    return { type, name: id, value: id, ...(url && URL.canParse(url) ? { url } : {}) };
  });
}

function severityOf(s: string): string {
  switch (s) {
    case 'CRITICAL': return 'Critical';
    case 'HIGH': return 'High';
    case 'MEDIUM': return 'Medium';
    case 'LOW': return 'Low';
    default: return 'Unknown';
  }
}

/** GitLab's time stamps: `YYYY-MM-DDTHH:MM:SS`, no zone. */
function gitlabTime(d: Date): string {
  return d.toISOString().slice(0, 19);
}
