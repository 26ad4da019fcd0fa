import { asMap, asString, containerCause, containersOf, effectiveSecurityContext, kubernetesCheck, podAnnotations, PSS_BASELINE, WORKLOADS } from './kit.js';

const CONTAINER_ANNOTATION = 'container.seccomp.security.alpha.kubernetes.io/';

/** KSV-0104: containers without a seccomp profile (unconfined). */
export const ksv104 = kubernetesCheck({
  id: 'KSV-0104',
  aliases: ['AVD-KSV-0104', 'KSV104', 'no-seccomp-unconfined', 'kubernetes-no-seccomp-unconfined'],
  namespace: 'builtin.kubernetes.KSV104',
  title: 'Seccomp policies disabled',
  severity: 'MEDIUM',
  description: 'Without a seccomp profile (or with Unconfined) every system call is open to the container, including the rarely used ones behind many kernel exploits.',
  resolution: "Set 'securityContext.seccompProfile.type' to 'RuntimeDefault' or 'Localhost' on the pod or the containers.",
  references: [PSS_BASELINE],
  kinds: WORKLOADS,
  check(resource) {
    return containersOf(resource).flatMap((ref) => {
      const type = asString(asMap(effectiveSecurityContext(ref).seccompProfile)?.type) ?? asString(podAnnotations(ref.pod)[CONTAINER_ANNOTATION + ref.name]) ?? '';
      if (type !== '' && type.toLowerCase() !== 'unconfined') return [];
      return [containerCause(resource, ref, `Container '${ref.name}' of ${resource.kindLower} '${resource.name}' in '${resource.namespace}' namespace should specify a seccomp profile`)];
    });
  },
});
