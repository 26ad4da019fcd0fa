import { asMap, containerCause, containersOf, kubernetesCheck, podsOf, podSpecCause, WORKLOADS } from './kit.js';
import type { Cause } from '../../types.js';

/** KSV-0118: pods and containers left with the default (empty) security context. */
export const ksv118 = kubernetesCheck({
  id: 'KSV-0118',
  aliases: ['AVD-KSV-0118', 'KSV118', 'no-default-security-context', 'kubernetes-no-default-security-context'],
  namespace: 'builtin.kubernetes.KSV118',
  title: 'Default security context configured',
  severity: 'HIGH',
  description: 'An empty or missing security context leaves every setting at its permissive default: root user, privilege escalation allowed, writable root filesystem.',
  resolution: 'Set a securityContext on the pod and its containers (runAsNonRoot, allowPrivilegeEscalation, capabilities, readOnlyRootFilesystem...).',
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  kinds: WORKLOADS,
  check(resource) {
    const causes: Cause[] = [];
    for (const ref of containersOf(resource)) {
      if (isDefault(ref.container.securityContext)) {
        causes.push(containerCause(resource, ref, `Container '${ref.name}' of ${resource.kindLower} ${resource.name} in ${resource.namespace} namespace uses the default security context`));
      }
    }
    for (const pod of podsOf(resource)) {
      if (isDefault(pod.spec.securityContext)) {
        causes.push(podSpecCause(resource, pod, `${resource.kindLower} ${resource.name} in ${resource.namespace} namespace uses the default pod security context, which allows root privileges`));
      }
    }
    return causes;
  },
});

function isDefault(value: unknown): boolean {
  const map = asMap(value);
  return map === undefined || Object.keys(map).length === 0;
}
