import semver from 'semver';
import type { VersionScheme } from './types.js';

/**
 * npm versions: node-semver ordering (SemVer 2.0 with pre-releases; build metadata ignored),
 * in loose mode as npm itself accepts `v1.2.3` and `=1.2.3`.
 */
const options = { loose: true } as const;
const parsed = new Map<string, semver.SemVer | null>();

function parse(version: string): semver.SemVer | null {
  let v = parsed.get(version);
  if (v === undefined) {
    v = semver.parse(version, options);
    if (parsed.size > 50_000) parsed.clear();
    parsed.set(version, v);
  }
  return v;
}

export const npmScheme: VersionScheme = {
  name: 'npm',
  isValid: (version) => parse(version) !== null,
  compare: (a, b) => parse(a)!.compare(parse(b)!),
};
