/**
 * Checks Terraform: the HCL/JSON readers, the module evaluator, the cloud adapter and the cloud
 * checks, loaded together. A tree is scanned as projects (modules, variables); a single file alone.
 */
import { cloudChecksToRun } from '../checks/cloud-checks.js';
import type { FileMisconfigResult, ScanOptions } from '../types.js';
import type { TfVarsFile } from './project.js';
import { scanTerraform } from './scan.js';
import type { TerraformScan } from './scan.js';

/** Scans the Terraform files of a tree (path → text); `readFile` serves `file()` for the tree's other files. */
export function checkTerraformTree(
  files: ReadonlyMap<string, string>,
  options: ScanOptions & { tfVars?: readonly TfVarsFile[]; readFile?: (path: string) => string | undefined },
): TerraformScan {
  return scanTerraform(files, cloudChecksToRun(options), options);
}

/**
 * The result of one `.tf` file scanned alone (no variables files, no modules): its failures, and
 * the passes the scan put on `.`. Throws the first `ParseError`.
 */
export function checkTerraformFile(path: string, text: string, options: ScanOptions): FileMisconfigResult {
  const scan = checkTerraformTree(new Map([[path, text]]), options);
  if (scan.errors[0]) throw scan.errors[0];
  const own = scan.results.find((r) => r.filePath === path);
  const passes = scan.results.find((r) => r.filePath === '.');
  return {
    filePath: path,
    type: 'terraform',
    failures: own?.failures ?? [],
    successes: passes?.successes ?? 0,
    exceptions: own?.exceptions ?? 0,
    ...(options.includeNonFailures ? { nonFailures: [...(passes?.nonFailures ?? []), ...(own?.nonFailures ?? [])] } : {}),
  };
}
