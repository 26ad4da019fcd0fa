import { containersAdding, kubernetesCheck, WORKLOADS } from './kit.js';

/** KSV-0120: SYS_MODULE loads kernel modules. */
export const ksv120 = kubernetesCheck({
  id: 'KSV-0120',
  aliases: ['AVD-KSV-0120', 'KSV120', 'no-sysmodule-capability', 'kubernetes-no-sysmodule-capability'],
  namespace: 'builtin.kubernetes.KSV120',
  title: 'SYS_MODULE capability added',
  severity: 'HIGH',
  description: 'CAP_SYS_MODULE lets a container load and unload kernel modules, that is, run code in the host kernel.',
  resolution: "Remove 'SYS_MODULE' from 'containers[].securityContext.capabilities.add'.",
  references: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  kinds: WORKLOADS,
  check: (resource) => containersAdding(resource, 'SYS_MODULE'),
});
