import { kubernetesCheck, RBAC_GOOD_PRACTICES, ROLES, rulesGranting, WRITE_VERBS } from './kit.js';

/** KSV-0049: changing configmaps. */
export const ksv049 = kubernetesCheck({
  id: 'KSV-0049',
  aliases: ['AVD-KSV-0049', 'KSV049', 'no-manage-configmaps', 'kubernetes-no-manage-configmaps'],
  namespace: 'builtin.kubernetes.KSV049',
  title: 'Manage configmaps',
  severity: 'MEDIUM',
  description: 'ConfigMaps steer the runtime behaviour of workloads and sometimes hold sensitive values; write access lets an attacker change how they run.',
  resolution: "Remove the write verbs on 'configmaps'.",
  references: [RBAC_GOOD_PRACTICES],
  kinds: ROLES,
  check: (resource) => rulesGranting(resource, ['configmaps'], WRITE_VERBS, "should not be able to change 'configmaps'"),
});
