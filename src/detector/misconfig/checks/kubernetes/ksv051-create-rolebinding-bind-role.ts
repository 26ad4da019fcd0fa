import { createsAndBinds, kubernetesCheck, RBAC_GOOD_PRACTICES, ruleCause, rulesOf } from './kit.js';
import type { Cause } from '../../types.js';

/** KSV-0051: create RoleBindings + bind any role. */
export const ksv051 = kubernetesCheck({
  id: 'KSV-0051',
  aliases: ['AVD-KSV-0051', 'KSV051', 'do-not-allow-role-binding-associate-privileged-role', 'kubernetes-do-not-allow-role-binding-associate-privileged-role'],
  namespace: 'builtin.kubernetes.KSV051',
  title: 'Do not allow role binding creation and association with privileged role/clusterrole',
  severity: 'HIGH',
  description: 'Creating RoleBindings together with the bind verb on any role lets a subject bind itself to a more privileged role.',
  resolution: "Do not combine 'create' on rolebindings with 'bind' on roles or clusterroles for all resource names.",
  references: [RBAC_GOOD_PRACTICES],
  check(resource): Cause[] {
    return createsAndBinds(rulesOf(resource), 'rolebindings', ['clusterroles', 'roles']).map((rule) =>
      ruleCause(resource, rule, `${resource.kind} '${resource.name}' can create role bindings to any role`),
    );
  },
});
