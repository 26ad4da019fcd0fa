import { causeAt, dockerfileCheck, instructionsOf, lastMatch } from './kit.js';

const INSTALL = /(dnf install)|(dnf in)|(dnf reinstall)|(dnf rei)|(dnf install-n)|(dnf install-na)|(dnf install-nevra)/;
const ANY = /(dnf install)|(dnf in)|(dnf reinstall)|(dnf rei)|(dnf install-n)|(dnf install-na)|(dnf install-nevra)|(dnf clean all)/g;

/** DS-0019: `dnf install` not followed by `dnf clean all`. */
export const ds019 = dockerfileCheck({
  id: 'DS-0019',
  aliases: ['AVD-DS-0019', 'DS019', 'purge-dnf-package-cache', 'docker-purge-dnf-package-cache'],
  namespace: 'builtin.dockerfile.DS019',
  title: "'dnf clean all' missing",
  severity: 'HIGH',
  description: 'dnf leaves its package cache behind; unless the same RUN cleans it, the layer carries it forever.',
  resolution: "Run 'dnf clean all' after the last 'dnf install' in the same RUN.",
  references: ['https://docs.docker.com/develop/develop-images/dockerfile_best-practices/'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'run').flatMap((run) => {
      const command = run.value[0];
      if (command === undefined || !INSTALL.test(command) || lastMatch(ANY, command) === 'dnf clean all') return [];
      return [causeAt(run, `'dnf install' without a following 'dnf clean all': ${command}`)];
    });
  },
});
