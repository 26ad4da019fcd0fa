import { dockerfileCheck, instructionsOf } from './kit.js';

/** DS-0026: no HEALTHCHECK anywhere in the Dockerfile. */
export const ds026 = dockerfileCheck({
  id: 'DS-0026',
  aliases: ['AVD-DS-0026', 'DS026', 'no-healthcheck', 'docker-no-healthcheck'],
  namespace: 'builtin.dockerfile.DS026',
  title: 'No HEALTHCHECK defined',
  severity: 'LOW',
  description: 'Without a HEALTHCHECK the runtime only knows whether the process is alive, not whether it still serves.',
  resolution: "Add a 'HEALTHCHECK' instruction (or 'HEALTHCHECK NONE' to state that none is wanted).",
  references: ['https://blog.aquasec.com/docker-security-best-practices'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'healthcheck').length === 0 ? [{ message: 'No HEALTHCHECK instruction in the Dockerfile' }] : [];
  },
});
