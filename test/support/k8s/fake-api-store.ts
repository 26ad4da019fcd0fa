/**
 * The data side of the tests' fake Kubernetes API server: the resource types it serves (built-in
 * kinds and CRDs), the objects it holds, label and field selectors, and merge / JSON patches.
 * No HTTP here: fake-apiserver.ts serves this store. Ported from ../shared/infra/fake-apiserver.js.
 */
import { randomUUID } from 'node:crypto';

/** A Kubernetes object as JSON: the fake checks nothing beyond `metadata`. */
export interface FakeObject {
  apiVersion?: string;
  kind?: string;
  metadata: FakeMeta;
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

export interface FakeMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

/** One served resource type (`group/version/plural`). */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Has a status subresource. */
  status: boolean;
  crd: boolean;
}

/** `[group, version, kind, plural, namespaced]` of every built-in kind the fake serves. */
const BUILTIN: [string, string, string, string, boolean][] = [
  ['', 'v1', 'Namespace', 'namespaces', false], ['', 'v1', 'Node', 'nodes', false],
  ['', 'v1', 'Pod', 'pods', true], ['', 'v1', 'Service', 'services', true], ['', 'v1', 'ConfigMap', 'configmaps', true],
  ['', 'v1', 'Secret', 'secrets', true], ['', 'v1', 'ServiceAccount', 'serviceaccounts', true],
  ['', 'v1', 'ReplicationController', 'replicationcontrollers', true], ['', 'v1', 'Event', 'events', true],
  ['apps', 'v1', 'Deployment', 'deployments', true], ['apps', 'v1', 'DaemonSet', 'daemonsets', true],
  ['apps', 'v1', 'StatefulSet', 'statefulsets', true], ['apps', 'v1', 'ReplicaSet', 'replicasets', true],
  ['batch', 'v1', 'Job', 'jobs', true], ['batch', 'v1', 'CronJob', 'cronjobs', true],
  ['rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true], ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false],
  ['networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true], ['networking.k8s.io', 'v1', 'Ingress', 'ingresses', true],
  ['coordination.k8s.io', 'v1', 'Lease', 'leases', true],
  ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false],
];
const SHORT: Record<string, string[]> = {
  namespaces: ['ns'], nodes: ['no'], pods: ['po'], services: ['svc'], configmaps: ['cm'], serviceaccounts: ['sa'],
  replicationcontrollers: ['rc'], events: ['ev'], deployments: ['deploy'], daemonsets: ['ds'], statefulsets: ['sts'], replicasets: ['rs'],
  cronjobs: ['cj'], networkpolicies: ['netpol'], ingresses: ['ing'], customresourcedefinitions: ['crd', 'crds'],
};
const CATEGORY_ALL = new Set(['pods', 'services', 'replicationcontrollers', 'deployments', 'daemonsets', 'statefulsets', 'replicasets', 'jobs', 'cronjobs']);

export const typeKey = (group: string, version: string, plural: string): string => `${group}/${version}/${plural}`;
export const apiVersionOf = (t: ResourceType): string => (t.group ? `${t.group}/${t.version}` : t.version);
const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

/** Parses a label selector: `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`. */
export function parseLabelSelector(selector: string | null): (labels: Record<string, string> | undefined) => boolean {
  if (!selector) return () => true;
  const parts = (selector.match(/([^,(]+(\([^)]*\))?)/g) ?? []).map((p) => p.trim()).filter(Boolean);
  const tests = parts.map((p): ((l: Record<string, string>) => boolean) => {
    let m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p);
    if (m) {
      const [, key, op, list] = m;
      const values = list.split(',').map((v) => v.trim());
      return (l) => (op === 'in' ? values.includes(l[key]) : !values.includes(l[key]));
    }
    if ((m = /^(\S+?)\s*!=\s*(\S*)$/.exec(p))) { const [, key, value] = m; return (l) => l[key] !== value; }
    if ((m = /^(\S+?)\s*==?\s*(\S*)$/.exec(p))) { const [, key, value] = m; return (l) => l[key] === value; }
    if ((m = /^!(\S+)$/.exec(p))) { const [, key] = m; return (l) => !(key in l); }
    return (l) => p in l;
  });
  return (labels) => tests.every((t) => t(labels ?? {}));
}

/** The fields a field selector may name (as the real apiserver offers for most kinds). */
export function fieldsOf(o: FakeObject): Record<string, string> {
  const spec = (o.spec ?? {}) as { nodeName?: string };
  const status = (o.status ?? {}) as { phase?: string };
  return { 'metadata.name': o.metadata.name ?? '', 'metadata.namespace': o.metadata.namespace ?? '', 'status.phase': String(status.phase), 'spec.nodeName': String(spec.nodeName) };
}

/** Parses a field selector of `a=b`, `a==b`, `a!=b` terms joined by commas. */
export function parseFieldSelector(selector: string | null): (fields: Record<string, string>) => boolean {
  if (!selector) return () => true;
  const terms = selector.split(',').map((c) => {
    const negate = c.includes('!=');
    const [key, value] = c.split(/!?==?/);
    return { key, value, negate };
  });
  return (f) => terms.every((t) => (t.negate ? f[t.key] !== t.value : f[t.key] === t.value));
}

