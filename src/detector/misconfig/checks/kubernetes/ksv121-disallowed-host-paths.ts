import { asString, dig, kubernetesCheck, podVolumes, PSS_RESTRICTED, specCause, WORKLOADS } from './kit.js';

const CRITICAL_PATHS = ['/', '/boot', '/dev', '/etc', '/lib', '/proc', '/sys', '/usr', '/var/lib/docker'];

/** KSV-0121: hostPath volumes of critical host directories. */
export const ksv121 = kubernetesCheck({
  id: 'KSV-0121',
  aliases: ['AVD-KSV-0121', 'KSV121', 'no-k8s-with-disallowed-volumes', 'kubernetes-no-k8s-with-disallowed-volumes'],
  namespace: 'builtin.kubernetes.KSV121',
  title: 'Kubernetes resource with disallowed volumes mounted',
  severity: 'HIGH',
  description: 'Mounting system directories of the node (/, /etc, /proc, /sys, /dev, the Docker data directory...) lets the pod read secrets of the node or change it.',
  resolution: "Do not set 'spec.volumes[].hostPath.path' to a system directory.",
  references: [PSS_RESTRICTED],
  kinds: WORKLOADS,
  check(resource) {
    const paths = podVolumes(resource)
      .map((volume) => asString(dig(volume, 'hostPath', 'path')))
      .filter((path): path is string => path !== undefined && CRITICAL_PATHS.includes(path));
    return paths.length > 0
      ? [specCause(resource, `${resource.kindLower} ${resource.name} in ${resource.namespace} namespace mounts host directories ${paths.join(', ')}`)]
      : [];
  },
});
