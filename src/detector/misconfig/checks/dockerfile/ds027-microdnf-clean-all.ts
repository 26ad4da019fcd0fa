import { causeAt, dockerfileCheck, instructionsOf, lastMatch } from './kit.js';

const INSTALL = /(microdnf install)|(microdnf reinstall)/;
const ANY = /(microdnf install)|(microdnf reinstall)|(microdnf clean all)/g;

/** DS-0027: `microdnf install` not followed by `microdnf clean all`. */
export const ds027 = dockerfileCheck({
  id: 'DS-0027',
  aliases: ['AVD-DS-0027', 'DS027', 'purge-microdnf-package-cache', 'docker-purge-microdnf-package-cache'],
  namespace: 'builtin.dockerfile.DS027',
  title: "'microdnf clean all' missing",
  severity: 'HIGH',
  description: 'microdnf leaves its cache in the layer unless the same RUN cleans it.',
  resolution: "Run 'microdnf clean all' after the last 'microdnf install' in the same RUN.",
  references: ['https://docs.docker.com/develop/develop-images/dockerfile_best-practices/'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'run').flatMap((run) => {
      const command = run.value[0];
      if (command === undefined || !INSTALL.test(command) || lastMatch(ANY, command) === 'microdnf clean all') return [];
      return [causeAt(run, `'microdnf install' without a following 'microdnf clean all': ${command}`)];
    });
  },
});
