/**
 * Kubernetes objects as the API serves them (plain JSON), and the few typed views of them the
 * scan reads: metadata, owner references, pod specs and their containers. Everything else is
 * kept as it came, so the misconfiguration checks see the live object unchanged.
 */

export interface OwnerReference {
  apiVersion?: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  [key: string]: unknown;
}

/** An object as listed: `kind` and `apiVersion` are filled in by the lister when the list left them out. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface Container {
  name: string;
  image?: string;
  env?: { name: string; value?: string }[];
  [key: string]: unknown;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  imagePullSecrets?: { name?: string }[];
  serviceAccountName?: string;
  nodeName?: string;
  [key: string]: unknown;
}

export interface ContainerStatus {
  name: string;
  image?: string;
  imageID?: string;
}

/** `namespace/kind/name` (cluster-scoped: `kind/name`), the key a resource is reported under. */
export function objectKey(obj: Pick<K8sObject, 'kind' | 'metadata'>): string {
  return `${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${obj.kind}/${obj.metadata.name}`;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * The pod spec of a workload: a Pod's own spec; the template's for Deployments, StatefulSets,
 * DaemonSets, ReplicaSets, ReplicationControllers and Jobs; the job template's for CronJobs.
 */
export function podSpecOf(obj: K8sObject): PodSpec | undefined {
  const spec = record(obj.spec);
  if (!spec) return undefined;
  switch (obj.kind) {
    case 'Pod':
      return spec as PodSpec;
    case 'CronJob':
      return record(record(record(record(spec.jobTemplate)?.spec)?.template)?.spec) as PodSpec | undefined;
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'ReplicationController': case 'Job':
      return record(record(spec.template)?.spec) as PodSpec | undefined;
    default:
      return undefined;
  }
}

/** Every container of a pod spec, init and ephemeral ones included, with the list it is in. */
export function containersOf(spec: PodSpec): { container: Container; list: 'initContainers' | 'containers' | 'ephemeralContainers' }[] {
  const lists = ['initContainers', 'containers', 'ephemeralContainers'] as const;
  return lists.flatMap((list) => (Array.isArray(spec[list]) ? spec[list]! : []).filter((c) => c && typeof c === 'object').map((container) => ({ container, list })));
}

/** The container statuses a Pod reports (init, regular and ephemeral). */
export function containerStatusesOf(pod: K8sObject): ContainerStatus[] {
  const status = record(pod.status);
  if (!status) return [];
  return ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses'].flatMap((key) => (Array.isArray(status[key]) ? (status[key] as ContainerStatus[]) : []));
}

/** The owner that controls the object (`controller: true`), if any. */
export function controllerOf(obj: K8sObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((o) => o.controller === true);
}
