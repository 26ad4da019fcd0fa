/** Helpers for RBAC checks over Role/ClusterRole rules and (Cluster)RoleBinding subjects. */
import type { K8sResource } from './resource.js';
import { asMap, mapsOf, stringsOf } from './values.js';
import type { YamlMap } from './values.js';

/** One `rules[]` entry with its lists read safely. */
export interface RbacRule {
  node: YamlMap;
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
}

/** Verbs that change objects (the write set most RBAC checks forbid). */
export const WRITE_VERBS: readonly string[] = ['create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate', '*'];

/** True for Role and ClusterRole objects. */
export function isRole(resource: K8sResource): boolean {
  return resource.kind === 'Role' || resource.kind === 'ClusterRole';
}

/** True for RoleBinding and ClusterRoleBinding objects. */
export function isRoleBinding(resource: K8sResource): boolean {
  return resource.kind === 'RoleBinding' || resource.kind === 'ClusterRoleBinding';
}

/** The rules of a Role/ClusterRole (empty for other kinds). */
export function rulesOf(resource: K8sResource): RbacRule[] {
  if (!isRole(resource)) return [];
  return mapsOf(resource.object.rules).map((node) => ({
    node,
    apiGroups: stringsOf(node.apiGroups),
    resources: stringsOf(node.resources),
    verbs: stringsOf(node.verbs),
    resourceNames: stringsOf(node.resourceNames),
  }));
}

/** True when the rule names one of `resources` and one of `verbs`. */
export function grants(rule: RbacRule, resources: readonly string[], verbs: readonly string[]): boolean {
  return rule.resources.some((r) => resources.includes(r)) && rule.verbs.some((v) => verbs.includes(v));
}

/** The subject names of a binding. */
export function subjectNames(resource: K8sResource): string[] {
  if (!isRoleBinding(resource)) return [];
  return mapsOf(resource.object.subjects).flatMap((subject) => (typeof subject.name === 'string' ? [subject.name] : []));
}

/** `roleRef.name` of a binding. */
export function roleRefName(resource: K8sResource): string | undefined {
  const name = asMap(resource.object.roleRef)?.name;
  return typeof name === 'string' ? name : undefined;
}
