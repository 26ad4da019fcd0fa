import { kubernetesCheck, RBAC_GOOD_PRACTICES, ROLES, rulesGranting } from './kit.js';

const RBAC_RESOURCES = ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'];
const VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection', 'impersonate', 'escalate', 'bind', '*'];

/** KSV-0050: changing RBAC objects (or binding/escalating roles). */
export const ksv050 = kubernetesCheck({
  id: 'KSV-0050',
  aliases: ['AVD-KSV-0050', 'KSV050', 'no-manage-rbac-resources', 'kubernetes-no-manage-rbac-resources', 'kubernetes-no-privilege-escalation-rbac'],
  namespace: 'builtin.kubernetes.KSV050',
  title: 'Do not allow privilege escalation via RBAC resources',
  severity: 'CRITICAL',
  description: 'Writing roles and bindings, or the escalate and bind verbs, lets a subject grant itself any permission: effectively cluster-admin.',
  resolution: "Remove the write, 'escalate' and 'bind' verbs on roles, clusterroles and their bindings.",
  references: [RBAC_GOOD_PRACTICES, 'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-creation-or-update'],
  kinds: ROLES,
  check: (resource) => rulesGranting(resource, RBAC_RESOURCES, VERBS, 'should not be able to change RBAC roles or bindings'),
});
