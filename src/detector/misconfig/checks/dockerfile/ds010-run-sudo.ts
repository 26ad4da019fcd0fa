import { causeAt, dockerfileCheck, instructionsOf } from './kit.js';

/** DS-0010: sudo inside RUN. */
export const ds010 = dockerfileCheck({
  id: 'DS-0010',
  aliases: ['AVD-DS-0010', 'DS010', 'no-sudo-run', 'docker-no-sudo-run'],
  namespace: 'builtin.dockerfile.DS010',
  title: "RUN using 'sudo'",
  severity: 'CRITICAL',
  description: 'sudo in a build step has unpredictable TTY and signal behaviour and usually means the image keeps sudo and a privileged user around.',
  resolution: "Drop 'sudo'; switch users with 'USER' where root is needed.",
  references: ['https://docs.docker.com/engine/reference/builder/#run'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'run')
      .filter((run) => run.value.length === 1 && run.value[0].split('&&').some((part) => /^\s*sudo/.test(part)))
      .map((run) => causeAt(run, "RUN uses 'sudo'"));
  },
});
