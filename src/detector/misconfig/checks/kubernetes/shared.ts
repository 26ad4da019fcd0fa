/**
 * What several Kubernetes checks share: the kind selectors and reference links, and the common
 * shapes of check (a capability added, a host namespace shared, a resource setting missing, a role
 * rule granting verbs, a binding naming a subject, ConfigMap data).
 */
import { grants, rulesOf, subjectNames } from '../../kubernetes/rbac.js';
import type { RbacRule } from '../../kubernetes/rbac.js';
import type { K8sResource } from '../../kubernetes/resource.js';
import { asMap, dig, hasKey, mapsOf, stringsOf } from '../../kubernetes/values.js';
import type { YamlMap } from '../../kubernetes/values.js';
import { WORKLOAD_KINDS, podsOf } from '../../kubernetes/workload.js';
import type { Cause } from '../../types.js';
import { eachContainer, metadataCause, ruleCause, specCause } from './causes.js';

// Values shared by the Kubernetes check files.

/** The selector of pod checks: workload kinds. */
export const WORKLOADS = WORKLOAD_KINDS;

/** The selector of RBAC role checks. */
export const ROLES: readonly string[] = ['role', 'clusterrole'];

/** The selector of RBAC binding checks. */
export const BINDINGS: readonly string[] = ['rolebinding', 'clusterrolebinding'];

export const PSS_BASELINE = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline';
export const PSS_RESTRICTED = 'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted';
export const RBAC_GOOD_PRACTICES = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';

// Checks that fail when a container adds one specific Linux capability.

/** One failure per container adding `capability` (case-insensitive, with or without `CAP_`). */
export function containersAdding(resource: K8sResource, capability: string): Cause[] {
  return eachContainer(
    resource,
    (ref) => stringsOf(dig(ref.container, 'securityContext', 'capabilities', 'add')).some((cap) => cap.toUpperCase().replace(/^CAP_/, '') === capability),
    `should not add '${capability}' to 'securityContext.capabilities.add'`,
  );
}

// The volumes of an object's pods.

/** Every `volumes[]` entry of the object's pods. */
export function podVolumes(resource: K8sResource): YamlMap[] {
  return podsOf(resource).flatMap((pod) => mapsOf(pod.spec.volumes));
}

// Checks that fail when a pod shares a host namespace (`hostIPC`, `hostNetwork`, `hostPID`).

/** A failure when any pod of the object sets `field: true`. */
export function sharesHostNamespace(resource: K8sResource, field: 'hostIPC' | 'hostNetwork' | 'hostPID'): Cause[] {
  return podsOf(resource).some((pod) => pod.spec[field] === true)
    ? [specCause(resource, `${resource.kind} '${resource.name}' should not set '${field}' to true`)]
    : [];
}

// Checks that fail when a container does not set `resources.<section>.<name>`.

/** One failure per container without `resources.<section>.<name>`. */
export function containersWithout(resource: K8sResource, section: 'limits' | 'requests', name: 'cpu' | 'memory'): Cause[] {
  return eachContainer(resource, (ref) => !hasKey(dig(ref.container, 'resources', section), name), `should set 'resources.${section}.${name}'`);
}

// RBAC checks of the form "a rule of this Role/ClusterRole grants these verbs on these resources".

/** One failure per rule granting one of `verbs` on one of `resources` (and passing `extra`). */
export function rulesGranting(
  resource: K8sResource,
  resources: readonly string[],
  verbs: readonly string[],
  message: string,
  extra: (rule: RbacRule) => boolean = () => true,
): Cause[] {
  return rulesOf(resource)
    .filter((rule) => grants(rule, resources, verbs) && extra(rule))
    .map((rule) => ruleCause(resource, rule, `${resource.kind} '${resource.name}' ${message}`));
}

// The "create bindings + bind any role" pattern of KSV-0051/KSV-0052.

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** Rules creating `bindings` that come before a rule binding any of `roles` for all names. */
export function createsAndBinds(rules: RbacRule[], bindings: string, roles: readonly string[]): RbacRule[] {
  return rules.filter((create, i) => {
    if (!create.apiGroups.includes(RBAC_GROUP) || !create.resources.includes(bindings) || !create.verbs.includes('create')) return false;
    return rules.some(
      (bind, j) =>
        j > i &&
        bind.apiGroups.includes(RBAC_GROUP) &&
        bind.resources.some((r) => roles.includes(r)) &&
        bind.verbs.includes('bind') &&
        bind.resourceNames.includes('*'),
    );
  });
}

// The `data` entries of a ConfigMap, and how to find "key: value" assignments in them.

/** `[key, value]` pairs of a ConfigMap's string data (empty for other kinds). */
export function configMapData(resource: K8sResource): [string, string][] {
  if (resource.kind !== 'ConfigMap') return [];
  const data = asMap(resource.object.data) ?? {};
  return Object.entries(data).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : String(value)]);
}

/** The name assigned on a `name: value` / `name=value` line, when the value is a literal. */
export function assignedName(line: string): string | undefined {
  for (const delimiter of [':', '=']) {
    const parts = line.split(delimiter);
    if (parts.length < 2 || parts[1] === '') continue;
    const value = parts[1].replace(/^"/, '');
    if (value.startsWith('${') || value.startsWith('$(') || value.startsWith('{{')) continue;
    return parts[0];
  }
  return undefined;
}

// Binding checks of the form "a (Cluster)RoleBinding names one of these subjects".

/** A failure when the binding has a subject named one of `names`. */
export function bindsSubject(resource: K8sResource, names: readonly string[]): Cause[] {
  const bound = subjectNames(resource).filter((name) => names.includes(name));
  return bound.length > 0 ? [metadataCause(resource, `${resource.kind} '${resource.name}' should not bind ${[...new Set(bound)].join(', ')}`)] : [];
}
