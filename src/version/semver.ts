import type { VersionScheme } from './types.js';
import { compareDigits, compareStrings, comparing, isDigits, memoize } from './util.js';

/**
 * SemVer 2.0 as OSV's `SEMVER` range type and osv-scanner read it (also Go, crates.io, Hex,
 * SwiftURL, ...). Written by hand rather than with node-semver because OSV's reading is looser:
 *
 * - a leading `v` is allowed (Go: `v1.2.3`);
 * - components are unbounded integers (advisories carry 30-digit numbers) and may have leading
 *   zeros; a missing minor or patch is 0 (`1` = `1.0.0`, `1.2-rc` = `1.2.0-rc`);
 * - anything after the third numeric component is build metadata, even plain numbers
 *   (`1.1.3.4.5` = `1.1.3`);
 * - build metadata never takes part in ordering (Go's `+incompatible` included).
 *
 * Pre-releases order as SemVer 2.0 says: a pre-release sorts before its release; identifiers are
 * compared left to right, numeric ones as numbers, alphanumeric ones in ASCII order, numeric
 * before alphanumeric, and a shorter list that is a prefix of a longer one first. Go
 * pseudo-versions (`v0.0.0-20210101000000-abcdef123456`, `v1.2.4-0.20210101000000-abcdef123456`)
 * are pre-releases, so they order by their timestamp before the release they precede.
 */
export interface SemVer {
  /** major, minor, patch as digit strings. */
  core: [string, string, string];
  /** pre-release identifiers (empty for a release). */
  pre: string[];
  /** build metadata identifiers (`+x.y`, or the components after the third). */
  build: string[];
}

const SEMVER = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(.*)$/;
const IDENTIFIER = /^[0-9A-Za-z-]+$/;
const BUILD = /^[0-9A-Za-z.+-]+$/;

function parseSemVer(version: string): SemVer | null {
  const m = SEMVER.exec(version);
  if (!m) return null;
  const [, major, minor = '0', patch = '0', rest] = m;
  const tail = parseTail(rest, m[3] !== undefined);
  if (!tail) return null;
  return { core: [major, minor, patch], ...tail };
}

/**
 * What follows the numeric components: `-pre`, `+build`, `-pre+build`, or (only after all three
 * components) `.more.components...`, which is build metadata.
 */
function parseTail(rest: string, hasThree: boolean): { pre: string[]; build: string[] } | null {
  if (rest === '') return { pre: [], build: [] };
  if (rest.startsWith('.')) {
    if (!hasThree || !BUILD.test(rest.slice(1))) return null;
    return { pre: [], build: rest.slice(1).split('.') };
  }
  let pre: string[] = [];
  let remainder = rest;
  if (remainder.startsWith('-')) {
    const plus = remainder.indexOf('+');
    const preText = remainder.slice(1, plus < 0 ? undefined : plus);
    const ids = identifiers(preText);
    if (!ids) return null;
    pre = ids;
    remainder = plus < 0 ? '' : remainder.slice(plus);
  }
  if (remainder === '') return { pre, build: [] };
  if (!remainder.startsWith('+')) return null;
  const build = identifiers(remainder.slice(1));
  return build ? { pre, build } : null;
}

/** Dot-separated non-empty `[0-9A-Za-z-]` identifiers, or null. */
function identifiers(text: string): string[] | null {
  const ids = text.split('.');
  return ids.every((id) => IDENTIFIER.test(id)) ? ids : null;
}

/** Compares one identifier: numbers numerically, numbers before text, text in ASCII order. */
export function compareIdentifier(a: string, b: string): number {
  const aNum = isDigits(a);
  const bNum = isDigits(b);
  if (aNum && bNum) return compareDigits(a, b);
  if (aNum !== bNum) return aNum ? -1 : 1;
  return compareStrings(a, b);
}

/** Identifier lists left to right; when one is a prefix of the other, the shorter is lower. */
export function compareIdentifiers(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareIdentifier(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Orders major.minor.patch, then pre-release (none = release, highest). Build is ignored. */
export function compareSemVer(a: SemVer, b: SemVer): number {
  for (let i = 0; i < 3; i++) {
    const c = compareDigits(a.core[i], b.core[i]);
    if (c !== 0) return c;
  }
  if (a.pre.length === 0 || b.pre.length === 0) return b.pre.length - a.pre.length;
  return compareIdentifiers(a.pre, b.pre);
}

export const parseSemVerCached = memoize(parseSemVer);

export const semverScheme: VersionScheme = {
  name: 'semver',
  isValid: (version) => parseSemVerCached(version) !== null,
  compare: comparing('semver', parseSemVerCached, compareSemVer),
};
