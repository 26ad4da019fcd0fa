import type { VersionScheme } from './types.js';
import { compareDigits, compareStrings, comparing, memoize } from './util.js';

/**
 * Alpine, Wolfi and Chainguard package versions, ordered as apk-tools orders them. Written by
 * hand: there is no npm port of apk's comparison.
 *
 * The grammar is `number{.number}...{letters}{_suffix{number}}...{~hash}{-r#}`, compared part by
 * part in that order:
 *
 * 1. Numbers, left to right. The first one numerically; later ones numerically too, unless
 *    either has a leading zero (or is empty, `1..2`), then as text (`1.05` < `1.1`, Gentoo's
 *    rule). When one list is a prefix of the other, the longer is greater (`1.0` > `1`).
 * 2. Letters after the numbers, each optionally with a patch number (`1.0a`, `6.6.2p1`): by
 *    letter, then number (none is lowest); having letters is greater than having none.
 * 3. Suffixes, pairwise, a missing one counting as "no suffix":
 *    `_alpha` < `_beta` < `_pre` < `_rc` < (no suffix) < `_cvs` < `_svn` < `_git` < `_hg` < `_p`,
 *    then by their number (missing = 0). So `1.2_rc1` < `1.2` < `1.2_p1`.
 * 4. A commit hash `~hex`: having one is greater; two compare as text.
 * 5. The revision `-rN`; a missing revision counts as `-r0`.
 * 6. Anything left that does not fit the grammar is not compared, but makes the version lower
 *    than the same version without it (`1.2_blah` < `1.2`), as recent apk-tools do.
 *
 * Leniencies kept from apk-tools and osv-scanner, because advisories contain such strings:
 * empty number components (`.1`, `0..8`) and a leading letter (`a` = `0a`); `-r` without a
 * number is `-r0`; and `.rN` is read as the revision `-rN` (Alpine's secdb has `0.8.21.r2` and
 * `10.2.24.r0` for `0.8.21-r2` and `10.2.24-r0`).
 */
interface ApkVersion {
  /** digit strings, '' for an empty component. */
  numbers: string[];
  letters: { letter: string; number: string | null }[];
  suffixes: { rank: number; number: string }[];
  hash: string | null;
  revision: string;
  /** whether something that does not fit the grammar follows. */
  junk: boolean;
}

/** Suffix names in sort order; "no suffix" sits between `rc` and `cvs`. */
const SUFFIX_ORDER = ['alpha', 'beta', 'pre', 'rc', '', 'cvs', 'svn', 'git', 'hg', 'p'];
const NO_SUFFIX = { rank: SUFFIX_ORDER.indexOf(''), number: '0' };

// A `.` that starts the `.rN` revision typo does not belong to the numbers.
const NUMBERS = /^\d*(?:\.(?!r\d)\d*)*/;
const LETTERS = /^(?:[a-z]\d*)+/;
const SUFFIX = /^_(alpha|beta|pre|rc|cvs|svn|git|hg|p)(\d*)(?![a-z])/;
const HASH = /^~([0-9a-f]+)/;
const REVISION = /^(?:-r(\d*)|\.r(\d+))/;
/** A version starts with a digit, a dot or a lowercase letter and has no spaces. */
const PLAUSIBLE = /^[0-9a-z.][\x21-\x7e]*$/;

function parse(version: string): ApkVersion | null {
  if (!PLAUSIBLE.test(version)) return null;
  let rest = version;
  const take = (re: RegExp): RegExpExecArray | null => {
    const m = re.exec(rest);
    if (m) rest = rest.slice(m[0].length);
    return m;
  };

  const numbers = take(NUMBERS)![0].split('.');
  const letters = (take(LETTERS)?.[0].match(/[a-z]\d*/g) ?? []).map((l) => ({ letter: l[0], number: l.length > 1 ? l.slice(1) : null }));
  const suffixes: ApkVersion['suffixes'] = [];
  for (let m = take(SUFFIX); m; m = take(SUFFIX)) suffixes.push({ rank: SUFFIX_ORDER.indexOf(m[1]), number: m[2] || '0' });
  const hash = take(HASH)?.[1] ?? null;
  const revision = take(REVISION);
  if (rest === version) return null;
  return { numbers, letters, suffixes, hash, revision: revision?.[1] || revision?.[2] || '0', junk: rest !== '' };
}

function compareNumber(a: string, b: string, first: boolean): number {
  if (!first && (a === '' || b === '' || a[0] === '0' || b[0] === '0')) return compareStrings(a, b);
  return compareDigits(a || '0', b || '0');
}

function compareNumbers(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareNumber(a[i], b[i], i === 0);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareLetters(a: ApkVersion['letters'], b: ApkVersion['letters']): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const c = compareStrings(x.letter, y.letter);
    if (c !== 0) return c;
    if (x.number === null || y.number === null) {
      if (x.number !== y.number) return x.number === null ? -1 : 1;
      continue;
    }
    const n = compareDigits(x.number, y.number);
    if (n !== 0) return n;
  }
  return a.length - b.length;
}

function compareSuffixes(a: ApkVersion['suffixes'], b: ApkVersion['suffixes']): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? NO_SUFFIX;
    const y = b[i] ?? NO_SUFFIX;
    const c = x.rank - y.rank || compareDigits(x.number, y.number);
    if (c !== 0) return c;
  }
  return 0;
}

function compareHashes(a: string | null, b: string | null): number {
  if (a === null || b === null) return (a === null ? 0 : 1) - (b === null ? 0 : 1);
  return compareStrings(a, b);
}

function compareVersions(a: ApkVersion, b: ApkVersion): number {
  return (
    compareNumbers(a.numbers, b.numbers) ||
    compareLetters(a.letters, b.letters) ||
    compareSuffixes(a.suffixes, b.suffixes) ||
    compareHashes(a.hash, b.hash) ||
    compareDigits(a.revision, b.revision) ||
    Number(b.junk) - Number(a.junk)
  );
}

const parseCached = memoize(parse);

export const apkScheme: VersionScheme = {
  name: 'apk',
  isValid: (version) => parseCached(version) !== null,
  compare: comparing('apk', parseCached, compareVersions),
};
