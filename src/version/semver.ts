import semver from 'semver';
import type { VersionScheme } from './types.js';

/** SemVer 2.0 as OSV's `SEMVER` range type defines it; a leading `v` (Go) is accepted. */
function parse(version: string): semver.SemVer | null {
  return semver.parse(version.startsWith('v') ? version.slice(1) : version);
}

export const semverScheme: VersionScheme = {
  name: 'semver',
  isValid: (version) => parse(version) !== null,
  compare: (a, b) => parse(a)!.compare(parse(b)!),
};
