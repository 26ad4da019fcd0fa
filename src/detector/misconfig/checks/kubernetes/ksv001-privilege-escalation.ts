import { containerSecurityContext, eachContainer, kubernetesCheck, PSS_RESTRICTED, WORKLOADS } from './kit.js';

/** KSV-0001: containers must set `allowPrivilegeEscalation: false`. */
export const ksv001 = kubernetesCheck({
  id: 'KSV-0001',
  aliases: ['AVD-KSV-0001', 'KSV001', 'no-self-privesc', 'kubernetes-no-self-privesc'],
  namespace: 'builtin.kubernetes.KSV001',
  title: 'Can elevate its own privileges',
  severity: 'MEDIUM',
  description:
    'Unless allowPrivilegeEscalation is false, a process in the container can gain more privileges than its parent (setuid binaries, file capabilities) and become root.',
  resolution: "Set 'containers[].securityContext.allowPrivilegeEscalation' to false.",
  references: [PSS_RESTRICTED],
  kinds: WORKLOADS,
  check: (resource) =>
    eachContainer(resource, (ref) => containerSecurityContext(ref)?.allowPrivilegeEscalation !== false, "should set 'securityContext.allowPrivilegeEscalation' to false"),
});
