import { dockerfileCheck, duplicatesPerStage } from './kit.js';

/** DS-0007: only the last ENTRYPOINT of a stage counts; earlier ones mislead readers. */
export const ds007 = dockerfileCheck({
  id: 'DS-0007',
  aliases: ['AVD-DS-0007', 'DS007', 'only-one-entrypoint', 'docker-only-one-entrypoint'],
  namespace: 'builtin.dockerfile.DS007',
  title: 'Multiple ENTRYPOINT instructions listed',
  severity: 'CRITICAL',
  description: 'A stage with several ENTRYPOINT instructions runs only the last one; the others are dead code that suggests a different behaviour.',
  resolution: 'Keep a single ENTRYPOINT per stage.',
  references: ['https://docs.docker.com/engine/reference/builder/#entrypoint'],
  check: (dockerfile) => duplicatesPerStage(dockerfile, 'entrypoint', (n) => `The stage has ${n} ENTRYPOINT instructions; only the last one takes effect`),
});
