/** Checks one Docker Compose file: the parser and the built-in Compose checks, loaded together. */
import { composeChecks } from '../checks/compose/index.js';
import { checksToRun } from '../checks-to-run.js';
import { runChecks } from '../run-checks.js';
import type { FileMisconfigResult, ScanOptions } from '../types.js';
import { parseComposeConfig } from './scan.js';

export { composeChecks };

/** The result of a Compose file; undefined when it has no services. Throws `ParseError` on invalid YAML. */
export function checkComposeFile(path: string, text: string, options: ScanOptions): FileMisconfigResult | undefined {
  const parsed = parseComposeConfig(path, text);
  return parsed && runChecks(parsed, checksToRun(composeChecks, 'docker-compose', options), options);
}
