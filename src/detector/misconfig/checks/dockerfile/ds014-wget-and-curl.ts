import { causeAt, dockerfileCheck, instructionsOf } from './kit.js';
import type { Instruction } from '../../dockerfile/types.js';

/** DS-0014: both wget and curl used for downloads in one Dockerfile. */
export const ds014 = dockerfileCheck({
  id: 'DS-0014',
  aliases: ['AVD-DS-0014', 'DS014', 'standardise-remote-get', 'docker-standardise-remote-get'],
  namespace: 'builtin.dockerfile.DS014',
  title: "RUN using 'wget' and 'curl'",
  severity: 'LOW',
  description: 'wget and curl do the same job; using both means two tools to install, patch and audit.',
  resolution: "Use one download tool: either 'wget' or 'curl'.",
  references: ['https://docs.docker.com/develop/develop-images/dockerfile_best-practices/#run'],
  check(dockerfile) {
    const runs = instructionsOf(dockerfile, 'run');
    const wget = runs.filter((run) => usesTool(run, 'wget'));
    if (wget.length === 0 || !runs.some((run) => usesTool(run, 'curl'))) return [];
    return wget.map((run) => causeAt(run, "Both 'wget' and 'curl' are used; pick one"));
  },
});

function usesTool(run: Instruction, tool: string): boolean {
  if (run.value.length > 1) return run.value[0] === tool;
  if (run.value.length === 0) return false;
  const start = new RegExp(`^( )*${tool}`);
  // installing the tool is fine: the application may need it
  return run.value[0].split(/\s*&&\s*/).some((part) => !part.includes('install ') && start.test(part));
}
