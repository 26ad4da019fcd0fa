import { UserError } from '../errors.js';
import { filterReport, type FilterOptions } from '../report/filter.js';
import type { Report } from '../report/model.js';
import type { ClusterClient } from './cluster-client.js';
import type { DigestResolver, ImagePlan, ImageScanUnit } from './image-plan.js';
import { planImageScans } from './image-plan.js';
import type { ImageScanner } from './image-scanner.js';
import { K8S_KINDS, WORKLOAD_KINDS, type KindSpec } from './kinds.js';
import { listResources, type NamespaceSelection } from './list-resources.js';
import { mapLimit } from './map-limit.js';
import { checkObject, type ObjectCheckOptions } from './object-checks.js';
import type { K8sObject } from './objects.js';
import { OwnerIndex } from './owners.js';
import { PullSecretReader } from './pull-secrets.js';
import { imageResource, type K8sReport, type K8sResource } from './report.js';
import { collectImageUses, nodePlatforms } from './workload-images.js';

/** What the scan reports as it goes (the CLI draws a progress line from it). */
export type ClusterScanProgress =
  | { phase: 'listed'; objects: number }
  | { phase: 'images'; done: number; total: number; image?: string };

export interface ClusterScanOptions {
  kinds: readonly KindSpec[];
  namespaces: NamespaceSelection;
  /** Kinds named in --include-kinds (cluster-scoped ones are then listed in a namespace scan too). */
  explicitKinds?: ReadonlySet<string>;
  /** Scan the workloads' images (vulnerabilities and secrets in layers): `--scanners` vuln or secret. */
  scanImages: boolean;
  /** Checks on the live objects (misconfig, secrets in the manifest). */
  objectChecks: ObjectCheckOptions;
  /** Severities, --ignore-unfixed and ignored ids, applied to the objects' findings (images are filtered by their scan). */
  filter: FilterOptions;
  /** Images scanned at once (`--parallel`). */
  parallel: number;
  /** Platform of images whose node is not known. */
  defaultPlatform: string;
  version: string;
  onWarning?: (message: string) => void;
  onDebug?: (message: string) => void;
  onProgress?: (event: ClusterScanProgress) => void;
}

/** The parts a scan needs from outside: the cluster, the registry lookups and the image scanner. */
export interface ClusterScanDeps {
  client: ClusterClient;
  resolveDigest: DigestResolver;
  scanImage: ImageScanner;
}

export interface ClusterScanResult {
  report: K8sReport;
  /** Objects listed, workloads' image uses, unique images (digest + platform) scanned, and failures. */
  stats: { objects: number; imageUses: number; uniqueImages: number; imagesScanned: number; imagesFailed: number };
  /** The plan: which workloads use which digest (the operator keeps it to re-check images). */
  plan?: ImagePlan;
}

const KIND_ORDER = new Map(K8S_KINDS.map((k, i) => [k.kind, i]));

/**
 * A whole cluster scan: list the objects, run the checks on each (Kubernetes and RBAC checks,
 * secrets in the manifest), collect every container image of the workloads with their pull
 * secrets, resolve tags to digests, scan each unique digest once (at most `parallel` at a time),
 * and attach each image's findings to every workload that runs it. Workloads controlled by a
 * listed workload (a Deployment's ReplicaSets and Pods) are reported through it.
 */
