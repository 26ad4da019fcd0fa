import { kubernetesCheck, RBAC_GOOD_PRACTICES, ROLES, rulesGranting, WRITE_VERBS } from './kit.js';

/** KSV-0053: exec into pods. */
export const ksv053 = kubernetesCheck({
  id: 'KSV-0053',
  aliases: ['AVD-KSV-0053', 'KSV053', 'no-getting-shell-pods', 'kubernetes-no-getting-shell-pods'],
  namespace: 'builtin.kubernetes.KSV053',
  title: 'Exec into Pods',
  severity: 'HIGH',
  description: 'Exec into a pod gives its shell, its service account token and its host access, a common path to cluster-admin.',
  resolution: "Remove the write verbs on 'pods/exec'.",
  references: [RBAC_GOOD_PRACTICES],
  kinds: ROLES,
  check: (resource) => rulesGranting(resource, ['pods/exec'], WRITE_VERBS, "should not be able to exec into pods ('pods/exec')"),
});
