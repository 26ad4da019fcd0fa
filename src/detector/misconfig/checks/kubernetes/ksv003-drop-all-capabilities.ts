import { dig, eachContainer, kubernetesCheck, stringsOf, WORKLOADS } from './kit.js';

/** KSV-0003: containers should drop ALL capabilities. */
export const ksv003 = kubernetesCheck({
  id: 'KSV-0003',
  aliases: ['AVD-KSV-0003', 'KSV003', 'drop-default-capabilities', 'kubernetes-drop-default-capabilities'],
  namespace: 'builtin.kubernetes.KSV003',
  title: 'Default capabilities: some containers do not drop all',
  severity: 'LOW',
  description: 'Container runtimes grant a default set of Linux capabilities; dropping them all and adding back only what is needed limits what a compromised process can do.',
  resolution: "Add 'ALL' to 'containers[].securityContext.capabilities.drop'.",
  references: ['https://kubesec.io/basics/containers-securitycontext-capabilities-drop-index-all/'],
  kinds: WORKLOADS,
  check: (resource) =>
    eachContainer(
      resource,
      (ref) => !stringsOf(dig(ref.container, 'securityContext', 'capabilities', 'drop')).some((cap) => cap.toLowerCase() === 'all'),
      "should add 'ALL' to 'securityContext.capabilities.drop'",
    ),
});
