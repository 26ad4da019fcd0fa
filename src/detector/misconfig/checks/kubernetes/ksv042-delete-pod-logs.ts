import { kubernetesCheck, RBAC_GOOD_PRACTICES, ROLES, rulesGranting } from './kit.js';

/** KSV-0042: deleting pod logs. */
export const ksv042 = kubernetesCheck({
  id: 'KSV-0042',
  aliases: ['AVD-KSV-0042', 'KSV042', 'no-delete-pod-logs', 'kubernetes-no-delete-pod-logs'],
  namespace: 'builtin.kubernetes.KSV042',
  title: 'Delete pod logs',
  severity: 'MEDIUM',
  description: 'Deleting pod logs is how an attacker covers their tracks.',
  resolution: "Remove the 'delete' and 'deletecollection' verbs on 'pods/log'.",
  references: [RBAC_GOOD_PRACTICES],
  kinds: ROLES,
  check: (resource) => rulesGranting(resource, ['pods/log'], ['delete', 'deletecollection', '*'], "should not be able to delete 'pods/log'"),
});
