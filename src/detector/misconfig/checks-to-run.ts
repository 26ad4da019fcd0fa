/** Which checks a scan runs on one kind of input: the built-in ones and the user's. */
import type { Check, CheckType, ScanOptions } from './types.js';

/**
 * The built-in list (none with `disableBuiltinChecks`) plus the user checks of `type`. With no user
 * checks the built-in list itself is returned, so caches kept per list (its sorted order) hit.
 */
export function checksToRun<I>(builtin: readonly Check<I>[], type: CheckType, options: ScanOptions): readonly Check<I>[] {
  const base = options.disableBuiltinChecks ? [] : builtin;
  const custom: readonly Check<I>[] = (options.customChecks ?? []).filter((check) => check.type === type);
  return custom.length === 0 ? base : [...base, ...custom];
}
