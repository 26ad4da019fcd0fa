import { dockerfileCheck, duplicatesPerStage } from './kit.js';

/** DS-0016: only the last CMD of a stage counts. */
export const ds016 = dockerfileCheck({
  id: 'DS-0016',
  aliases: ['AVD-DS-0016', 'DS016', 'only-one-cmd', 'docker-only-one-cmd'],
  namespace: 'builtin.dockerfile.DS016',
  title: 'Multiple CMD instructions listed',
  severity: 'HIGH',
  description: 'A stage with several CMD instructions keeps only the last; the earlier ones never run and mislead readers.',
  resolution: 'Keep a single CMD per stage.',
  references: ['https://docs.docker.com/engine/reference/builder/#cmd'],
  check: (dockerfile) => duplicatesPerStage(dockerfile, 'cmd', (n) => `The stage has ${n} CMD instructions; only the last one takes effect`),
});
