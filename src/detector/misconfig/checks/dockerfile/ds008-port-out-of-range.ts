import { causeAt, dockerfileCheck, instructionsOf } from './kit.js';

/** DS-0008: EXPOSE of a port number above 65535. */
export const ds008 = dockerfileCheck({
  id: 'DS-0008',
  aliases: ['AVD-DS-0008', 'DS008', 'port-out-of-range', 'docker-port-out-of-range'],
  namespace: 'builtin.dockerfile.DS008',
  title: 'Exposed port out of range',
  severity: 'CRITICAL',
  description: 'TCP and UDP ports go from 0 to 65535; a larger number in EXPOSE is a typo that exposes nothing.',
  resolution: 'Use a port number between 0 and 65535.',
  references: ['https://docs.docker.com/engine/reference/builder/#expose'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'expose').flatMap((expose) =>
      expose.value.flatMap((entry) => {
        const port = entry.split('/')[0];
        if (!/^\d+$/.test(port) || Number(port) <= 65535) return [];
        return [causeAt(expose, `EXPOSE port ${port} is outside 0-65535`)];
      }),
    );
  },
});
