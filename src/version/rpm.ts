import type { VersionScheme } from './types.js';
import { compareDigits, compareStrings, comparing, memoize } from './util.js';

/**
 * RPM package versions (Red Hat, AlmaLinux, Rocky Linux, openSUSE, SUSE, Mageia, Photon OS,
 * Azure Linux), `[epoch:]version[-release]`, ordered by the epoch, then rpm's `rpmvercmp` on the
 * version, then on the release. Written by hand: the npm ports predate `^` or are unmaintained.
 *
 * - The epoch is the number before the first `:`; when that text is not all digits there is no
 *   epoch (`a:1` is a version with a colon). Missing epoch = 0.
 * - The release follows the last `-`. A version without a release sorts before the same version
 *   with one (`1.0` < `1.0-0`), as rpm's own `rpm.vercmp` orders them.
 *
 * `rpmvercmp`: characters other than ASCII letters, digits, `~` and `^` only separate segments.
 * Segments are runs of digits (compared as numbers) or of letters (compared as text); a digit
 * segment is newer than a letter segment. `~` sorts before anything, even the end of the string
 * (`1.0~rc1` < `1.0`). `^` sorts after the end of the string but before anything else
 * (`1.0` < `1.0^git1` < `1.0.1`). When one string runs out, the one with segments left is newer.
 */
interface RpmVersion {
  epoch: string;
  version: string;
  /** null when there is no `-`. */
  release: string | null;
}

/** Printable ASCII without spaces; an advisory's version is never empty. */
const VALID = /^[\x21-\x7e\u0080-\uffff]+$/;

function parse(text: string): RpmVersion | null {
  if (!VALID.test(text)) return null;
  const colon = text.indexOf(':');
  const hasEpoch = colon >= 0 && /^\d*$/.test(text.slice(0, colon));
  const epoch = hasEpoch ? text.slice(0, colon) || '0' : '0';
  const rest = hasEpoch ? text.slice(colon + 1) : text;
  const dash = rest.lastIndexOf('-');
  return dash < 0 ? { epoch, version: rest, release: null } : { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) };
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLetter = (c: string): boolean => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
const isSeparator = (c: string): boolean => !isDigit(c) && !isLetter(c) && c !== '~' && c !== '^';

/** rpm's `rpmvercmp`. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && isSeparator(a[i])) i++;
    while (j < b.length && isSeparator(b[j])) j++;
    const x = a[i] ?? '';
    const y = b[j] ?? '';
    // `~`: before everything, the end of the string included.
    if (x === '~' || y === '~') {
      if (x !== '~') return 1;
      if (y !== '~') return -1;
      i++;
      j++;
      continue;
    }
    // `^`: after the end of the string, before everything else.
    if (x === '^' || y === '^') {
      if (x === '') return -1;
      if (y === '') return 1;
      if (x !== '^') return 1;
      if (y !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (x === '' || y === '') break;
    const numeric = isDigit(x);
    const inSegment = numeric ? isDigit : isLetter;
    const si = i;
    const sj = j;
    while (i < a.length && inSegment(a[i])) i++;
    while (j < b.length && inSegment(b[j])) j++;
    // b has a segment of the other kind here: a number is newer than letters.
    if (j === sj) return numeric ? 1 : -1;
    const sa = a.slice(si, i);
    const sb = b.slice(sj, j);
    const c = numeric ? compareDigits(sa, sb) : compareStrings(sa, sb);
    if (c !== 0) return c;
  }
  const aLeft = i < a.length;
  const bLeft = j < b.length;
  return aLeft === bLeft ? 0 : aLeft ? 1 : -1;
}

function compareVersions(a: RpmVersion, b: RpmVersion): number {
  const c = compareDigits(a.epoch, b.epoch) || rpmvercmp(a.version, b.version);
  if (c !== 0) return c;
  if (a.release === null || b.release === null) return (a.release === null ? 0 : 1) - (b.release === null ? 0 : 1);
  return rpmvercmp(a.release, b.release);
}

const parseCached = memoize(parse);

export const rpmScheme: VersionScheme = {
  name: 'rpm',
  isValid: (version) => parseCached(version) !== null,
  compare: comparing('rpm', parseCached, compareVersions),
};
