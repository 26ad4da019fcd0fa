import type { VersionScheme } from './types.js';
import { compareNumberLists, comparing, memoize } from './util.js';

/**
 * Hackage (Haskell, also used for GHC) versions: Cabal's `Version`, a list of non-negative
 * integers separated by dots, ordered lexicographically as lists. There is no trailing-zero
 * rule: `1.0` > `1` because a list that extends another is greater. Numbers are unbounded.
 * Written by hand: the rule is a few lines and no npm package implements it.
 */
const VERSION = /^\d+(\.\d+)*$/;

function parse(version: string): string[] | null {
  return VERSION.test(version) ? version.split('.') : null;
}

const parseCached = memoize(parse);

export const hackageScheme: VersionScheme = {
  name: 'hackage',
  isValid: (version) => parseCached(version) !== null,
  compare: comparing('hackage', parseCached, compareNumberLists),
};
