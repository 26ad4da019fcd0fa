import { buildStages, causeAt, dockerfileCheck } from './kit.js';
import type { Cause } from '../../types.js';

/** DS-0012: two stages with the same `AS` name. */
export const ds012 = dockerfileCheck({
  id: 'DS-0012',
  aliases: ['AVD-DS-0012', 'DS012', 'no-duplicate-alias', 'docker-no-duplicate-alias'],
  namespace: 'builtin.dockerfile.DS012',
  title: 'Duplicate aliases defined in different FROMs',
  severity: 'CRITICAL',
  description: 'Stage names must be unique: with two stages called the same, COPY --from and --target pick one of them and the other is unreachable.',
  resolution: 'Give every stage its own name.',
  references: ['https://docs.docker.com/develop/develop-images/multistage-build/'],
  check(dockerfile) {
    const stages = buildStages(dockerfile);
    const causes: Cause[] = [];
    stages.forEach((stage, index) => {
      if (!stage.alias) return;
      if (stages.slice(index + 1).some((later) => later.alias === stage.alias)) {
        causes.push(causeAt(stage.instructions[0], `Stage name '${stage.alias}' is used by more than one FROM`));
      }
    });
    return causes;
  },
});
