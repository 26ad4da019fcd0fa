import { asNumber, eachContainer, effectiveSecurityContext, kubernetesCheck, WORKLOADS } from './kit.js';

/** KSV-0021: containers should run with a GID above 10000. */
export const ksv021 = kubernetesCheck({
  id: 'KSV-0021',
  aliases: ['AVD-KSV-0021', 'KSV021', 'use-high-gid', 'kubernetes-use-high-gid'],
  namespace: 'builtin.kubernetes.KSV021',
  title: 'Runs with GID <= 10000',
  severity: 'LOW',
  description: 'Low GIDs are the ones host groups use; a container running with one would share file access with a host group if it ever escaped.',
  resolution: "Set 'securityContext.runAsGroup' to a number above 10000.",
  references: ['https://kubesec.io/basics/containers-securitycontext-runasuser/'],
  kinds: WORKLOADS,
  check: (resource) =>
    eachContainer(resource, (ref) => (asNumber(effectiveSecurityContext(ref).runAsGroup) ?? 0) <= 10000, "should set 'securityContext.runAsGroup' above 10000"),
});
