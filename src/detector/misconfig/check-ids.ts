/** The ids a check answers to, for `--skip-check`, ignore files and inline ignore comments. */
import type { CheckMeta } from './types.js';

/** Every id of the check, lower case: its id, AVD id and aliases (legacy id, short code, long id). */
export function checkIds(check: CheckMeta): string[] {
  const ids = [check.id, ...check.aliases];
  if (check.avdId) ids.push(check.avdId);
  return ids.map((id) => id.toLowerCase());
}

/** True when one of `wanted` (any case) names the check. */
export function matchesAnyId(check: CheckMeta, wanted: ReadonlySet<string>): boolean {
  if (wanted.size === 0) return false;
  const lower = new Set([...wanted].map((id) => id.toLowerCase()));
  return checkIds(check).some((id) => lower.has(id));
}
