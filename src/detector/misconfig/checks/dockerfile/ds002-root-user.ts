import { causeAt, dockerfileCheck, finalStage } from './kit.js';

/** DS-0002: the image's last USER must exist and must not be root. */
export const ds002 = dockerfileCheck({
  id: 'DS-0002',
  aliases: ['AVD-DS-0002', 'DS002', 'least-privilege-user', 'docker-least-privilege-user'],
  namespace: 'builtin.dockerfile.DS002',
  title: "Image user should not be 'root'",
  severity: 'HIGH',
  description:
    'Without a USER instruction (or with a last USER of root/0) the container runs as root, so any compromise of the process is a compromise of root in the container and a step towards the host.',
  resolution: "Add a 'USER <non-root user>' instruction to the final stage of the Dockerfile.",
  references: ['https://docs.docker.com/develop/develop-images/dockerfile_best-practices/'],
  check(dockerfile) {
    const stage = finalStage(dockerfile);
    const users = (stage?.instructions ?? []).filter((i) => i.cmd === 'user' && i.value.length > 0);
    if (users.length === 0) {
      return [{ message: 'No USER instruction: the image runs as root; add a USER with a non-root user' }];
    }
    const last = users[users.length - 1];
    if (/^(root|0)(:.+)?$/.test(last.value[0])) {
      return [causeAt(last, `The last USER is '${last.value[0]}': the image runs as root`)];
    }
    return [];
  },
});
