import type { VersionScheme } from './types.js';
import { compareDigits, comparing, isDigits, memoize } from './util.js';

/**
 * Packagist (Composer) versions. Composer normalises a version and then orders it with PHP's
 * `version_compare`; OSV advisories carry the versions as published, so this applies the parts of
 * the normalisation that change the order and then `version_compare`'s rules. Written by hand:
 * there is no npm port of either that handles unbounded numbers and Composer's spellings.
 *
 * - a leading `v`/`V` is dropped (`v1.0` = `1.0`);
 * - `-`, `_` and `+` are separators like `.`, and a switch between digits and other characters
 *   separates too (`1.0rc1` = `1.0.rc.1`, `1.25.0-beta2.1` = `1.25.0-b.2.1`);
 * - parts compare left to right: numbers as numbers (unbounded); words by their stability,
 *   case-insensitively and by prefix as PHP does:
 *   dev < alpha = a < beta = b < RC = rc < (number, `#`, stable) < pl = p = patch,
 *   and unknown words below dev; a number against a word counts as `#`;
 * - when one version runs out: if the longer one goes on with a number it is greater
 *   (`1.0.0` > `1.0`), else its rest is compared with a release (`1.0-dev` < `1.0`,
 *   `1.0pl1` > `1.0`). `dev-<branch>` versions thus sort below every numbered version.
 *
 * Unlike Composer's normaliser, `1.0` and `1.0.0` are not made equal: `version_compare` (and
 * osv-scanner) order them `1.0` < `1.0.0`.
 */
const CHARACTERS = /^[A-Za-z0-9._+#-]+$/;

function parse(version: string): string[] | null {
  if (!CHARACTERS.test(version) || !/[A-Za-z0-9]/.test(version)) return null;
  const text = version.replace(/^[vV](?=[0-9])/, '');
  return text
    .replace(/[-_+]/g, '.')
    .replace(/([^\d.])(\d)/g, '$1.$2')
    .replace(/(\d)([^\d.])/g, '$1.$2')
    .split('.')
    .filter((part) => part !== '');
}

/** Stability words in PHP's lookup order: the first prefix that matches decides. */
const STABILITY: [prefix: string, weight: number][] = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['rc', 3],
  ['#', 4],
  ['stable', 4],
  ['pl', 5],
  ['p', 5],
];
/** The weight of a number, or of a missing part's release. */
const RELEASE = 4;
const UNKNOWN = -1;

function weight(word: string): number {
  const lower = word.toLowerCase();
  return STABILITY.find(([prefix]) => lower.startsWith(prefix))?.[1] ?? UNKNOWN;
}

function compareParts(a: string, b: string): number {
  const aNum = isDigits(a);
  const bNum = isDigits(b);
  if (aNum && bNum) return compareDigits(a, b);
  return (aNum ? RELEASE : weight(a)) - (bNum ? RELEASE : weight(b));
}

function compareVersions(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareParts(a[i], b[i]);
    if (c !== 0) return c;
  }
  if (a.length > n) return compareRest(a.slice(n));
  if (b.length > n) return -compareRest(b.slice(n));
  return 0;
}

/** What is left of the longer version, against the end of the shorter one. */
function compareRest(rest: string[]): number {
  return isDigits(rest[0]) ? 1 : compareVersions(rest, ['#']);
}

const parseCached = memoize(parse);

export const composerScheme: VersionScheme = {
  name: 'composer',
  isValid: (version) => parseCached(version) !== null,
  compare: comparing('composer', parseCached, compareVersions),
};
