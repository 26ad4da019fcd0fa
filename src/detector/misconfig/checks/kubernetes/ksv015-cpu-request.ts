import { containersWithout, kubernetesCheck, WORKLOADS } from './kit.js';

/** KSV-0015: containers without a CPU request. */
export const ksv015 = kubernetesCheck({
  id: 'KSV-0015',
  aliases: ['AVD-KSV-0015', 'KSV015', 'no-unspecified-cpu-requests', 'kubernetes-no-unspecified-cpu-requests'],
  namespace: 'builtin.kubernetes.KSV015',
  title: 'CPU requests not specified',
  severity: 'LOW',
  description: 'Without a CPU request the scheduler cannot reserve CPU for the container, which then competes for leftovers under load.',
  resolution: "Set 'containers[].resources.requests.cpu'.",
  references: ['https://cloud.google.com/blog/products/containers-kubernetes/kubernetes-best-practices-resource-requests-and-limits'],
  kinds: WORKLOADS,
  check: (resource) => containersWithout(resource, 'requests', 'cpu'),
});
