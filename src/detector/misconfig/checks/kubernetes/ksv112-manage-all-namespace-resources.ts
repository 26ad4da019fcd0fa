import { kubernetesCheck, RBAC_GOOD_PRACTICES, rulesGranting } from './kit.js';

const VERBS = ['create', 'update', 'delete', 'deletecollection', 'impersonate', '*', 'list', 'get'];

/** KSV-0112: a Role over all resources of its namespace. */
export const ksv112 = kubernetesCheck({
  id: 'KSV-0112',
  aliases: ['AVD-KSV-0112', 'KSV112', 'no-wildcard-resource-role', 'kubernetes-no-wildcard-resource-role'],
  namespace: 'builtin.kubernetes.KSV112',
  title: 'Manage all resources at the namespace',
  severity: 'CRITICAL',
  description: 'A Role over every resource gives full control of its namespace, secrets included; rarely needed outside deployment operators.',
  resolution: "Replace '*' in 'rules[].resources' with the resources the role needs.",
  references: [RBAC_GOOD_PRACTICES],
  kinds: ['role'],
  check: (resource) => rulesGranting(resource, ['*'], VERBS, `should not manage all resources of namespace '${resource.namespace}'`),
});
