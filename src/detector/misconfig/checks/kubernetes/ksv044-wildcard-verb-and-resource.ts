import { kubernetesCheck, RBAC_GOOD_PRACTICES, rulesGranting } from './kit.js';

/** KSV-0044: `*` verbs on `*` resources of `*` API groups. */
export const ksv044 = kubernetesCheck({
  id: 'KSV-0044',
  aliases: ['AVD-KSV-0044', 'KSV044', 'no-wildcard-verb-resource-role', 'kubernetes-no-wildcard-verb-resource-role'],
  namespace: 'builtin.kubernetes.KSV044',
  title: 'No wildcard verb and resource roles',
  severity: 'CRITICAL',
  description: 'A rule with wildcard API groups, resources and verbs grants everything, including resources added to the API later.',
  resolution: 'List the API groups, resources and verbs the role needs instead of wildcards.',
  references: [RBAC_GOOD_PRACTICES],
  check: (resource) => rulesGranting(resource, ['*'], ['*'], 'allows every verb on every resource', (rule) => rule.apiGroups.includes('*')),
});
