import { kubernetesCheck, PSS_BASELINE, sharesHostNamespace, WORKLOADS } from './kit.js';

/** KSV-0010: the host's PID namespace. */
export const ksv010 = kubernetesCheck({
  id: 'KSV-0010',
  aliases: ['AVD-KSV-0010', 'KSV010', 'no-host-pid', 'kubernetes-no-host-pid'],
  namespace: 'builtin.kubernetes.KSV010',
  title: 'Access to host PID',
  severity: 'HIGH',
  description: 'With hostPID the pod sees every process of the node and, with enough privileges, can signal or trace them.',
  resolution: "Do not set 'spec.hostPID' (or set it to false).",
  references: [PSS_BASELINE],
  kinds: WORKLOADS,
  check: (resource) => sharesHostNamespace(resource, 'hostPID'),
});
