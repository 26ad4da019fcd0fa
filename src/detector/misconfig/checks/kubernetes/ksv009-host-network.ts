import { kubernetesCheck, PSS_BASELINE, sharesHostNamespace, WORKLOADS } from './kit.js';

/** KSV-0009: the host's network namespace. */
export const ksv009 = kubernetesCheck({
  id: 'KSV-0009',
  aliases: ['AVD-KSV-0009', 'KSV009', 'no-host-network', 'kubernetes-no-host-network'],
  namespace: 'builtin.kubernetes.KSV009',
  title: 'Access to host network',
  severity: 'HIGH',
  description: 'With hostNetwork the pod uses the node\'s network stack: it sees all node traffic and local services, and bypasses network policies.',
  resolution: "Do not set 'spec.hostNetwork' (or set it to false).",
  references: [PSS_BASELINE],
  kinds: WORKLOADS,
  check: (resource) => sharesHostNamespace(resource, 'hostNetwork'),
});
