import { aptGetHasFlag, causeAt, dockerfileCheck, instructionsOf, isAptGetInstall, runText } from './kit.js';

const YES = '((-([a-xzA-XZ])*y([a-xzA-XZ])*)|(--yes)|(--assume-yes))';

/** DS-0021: `apt-get install` without `-y` waits for an answer nobody gives. */
export const ds021 = dockerfileCheck({
  id: 'DS-0021',
  aliases: ['AVD-DS-0021', 'DS021', 'use-apt-auto-confirm', 'docker-use-apt-auto-confirm'],
  namespace: 'builtin.dockerfile.DS021',
  title: "'apt-get' missing '-y' to avoid manual input",
  severity: 'HIGH',
  description: "Without '-y', 'apt-get install' asks for confirmation; in a build nothing answers and the step fails or behaves differently per package.",
  resolution: "Add '-y' (or '--yes') to 'apt-get install'.",
  references: ['https://docs.docker.com/engine/reference/builder/#run'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'run').flatMap((run) => {
      const command = runText(run);
      if (run.value.length === 0 || !isAptGetInstall(command) || aptGetHasFlag(command, YES)) return [];
      return [causeAt(run, `'apt-get install' without '-y': ${command}`)];
    });
  },
});