/** RFC 7386 JSON merge patch (also used for strategic-merge and apply patches: lists are replaced). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

interface JsonPatchOp { op: string; path: string; value?: unknown }

/** RFC 6902 JSON patch: add, remove, replace, test. */
export function jsonPatch(doc: unknown, ops: JsonPatchOp[]): unknown {
  const copy = JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;
  for (const op of ops) {
    const path = op.path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = path.pop() ?? '';
    let parent: Record<string, unknown> | unknown[] = copy;
    for (const p of path) parent = (parent as Record<string, unknown>)[p] as Record<string, unknown>;
    if (op.op === 'test') {
      if (JSON.stringify((parent as Record<string, unknown>)[last]) !== JSON.stringify(op.value)) throw new Error('test failed');
    } else if (op.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (op.op === 'add' && Array.isArray(parent)) {
      if (last === '-') parent.push(op.value);
      else parent.splice(Number(last), 0, op.value);
    } else {
      (parent as Record<string, unknown>)[last] = op.value;
    }
  }
  return copy;
}

/** Everything the fake holds: types, objects per type (`ns/name` keys), the resource version counter. */
export class FakeStore {
  readonly types = new Map<string, ResourceType>();
  private readonly objects = new Map<string, Map<string, FakeObject>>();
  private rv = 1;

  constructor() {
    for (const [group, version, kind, plural, namespaced] of BUILTIN) {
      this.addType({ group, version, kind, plural, namespaced, singular: kind.toLowerCase(), shortNames: SHORT[plural] ?? [], categories: CATEGORY_ALL.has(plural) ? ['all'] : [], status: true, crd: false });
    }
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
      this.bucket(typeKey('', 'v1', 'namespaces')).set(`/${name}`, {
        apiVersion: 'v1', kind: 'Namespace',
        metadata: { name, uid: randomUUID(), resourceVersion: this.nextVersion(), creationTimestamp: now(), labels: { 'kubernetes.io/metadata.name': name } },
        status: { phase: 'Active' },
      });
    }
  }

  get resourceVersion(): string {
    return String(this.rv);
  }

  nextVersion(): string {
    return String(++this.rv);
  }

  addType(t: ResourceType): void {
    this.types.set(typeKey(t.group, t.version, t.plural), t);
  }

  /** The type serving `kind` (first version found), for seeding objects by kind. */
  typeOfKind(apiVersion: string, kind: string): ResourceType | undefined {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return [...this.types.values()].find((t) => t.group === group && t.version === version && t.kind === kind);
  }

  bucket(key: string): Map<string, FakeObject> {
    let b = this.objects.get(key);
    if (!b) this.objects.set(key, (b = new Map()));
    return b;
  }

  allBuckets(): IterableIterator<[string, Map<string, FakeObject>]> {
    return this.objects.entries();
  }

  namespaceExists(ns: string): boolean {
    return this.bucket(typeKey('', 'v1', 'namespaces')).has(`/${ns}`);
  }

  /**
   * Stores `obj` as the apiserver would after a create or update: apiVersion and kind from the
   * type, uid and creationTimestamp kept from `current`, generation bumped when the spec changed,
   * a new resourceVersion. CRDs register their types.
   */
  save(t: ResourceType, current: FakeObject | undefined, obj: FakeObject, ns: string | undefined, name: string): FakeObject {
    obj.apiVersion = apiVersionOf(t);
    obj.kind = t.kind;
    obj.metadata = { ...(obj.metadata ?? {}), name };
    if (t.namespaced) obj.metadata.namespace = ns;
    else delete obj.metadata.namespace;
    obj.metadata.uid = current?.metadata.uid ?? obj.metadata.uid ?? randomUUID();
    obj.metadata.creationTimestamp = current?.metadata.creationTimestamp ?? now();
    const generation = current?.metadata.generation ?? 1;
    obj.metadata.generation = current && JSON.stringify(current.spec) !== JSON.stringify(obj.spec) ? generation + 1 : generation;
    obj.metadata.resourceVersion = this.nextVersion();
    if (t.kind === 'Namespace') obj.status = { phase: 'Active' };
    if (t.kind === 'CustomResourceDefinition') {
      if (current) this.unregisterCrd(current);
      this.registerCrd(obj);
    }
    this.bucket(typeKey(t.group, t.version, t.plural)).set(`${t.namespaced ? ns : ''}/${name}`, obj);
    return obj;
  }

  registerCrd(crd: FakeObject): void {
    const spec = crd.spec as CrdSpec;
    for (const v of spec.versions ?? []) {
      if (v.served === false) continue;
      this.addType({
        group: spec.group, version: v.name, kind: spec.names.kind, plural: spec.names.plural, namespaced: spec.scope === 'Namespaced',
        crd: true, singular: spec.names.singular ?? spec.names.kind.toLowerCase(), shortNames: spec.names.shortNames ?? [],
        status: Boolean(v.subresources?.status), categories: spec.names.categories ?? [],
      });
    }
    crd.status = {
      acceptedNames: spec.names,
      storedVersions: (spec.versions ?? []).filter((v) => v.storage).map((v) => v.name),
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', lastTransitionTime: now() },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', lastTransitionTime: now() },
      ],
    };
  }

  unregisterCrd(crd: FakeObject): void {
    const spec = crd.spec as CrdSpec;
    for (const v of spec.versions ?? []) this.types.delete(typeKey(spec.group, v.name, spec.names.plural));
  }
}

interface CrdSpec {
  group: string;
  scope: string;
  names: { kind: string; plural: string; singular?: string; shortNames?: string[]; categories?: string[] };
  versions?: { name: string; served?: boolean; storage?: boolean; subresources?: { status?: unknown } }[];
}
