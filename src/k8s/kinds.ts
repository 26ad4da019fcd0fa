import { UserError } from '../errors.js';

/** A kind `picket k8s` lists: where the API serves it and the names users may write for it. */
export interface KindSpec {
  kind: string;
  /** `/api/v1` or `/apis/<group>/<version>`. */
  apiPath: string;
  plural: string;
  namespaced: boolean;
  /** Other spellings accepted by --include-kinds/--exclude-kinds (lower case), kubectl's short names among them. */
  aliases: readonly string[];
}

/**
 * The kinds a cluster scan lists, in the order they are listed and reported: workloads, then
 * services and networking, then RBAC, then nodes (for their versions). Secrets are never listed
 * (only the image pull secrets pods name are read, as registry credentials).
 */
export const K8S_KINDS: readonly KindSpec[] = [
  { kind: 'Pod', apiPath: '/api/v1', plural: 'pods', namespaced: true, aliases: ['po'] },
  { kind: 'Deployment', apiPath: '/apis/apps/v1', plural: 'deployments', namespaced: true, aliases: ['deploy'] },
  { kind: 'StatefulSet', apiPath: '/apis/apps/v1', plural: 'statefulsets', namespaced: true, aliases: ['sts'] },
  { kind: 'DaemonSet', apiPath: '/apis/apps/v1', plural: 'daemonsets', namespaced: true, aliases: ['ds'] },
  { kind: 'ReplicaSet', apiPath: '/apis/apps/v1', plural: 'replicasets', namespaced: true, aliases: ['rs'] },
  { kind: 'Job', apiPath: '/apis/batch/v1', plural: 'jobs', namespaced: true, aliases: [] },
  { kind: 'CronJob', apiPath: '/apis/batch/v1', plural: 'cronjobs', namespaced: true, aliases: ['cj'] },
  { kind: 'Service', apiPath: '/api/v1', plural: 'services', namespaced: true, aliases: ['svc'] },
  { kind: 'Ingress', apiPath: '/apis/networking.k8s.io/v1', plural: 'ingresses', namespaced: true, aliases: ['ing'] },
  { kind: 'NetworkPolicy', apiPath: '/apis/networking.k8s.io/v1', plural: 'networkpolicies', namespaced: true, aliases: ['netpol'] },
  { kind: 'Role', apiPath: '/apis/rbac.authorization.k8s.io/v1', plural: 'roles', namespaced: true, aliases: [] },
  { kind: 'RoleBinding', apiPath: '/apis/rbac.authorization.k8s.io/v1', plural: 'rolebindings', namespaced: true, aliases: [] },
  { kind: 'ClusterRole', apiPath: '/apis/rbac.authorization.k8s.io/v1', plural: 'clusterroles', namespaced: false, aliases: [] },
  { kind: 'ClusterRoleBinding', apiPath: '/apis/rbac.authorization.k8s.io/v1', plural: 'clusterrolebindings', namespaced: false, aliases: [] },
  { kind: 'Node', apiPath: '/api/v1', plural: 'nodes', namespaced: false, aliases: ['no'] },
];

/** Kinds whose objects run containers (they have a pod template or are pods). */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController']);

/** The kind spec a user's word names: `Pod`, `pod`, `pods`, `po` all name Pods. */
export function kindNamed(word: string): KindSpec | undefined {
  const w = word.trim().toLowerCase();
  return K8S_KINDS.find((k) => k.kind.toLowerCase() === w || k.plural === w || k.aliases.includes(w));
}

/**
 * The kinds to list from --include-kinds (default: all of K8S_KINDS) minus --exclude-kinds; an
 * unknown name is a UserError listing the known ones.
 */
export function selectKinds(include: readonly string[], exclude: readonly string[]): KindSpec[] {
  const resolve = (words: readonly string[], flag: string) => words.map((w) => {
    const spec = kindNamed(w);
    if (!spec) throw new UserError(`${flag}: unknown kind "${w}"; known kinds: ${K8S_KINDS.map((k) => k.kind).join(', ')}`);
    return spec;
  });
  const included = include.length > 0 ? new Set(resolve(include, '--include-kinds')) : new Set(K8S_KINDS);
  const excluded = new Set(resolve(exclude, '--exclude-kinds'));
  return K8S_KINDS.filter((k) => included.has(k) && !excluded.has(k));
}
