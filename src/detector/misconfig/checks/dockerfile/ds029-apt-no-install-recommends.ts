import { aptGetHasFlag, causeAt, dockerfileCheck, instructionsOf, isAptGetInstall, runText } from './kit.js';

/** DS-0029: `apt-get install` pulling recommended packages too. */
export const ds029 = dockerfileCheck({
  id: 'DS-0029',
  aliases: ['AVD-DS-0029', 'DS029', 'use-apt-no-install-recommends', 'docker-use-apt-no-install-recommends'],
  namespace: 'builtin.dockerfile.DS029',
  title: "'apt-get' missing '--no-install-recommends'",
  severity: 'HIGH',
  description: "By default apt-get also installs 'recommended' packages: more size and more code to patch than the image needs.",
  resolution: "Add '--no-install-recommends' to 'apt-get install'.",
  references: ['https://docs.docker.com/develop/develop-images/dockerfile_best-practices/'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'run').flatMap((run) => {
      const command = runText(run);
      if (run.value.length === 0 || !isAptGetInstall(command) || aptGetHasFlag(command, '--no-install-recommends')) return [];
      return [causeAt(run, `'apt-get install' without '--no-install-recommends': ${command}`)];
    });
  },
});
