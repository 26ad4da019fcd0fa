import { compare as comparePep440, valid as validPep440 } from '@renovatebot/pep440';
import type { VersionScheme } from './types.js';
import { compareStrings, memoize, sign } from './util.js';

/**
 * PyPI versions.
 *
 * PEP 440 versions (epochs `1!`, `.post`, `.dev`, local `+x`, `a`/`b`/`rc` with `c`, `pre`,
 * `preview` spellings, a leading `v`, and every normalisation the spec allows) are compared by
 * @renovatebot/pep440, a port of Python's `packaging`. It parses release numbers into JS
 * numbers, so components above 2^53 (16+ digits) lose precision.
 *
 * Strings that are not PEP 440 (`0.9-doduo`, `1.0-foo`) are the "legacy versions" that pip
 * and `packaging` < 22 still ordered, and osv-scanner still does: they all sort before every
 * PEP 440 version (their epoch is -1) and order among themselves by setuptools' legacy key
 * (see `legacyKey`).
 */
type Parsed = { kind: 'pep440'; text: string } | { kind: 'legacy'; key: string[] };

/** Any run of these is accepted as a legacy version; spaces and specifier characters are not. */
const LEGACY = /^[A-Za-z0-9._+!-]+$/;

function parse(version: string): Parsed | null {
  if (validPep440(version) !== null) return { kind: 'pep440', text: version };
  if (LEGACY.test(version)) return { kind: 'legacy', key: legacyKey(version) };
  return null;
}

/** Spellings that setuptools' legacy parser rewrites before comparing (`-` marks a post part). */
const LEGACY_REPLACEMENTS = new Map([
  ['pre', 'c'],
  ['preview', 'c'],
  ['-', 'final-'],
  ['rc', 'c'],
  ['dev', '@'],
]);

/**
 * setuptools' `LegacyVersion` key. The lowercased string is cut into digit runs, letter runs,
 * `.`, `-` and runs of anything else; `.` is dropped; numbers are zero-padded to 8 digits so that
 * they order as text; words get a `*` prefix (so any word sorts before any number, and
 * `*@` = dev before `*a`, `*b`, `*c` = pre/rc before `*final`); a final `*final` is appended.
 * Before a word, trailing `00000000` parts are dropped (`1.0a` = `1a`), and before a
 * pre-release word also trailing `*final-` parts (`1.0-rc1` = `1.0rc1`).
 */
function legacyKey(version: string): string[] {
  const key: string[] = [];
  const tokens = [...(version.toLowerCase().match(/\d+|[a-z]+|\.|-|[^\da-z.-]+/g) ?? []), 'final'];
  for (const token of tokens) {
    const part = LEGACY_REPLACEMENTS.get(token) ?? token;
    if (part === '.') continue;
    if (/^\d/.test(part)) {
      key.push(part.padStart(8, '0'));
      continue;
    }
    const word = `*${part}`;
    if (word < '*final') while (key.at(-1) === '*final-') key.pop();
    while (key.at(-1) === '00000000') key.pop();
    key.push(word);
  }
  return key;
}

/** Python tuple order: element by element, a prefix first. */
function compareKeys(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareStrings(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

const parseCached = memoize(parse);

function compare(a: string, b: string): number {
  const pa = parseCached(a);
  const pb = parseCached(b);
  if (!pa || !pb) throw new Error(`not a valid PyPI version: ${JSON.stringify(pa ? b : a)}`);
  if (pa.kind === 'pep440' && pb.kind === 'pep440') return sign(comparePep440(pa.text, pb.text));
  if (pa.kind === 'legacy' && pb.kind === 'legacy') return sign(compareKeys(pa.key, pb.key));
  return pa.kind === 'legacy' ? -1 : 1;
}

export const pep440Scheme: VersionScheme = {
  name: 'pep440',
  isValid: (version) => parseCached(version) !== null,
  compare,
};
