import { kubernetesCheck, RBAC_GOOD_PRACTICES, rulesGranting } from './kit.js';

const VERBS = ['create', 'update', 'delete', 'deletecollection', 'impersonate', '*', 'list', 'get'];

/** KSV-0046: a ClusterRole over all resources. */
export const ksv046 = kubernetesCheck({
  id: 'KSV-0046',
  aliases: ['AVD-KSV-0046', 'KSV046', 'no-wildcard-resource-clusterrole', 'kubernetes-no-wildcard-resource-clusterrole'],
  namespace: 'builtin.kubernetes.KSV046',
  title: 'Manage all resources',
  severity: 'CRITICAL',
  description: 'A ClusterRole over every resource controls the whole cluster: all pods, secrets and data, and through them every node.',
  resolution: "Replace '*' in 'rules[].resources' with the resources the role needs.",
  references: [RBAC_GOOD_PRACTICES],
  kinds: ['clusterrole'],
  check: (resource) => rulesGranting(resource, ['*'], VERBS, 'should not manage all resources'),
});
