import { causeAt, dockerfileCheck, instructionsOf } from './kit.js';

const SSH = new Set(['22', '22/tcp', '22/udp']);

/** DS-0004: exposing the SSH port invites remote logins into the container. */
export const ds004 = dockerfileCheck({
  id: 'DS-0004',
  aliases: ['AVD-DS-0004', 'DS004', 'no-ssh-port', 'docker-no-ssh-port'],
  namespace: 'builtin.dockerfile.DS004',
  title: 'Port 22 exposed',
  severity: 'MEDIUM',
  description: 'Exposing port 22 suggests an SSH server in the container, an extra way in that containers should not need.',
  resolution: "Remove port 22 from 'EXPOSE'.",
  references: ['https://docs.docker.com/reference/dockerfile/#expose'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'expose')
      .filter((expose) => expose.value.some((port) => SSH.has(port)))
      .map((expose) => causeAt(expose, 'Port 22 (SSH) is exposed'));
  },
});