export async function scanCluster(deps: ClusterScanDeps, options: ClusterScanOptions): Promise<ClusterScanResult> {
  const warn = options.onWarning ?? (() => {});
  const objects = sortObjects(await listResources(deps.client, {
    kinds: options.kinds,
    namespaces: options.namespaces,
    ...(options.explicitKinds ? { explicitKinds: options.explicitKinds } : {}),
    onWarning: warn,
    ...(options.onDebug ? { onDebug: options.onDebug } : {}),
  }));
  options.onProgress?.({ phase: 'listed', objects: objects.length });
  const owners = new OwnerIndex(objects);
  const reported = objects.filter((o) => o.kind !== 'Node' && !owners.isControlledByListedWorkload(o));
  const nodes = objects.filter((o) => o.kind === 'Node');

  const resources: K8sResource[] = [];
  for (const obj of reported) {
    const results = checkObject(obj, options.objectChecks);
    if (results.length === 0) continue;
    const filtered = filterReport({ SchemaVersion: 2, CreatedAt: '', ArtifactName: '', ArtifactType: 'filesystem', Picket: { Version: options.version }, Results: results }, options.filter).Results;
    resources.push({ ...identity(obj), Results: filtered });
  }

  const stats = { objects: objects.length, imageUses: 0, uniqueImages: 0, imagesScanned: 0, imagesFailed: 0 };
  let plan: ImagePlan | undefined;
  if (options.scanImages) {
    const pullSecrets = new PullSecretReader(deps.client, warn, options.onDebug);
    const uses = await collectImageUses(reported.filter((o) => WORKLOAD_KINDS.has(o.kind)), owners, nodePlatforms(nodes), pullSecrets);
    plan = await planImageScans(uses, deps.resolveDigest, { defaultPlatform: options.defaultPlatform, concurrency: options.parallel, ...(options.onDebug ? { onDebug: options.onDebug } : {}) });
    stats.imageUses = uses.length;
    stats.uniqueImages = plan.units.length;
    for (const { use, error } of plan.failures) {
      warn(`kubernetes: ${objectLabel(use.resource)}: image ${use.image} not scanned: ${error}`);
      resources.push({ ...identity(use.resource), Metadata: { Image: use.image }, Error: error });
    }
    const scanned = await scanUnits(plan.units, deps.scanImage, options);
    for (const [i, unit] of plan.units.entries()) {
      const outcome = scanned[i];
      if ('error' in outcome) stats.imagesFailed++;
      else stats.imagesScanned++;
      // A workload running the same image in two containers gets its findings once.
      const seen = new Set<string>();
      for (const use of unit.uses) {
        const key = `${objectLabel(use.resource)}\n${use.image}`;
        if (seen.has(key)) continue;
        seen.add(key);
        resources.push('error' in outcome
          ? { ...identity(use.resource), Metadata: { Image: use.image }, Error: outcome.error }
          : imageResource(identity(use.resource), use.image, outcome.report));
      }
    }
  }
  for (const node of nodes) resources.push({ Kind: 'Node', Name: node.metadata.name, Metadata: { NodeInfo: nodeInfo(node) } });
  return { report: { ClusterName: deps.client.clusterName, Resources: resources, Picket: { Version: options.version } }, stats, ...(plan ? { plan } : {}) };
}

/** Scans the units at most `parallel` at once; a failed image is a warning and an Error entry, not a failed scan. */
async function scanUnits(units: readonly ImageScanUnit[], scanImage: ImageScanner, options: ClusterScanOptions): Promise<({ report: Report } | { error: string })[]> {
  let done = 0;
  options.onProgress?.({ phase: 'images', done, total: units.length });
  return mapLimit(units, options.parallel, async (unit) => {
    try {
      return { report: await scanImage(unit) };
    } catch (err) {
      // One image that cannot be scanned (registry refusal, a broken layer, or a bug: its stack
      // goes to the debug log) is an Error entry of the workloads using it; the scan goes on.
      const message = err instanceof UserError ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;
      if (!(err instanceof UserError) && err instanceof Error) options.onDebug?.(err.stack ?? message);
      options.onWarning?.(`kubernetes: image ${unit.displayName} (${unit.digest}) not scanned: ${message}`);
      return { error: message };
    } finally {
      options.onProgress?.({ phase: 'images', done: ++done, total: units.length, image: unit.displayName });
    }
  });
}

function identity(obj: K8sObject): { Namespace?: string; Kind: string; Name: string } {
  return { ...(obj.metadata.namespace ? { Namespace: obj.metadata.namespace } : {}), Kind: obj.kind, Name: obj.metadata.name };
}

function objectLabel(obj: K8sObject): string {
  return `${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.kind}/${obj.metadata.name}`;
}

/** Kind order of K8S_KINDS, then namespace, then name: the report's order whatever the server's. */
function sortObjects(objects: K8sObject[]): K8sObject[] {
  return objects.sort((a, b) => (KIND_ORDER.get(a.kind) ?? 99) - (KIND_ORDER.get(b.kind) ?? 99)
    || (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '')
    || a.metadata.name.localeCompare(b.metadata.name));
}

/** A node's versions, as trivy's cluster BOM lists them. */
function nodeInfo(node: K8sObject): Record<string, string> {
  const info = (node.status?.nodeInfo ?? {}) as Record<string, unknown>;
  const labels = node.metadata.labels ?? {};
  const role = 'node-role.kubernetes.io/control-plane' in labels || 'node-role.kubernetes.io/master' in labels ? 'master' : 'worker';
  const pick = (key: string) => (typeof info[key] === 'string' ? (info[key] as string) : '');
  return {
    NodeRole: role,
    KubeletVersion: pick('kubeletVersion'),
    KubeProxyVersion: pick('kubeProxyVersion'),
    ContainerRuntimeVersion: pick('containerRuntimeVersion'),
    OsImage: pick('osImage'),
    KernelVersion: pick('kernelVersion'),
    OperatingSystem: pick('operatingSystem'),
    Architecture: pick('architecture'),
  };
}
