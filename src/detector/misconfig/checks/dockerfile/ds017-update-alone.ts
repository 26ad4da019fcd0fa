import { causeAt, commandIndexes, dockerfileCheck, instructionsOf, runText, shellCommands } from './kit.js';

const MANAGERS: readonly (readonly string[])[] = [['apt-get', 'apt'], ['yum'], ['apk'], ['dnf'], ['zypper']];
const UPDATE = ['update', 'up'];
const INSTALL = ['upgrade', 'install', 'source-install', 'reinstall', 'groupinstall', 'localinstall', 'add'];

/** DS-0017: a package index update in a RUN that installs nothing afterwards. */
export const ds017 = dockerfileCheck({
  id: 'DS-0017',
  aliases: ['AVD-DS-0017', 'DS017', 'no-orphan-package-update', 'docker-no-orphan-package-update'],
  namespace: 'builtin.dockerfile.DS017',
  title: "'RUN <package-manager> update' instruction alone",
  severity: 'HIGH',
  description:
    'A package index update in its own RUN is cached as a layer; later installs then use that stale cached index. Update and install belong in the same RUN.',
  resolution: "Combine '<package-manager> update' and '<package-manager> install' in one RUN.",
  references: ['https://docs.docker.com/develop/develop-images/instructions/#run'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'run').flatMap((run) => {
      const commands = shellCommands(runText(run));
      const orphan = MANAGERS.some((tools) => {
        const updates = commandIndexes(commands, tools, UPDATE);
        if (updates.length === 0) return false;
        const installs = commandIndexes(commands, tools, INSTALL);
        return !updates.some((u) => installs.some((i) => u < i));
      });
      return orphan ? [causeAt(run, 'The package index is updated but nothing is installed after it in the same RUN')] : [];
    });
  },
});
