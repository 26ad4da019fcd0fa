/**
 * The cluster report: trivy's `trivy k8s` JSON shape. `--report all` writes every resource entry
 * as scanned (`Resources[]`: one per object for its checks, one per workload and image for the
 * image's findings, one per node); `--report summary` writes them consolidated, one entry per
 * `namespace/kind/name` (`Findings[]`, as trivy's summary JSON does).
 */
import type { Report, Result } from '../report/model.js';

/** One resource entry (trivy's `Resource`). */
export interface K8sResource {
  Namespace?: string;
  Kind: string;
  Name: string;
  /** An image entry: the image's report metadata (ImageID, RepoDigests, OS, ...); a node: `NodeInfo`. */
  Metadata?: Record<string, unknown>;
  Results?: Result[];
  /** Why this resource (or one of its images) could not be scanned. */
  Error?: string;
}

export interface K8sReport {
  ClusterName: string;
  Resources: K8sResource[];
  Picket: { Version: string };
}

export interface K8sSummaryReport {
  ClusterName: string;
  Findings: K8sResource[];
  Picket: { Version: string };
}

/** `namespace/kind/name` in lower case: resources that are the same object (trivy's fullname). */
export function resourceKey(r: Pick<K8sResource, 'Namespace' | 'Kind' | 'Name'>): string {
  return `${r.Namespace ?? ''}/${r.Kind}/${r.Name}`.toLowerCase();
}

/**
 * One entry per object: Results of all its entries in order (checks first, then its images),
 * the first Error, Metadata only where a single entry had it (a node).
 */
export function consolidate(report: K8sReport): K8sSummaryReport {
  const byKey = new Map<string, K8sResource[]>();
  for (const r of report.Resources) {
    const key = resourceKey(r);
    const list = byKey.get(key);
    if (list) list.push(r);
    else byKey.set(key, [r]);
  }
  const findings = [...byKey.values()].map((entries): K8sResource => {
    const [first] = entries;
    const results = entries.flatMap((e) => e.Results ?? []);
    const error = entries.map((e) => e.Error).filter(Boolean).join('; ');
    return {
      ...(first.Namespace ? { Namespace: first.Namespace } : {}),
      Kind: first.Kind,
      Name: first.Name,
      ...(entries.length === 1 && first.Metadata ? { Metadata: first.Metadata } : {}),
      ...(results.length > 0 ? { Results: results } : {}),
      ...(error ? { Error: error } : {}),
    };
  });
  return { ClusterName: report.ClusterName, Findings: findings, Picket: report.Picket };
}

/**
 * An image's report as a workload's entry: its Results, and its os-pkgs Target naming the image
 * as this workload writes it (`app:1.0 (debian 12.4)`) where the scan named it otherwise.
 */
export function imageResource(workload: { Namespace?: string; Kind: string; Name: string }, image: string, scanned: Report): K8sResource {
  const results = scanned.Results.map((r) => (r.Target.startsWith(`${scanned.ArtifactName} (`) ? { ...r, Target: `${image}${r.Target.slice(scanned.ArtifactName.length)}` } : r));
  return {
    ...(workload.Namespace ? { Namespace: workload.Namespace } : {}),
    Kind: workload.Kind,
    Name: workload.Name,
    Metadata: { ...(scanned.Metadata ?? {}), Image: image },
    ...(results.length > 0 ? { Results: results } : {}),
  };
}

/** Vulnerabilities, failed checks and secrets left in the report (what --exit-code looks at). */
export function countClusterFindings(report: K8sReport): number {
  let n = 0;
  for (const resource of report.Resources) {
    for (const r of resource.Results ?? []) n += (r.Vulnerabilities?.length ?? 0) + (r.Secrets?.length ?? 0) + (r.Misconfigurations?.filter((m) => m.Status === 'FAIL').length ?? 0);
  }
  return n;
}
