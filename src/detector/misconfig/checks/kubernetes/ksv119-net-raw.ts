import { containersAdding, kubernetesCheck, WORKLOADS } from './kit.js';

/** KSV-0119: NET_RAW allows packet crafting and spoofing. */
export const ksv119 = kubernetesCheck({
  id: 'KSV-0119',
  aliases: ['AVD-KSV-0119', 'KSV119', 'no-net-raw', 'kubernetes-no-net-raw'],
  namespace: 'builtin.kubernetes.KSV119',
  title: 'NET_RAW capability added',
  severity: 'HIGH',
  description: 'CAP_NET_RAW lets a process open raw sockets: craft and spoof packets, sniff traffic on the pod network, and attack neighbours.',
  resolution: "Remove 'NET_RAW' from 'containers[].securityContext.capabilities.add'.",
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/'],
  kinds: WORKLOADS,
  check: (resource) => containersAdding(resource, 'NET_RAW'),
});
