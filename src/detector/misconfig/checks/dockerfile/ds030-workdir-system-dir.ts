import { causeAt, dockerfileCheck, instructionsOf } from './kit.js';

const SYSTEM_DIRS = ['/proc/', '/boot/', '/dev/', '/initrd/', '/lost+found/'];

/** DS-0030: WORKDIR inside a system directory. */
export const ds030 = dockerfileCheck({
  id: 'DS-0030',
  aliases: ['AVD-DS-0030', 'DS030', 'avoid-sys-workdir-mounts', 'docker-avoid-sys-workdir-mounts'],
  namespace: 'builtin.dockerfile.DS030',
  title: 'WORKDIR should not be mounted on system dirs',
  severity: 'HIGH',
  description: 'Working inside /proc, /boot, /dev and similar system directories lets build and run steps touch kernel and device interfaces.',
  resolution: 'Use an application directory (such as /app) as WORKDIR.',
  references: ['https://docs.docker.com/develop/develop-images/dockerfile_best-practices/#workdir'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'workdir').flatMap((workdir) => {
      const path = workdir.value[0];
      if (path === undefined) return [];
      const trimmed = path.replace(/^"+|"+$/g, '');
      if (!SYSTEM_DIRS.some((dir) => trimmed.startsWith(dir))) return [];
      return [causeAt(workdir, `WORKDIR '${path}' is inside a system directory`)];
    });
  },
});
