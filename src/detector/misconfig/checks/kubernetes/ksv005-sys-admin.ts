import { containersAdding, kubernetesCheck, WORKLOADS } from './kit.js';

/** KSV-0005: SYS_ADMIN is close to full root. */
export const ksv005 = kubernetesCheck({
  id: 'KSV-0005',
  aliases: ['AVD-KSV-0005', 'KSV005', 'no-sysadmin-capability', 'kubernetes-no-sysadmin-capability'],
  namespace: 'builtin.kubernetes.KSV005',
  title: 'SYS_ADMIN capability added',
  severity: 'HIGH',
  description: 'CAP_SYS_ADMIN allows mounting filesystems, namespace operations and much more: it is almost equivalent to running as root on the host kernel.',
  resolution: "Remove 'SYS_ADMIN' from 'containers[].securityContext.capabilities.add'.",
  references: ['https://kubesec.io/basics/containers-securitycontext-capabilities-add-index-sys-admin/'],
  kinds: WORKLOADS,
  check: (resource) => containersAdding(resource, 'SYS_ADMIN'),
});
