import { dig, eachContainer, hasKey, kubernetesCheck, WORKLOADS } from './kit.js';

/** KSV-0004: containers should drop at least the capabilities they do not use. */
export const ksv004 = kubernetesCheck({
  id: 'KSV-0004',
  aliases: ['AVD-KSV-0004', 'KSV004', 'drop-unused-capabilities', 'kubernetes-drop-unused-capabilities'],
  namespace: 'builtin.kubernetes.KSV004',
  title: 'Default capabilities: some containers do not drop any',
  severity: 'LOW',
  description: 'A container that drops no capability at all keeps every default capability of the runtime, most of which applications never need.',
  resolution: "List the unneeded capabilities (ideally 'ALL') in 'containers[].securityContext.capabilities.drop'.",
  references: ['https://kubesec.io/basics/containers-securitycontext-capabilities-drop-index-all/'],
  kinds: WORKLOADS,
  check: (resource) =>
    eachContainer(resource, (ref) => !hasKey(dig(ref.container, 'securityContext', 'capabilities'), 'drop'), "should set 'securityContext.capabilities.drop'"),
});
