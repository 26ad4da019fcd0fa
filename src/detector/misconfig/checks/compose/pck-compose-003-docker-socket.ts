import { COMPOSE_REFERENCE, atKey, composeCheck, volumeSources } from './define.js';

const SOCKETS = ['/var/run/docker.sock', '/run/docker.sock', '/var/run/containerd/containerd.sock', '/run/containerd/containerd.sock', '/run/podman/podman.sock'];

/** PCK-COMPOSE-003: the container engine socket mounted into a service. */
export const pckCompose003 = composeCheck({
  id: 'PCK-COMPOSE-003',
  title: 'Service mounts the Docker socket',
  severity: 'HIGH',
  description: 'Whoever controls the container engine socket can start privileged containers and take over the host.',
  resolution: 'Do not mount the engine socket; if a tool needs the Docker API, give it a restricted proxy.',
  references: [`${COMPOSE_REFERENCE}#volumes`],
  check: (service) =>
    volumeSources(service)
      .filter((v) => SOCKETS.includes(v.source))
      .map((v) => atKey(service, 'volumes', `Service '${service.name}' mounts ${v.source}`)),
});
