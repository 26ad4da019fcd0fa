import { BINDINGS, bindsSubject, kubernetesCheck } from './kit.js';

/** KSV-0123: bindings naming the system:masters group. */
export const ksv123 = kubernetesCheck({
  id: 'KSV-0123',
  aliases: ['AVD-KSV-0123', 'KSV0123', 'no-system-masters-group-bind', 'kubernetes-no-system-masters-group-bind'],
  namespace: 'appshield.kubernetes.KSV0123',
  title: 'system:masters group access binding',
  severity: 'CRITICAL',
  description: 'system:masters bypasses RBAC entirely; certificates for that group cannot be revoked by changing roles.',
  resolution: 'Remove system:masters from the binding subjects.',
  references: ['https://www.aquasec.com/blog/kubernetes-authorization/'],
  kinds: BINDINGS,
  check: (resource) => bindsSubject(resource, ['system:masters']),
});
