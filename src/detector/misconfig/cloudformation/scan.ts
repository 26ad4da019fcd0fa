/** Scans one CloudFormation template: parse, adapt to the cloud state, run the cloud checks. */
import { adaptCloudFormation } from '../cloud/cloudformation/adapt.js';
import { runCloudChecks } from '../cloud/run-cloud-checks.js';
import type { CloudState } from '../cloud/state.js';
import type { Check, FileMisconfigResult, ScanOptions } from '../types.js';
import { parseTemplate } from './template.js';

/** The result of one template (passes and failures on the template file). Throws `ParseError`. */
export function scanCloudFormation(path: string, text: string, checks: readonly Check<CloudState>[], options: ScanOptions): FileMisconfigResult {
  const template = parseTemplate(path, text);
  const state = adaptCloudFormation(template);
  const results = runCloudChecks({ state, type: 'cloudformation', texts: new Map([[path, text]]), passTarget: path }, checks, options);
  return results[0] ?? { filePath: path, type: 'cloudformation', failures: [], successes: 0, exceptions: 0 };
}
