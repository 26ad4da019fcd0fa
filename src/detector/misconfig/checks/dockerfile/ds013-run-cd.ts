import { causeAt, dockerfileCheck, instructionsOf } from './kit.js';

/** DS-0013: `RUN cd ...` instead of WORKDIR. */
export const ds013 = dockerfileCheck({
  id: 'DS-0013',
  aliases: ['AVD-DS-0013', 'DS013', 'use-workdir-over-cd', 'docker-use-workdir-over-cd'],
  namespace: 'builtin.dockerfile.DS013',
  title: "'RUN cd ...' to change directory",
  severity: 'MEDIUM',
  description: "'cd' inside RUN only lasts for that RUN; chains of 'cd ... &&' are hard to read and easy to break. WORKDIR states the directory once.",
  resolution: "Use 'WORKDIR' to change directory.",
  references: ['https://docs.docker.com/develop/develop-images/dockerfile_best-practices/#workdir'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'run')
      .filter((run) => run.value.some((value) => value.split(/\s*&&\s*/).some((part) => part.startsWith('cd '))))
      .map((run) => causeAt(run, `RUN changes directory with 'cd': use WORKDIR instead (${run.value.join(' ')})`));
  },
});
