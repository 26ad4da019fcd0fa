import { dockerfileCheck, duplicatesPerStage } from './kit.js';

/** DS-0023: only the last HEALTHCHECK of a stage counts. */
export const ds023 = dockerfileCheck({
  id: 'DS-0023',
  aliases: ['AVD-DS-0023', 'DS023', 'only-one-healthcheck', 'docker-only-one-healthcheck'],
  namespace: 'builtin.dockerfile.DS023',
  title: 'Multiple HEALTHCHECK defined',
  severity: 'MEDIUM',
  description: 'Only the last HEALTHCHECK of a stage is used; several of them make it unclear which probe runs.',
  resolution: 'Keep one HEALTHCHECK per stage.',
  references: ['https://docs.docker.com/engine/reference/builder/#healthcheck'],
  check: (dockerfile) => duplicatesPerStage(dockerfile, 'healthcheck', (n) => `The stage has ${n} HEALTHCHECK instructions; only the last one is used`),
});
