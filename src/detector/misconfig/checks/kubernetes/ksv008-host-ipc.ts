import { kubernetesCheck, PSS_BASELINE, sharesHostNamespace, WORKLOADS } from './kit.js';

/** KSV-0008: the host's IPC namespace. */
export const ksv008 = kubernetesCheck({
  id: 'KSV-0008',
  aliases: ['AVD-KSV-0008', 'KSV008', 'no-shared-ipc-namespace', 'kubernetes-no-shared-ipc-namespace'],
  namespace: 'builtin.kubernetes.KSV008',
  title: 'Access to host IPC namespace',
  severity: 'HIGH',
  description: 'With hostIPC the pod shares the node\'s IPC namespace: it can read and write shared memory of every process on the node.',
  resolution: "Do not set 'spec.hostIPC' (or set it to false).",
  references: [PSS_BASELINE],
  kinds: WORKLOADS,
  check: (resource) => sharesHostNamespace(resource, 'hostIPC'),
});
