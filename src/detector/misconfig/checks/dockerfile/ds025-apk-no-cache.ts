import { causeAt, dockerfileCheck, instructionsOf, runText, shellCommands } from './kit.js';

/** DS-0025: `apk add` without `--no-cache`. */
export const ds025 = dockerfileCheck({
  id: 'DS-0025',
  aliases: ['AVD-DS-0025', 'DS025', 'purge-apk-package-cache', 'docker-purge-apk-package-cache'],
  namespace: 'builtin.dockerfile.DS025',
  title: "'apk add' is missing '--no-cache'",
  severity: 'HIGH',
  description: "'apk add' keeps the package index in the layer unless told not to; '--no-cache' fetches it on the fly and leaves nothing behind.",
  resolution: "Use 'apk add --no-cache'.",
  references: ['https://github.com/gliderlabs/docker-alpine/blob/master/docs/usage.md#disabling-cache'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'run').flatMap((run) => {
      const command = runText(run);
      const missing = shellCommands(command).some((words) => {
        if (words[0] !== 'apk') return false;
        const positional = words.filter((word) => !word.startsWith('-'));
        return positional[1] === 'add' && !words.includes('--no-cache');
      });
      return missing ? [causeAt(run, `'apk add' without '--no-cache': ${command}`)] : [];
    });
  },
});
