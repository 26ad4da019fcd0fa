/** Checks one CloudFormation template: the template reader, the cloud adapter and the cloud checks, loaded together. */
import { cloudChecksToRun } from '../checks/cloud-checks.js';
import type { FileMisconfigResult, ScanOptions } from '../types.js';
import { scanCloudFormation } from './scan.js';

/** The result of a template (passes and failures on the template file). Throws `ParseError`. */
export function checkCloudFormationFile(path: string, text: string, options: ScanOptions): FileMisconfigResult {
  return scanCloudFormation(path, text, cloudChecksToRun(options), options);
}
