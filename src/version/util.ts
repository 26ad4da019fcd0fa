/** Small helpers shared by the hand-written version schemes. */

/** -1, 0 or 1. */
export function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/** Plain code-unit string order (C `strcmp`, Go `strings.Compare`), not locale order. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Compares two strings of ASCII digits as unbounded non-negative integers, without converting
 * them (advisories carry 30-digit components): leading zeros are dropped, then the longer number
 * is the larger one, and equal lengths compare digit by digit.
 */
export function compareDigits(a: string, b: string): number {
  const x = stripZeros(a);
  const y = stripZeros(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return compareStrings(x, y);
}

function stripZeros(digits: string): string {
  let i = 0;
  while (i < digits.length - 1 && digits[i] === '0') i++;
  return digits.slice(i);
}

/**
 * Lists of digit strings, component by component as numbers; when one list is a prefix of the
 * other, the shorter is lower (`1` < `1.0`).
 */
export function compareNumberLists(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareDigits(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

export function isDigits(s: string): boolean {
  return /^[0-9]+$/.test(s);
}

/**
 * Wraps a parser with a bounded memo: matching compares the same few versions many times
 * (one installed version against every event of every range). Failed parses are remembered too.
 */
export function memoize<T>(parse: (version: string) => T | null): (version: string) => T | null {
  const cache = new Map<string, T | null>();
  return (version) => {
    let parsed = cache.get(version);
    if (parsed === undefined) {
      parsed = parse(version);
      if (cache.size >= 10_000) cache.clear();
      cache.set(version, parsed);
    }
    return parsed;
  };
}

/**
 * Builds `compare` for a scheme from its parser and an ordering of parsed values. Both
 * versions must be valid (the `VersionScheme` contract); a clear error beats a `null` crash.
 */
export function comparing<T>(
  name: string,
  parse: (version: string) => T | null,
  order: (a: T, b: T) => number,
): (a: string, b: string) => number {
  const parseOrThrow = (version: string): T => {
    const parsed = parse(version);
    if (parsed === null) throw new Error(`not a valid ${name} version: ${JSON.stringify(version)}`);
    return parsed;
  };
  return (a, b) => sign(order(parseOrThrow(a), parseOrThrow(b)));
}
