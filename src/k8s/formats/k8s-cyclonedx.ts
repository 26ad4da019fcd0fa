/**
 * `picket k8s --format cyclonedx`: the cluster BOM ("KBOM") as trivy's `trivy k8s --format
 * cyclonedx` lays it out, in CycloneDX 1.6 JSON. The metadata component is the cluster (`platform`,
 * named after the context's cluster, versioned with the API server's version when known); the
 * components are the nodes (kbom-nodes.ts) and the workloads' images with their packages
 * (kbom-images.ts); the dependencies go cluster → nodes and images, node → OS and core
 * components, image → its packages; the vulnerabilities are the images' (when `vuln` scanned).
 */
import { isoSeconds } from '../../report/writers/artifact.js';
import { cyclonedxWriter } from '../../report/writers/cyclonedx.js';
import { stableUuid } from '../../report/writers/ids.js';
import type { K8sReport } from '../report.js';
import { BomRefs } from './bom-refs.js';
import { propertiesOf, type CdxBom, type CdxComponent, type CdxDependency, type CdxVulnerability } from './cdx-types.js';
import { groupImages, imagePart } from './kbom-images.js';
import { nodePart, type NodeInfo } from './kbom-nodes.js';

export interface ClusterBomOptions {
  /** The API server's version (`/version` gitVersion): the cluster component's version. */
  clusterVersion?: string;
  /** The BOM's time stamp, and the seed of its ids (default: now). */
  now?: Date;
  /** The producing tool's version (default: the report's `Picket.Version`). */
  appVersion?: string;
}

/** The cluster report as a CycloneDX 1.6 JSON cluster BOM. */
export function renderClusterBom(report: K8sReport, options: ClusterBomOptions = {}): string {
  const now = options.now ?? new Date();
  const stamp = now.toISOString();
  const writerOptions = { color: false, cyclonedxVersion: '1.6' as const, now, ...(options.appVersion ? { appVersion: options.appVersion } : {}) };
  // The writer's document for nothing: its $schema and tools, so both BOMs name picket alike.
  const skeleton = JSON.parse(cyclonedxWriter.render({ SchemaVersion: 2, CreatedAt: stamp, ArtifactName: report.ClusterName, ArtifactType: 'filesystem', Picket: report.Picket, Results: [] }, writerOptions)) as CdxBom;
  const refs = new BomRefs(`k8s\0${report.ClusterName}\0${stamp}`);
  const cluster: CdxComponent = {
    'bom-ref': refs.claim(undefined, 'cluster', report.ClusterName),
    type: 'platform',
    name: report.ClusterName,
    ...(options.clusterVersion ? { version: options.clusterVersion } : {}),
    properties: propertiesOf([['aquasecurity:trivy:resource:Name', report.ClusterName], ['aquasecurity:trivy:resource:Type', 'cluster']]),
  };
  const components: CdxComponent[] = [];
  const dependencies: CdxDependency[] = [];
  const clusterDeps: string[] = [];
  for (const entry of report.Resources) {
    if (entry.Kind !== 'Node') continue;
    const part = nodePart(entry.Name, nodeInfoOf(entry.Metadata?.NodeInfo), refs);
    clusterDeps.push(part.ref);
    components.push(...part.components);
    dependencies.push(...part.dependencies);
  }
  const vulnerabilities = new Map<string, CdxVulnerability>();
  for (const group of groupImages(report.Resources)) {
    const part = imagePart(group, { report, refs, now, ...(options.appVersion ? { appVersion: options.appVersion } : {}) });
    clusterDeps.push(part.ref);
    components.push(...part.components);
    dependencies.push(...part.dependencies);
    for (const v of part.vulnerabilities) mergeVulnerability(vulnerabilities, v);
  }
  dependencies.unshift({ ref: cluster['bom-ref'], dependsOn: clusterDeps });
  const bom = {
    $schema: skeleton.$schema,
    bomFormat: 'CycloneDX',
    specVersion: skeleton.specVersion,
    serialNumber: `urn:uuid:${stableUuid('cyclonedx-k8s', report.ClusterName, stamp)}`,
    version: 1,
    metadata: { timestamp: isoSeconds(now), tools: skeleton.metadata.tools, component: cluster },
    components,
    dependencies,
    ...(vulnerabilities.size > 0 ? { vulnerabilities: [...vulnerabilities.values()] } : {}),
  };
  return `${JSON.stringify(bom, null, 2)}\n`;
}

/** One entry per vulnerability id, affecting every image component it was found in. */
function mergeVulnerability(byId: Map<string, CdxVulnerability>, v: CdxVulnerability): void {
  const known = byId.get(v.id);
  if (!known) {
    byId.set(v.id, { ...v, ...(v.affects ? { affects: [...v.affects] } : {}) });
    return;
  }
  const affects = known.affects ?? (known.affects = []);
  for (const a of v.affects ?? []) if (!affects.some((x) => x.ref === a.ref)) affects.push(a);
}

function nodeInfoOf(value: unknown): NodeInfo {
  if (typeof value !== 'object' || value === null) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out as NodeInfo;
}
