/**
 * Scans the Terraform of a tree: loads and evaluates the modules (project.ts), adapts them to the
 * cloud state and runs the cloud checks; one result per file with failures, passes on `.`.
 */
import type { ParseError } from '../../../analyzer/parse-error.js';
import { adaptTerraform } from '../cloud/terraform/adapt.js';
import { runCloudChecks } from '../cloud/run-cloud-checks.js';
import type { CloudState } from '../cloud/state.js';
import type { Check, FileMisconfigResult, ScanOptions } from '../types.js';
import { loadTerraform } from './project.js';
import type { TfVarsFile } from './project.js';
import type { UnresolvedModule } from './module.js';

/** What a Terraform scan found. */
export interface TerraformScan {
  results: FileMisconfigResult[];
  /** Files that could not be parsed (the rest was scanned). */
  errors: ParseError[];
  /** Module calls not followed: remote sources that are not in `.terraform/modules`. */
  unresolvedModules: UnresolvedModule[];
}

/** Scans the `.tf`/`.tf.json`/`.tfvars` files of a tree (path relative to the root → text). */
export function scanTerraform(
  files: ReadonlyMap<string, string>,
  checks: readonly Check<CloudState>[],
  options: ScanOptions & { tfVars?: readonly TfVarsFile[]; readFile?: (path: string) => string | undefined } = {},
): TerraformScan {
  const project = loadTerraform(files, options.tfVars ?? [], options.readFile);
  if (project.modules.length === 0) return { results: [], errors: project.errors, unresolvedModules: project.unresolved };
  const state = adaptTerraform(project);
  const results = runCloudChecks({ state, type: 'terraform', texts: project.texts, passTarget: '.' }, checks, options);
  return { results, errors: project.errors, unresolvedModules: project.unresolved };
}
