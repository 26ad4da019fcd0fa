import { dig, eachContainer, kubernetesCheck, PSS_BASELINE, stringsOf, WORKLOADS } from './kit.js';

/** KSV-0022: any capability added to a container. */
export const ksv022 = kubernetesCheck({
  id: 'KSV-0022',
  aliases: ['AVD-KSV-0022', 'KSV022', 'no-non-default-capabilities', 'kubernetes-no-non-default-capabilities'],
  namespace: 'builtin.kubernetes.KSV022',
  title: 'Specific capabilities added',
  severity: 'MEDIUM',
  description: 'Every capability added to a container widens what its processes may do in the kernel; beyond the runtime defaults they should not be needed.',
  resolution: "Remove the entries of 'containers[].securityContext.capabilities.add'.",
  references: [PSS_BASELINE],
  kinds: WORKLOADS,
  check: (resource) =>
    eachContainer(resource, (ref) => stringsOf(dig(ref.container, 'securityContext', 'capabilities', 'add')).length > 0, "should not set 'securityContext.capabilities.add'"),
});
