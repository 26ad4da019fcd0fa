import { containersWithout, kubernetesCheck, WORKLOADS } from './kit.js';

/** KSV-0016: containers without a memory request. */
export const ksv016 = kubernetesCheck({
  id: 'KSV-0016',
  aliases: ['AVD-KSV-0016', 'KSV016', 'no-unspecified-memory-requests', 'kubernetes-no-unspecified-memory-requests'],
  namespace: 'builtin.kubernetes.KSV016',
  title: 'Memory requests not specified',
  severity: 'LOW',
  description: 'Without a memory request the scheduler may place the container on a node that cannot hold it, and it is among the first to be evicted.',
  resolution: "Set 'containers[].resources.requests.memory'.",
  references: ['https://kubesec.io/basics/containers-resources-limits-memory/'],
  kinds: WORKLOADS,
  check: (resource) => containersWithout(resource, 'requests', 'memory'),
});
