import type { VersionScheme } from './types.js';
import { compareIdentifiers, compareSemVer, parseSemVerCached, type SemVer } from './semver.js';
import { comparing } from './util.js';

/**
 * Pub (Dart) versions: SemVer as osv-scanner reads it (see semver.ts), except that build
 * metadata takes part in ordering, as in Dart's pub_semver: after major.minor.patch and the
 * pre-release, a version without build sorts before the same version with one
 * (`1.0.0 < 1.0.0+build`, `1.0.0-pre < 1.0.0-pre+build`), and build identifiers compare like
 * pre-release ones (`+1 < +2 < +a`, `+a < +a1`).
 */
function comparePub(a: SemVer, b: SemVer): number {
  const c = compareSemVer(a, b);
  if (c !== 0) return c;
  if (a.build.length === 0 || b.build.length === 0) return a.build.length - b.build.length;
  return compareIdentifiers(a.build, b.build);
}

export const pubScheme: VersionScheme = {
  name: 'pub',
  isValid: (version) => parseSemVerCached(version) !== null,
  compare: comparing('pub', parseSemVerCached, comparePub),
};
