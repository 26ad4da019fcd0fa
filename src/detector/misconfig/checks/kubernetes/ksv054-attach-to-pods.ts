import { kubernetesCheck, RBAC_GOOD_PRACTICES, ruleCause, rulesOf } from './kit.js';

/** KSV-0054: attach to pods (create pods/attach plus get pods). */
export const ksv054 = kubernetesCheck({
  id: 'KSV-0054',
  aliases: ['AVD-KSV-0054', 'KSV054', 'no-attaching-shell-pods', 'kubernetes-no-attaching-shell-pods'],
  namespace: 'builtin.kubernetes.KSV054',
  title: 'Do not allow attaching to shell on pods',
  severity: 'HIGH',
  description: 'Attaching to a running container gives its console: its processes, its secrets and its token.',
  resolution: "Do not combine 'create' on 'pods/attach' with 'get' on 'pods'.",
  references: [RBAC_GOOD_PRACTICES],
  check(resource) {
    const rules = rulesOf(resource);
    return rules
      .filter(
        (attach, i) =>
          attach.apiGroups.includes('*') &&
          attach.resources.includes('pods/attach') &&
          attach.verbs.includes('create') &&
          rules.some((get, j) => j > i && get.apiGroups.includes('*') && get.resources.includes('pods') && get.verbs.includes('get')),
      )
      .map((rule) => ruleCause(resource, rule, `${resource.kind} '${resource.name}' allows attaching to pods`));
  },
});
