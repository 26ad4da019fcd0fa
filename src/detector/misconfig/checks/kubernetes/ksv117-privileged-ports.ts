import { asNumber, containersOf, kubernetesCheck, mapsOf, WORKLOADS } from './kit.js';

/** KSV-0117: container ports below 1024. */
export const ksv117 = kubernetesCheck({
  id: 'KSV-0117',
  aliases: ['AVD-KSV-0117', 'KSV117', 'no-privilege-port-binding', 'kubernetes-no-privilege-port-binding'],
  namespace: 'builtin.kubernetes.KSV117',
  title: 'Prevent binding to privileged ports',
  severity: 'MEDIUM',
  description: 'Ports below 1024 are privileged: binding them needs root or NET_BIND_SERVICE, which the container then has to keep.',
  resolution: 'Listen on a port of 1024 or above and map it with the Service.',
  references: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/', 'https://www.stigviewer.com/stig/kubernetes/2022-12-02/finding/V-242414'],
  kinds: WORKLOADS,
  check(resource) {
    const low = containersOf(resource).some((ref) => mapsOf(ref.container.ports).some((port) => (asNumber(port.containerPort) ?? 1024) < 1024));
    // reported without lines, as trivy does: the cause is the pod as a whole
    return low ? [{ message: `${resource.kindLower} ${resource.name} in ${resource.namespace} namespace should not use container ports below 1024` }] : [];
  },
});
