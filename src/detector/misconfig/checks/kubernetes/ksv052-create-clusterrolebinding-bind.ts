import { createsAndBinds, kubernetesCheck, RBAC_GOOD_PRACTICES, ruleCause, rulesOf } from './kit.js';
import type { Cause } from '../../types.js';

/** KSV-0052: create ClusterRoleBindings + bind any ClusterRole. */
export const ksv052 = kubernetesCheck({
  id: 'KSV-0052',
  aliases: ['AVD-KSV-0052', 'KSV052', 'allow-role-clusterrolebindings-associate-privileged-cluster-role', 'kubernetes-allow-role-clusterrolebindings-associate-privileged-cluster-role'],
  namespace: 'builtin.kubernetes.KSV052',
  title: 'Do not allow role to create ClusterRoleBindings and association with privileged role',
  severity: 'HIGH',
  description: 'Creating ClusterRoleBindings together with the bind verb on any ClusterRole lets a subject make itself cluster-admin.',
  resolution: "Do not combine 'create' on clusterrolebindings with 'bind' on clusterroles for all resource names.",
  references: [RBAC_GOOD_PRACTICES],
  check(resource): Cause[] {
    return createsAndBinds(rulesOf(resource), 'clusterrolebindings', ['clusterroles']).map((rule) =>
      ruleCause(resource, rule, `${resource.kind} '${resource.name}' can create cluster role bindings to any cluster role`),
    );
  },
});
