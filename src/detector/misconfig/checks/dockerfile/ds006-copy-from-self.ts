import { causeAt, dockerfileCheck } from './kit.js';

/** DS-0006: `COPY --from=<own alias>` cannot work: a stage cannot copy from itself. */
export const ds006 = dockerfileCheck({
  id: 'DS-0006',
  aliases: ['AVD-DS-0006', 'DS006', 'no-self-referencing-copy-from', 'docker-no-self-referencing-copy-from'],
  namespace: 'builtin.dockerfile.DS006',
  title: "COPY '--from' referring to the current image",
  severity: 'CRITICAL',
  description: "A COPY --from that names the stage it is in refers to an image that does not exist yet; the build fails or copies from something else.",
  resolution: "Point '--from' at another stage or image.",
  references: ['https://docs.docker.com/develop/develop-images/multistage-build/'],
  check(dockerfile) {
    return dockerfile.stages.flatMap((stage) => {
      if (!stage.alias) return [];
      return stage.instructions.flatMap((instruction) => {
        if (instruction.cmd !== 'copy') return [];
        const from = instruction.flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
        if (from === undefined || from.toLowerCase() !== stage.alias) return [];
        return [causeAt(instruction, `'COPY --from=${from}' refers to the stage it is in`)];
      });
    });
  },
});
