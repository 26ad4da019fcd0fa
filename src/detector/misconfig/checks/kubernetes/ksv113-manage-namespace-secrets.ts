import { kubernetesCheck, RBAC_GOOD_PRACTICES, rulesGranting } from './kit.js';

const VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate', '*'];

/** KSV-0113: a Role reading or changing secrets of its namespace. */
export const ksv113 = kubernetesCheck({
  id: 'KSV-0113',
  aliases: ['AVD-KSV-0113', 'KSV113', 'no-manage-ns-secrets', 'kubernetes-no-manage-ns-secrets'],
  namespace: 'builtin.kubernetes.KSV113',
  title: 'Manage namespace secrets',
  severity: 'MEDIUM',
  description: 'Secrets of a namespace include the tokens of its service accounts; reading them escalates to whatever those accounts may do.',
  resolution: "Remove 'secrets' from the role's resources, or restrict it with resourceNames.",
  references: [RBAC_GOOD_PRACTICES],
  kinds: ['role'],
  check: (resource) => rulesGranting(resource, ['secrets'], VERBS, `should not have access to the secrets of namespace '${resource.namespace}'`),
});
