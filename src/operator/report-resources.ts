import { parseReference } from '../oci/reference.js';
import type { DetectedVulnerability, Report, Result } from '../report/model.js';
import type { K8sObject } from '../k8s/objects.js';
import { LABEL, REPORT_API_VERSION, labelValue, reportName, type ReportKind } from './report-names.js';

/** A report resource as written to the API (server-side apply). */
export interface ReportResource {
  apiVersion: string;
  kind: ReportKind;
  metadata: { name: string; namespace?: string; labels: Record<string, string>; annotations?: Record<string, string>; ownerReferences: unknown[] };
  report: Record<string, unknown>;
}

export interface ResourceOptions {
  /** Findings kept in each resource (the rest are counted and served at fullReport). */
  findings: number;
  version: string;
  now: Date;
  /** The path the operator serves the full report at (`/reports/ns/Kind/name[/container]`). */
  fullReport: string;
}

/** A report resource stays far below etcd's 1.5 MB object limit: the findings list is cut until it fits this. */
export const MAX_RESOURCE_BYTES = 200 * 1024;
const SEVERITY_RANK: Record<string, number> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1, UNKNOWN: 0 };
type Counts = { criticalCount: number; highCount: number; mediumCount: number; lowCount: number; unknownCount: number };

/** The workload a report is about, in the three resources' shared metadata (labels, owner). */
function metadataFor(kind: ReportKind, subject: K8sObject, container?: string): ReportResource['metadata'] {
  const namespaced = subject.metadata.namespace !== undefined;
  const labels: Record<string, string> = {
    [LABEL.kind]: subject.kind,
    [LABEL.name]: labelValue(subject.metadata.name),
    ...(namespaced ? { [LABEL.namespace]: labelValue(subject.metadata.namespace!) } : {}),
    ...(container !== undefined ? { [LABEL.container]: labelValue(container) } : {}),
    'app.kubernetes.io/managed-by': 'picket-operator',
  };
  return {
    name: reportName(subject.kind, subject.metadata.name, container),
    ...(namespaced && kind !== 'ClusterConfigAuditReport' ? { namespace: subject.metadata.namespace } : {}),
    labels,
    // Owned by the workload: the garbage collector removes the report with it.
    ownerReferences: subject.metadata.uid
      ? [{ apiVersion: subject.apiVersion, kind: subject.kind, name: subject.metadata.name, uid: subject.metadata.uid, controller: true, blockOwnerDeletion: false }]
      : [],
  };
}

function scanner(version: string) {
  return { name: 'picket', vendor: 'picket', version };
}

function artifactOf(image: string, digest: string): { registry: { server: string }; artifact: Record<string, string> } {
  try {
    const ref = parseReference(image);
    return { registry: { server: ref.registry }, artifact: { repository: ref.repository, ...(ref.tag ? { tag: ref.tag } : {}), digest } };
  } catch {
    return { registry: { server: '' }, artifact: { repository: image, digest } };
  }
}

function countBy(severities: readonly string[]): Counts {
  const counts: Counts = { criticalCount: 0, highCount: 0, mediumCount: 0, lowCount: 0, unknownCount: 0 };
  for (const s of severities) {
    const key = `${(s in SEVERITY_RANK ? s : 'UNKNOWN').toLowerCase()}Count` as keyof Counts;
    counts[key]++;
  }
  return counts;
}

/** The most severe first, then the highest CVSS score, then by id: the findings a reader needs first. */
function bySeverity<T>(items: T[], severity: (t: T) => string, score: (t: T) => number, id: (t: T) => string): T[] {
  return items.sort((a, b) => (SEVERITY_RANK[severity(b)] ?? 0) - (SEVERITY_RANK[severity(a)] ?? 0) || score(b) - score(a) || id(a).localeCompare(id(b)));
}

/** Cuts `list` (in place, already ordered) until the resource built from it fits MAX_RESOURCE_BYTES. */
function fitted(build: (shown: number) => ReportResource, total: number, wanted: number): ReportResource {
  let shown = Math.min(total, wanted);
  let resource = build(shown);
  while (shown > 0 && Buffer.byteLength(JSON.stringify(resource)) > MAX_RESOURCE_BYTES) {
    shown = Math.floor(shown / 2);
    resource = build(shown);
  }
  return resource;
}

function maxScore(v: DetectedVulnerability): number {
  return Math.max(0, ...Object.values(v.CVSS ?? {}).map((c) => c.V3Score ?? c.V40Score ?? c.V2Score ?? 0));
}

/** Every finding with its result's target and its score, worked out once (the sort compares scores n log n times). */
function vulnerabilitiesOf(report: Report): { v: DetectedVulnerability; target: string; score: number }[] {
  return report.Results.flatMap((r) => (r.Vulnerabilities ?? []).map((v) => ({ v, target: r.Target, score: maxScore(v) })));
}

