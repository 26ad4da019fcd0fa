/**
 * What several Dockerfile checks share: duplicate instructions per stage, package-manager command
 * detection, last-match search and the apt-get flag patterns.
 */
import { buildStages, causeAt } from '../../dockerfile/query.js';
import type { Dockerfile } from '../../dockerfile/types.js';
import type { Cause } from '../../types.js';

/** Failures for stages holding more than one `cmd` instruction (reported at the second one). */
export function duplicatesPerStage(dockerfile: Dockerfile, cmd: string, message: (count: number) => string): Cause[] {
  return buildStages(dockerfile).flatMap((stage) => {
    const found = stage.instructions.filter((instruction) => instruction.cmd === cmd);
    return found.length > 1 ? [causeAt(found[1], message(found.length))] : [];
  });
}

// Package-manager command detection over the simple commands of a RUN (see shell-commands.ts):
// which commands call a given package manager with a given subcommand.

/** Indexes of the commands where one of `tools` comes before one of `subcommands`. */
export function commandIndexes(commands: string[][], tools: readonly string[], subcommands: readonly string[]): number[] {
  const found: number[] = [];
  commands.forEach((words, index) => {
    const tool = words.findIndex((word) => tools.includes(word));
    if (tool < 0) return;
    if (words.some((word, at) => at > tool && subcommands.includes(word))) found.push(index);
  });
  return found;
}

/** The last match of `pattern` (a global regex) in `text`, or undefined. */
export function lastMatch(pattern: RegExp, text: string): string | undefined {
  let last: string | undefined;
  for (const match of text.matchAll(pattern)) last = match[0];
  return last;
}

/**
 * Regular expressions over an `apt-get ... install ...` command line: whether a flag appears
 * among the options before or after `install`, or after the package names.
 */
const OTHER_FLAGS = String.raw`\s*(-(-)?[a-zA-Z]+\s*)*`;
const PACKAGES = String.raw`([a-z\d][a-z\d+\-.]+(?:=[\w.+\-~:]+)?\s*)*`;

/** True when the text contains an `apt-get ... install` command. */
export function isAptGetInstall(command: string): boolean {
  return /apt-get (-(-)?[a-zA-Z]+ *)*install(-(-)?[a-zA-Z]+ *)*/.test(command);
}

/** True when `flag` (a regex source) is given to that `apt-get install`. */
export function aptGetHasFlag(command: string, flag: string): boolean {
  const withFlag = `${OTHER_FLAGS}${flag}${OTHER_FLAGS}`;
  return [
    `apt-get${withFlag}install`,
    `apt-get${OTHER_FLAGS}install${withFlag}`,
    `apt-get${OTHER_FLAGS}install${OTHER_FLAGS}${PACKAGES}${withFlag}`,
  ].some((source) => new RegExp(source).test(command));
}
