/**
 * Runs the cloud checks over a state adapted from Terraform or CloudFormation and splits the
 * verdicts by file, as trivy reports them: each file with failures gets its result (causes point
 * at its lines; inline ignore comments in that file apply), and the passing checks are counted on
 * one result (`.` for a Terraform tree, the template itself for CloudFormation).
 */
import { matchesAnyId } from '../check-ids.js';
import { toFinding } from '../finding.js';
import { isIgnored, parseIgnoreRules } from '../inline-ignores.js';
import type { IgnoreRule } from '../inline-ignores.js';
import type { Cause, Check, ConfigType, FileMisconfigResult, MisconfigFinding, ScanOptions } from '../types.js';
import type { CloudState } from './state.js';

/** Where the files are and where passes are reported. */
export interface CloudRunInput {
  state: CloudState;
  type: Extract<ConfigType, 'terraform' | 'cloudformation'>;
  /** Texts of the files causes may point at (for code excerpts and ignore comments). */
  texts: ReadonlyMap<string, string>;
  /** The result passes are counted on. */
  passTarget: string;
}

interface FileState {
  lines: string[];
  rules: IgnoreRule[];
  failures: MisconfigFinding[];
  exceptions: MisconfigFinding[];
}

/** Runs `checks` (cloud checks) over the state. */
export function runCloudChecks(input: CloudRunInput, checks: readonly Check<CloudState>[], options: ScanOptions): FileMisconfigResult[] {
  const now = options.now ?? new Date();
  const skip = options.skipChecks ?? new Set<string>();
  const files = new Map<string, FileState>();
  const fileState = (path: string): FileState => {
    let state = files.get(path);
    if (!state) {
      const text = input.texts.get(path) ?? '';
      const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
      state = { lines, rules: text.includes('ignore:') ? parseIgnoreRules(lines) : [], failures: [], exceptions: [] };
      files.set(path, state);
    }
    return state;
  };
  const providers = presentProviders(input.state);
  const passes: MisconfigFinding[] = [];
  let successes = 0;
  for (const check of [...checks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    if (check.deprecated || matchesAnyId(check, skip)) continue;
    if (!check.custom && !providers.has(check.provider)) continue;
    const causes = unique(check.check(input.state)).sort(byFileMessageLine);
    if (causes.length === 0) {
      successes++;
      if (options.includeNonFailures) passes.push(toFinding(check, input.type, 'PASS', undefined, []));
      continue;
    }
    for (const cause of causes) {
      const file = fileState(cause.filePath ?? input.passTarget);
      const ignored = file.rules.length > 0 && isIgnored(file.rules, check, cause, 1, now);
      (ignored ? file.exceptions : file.failures).push(toFinding(check, input.type, ignored ? 'EXCEPTION' : 'FAIL', cause, file.lines));
    }
  }
  const results: FileMisconfigResult[] = [];
  if (successes > 0 || files.has(input.passTarget)) {
    const own = files.get(input.passTarget);
    results.push(result(input.passTarget, input.type, own, successes, options, passes));
    files.delete(input.passTarget);
  }
  for (const [path, file] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) results.push(result(path, input.type, file, 0, options, []));
  return results;
}

function result(filePath: string, type: ConfigType, file: FileState | undefined, successes: number, options: ScanOptions, passes: MisconfigFinding[]): FileMisconfigResult {
  const out: FileMisconfigResult = { filePath, type, failures: file?.failures ?? [], successes, exceptions: file?.exceptions.length ?? 0 };
  if (options.includeNonFailures) out.nonFailures = [...passes, ...(file?.exceptions ?? [])];
  return out;
}

/** The providers (`AWS`, `Google`, `Azure`) the state has resources of. */
function presentProviders(state: CloudState): Set<string> {
  const has = (services: object) => Object.values(services).some((service: object) => Object.values(service).some((list) => Array.isArray(list) && list.length > 0));
  const out = new Set<string>();
  if (has(state.aws)) out.add('AWS');
  if (has(state.google)) out.add('Google');
  if (has(state.azure)) out.add('Azure');
  return out;
}

function unique(causes: Cause[]): Cause[] {
  const seen = new Set<string>();
  return causes.filter((cause) => {
    const key = `${cause.filePath}\u0000${cause.message}\u0000${cause.startLine ?? ''}\u0000${cause.endLine ?? ''}\u0000${cause.resource ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function byFileMessageLine(a: Cause, b: Cause): number {
  if ((a.filePath ?? '') !== (b.filePath ?? '')) return (a.filePath ?? '') < (b.filePath ?? '') ? -1 : 1;
  if (a.message !== b.message) return a.message < b.message ? -1 : 1;
  return (a.startLine ?? 0) - (b.startLine ?? 0);
}
