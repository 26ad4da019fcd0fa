import { kubernetesCheck, RBAC_GOOD_PRACTICES, ruleCause, rulesOf } from './kit.js';

/** KSV-0055: get + patch on rolebindings. */
export const ksv055 = kubernetesCheck({
  id: 'KSV-0055',
  aliases: ['AVD-KSV-0055', 'KSV055', 'view-all-secrets', 'kubernetes-view-all-secrets'],
  namespace: 'builtin.kubernetes.KSV055',
  title: 'Do not allow users in a rolebinding to add other users to their rolebindings',
  severity: 'LOW',
  description: 'With get and patch on rolebindings, members of a binding can add other subjects to it and hand out their permissions.',
  resolution: "Do not grant 'get' and 'patch' on 'rolebindings' unless needed.",
  references: [RBAC_GOOD_PRACTICES],
  check: (resource) =>
    rulesOf(resource)
      .filter((rule) => rule.apiGroups.includes('*') && rule.resources.includes('rolebindings') && rule.verbs.includes('get') && rule.verbs.includes('patch'))
      .map((rule) => ruleCause(resource, rule, `${resource.kind} '${resource.name}' lets subjects add others to role bindings`)),
});
