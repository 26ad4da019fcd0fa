/** Small queries over a parsed Dockerfile shared by the Dockerfile checks. */
import type { Cause } from '../types.js';
import type { Dockerfile, Instruction, Stage } from './types.js';

/** All instructions with the given lower-case keyword. */
export function instructionsOf(dockerfile: Dockerfile, cmd: string): Instruction[] {
  return dockerfile.instructions.filter((instruction) => instruction.cmd === cmd);
}

/** The build stages (FROM ... up to the next FROM), without the global-ARG pseudo-stage. */
export function buildStages(dockerfile: Dockerfile): Stage[] {
  return dockerfile.stages.filter((stage) => !stage.global);
}

/** The stage the image is built from: the last one. */
export function finalStage(dockerfile: Dockerfile): Stage | undefined {
  const stages = buildStages(dockerfile);
  return stages[stages.length - 1];
}

/** A failure located at an instruction. */
export function causeAt(instruction: Instruction, message: string): Cause {
  return { message, startLine: instruction.startLine, endLine: instruction.endLine };
}

/** The command a RUN executes, as one string (exec-form items joined with spaces). */
export function runText(instruction: Instruction): string {
  return instruction.value.join(' ');
}
