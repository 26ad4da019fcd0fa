import { asString, dig, kubernetesCheck, podVolumes, specCause, WORKLOADS } from './kit.js';

/** KSV-0006: mounting the Docker socket hands over the node. */
export const ksv006 = kubernetesCheck({
  id: 'KSV-0006',
  aliases: ['AVD-KSV-0006', 'KSV006', 'no-docker-sock-mount', 'kubernetes-no-docker-sock-mount'],
  namespace: 'builtin.kubernetes.KSV006',
  title: 'hostPath volume mounted with docker.sock',
  severity: 'HIGH',
  description: 'Whoever can talk to the Docker socket can start privileged containers on the node: mounting it gives the pod root on the host.',
  resolution: "Do not mount '/var/run/docker.sock' with a hostPath volume.",
  references: ['https://kubesec.io/basics/spec-volumes-hostpath-path-var-run-docker-sock/'],
  kinds: WORKLOADS,
  check(resource) {
    const mounted = podVolumes(resource).some((volume) => asString(dig(volume, 'hostPath', 'path')) === '/var/run/docker.sock');
    return mounted ? [specCause(resource, `${resource.kind} '${resource.name}' mounts '/var/run/docker.sock' from the host`)] : [];
  },
});
