/** Checks one Dockerfile: the parser and the built-in Dockerfile checks, loaded together. */
import { dockerfileChecks } from '../checks/dockerfile/index.js';
import { checksToRun } from '../checks-to-run.js';
import { runChecks } from '../run-checks.js';
import type { FileMisconfigResult, ScanOptions } from '../types.js';
import { parseDockerfileConfig } from './scan.js';

export { dockerfileChecks };

/** The result of a Dockerfile (the parser is lenient: this does not throw `ParseError`). */
export function checkDockerfile(path: string, text: string, options: ScanOptions): FileMisconfigResult {
  return runChecks(parseDockerfileConfig(path, text), checksToRun(dockerfileChecks, 'dockerfile', options), options);
}
