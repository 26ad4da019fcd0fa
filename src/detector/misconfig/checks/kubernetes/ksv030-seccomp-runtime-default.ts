import { asMap, asString, causeAtNode, containerCause, containersOf, describeContainer, effectiveSecurityContext, kubernetesCheck, podAnnotations, podsOf, PSS_RESTRICTED, WORKLOADS } from './kit.js';
import type { Cause } from '../../types.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';

/** KSV-0030: the seccomp profile must be RuntimeDefault (or a Localhost profile). */
export const ksv030 = kubernetesCheck({
  id: 'KSV-0030',
  aliases: ['AVD-KSV-0030', 'KSV030', 'use-default-seccomp', 'kubernetes-use-default-seccomp'],
  namespace: 'builtin.kubernetes.KSV030',
  title: 'Runtime/Default Seccomp profile not set',
  severity: 'LOW',
  description: 'The restricted Pod Security Standard requires a seccomp profile: the runtime default (or a node-local one) blocks system calls containers do not need.',
  resolution: "Set 'securityContext.seccompProfile.type' to 'RuntimeDefault' on the pod or on every container.",
  references: [PSS_RESTRICTED],
  kinds: WORKLOADS,
  check(resource) {
    const causes: Cause[] = [];
    for (const pod of podsOf(resource)) {
      const annotation = asString(podAnnotations(pod)[POD_ANNOTATION]);
      if (annotation !== undefined && annotation !== 'runtime/default') {
        causes.push(causeAtNode(resource, pod.metadata, `${POD_ANNOTATION} should be 'runtime/default'`));
      }
    }
    for (const ref of containersOf(resource)) {
      if (asString(podAnnotations(ref.pod)[POD_ANNOTATION]) !== undefined) continue;
      const type = asString(asMap(effectiveSecurityContext(ref).seccompProfile)?.type);
      if (type !== 'RuntimeDefault' && type !== 'Localhost') {
        causes.push(containerCause(resource, ref, `${describeContainer(resource, ref)} should run with the 'RuntimeDefault' seccomp profile (set on the pod or the container)`));
      }
    }
    return causes;
  },
});
