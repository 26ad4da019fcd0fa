import { containerSecurityContext, eachContainer, kubernetesCheck, PSS_BASELINE, WORKLOADS } from './kit.js';

/** KSV-0017: privileged containers. */
export const ksv017 = kubernetesCheck({
  id: 'KSV-0017',
  aliases: ['AVD-KSV-0017', 'KSV017', 'no-privileged-containers', 'kubernetes-no-privileged-containers'],
  namespace: 'builtin.kubernetes.KSV017',
  title: 'Privileged',
  severity: 'HIGH',
  description: 'A privileged container has every capability and access to the host\'s devices: it is root on the node. Only system components should need it.',
  resolution: "Set 'containers[].securityContext.privileged' to false (or remove it).",
  references: [PSS_BASELINE],
  kinds: WORKLOADS,
  check: (resource) =>
    eachContainer(resource, (ref) => containerSecurityContext(ref)?.privileged === true, "should set 'securityContext.privileged' to false"),
});
