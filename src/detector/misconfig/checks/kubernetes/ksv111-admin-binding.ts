import { BINDINGS, kubernetesCheck, metadataCause, RBAC_GOOD_PRACTICES, roleRefName } from './kit.js';

const ADMIN_ROLES = ['cluster-admin', 'admin', 'edit'];

/** KSV-0111: bindings to cluster-admin, admin or edit. */
export const ksv111 = kubernetesCheck({
  id: 'KSV-0111',
  aliases: ['AVD-KSV-0111', 'KSV111', 'cluster-admin0-role-only-used-where-required', 'kubernetes-cluster-admin0-role-only-used-where-required'],
  namespace: 'builtin.kubernetes.KSV111',
  title: 'User with admin access',
  severity: 'MEDIUM',
  description: 'The built-in cluster-admin, admin and edit roles grant very broad rights; bindings to them should be rare and deliberate.',
  resolution: "Bind a narrower role instead of 'cluster-admin', 'admin' or 'edit'.",
  references: [RBAC_GOOD_PRACTICES],
  kinds: BINDINGS,
  check(resource) {
    const role = roleRefName(resource);
    if (role === undefined || !ADMIN_ROLES.includes(role)) return [];
    return [metadataCause(resource, `${resource.kind} '${resource.name}' binds the '${role}' role`)];
  },
});
