/**
 * A node in the cluster BOM, in trivy's KBOM layout: a `platform` component named after the node
 * with its versions as properties, depending on its operating system and on
 * `node-core-components`, which holds the kubelet (`pkg:k8s/k8s.io%2Fkubelet@…`) and the
 * container runtime (`pkg:golang/github.com/containerd/containerd@…`), so tools reading trivy's
 * KBOM (and advisory lookups by purl) find them.
 */
import { PackageURL } from 'packageurl-js';
import type { BomRefs } from './bom-refs.js';
import { propertiesOf, type CdxComponent, type CdxDependency } from './cdx-types.js';

/** `Metadata.NodeInfo` of a node entry (src/k8s/scan-cluster.ts). */
export type NodeInfo = Partial<Record<'NodeRole' | 'KubeletVersion' | 'KubeProxyVersion' | 'ContainerRuntimeVersion' | 'OsImage' | 'KernelVersion' | 'OperatingSystem' | 'Architecture', string>>;

export interface NodePart {
  /** The node component's ref (the cluster depends on it). */
  ref: string;
  components: CdxComponent[];
  dependencies: CdxDependency[];
}

const TRIVY = 'aquasecurity:trivy:';
const RESOURCE = 'aquasecurity:trivy:resource:';

/** The components of one node: the node, its OS, its core components (kubelet, container runtime). */
export function nodePart(name: string, info: NodeInfo, refs: BomRefs): NodePart {
  const node: CdxComponent = {
    'bom-ref': refs.claim(undefined, 'node', name),
    type: 'platform',
    name,
    properties: propertiesOf([
      [`${TRIVY}NodeRole`, info.NodeRole],
      [`${TRIVY}KubeletVersion`, info.KubeletVersion],
      [`${TRIVY}KubeProxyVersion`, info.KubeProxyVersion],
      [`${TRIVY}ContainerRuntimeVersion`, info.ContainerRuntimeVersion],
      [`${TRIVY}OsImage`, info.OsImage],
      [`${TRIVY}KernelVersion`, info.KernelVersion],
      [`${TRIVY}OperatingSystem`, info.OperatingSystem],
      [`${TRIVY}Architecture`, info.Architecture],
      [`${RESOURCE}Name`, name],
      [`${RESOURCE}Type`, 'node'],
    ]),
  };
  const components = [node];
  const dependencies: CdxDependency[] = [];
  const nodeDeps: string[] = [];

  const os = info.OsImage ? osNameVersion(info.OsImage) : undefined;
  if (os?.name) {
    const component: CdxComponent = {
      'bom-ref': refs.claim(undefined, 'node-os', name),
      type: 'operating-system',
      name: os.name,
      ...(os.version ? { version: os.version } : {}),
      properties: propertiesOf([[`${TRIVY}Class`, 'os-pkgs'], [`${TRIVY}Type`, os.name]]),
    };
    components.push(component);
    dependencies.push({ ref: component['bom-ref'], dependsOn: [] });
    nodeDeps.push(component['bom-ref']);
  }

  const core: CdxComponent[] = [];
  const kubelet = info.KubeletVersion ? bareVersion(info.KubeletVersion) : '';
  if (kubelet) core.push(coreComponent('k8s.io/kubelet', kubelet, new PackageURL('k8s', undefined, 'k8s.io/kubelet', kubelet, undefined, undefined).toString(), name, refs));
  const runtime = info.ContainerRuntimeVersion ? runtimeNameVersion(info.ContainerRuntimeVersion) : undefined;
  if (runtime) {
    const slash = runtime.module?.lastIndexOf('/') ?? -1;
    const purl = runtime.module && runtime.version ? new PackageURL('golang', runtime.module.slice(0, slash), runtime.module.slice(slash + 1), runtime.version, undefined, undefined).toString() : undefined;
    core.push(coreComponent(runtime.module ?? runtime.name, runtime.version, purl, name, refs));
  }
  if (core.length > 0) {
    const holder: CdxComponent = {
      'bom-ref': refs.claim(undefined, 'node-core-components', name),
      type: 'application',
      name: 'node-core-components',
      properties: propertiesOf([[`${TRIVY}Class`, 'lang-pkgs'], [`${TRIVY}Type`, 'golang']]),
    };
    components.push(holder, ...core);
    dependencies.push({ ref: holder['bom-ref'], dependsOn: core.map((c) => c['bom-ref']) });
    for (const c of core) dependencies.push({ ref: c['bom-ref'], dependsOn: [] });
    nodeDeps.push(holder['bom-ref']);
  }
  dependencies.unshift({ ref: node['bom-ref'], dependsOn: nodeDeps });
  return { ref: node['bom-ref'], components, dependencies };
}

function coreComponent(name: string, version: string, purl: string | undefined, node: string, refs: BomRefs): CdxComponent {
  return {
    'bom-ref': refs.claim(purl, 'node-core', node, name),
    type: 'application',
    name,
    ...(version ? { version } : {}),
    ...(purl ? { purl } : {}),
    properties: propertiesOf([[`${RESOURCE}Name`, name], [`${RESOURCE}Type`, 'node']]),
  };
}

/** `v1.29.4` → `1.29.4`. */
function bareVersion(v: string): string {
  return v.trim().replace(/^v(?=\d)/, '');
}

/**
 * The OS of a node's `osImage`, as trivy reads it: the words before the first version-like word,
 * lower-cased, and that word (`Debian GNU/Linux 12 (bookworm)` → `debian gnu/linux` 12;
 * `Ubuntu 22.04.3 LTS` → `ubuntu` 22.04.3).
 */
export function osNameVersion(osImage: string): { name: string; version?: string } {
  const words = osImage.trim().split(/\s+/);
  const at = words.findIndex((w) => /^v?\d+(?:\.\d+)*(?:[-+.][0-9A-Za-z.-]+)?$/.test(w));
  if (at < 0) return { name: osImage.trim().toLowerCase() };
  return { name: words.slice(0, at).join(' ').toLowerCase(), version: words[at] };
}

/** Go modules of the container runtimes a node reports (`containerd://1.7.13`). */
const RUNTIME_MODULES: Record<string, string> = {
  containerd: 'github.com/containerd/containerd',
  'cri-o': 'github.com/cri-o/cri-o',
  docker: 'github.com/moby/moby',
};

/** `containerd://1.7.13` → containerd, its Go module and `1.7.13`. */
export function runtimeNameVersion(value: string): { name: string; module?: string; version: string } {
  const [name, version = ''] = value.split('://');
  const module = RUNTIME_MODULES[name.toLowerCase()];
  return { name, ...(module ? { module } : {}), version: bareVersion(version) };
}
