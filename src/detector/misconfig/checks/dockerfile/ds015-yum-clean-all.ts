import { causeAt, commandIndexes, dockerfileCheck, instructionsOf, runText, shellCommands } from './kit.js';

/** DS-0015: `yum install` without a later `yum clean all` in the same RUN. */
export const ds015 = dockerfileCheck({
  id: 'DS-0015',
  aliases: ['AVD-DS-0015', 'DS015', 'purge-yum-package-cache', 'docker-purge-yum-package-cache'],
  namespace: 'builtin.dockerfile.DS015',
  title: "'yum clean all' missing",
  severity: 'HIGH',
  description: 'yum keeps downloaded packages and metadata in its cache; unless the same RUN cleans it, the cache is baked into the layer.',
  resolution: "Run 'yum clean all' after 'yum install' in the same RUN.",
  references: ['https://docs.docker.com/develop/develop-images/dockerfile_best-practices/#run'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'run').flatMap((run) => {
      const commands = shellCommands(runText(run));
      const installs = commandIndexes(commands, ['yum'], ['install']);
      if (installs.length === 0) return [];
      const cleans = commandIndexes(commands, ['yum'], ['clean']);
      const cleanAll = commands.flatMap((words, index) => (words.includes('all') ? [index] : []));
      if (cleans.length > 0 && cleanAll.length > 0 && installs[installs.length - 1] < cleanAll[cleanAll.length - 1]) return [];
      return [causeAt(run, `'yum install' without a following 'yum clean all': ${runText(run)}`)];
    });
  },
});
