import type { VersionScheme } from './types.js';
import { compareDigits, compareStrings, comparing, memoize } from './util.js';

/**
 * Maven versions, ordered by the "Version Order Specification" of Maven's POM reference, which is
 * what OSV (osv.dev, osv-scanner) implements for Maven ranges. Written by hand: no npm package
 * implements these rules exactly.
 *
 * It agrees with Maven 3.8's `ComparableVersion` except where the two documents disagree, as the
 * spec's own example `1-ga-1` = `1-1` (3.8 orders `1-ga-1` below `1-1`). Where the spec is silent,
 * `ComparableVersion` decides: a missing token compares as the release (see `compareWithMissing`)
 * and, behind the same separator, a number is above a qualifier (`1.0.x` > `1.abc`).
 *
 * 1. Tokens. The lowercased string is cut at `.` and `-` and at every switch between digits and
 *    non-digits; the switch counts as a `-`. Each token keeps the separator before it. Empty
 *    tokens are 0 (`1-.1` = `1-0.1`). `a`, `b`, `m` directly followed by a digit mean alpha,
 *    beta, milestone; `cr` is rc; `ga`, `final` and `release` are the empty qualifier.
 * 2. Trimming. The tokens form segments, each starting at a `-` token; from the last segment to
 *    the first, trailing "null" tokens (0 and the empty qualifier) are dropped, so `1.0.0` = `1`,
 *    `1.0.0-foo.0.0` = `1-foo`, `1-ga-1` = `1-1`.
 * 3. Order: token by token. Behind the same separator numbers compare as numbers and qualifiers
 *    as alpha < beta < milestone < rc < snapshot < "" < sp < any other qualifier (those in text
 *    order). Behind different separators `.qualifier` < `-qualifier` < `-number` < `.number`.
 */
interface Token {
  sep: '.' | '-';
  number: boolean;
  /** digits (numbers) or the lowercased, de-aliased qualifier. */
  value: string;
}

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES = new Map([
  ['ga', ''],
  ['final', ''],
  ['release', ''],
  ['cr', 'rc'],
]);
const SHORT_BEFORE_DIGIT = new Map([
  ['a', 'alpha'],
  ['b', 'beta'],
  ['m', 'milestone'],
]);

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isSeparator = (c: string): boolean => c === '.' || c === '-';

/** Step 1: tokens with the separator before each. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let sep: '.' | '-' = '.';
  let i = 0;
  for (;;) {
    let j = i;
    if (j < text.length && !isSeparator(text[j])) {
      const digits = isDigit(text[j]);
      while (j < text.length && !isSeparator(text[j]) && isDigit(text[j]) === digits) j++;
    }
    const run = text.slice(i, j);
    const next = text[j] ?? '';
    if (run === '') tokens.push({ sep, number: true, value: '0' });
    else if (isDigit(run[0])) tokens.push({ sep, number: true, value: run });
    else tokens.push({ sep, number: false, value: qualifier(run, isDigit(next)) });
    if (j >= text.length) return tokens;
    // A switch between digits and non-digits acts as a `-` and keeps the next character.
    if (isSeparator(next)) {
      sep = next as '.' | '-';
      i = j + 1;
    } else {
      sep = '-';
      i = j;
    }
  }
}

function qualifier(run: string, followedByDigit: boolean): string {
  const name = followedByDigit ? (SHORT_BEFORE_DIGIT.get(run) ?? run) : run;
  return ALIASES.get(name) ?? name;
}

const isNull = (t: Token): boolean => (t.number ? /^0+$/.test(t.value) : t.value === '');

/** Step 2: drops trailing null tokens of every `-` segment, last segment first. */
function trim(tokens: Token[]): Token[] {
  const kept: Token[] = [];
  let segment: Token[] = [];
  const flush = (): void => {
    while (segment.length > 0 && isNull(segment[segment.length - 1])) segment.pop();
    kept.unshift(...segment);
    segment = [];
  };
  for (let i = tokens.length - 1; i >= 0; i--) {
    segment.unshift(tokens[i]);
    if (tokens[i].sep === '-') flush();
  }
  flush();
  return kept;
}

function parse(version: string): Token[] | null {
  if (version === '' || /[\s,[\]()]/.test(version)) return null;
  return trim(tokenize(version.toLowerCase()));
}

function qualifierRank(name: string): string {
  const i = QUALIFIERS.indexOf(name);
  return i >= 0 ? String(i) : `${QUALIFIERS.length}-${name}`;
}

/** `.qualifier` < `-qualifier` < `-number` < `.number` */
function separatorRank(t: Token): number {
  if (t.number) return t.sep === '.' ? 3 : 2;
  return t.sep === '-' ? 1 : 0;
}

function compareTokens(a: Token, b: Token): number {
  if (a.sep !== b.sep) return separatorRank(a) - separatorRank(b);
  if (a.number && b.number) return compareDigits(a.value, b.value);
  if (a.number !== b.number) return a.number ? 1 : -1;
  return compareStrings(qualifierRank(a.value), qualifierRank(b.value));
}

/**
 * A token against the end of the shorter version: a number is above it unless it is 0; a
 * qualifier compares with the release (so `1-alpha` < `1` < `1-sp` < `1-foo`).
 */
function compareWithMissing(t: Token): number {
  if (t.number) return isNull(t) ? 0 : 1;
  return compareStrings(qualifierRank(t.value), qualifierRank(''));
}

function compareVersions(a: Token[], b: Token[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    let c: number;
    if (i >= a.length) c = -compareWithMissing(b[i]);
    else if (i >= b.length) c = compareWithMissing(a[i]);
    else c = compareTokens(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

const parseCached = memoize(parse);

export const mavenScheme: VersionScheme = {
  name: 'maven',
  isValid: (version) => parseCached(version) !== null,
  compare: comparing('maven', parseCached, compareVersions),
};
