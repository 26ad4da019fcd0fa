import { causeAt, dockerfileCheck, instructionsOf } from './kit.js';

/** DS-0024 (deprecated upstream, not run): `apt-get dist-upgrade` in a build. */
export const ds024 = dockerfileCheck({
  id: 'DS-0024',
  aliases: ['AVD-DS-0024', 'DS024', 'no-dist-upgrade', 'docker-no-dist-upgrade'],
  namespace: 'builtin.dockerfile.DS024',
  title: "'apt-get dist-upgrade' used",
  severity: 'HIGH',
  description: "'apt-get dist-upgrade' can move the image to another distribution release; choose a newer base image instead.",
  resolution: 'Use a base image with the release you need instead of upgrading in the build.',
  references: [],
  deprecated: true,
  check(dockerfile) {
    return instructionsOf(dockerfile, 'run')
      .filter((run) => run.value[0] !== undefined && /apt-get .* dist-upgrade/.test(run.value[0]))
      .map((run) => causeAt(run, "'apt-get dist-upgrade' is used"));
  },
});
