import { kubernetesCheck, RBAC_GOOD_PRACTICES, rulesGranting } from './kit.js';

const SENSITIVE = [
  'secrets', 'pods', 'deployments', 'daemonsets', 'statefulsets', 'replicationcontrollers', 'replicasets', 'cronjobs', 'jobs',
  'roles', 'clusterroles', 'rolebindings', 'clusterrolebindings', 'users', 'groups',
];

/** KSV-0045: `*` verbs on sensitive resources. */
export const ksv045 = kubernetesCheck({
  id: 'KSV-0045',
  aliases: ['AVD-KSV-0045', 'KSV045', 'no-wildcard-verb-role', 'kubernetes-no-wildcard-verb-role'],
  namespace: 'builtin.kubernetes.KSV045',
  title: 'No wildcard verb roles',
  severity: 'CRITICAL',
  description: 'A wildcard verb grants every action, current and future (escalate, bind, impersonate...), on the resources named.',
  resolution: "List the verbs the role needs instead of '*'.",
  references: [RBAC_GOOD_PRACTICES],
  check: (resource) => rulesGranting(resource, SENSITIVE, ['*'], 'allows every verb on sensitive resources'),
});
