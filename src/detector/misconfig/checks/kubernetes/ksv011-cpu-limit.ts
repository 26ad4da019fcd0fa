import { containersWithout, kubernetesCheck, WORKLOADS } from './kit.js';

/** KSV-0011: containers without a CPU limit. */
export const ksv011 = kubernetesCheck({
  id: 'KSV-0011',
  aliases: ['AVD-KSV-0011', 'KSV011', 'limit-cpu', 'kubernetes-limit-cpu'],
  namespace: 'builtin.kubernetes.KSV011',
  title: 'CPU not limited',
  severity: 'LOW',
  description: 'Without a CPU limit one container can use every core of its node and starve the other workloads there.',
  resolution: "Set 'containers[].resources.limits.cpu'.",
  references: ['https://cloud.google.com/blog/products/containers-kubernetes/kubernetes-best-practices-resource-requests-and-limits'],
  kinds: WORKLOADS,
  check: (resource) => containersWithout(resource, 'limits', 'cpu'),
});
