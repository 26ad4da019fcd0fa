import { kubernetesCheck, RBAC_GOOD_PRACTICES, rulesGranting } from './kit.js';

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate', '*'];

/** KSV-0041: a ClusterRole reading or changing secrets cluster-wide. */
export const ksv041 = kubernetesCheck({
  id: 'KSV-0041',
  aliases: ['AVD-KSV-0041', 'KSV041', 'no-manage-secrets', 'kubernetes-no-manage-secrets'],
  namespace: 'builtin.kubernetes.KSV041',
  title: 'Manage secrets',
  severity: 'CRITICAL',
  description: 'Secrets of every namespace include service account tokens bound to powerful roles: reading them cluster-wide is close to cluster-admin.',
  resolution: "Remove 'secrets' from the resources of the ClusterRole, or scope access with a Role and resourceNames.",
  references: [RBAC_GOOD_PRACTICES],
  kinds: ['clusterrole'],
  check: (resource) => rulesGranting(resource, ['secrets'], VERBS, 'should not have access to secrets'),
});
