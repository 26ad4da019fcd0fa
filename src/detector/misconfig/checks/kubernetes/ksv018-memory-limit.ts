import { containersWithout, kubernetesCheck, WORKLOADS } from './kit.js';

/** KSV-0018: containers without a memory limit. */
export const ksv018 = kubernetesCheck({
  id: 'KSV-0018',
  aliases: ['AVD-KSV-0018', 'KSV018', 'limit-memory', 'kubernetes-limit-memory'],
  namespace: 'builtin.kubernetes.KSV018',
  title: 'Memory not limited',
  severity: 'LOW',
  description: 'Without a memory limit a leaking or attacked container can take all memory of its node, triggering evictions and OOM kills of other pods.',
  resolution: "Set 'containers[].resources.limits.memory'.",
  references: ['https://kubesec.io/basics/containers-resources-limits-memory/'],
  kinds: WORKLOADS,
  check: (resource) => containersWithout(resource, 'limits', 'memory'),
});
