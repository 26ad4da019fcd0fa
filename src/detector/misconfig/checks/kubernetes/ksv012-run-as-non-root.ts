import { eachContainer, effectiveSecurityContext, kubernetesCheck, PSS_RESTRICTED, WORKLOADS } from './kit.js';

/** KSV-0012: containers must be required to run as a non-root user. */
export const ksv012 = kubernetesCheck({
  id: 'KSV-0012',
  aliases: ['AVD-KSV-0012', 'KSV012', 'no-root', 'kubernetes-no-root'],
  namespace: 'builtin.kubernetes.KSV012',
  title: 'Runs as root user',
  severity: 'MEDIUM',
  description: 'Unless runAsNonRoot is true (on the container or inherited from the pod), the kubelet starts the image as whatever user it declares, often root.',
  resolution: "Set 'securityContext.runAsNonRoot' to true on the containers or the pod.",
  references: [PSS_RESTRICTED],
  kinds: WORKLOADS,
  check: (resource) =>
    eachContainer(resource, (ref) => effectiveSecurityContext(ref).runAsNonRoot !== true, "should set 'securityContext.runAsNonRoot' to true"),
});
