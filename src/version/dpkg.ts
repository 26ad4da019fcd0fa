import type { VersionScheme } from './types.js';
import { compareDigits, comparing, memoize } from './util.js';

/**
 * Debian and Ubuntu package versions, `[epoch:]upstream[-revision]`, ordered as
 * `dpkg --compare-versions`. Written by hand: the algorithm is short and the npm ports are
 * unmaintained.
 *
 * The epoch is a number (missing = 0). The revision is what follows the last `-` (missing = "",
 * which equals "0"). Upstream and revision are each compared with dpkg's `verrevcmp`:
 * alternately a non-digit run and a digit run, from the left. Digit runs compare as numbers
 * (an empty run is 0). Non-digit runs compare character by character with this weight:
 * `~` < end of the run < letters (A-Z, a-z in ASCII order) < every other character
 * (`+`, `-`, `.`, in ASCII order). So `1.0~rc1` < `1.0` (the tilde sorts before the end)
 * and `1.0a` < `1.0+` < `1.0.1`.
 *
 * Validity is what dpkg's parser accepts without error, plus Debian policy's rule that the
 * upstream version starts with a digit.
 */
interface DebianVersion {
  epoch: string;
  upstream: string;
  revision: string;
}

const EPOCH = /^\d+$/;
const UPSTREAM = /^\d[A-Za-z0-9.+~:-]*$/;
const REVISION = /^[A-Za-z0-9.+~]+$/;

function parse(version: string): DebianVersion | null {
  const text = version.trim();
  const colon = text.indexOf(':');
  const epoch = colon < 0 ? '0' : text.slice(0, colon);
  const rest = text.slice(colon + 1);
  const dash = rest.lastIndexOf('-');
  const upstream = dash < 0 ? rest : rest.slice(0, dash);
  const revision = dash < 0 ? '' : rest.slice(dash + 1);
  if (!EPOCH.test(epoch) || !UPSTREAM.test(upstream)) return null;
  if (dash >= 0 && !REVISION.test(revision)) return null;
  // A colon in the upstream part is only allowed when there is an epoch.
  if (colon < 0 && upstream.includes(':')) return null;
  return { epoch, upstream, revision };
}

const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isLetter = (c: string): boolean => (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

/** Weight of a character in a non-digit run; `''` is the end of the run. */
function weight(c: string): number {
  if (c === '~') return -1;
  if (c === '' || isDigit(c)) return 0;
  if (isLetter(c)) return c.charCodeAt(0);
  return c.charCodeAt(0) + 256;
}

/** dpkg's `verrevcmp` for one part (upstream or revision). */
function compareParts(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    // Non-digit run: character by character until both sides reach a digit or the end.
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const c = weight(a[i] ?? '') - weight(b[j] ?? '');
      if (c !== 0) return c;
      i++;
      j++;
    }
    // Digit run: compared as numbers.
    const ai = i;
    const bj = j;
    while (i < a.length && isDigit(a[i])) i++;
    while (j < b.length && isDigit(b[j])) j++;
    const c = compareDigits(a.slice(ai, i) || '0', b.slice(bj, j) || '0');
    if (c !== 0) return c;
  }
  return 0;
}

function compareVersions(a: DebianVersion, b: DebianVersion): number {
  return compareDigits(a.epoch, b.epoch) || compareParts(a.upstream, b.upstream) || compareParts(a.revision, b.revision);
}

const parseCached = memoize(parse);

export const dpkgScheme: VersionScheme = {
  name: 'dpkg',
  isValid: (version) => parseCached(version) !== null,
  compare: comparing('dpkg', parseCached, compareVersions),
};
