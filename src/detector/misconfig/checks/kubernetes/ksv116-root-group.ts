import { asList, asNumber, causeAtNode, containerSecurityContext, containersOf, kubernetesCheck, podSecurityContext, podsOf, WORKLOADS } from './kit.js';
import type { Cause } from '../../types.js';

/** KSV-0116: GID 0 as primary, supplementary or filesystem group. */
export const ksv116 = kubernetesCheck({
  id: 'KSV-0116',
  aliases: ['AVD-KSV-0116', 'KSV116', 'primary-supplementary-gid', 'kubernetes-primary-supplementary-gid'],
  namespace: 'builtin.kubernetes.KSV116',
  title: 'Runs with a root primary or supplementary GID',
  severity: 'LOW',
  description: 'Group 0 owns many system files; a container running with it as primary, supplementary or fsGroup gets their group permissions.',
  resolution: "Set 'runAsGroup', 'fsGroup' and 'supplementalGroups' to non-zero GIDs, or leave them unset.",
  references: ['https://kubesec.io/basics/containers-securitycontext-runasuser/'],
  kinds: WORKLOADS,
  check(resource) {
    const causes: Cause[] = [];
    for (const pod of podsOf(resource)) {
      const context = podSecurityContext(pod);
      if (!context) continue;
      if (asNumber(context.runAsGroup) === 0 || asNumber(context.fsGroup) === 0 || asList(context.supplementalGroups).some((gid) => asNumber(gid) === 0)) {
        causes.push(causeAtNode(resource, context, `${resource.kindLower} ${resource.name} runs with the root group (GID 0) in 'spec.securityContext'`));
      }
    }
    for (const ref of containersOf(resource)) {
      const context = containerSecurityContext(ref);
      if (context && asNumber(context.runAsGroup) === 0) {
        causes.push(causeAtNode(resource, context, `Container '${ref.name}' of ${resource.kindLower} ${resource.name} sets 'runAsGroup' to 0`));
      }
    }
    return causes;
  },
});
