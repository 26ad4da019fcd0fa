import type { VersionScheme } from './types.js';
import { compareNumberLists, comparing, memoize } from './util.js';

/**
 * CRAN (R) versions: R's `package_version`, non-negative integers separated by `.` or `-`
 * (the two are the same separator: `0.1-0` = `0.01.0`), compared as integer lists; a list
 * that extends another is greater (`0.1.0` < `0.1.0.0`). Numbers are unbounded and leading zeros
 * do not count (`0.01` = `0.1`, `0.9` < `0.75`). Written by hand: no npm package implements it.
 *
 * R requires two components for a package version; one is accepted here too (`numeric_version`
 * allows it), so that such a version is still matched rather than skipped.
 */
const VERSION = /^\d+([.-]\d+)*$/;

function parse(version: string): string[] | null {
  return VERSION.test(version) ? version.split(/[.-]/) : null;
}

const parseCached = memoize(parse);

export const cranScheme: VersionScheme = {
  name: 'cran',
  isValid: (version) => parseCached(version) !== null,
  compare: comparing('cran', parseCached, compareNumberLists),
};
