import { kubernetesCheck, RBAC_GOOD_PRACTICES, ROLES, rulesGranting, WRITE_VERBS } from './kit.js';

const WORKLOAD_RESOURCES = ['pods', 'deployments', 'jobs', 'cronjobs', 'statefulsets', 'daemonsets', 'replicasets', 'replicationcontrollers'];

/** KSV-0048: creating or changing workloads. */
export const ksv048 = kubernetesCheck({
  id: 'KSV-0048',
  aliases: ['AVD-KSV-0048', 'KSV048', 'deny-create-update-malicious-pod', 'kubernetes-deny-create-update-malicious-pod'],
  namespace: 'builtin.kubernetes.KSV048',
  title: 'Manage Kubernetes workloads and pods',
  severity: 'MEDIUM',
  description: 'Whoever can create or change workloads can run any image with any service account in the namespace, and, depending on admission policies, escape to the node.',
  resolution: "Limit workload resources to the 'get', 'list' and 'watch' verbs.",
  references: [RBAC_GOOD_PRACTICES],
  kinds: ROLES,
  check: (resource) => rulesGranting(resource, WORKLOAD_RESOURCES, WRITE_VERBS, 'should not be able to create or change workloads'),
});
