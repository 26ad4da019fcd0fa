/** The AWS, Google and Azure checks together: what Terraform and CloudFormation are checked with. */
import type { CloudState } from '../cloud/state.js';
import { checksToRun } from '../checks-to-run.js';
import type { Check, ScanOptions } from '../types.js';
import { awsChecks } from './aws/index.js';
import { azureChecks } from './azure/index.js';
import { googleChecks } from './google/index.js';

/** Every built-in cloud check (AWS, then Google, then Azure). */
export const cloudChecks: readonly Check<CloudState>[] = [...awsChecks, ...googleChecks, ...azureChecks];

/** The cloud checks a scan runs: built-in unless disabled, plus the user's `cloud` checks. */
export function cloudChecksToRun(options: ScanOptions): readonly Check<CloudState>[] {
  return checksToRun(cloudChecks, 'cloud', options);
}
