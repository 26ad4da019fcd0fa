import { kubernetesCheck, RBAC_GOOD_PRACTICES, rulesGranting } from './kit.js';

/** KSV-0043: impersonating groups. */
export const ksv043 = kubernetesCheck({
  id: 'KSV-0043',
  aliases: ['AVD-KSV-0043', 'KSV043', 'no-impersonate-privileged-groups', 'kubernetes-no-impersonate-privileged-groups'],
  namespace: 'builtin.kubernetes.KSV043',
  title: 'Do not allow impersonation of privileged groups',
  severity: 'CRITICAL',
  description: 'Whoever can impersonate groups can act as system:masters or any other privileged group.',
  resolution: "Remove the 'impersonate' verb on 'groups' from the role.",
  references: [RBAC_GOOD_PRACTICES],
  check: (resource) => rulesGranting(resource, ['groups'], ['impersonate'], 'should not allow impersonating groups', (rule) => rule.apiGroups.includes('*')),
});