/** A VulnerabilityReport: the image's summary and its most severe findings (the full list at `fullReport`). */
export function vulnerabilityReport(subject: K8sObject, container: string, image: string, digest: string, report: Report, options: ResourceOptions): ReportResource {
  const all = bySeverity(vulnerabilitiesOf(report), (x) => x.v.Severity, (x) => x.score, (x) => `${x.v.VulnerabilityID} ${x.v.PkgName}`);
  const os = report.Metadata?.OS as { Family?: string; Name?: string; EOSL?: boolean } | undefined;
  return fitted((shown) => ({
    apiVersion: REPORT_API_VERSION,
    kind: 'VulnerabilityReport',
    metadata: metadataFor('VulnerabilityReport', subject, container),
    report: {
      updateTimestamp: options.now.toISOString(),
      scanner: scanner(options.version),
      ...artifactOf(image, digest),
      ...(os?.Family ? { os: { family: os.Family, name: os.Name ?? '', ...(os.EOSL ? { eosl: true } : {}) } } : {}),
      summary: countBy(all.map((x) => x.v.Severity)),
      vulnerabilities: all.slice(0, shown).map(({ v, target, score }) => ({
        vulnerabilityID: v.VulnerabilityID,
        resource: v.PkgName,
        installedVersion: v.InstalledVersion,
        fixedVersion: v.FixedVersion ?? '',
        severity: v.Severity,
        ...(score > 0 ? { score } : {}),
        ...(v.Title ? { title: v.Title.slice(0, 200) } : {}),
        ...(v.PrimaryURL ? { primaryLink: v.PrimaryURL } : {}),
        target,
      })),
      vulnerabilitiesTotal: all.length,
      fullReport: options.fullReport,
    },
  }), all.length, options.findings);
}

/**
 * An ExposedSecretReport, masked as in every output: of a container's image (secrets in its layers
 * and config), or, without a container, of the workload's own manifest (env values, arguments).
 */
export function exposedSecretReport(subject: K8sObject, container: string | undefined, image: { image: string; digest: string } | undefined, report: Report, options: ResourceOptions): ReportResource {
  const all = bySeverity(report.Results.flatMap((r) => (r.Secrets ?? []).map((s) => ({ s, target: r.Target }))), (x) => x.s.Severity, () => 0, (x) => `${x.target} ${x.s.RuleID}`);
  return fitted((shown) => ({
    apiVersion: REPORT_API_VERSION,
    kind: 'ExposedSecretReport',
    metadata: metadataFor('ExposedSecretReport', subject, container),
    report: {
      updateTimestamp: options.now.toISOString(),
      scanner: scanner(options.version),
      ...(image ? artifactOf(image.image, image.digest) : { source: 'manifest' }),
      summary: countBy(all.map((x) => x.s.Severity)),
      secrets: all.slice(0, shown).map(({ s, target }) => ({ target, ruleID: s.RuleID, title: s.Title, category: s.Category, severity: s.Severity, match: s.Match.slice(0, 200) })),
      secretsTotal: all.length,
      fullReport: options.fullReport,
    },
  }), all.length, options.findings);
}

/** An SbomReport: the image's packages as CycloneDX-style components (the full CycloneDX BOM at `fullReport?format=cyclonedx`). */
export function sbomReport(subject: K8sObject, container: string, image: string, digest: string, report: Report, options: ResourceOptions): ReportResource {
  const components = report.Results.flatMap((r) => (r.Packages ?? []).map((p) => ({ name: p.Name, version: p.Version, ...(p.Identifier?.PURL ? { purl: p.Identifier.PURL } : {}), type: 'library', ...(p.Licenses?.length ? { licenses: p.Licenses } : {}) })));
  const dependencies = report.Results.reduce((n, r) => n + (r.Packages ?? []).reduce((m, p) => m + (p.DependsOn?.length ?? 0), 0), 0);
  return fitted((shown) => ({
    apiVersion: REPORT_API_VERSION,
    kind: 'SbomReport',
    metadata: metadataFor('SbomReport', subject, container),
    report: {
      updateTimestamp: options.now.toISOString(),
      scanner: scanner(options.version),
      ...artifactOf(image, digest),
      summary: { componentsCount: components.length, dependenciesCount: dependencies },
      components: components.slice(0, shown),
      fullReport: `${options.fullReport}?format=cyclonedx`,
    },
  }), components.length, Math.max(options.findings, 1000));
}

/** A ConfigAuditReport (ClusterConfigAuditReport for cluster-scoped resources): the failed checks of the live object. */
export function configAuditReport(subject: K8sObject, results: readonly Result[], options: ResourceOptions): ReportResource {
  const kind: ReportKind = subject.metadata.namespace !== undefined ? 'ConfigAuditReport' : 'ClusterConfigAuditReport';
  const failed = bySeverity(results.flatMap((r) => (r.Misconfigurations ?? []).filter((m) => m.Status === 'FAIL')), (m) => m.Severity, () => 0, (m) => m.ID);
  const { unknownCount: _, ...counts } = countBy(failed.map((m) => m.Severity));
  return fitted((shown) => ({
    apiVersion: REPORT_API_VERSION,
    kind,
    metadata: metadataFor(kind, subject),
    report: {
      updateTimestamp: options.now.toISOString(),
      scanner: scanner(options.version),
      summary: counts,
      checks: failed.slice(0, shown).map((m) => ({ checkID: m.ID, ...(m.AVDID ? { avdID: m.AVDID } : {}), title: m.Title, severity: m.Severity, category: 'Kubernetes Security Check', messages: [m.Message], success: false })),
      checksTotal: failed.length,
      fullReport: options.fullReport,
    },
  }), failed.length, options.findings);
}
