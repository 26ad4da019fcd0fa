import { causeAt, dockerfileCheck, instructionsOf, lastMatch } from './kit.js';

const INSTALL_SOURCE = '(zypper in)|(zypper remove)|(zypper rm)|(zypper source-install)|(zypper si)|(zypper patch)|(zypper (-(-)?[a-zA-Z]+ *)*install)';
const INSTALL = new RegExp(INSTALL_SOURCE);
const ANY = new RegExp(`${INSTALL_SOURCE}|(zypper clean)|(zypper cc)`, 'g');

/** DS-0020: zypper install/remove/patch not followed by `zypper clean`. */
export const ds020 = dockerfileCheck({
  id: 'DS-0020',
  aliases: ['AVD-DS-0020', 'DS020', 'purge-zipper-cache', 'docker-purge-zipper-cache'],
  namespace: 'builtin.dockerfile.DS020',
  title: "'zypper clean' missing",
  severity: 'HIGH',
  description: 'zypper caches repository data and packages; without a clean in the same RUN the cache ends up in the image.',
  resolution: "Run 'zypper clean' after the last zypper install in the same RUN.",
  references: ['https://docs.docker.com/develop/develop-images/dockerfile_best-practices/#run'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'run').flatMap((run) => {
      const command = run.value[0];
      if (command === undefined || !INSTALL.test(command)) return [];
      const last = lastMatch(ANY, command);
      if (last === 'zypper clean' || last === 'zypper cc') return [];
      return [causeAt(run, `zypper installs packages without a following 'zypper clean': ${command}`)];
    });
  },
});
