import type { VersionScheme } from './types.js';
import { compareStrings, comparing, memoize } from './util.js';

/**
 * RubyGems versions, ordered as `Gem::Version#<=>`. Written by hand: the npm packages for gem
 * versions are either unmaintained or approximate the rules with SemVer.
 *
 * - `-` means `.pre.` (`1.0-rc1` is the pre-release `1.0.pre.rc1`);
 * - segments are runs of digits (numbers, unbounded) or of letters (`1.0.a10` and `1.0.a.10`
 *   are both 1, 0, "a", 10);
 * - a version with a letter segment is a pre-release, lower than the release (`1.0.a` < `1.0`);
 * - trailing zeros are dropped from the numeric part and from the part after the first letter
 *   segment (`1.0.0` = `1`, `1.0.a.0` = `1.a`);
 * - segments compare left to right, a missing one counts as 0; numbers as numbers, words in
 *   byte order, and a word is below a number (`1.0.a` < `1.0.0`).
 *
 * Validity follows `Gem::Version`'s pattern, loosened as osv-scanner's is so that letters may
 * follow the first number directly (`1beta`, as found in advisories).
 */
type Segment = string | bigint;

const PATTERN = /^[0-9][0-9A-Za-z]*(\.[0-9A-Za-z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

function parse(version: string): Segment[] | null {
  const text = version.trim();
  if (!PATTERN.test(text)) return null;
  const segments: Segment[] = (text.replaceAll('-', '.pre.').match(/[0-9]+|[a-z]+/gi) ?? []).map((s) =>
    /^[0-9]/.test(s) ? BigInt(s) : s,
  );
  return canonical(segments);
}

/** Drops trailing zeros of the numeric part and of the part from the first word on. */
function canonical(segments: Segment[]): Segment[] {
  const firstWord = segments.findIndex((s) => typeof s === 'string');
  const cut = firstWord < 0 ? segments.length : firstWord;
  return [...dropTrailingZeros(segments.slice(0, cut)), ...dropTrailingZeros(segments.slice(cut))];
}

function dropTrailingZeros(segments: Segment[]): Segment[] {
  let end = segments.length;
  while (end > 0 && segments[end - 1] === 0n) end--;
  return segments.slice(0, end);
}

function compareSegments(a: Segment[], b: Segment[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0n;
    const y = b[i] ?? 0n;
    if (x === y) continue;
    if (typeof x === 'string' && typeof y === 'string') return compareStrings(x, y);
    if (typeof x === 'bigint' && typeof y === 'bigint') return x < y ? -1 : 1;
    return typeof x === 'string' ? -1 : 1;
  }
  return 0;
}

const parseCached = memoize(parse);

export const rubygemsScheme: VersionScheme = {
  name: 'rubygems',
  isValid: (version) => parseCached(version) !== null,
  compare: comparing('rubygems', parseCached, compareSegments),
};
