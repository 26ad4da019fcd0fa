import { causeAt, dockerfileCheck, instructionsOf } from './kit.js';

/** DS-0011: COPY of several sources into a destination that is not a directory path. */
export const ds011 = dockerfileCheck({
  id: 'DS-0011',
  aliases: ['AVD-DS-0011', 'DS011', 'use-slash-for-copy-args', 'docker-use-slash-for-copy-args'],
  namespace: 'builtin.dockerfile.DS011',
  title: 'COPY with more than two arguments not ending with slash',
  severity: 'CRITICAL',
  description: 'When COPY has several sources the destination must be a directory, written with a trailing slash; otherwise the build fails.',
  resolution: "End the COPY destination with '/'.",
  references: ['https://docs.docker.com/engine/reference/builder/#copy'],
  check(dockerfile) {
    return instructionsOf(dockerfile, 'copy').flatMap((copy) => {
      const args = copy.value;
      if (args.length <= 2) return [];
      if (args.length === 3 && (args[0].startsWith('file:') || args[0].startsWith('multi:')) && args[1] === 'in') return [];
      const destination = args[args.length - 1];
      if (destination.endsWith('/')) return [];
      return [causeAt(copy, `COPY of ${args.length - 1} sources needs a directory destination ending with '/', not '${destination}'`)];
    });
  },
});
