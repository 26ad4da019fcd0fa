import { asNumber, eachContainer, effectiveSecurityContext, kubernetesCheck, WORKLOADS } from './kit.js';

/** KSV-0020: containers should run with a UID above 10000. */
export const ksv020 = kubernetesCheck({
  id: 'KSV-0020',
  aliases: ['AVD-KSV-0020', 'KSV020', 'use-high-uid', 'kubernetes-use-high-uid'],
  namespace: 'builtin.kubernetes.KSV020',
  title: 'Runs with UID <= 10000',
  severity: 'LOW',
  description: 'Low UIDs are the ones host accounts use; a container running with one would share its identity with a host user if it ever escaped.',
  resolution: "Set 'securityContext.runAsUser' to a number above 10000.",
  references: ['https://kubesec.io/basics/containers-securitycontext-runasuser/'],
  kinds: WORKLOADS,
  check: (resource) =>
    eachContainer(resource, (ref) => (asNumber(effectiveSecurityContext(ref).runAsUser) ?? 0) <= 10000, "should set 'securityContext.runAsUser' above 10000"),
});
