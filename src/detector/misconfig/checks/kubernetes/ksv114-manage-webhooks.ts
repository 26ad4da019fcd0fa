import { kubernetesCheck, RBAC_GOOD_PRACTICES, ROLES, rulesGranting, WRITE_VERBS } from './kit.js';

/** KSV-0114: changing admission webhook configurations. */
export const ksv114 = kubernetesCheck({
  id: 'KSV-0114',
  aliases: ['AVD-KSV-0114', 'KSV114', 'no-manage-webhook', 'kubernetes-no-manage-webhook'],
  namespace: 'builtin.kubernetes.KSV114',
  title: 'Manage webhookconfigurations',
  severity: 'CRITICAL',
  description: 'Admission webhooks see, change or block every object sent to the API server, secrets and pod specs included.',
  resolution: "Limit webhook configuration resources to the 'get', 'list' and 'watch' verbs.",
  references: [RBAC_GOOD_PRACTICES],
  kinds: ROLES,
  check: (resource) =>
    rulesGranting(resource, ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], WRITE_VERBS, 'should not be able to change admission webhook configurations'),
});
