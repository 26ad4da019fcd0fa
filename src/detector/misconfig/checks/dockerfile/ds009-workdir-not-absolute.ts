import { causeAt, dockerfileCheck, instructionsOf } from './kit.js';

// An absolute path, a Windows drive path, or a variable (whose value is not known here).
const ABSOLUTE = /^["']?(\/[A-z0-9-_+]*)|([A-z0-9-_+]:\\.*)|(\$[{}A-z0-9-_+].*)/;

/** DS-0009: relative WORKDIR paths depend on the previous WORKDIR. */
export const ds009 = dockerfileCheck({
  id: 'DS-0009',
  aliases: ['AVD-DS-0009', 'DS009', 'user-absolute-workdir', 'docker-user-absolute-workdir'],
  namespace: 'builtin.dockerfile.DS009',
  title: 'WORKDIR path not absolute',
  severity: 'HIGH',
  description: 'A relative WORKDIR is resolved against the previous one (or the base image\'s), so where commands run depends on context that is easy to get wrong.',
  resolution: 'Give WORKDIR an absolute path.',
  references: ['https://docs.docker.com/develop/develop-images/dockerfile_best-practices/#workdir'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'workdir').flatMap((workdir) => {
      const path = workdir.value[0];
      if (path === undefined || ABSOLUTE.test(path)) return [];
      return [causeAt(workdir, `WORKDIR '${path}' is a relative path`)];
    });
  },
});
