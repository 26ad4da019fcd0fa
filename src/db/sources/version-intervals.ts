import type { OsvAffected, OsvEvent } from '../osv-types.js';

/**
 * Sets of versions as intervals, for feed converters whose upstream format states affected (or
 * safe) versions as requirement expressions — RubyGems requirements, node-semver ranges — rather
 * than as OSV events. A converter turns each requirement into intervals, combines them here
 * (union, intersection, complement) in its ecosystem's version order, and gets OSV `ranges` and
 * `versions` back.
 *
 * Interval sets returned by these functions are sorted and disjoint (adjacent ones are merged).
 */

/** A version order: negative, zero or positive, like Array.prototype.sort comparators. */
export type Compare = (a: string, b: string) => number;

export interface Bound {
  version: string;
  inclusive: boolean;
}

/** The versions between two bounds; an absent bound is unbounded (below or above every version). */
export interface Interval {
  lower?: Bound;
  upper?: Bound;
}

/** Every version. */
export const everything: Interval = {};

export function isEmpty(interval: Interval, compare: Compare): boolean {
  const { lower, upper } = interval;
  if (!lower || !upper) return false;
  const c = compare(lower.version, upper.version);
  return c > 0 || (c === 0 && !(lower.inclusive && upper.inclusive));
}

/** Lower bounds in order: unbounded first; at one version, the inclusive bound starts earlier. */
function compareLower(a: Bound | undefined, b: Bound | undefined, compare: Compare): number {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  return compare(a.version, b.version) || (a.inclusive === b.inclusive ? 0 : a.inclusive ? -1 : 1);
}

/** Upper bounds in order: unbounded last; at one version, the exclusive bound ends earlier. */
function compareUpper(a: Bound | undefined, b: Bound | undefined, compare: Compare): number {
  if (!a || !b) return (b ? 1 : 0) - (a ? 1 : 0);
  return compare(a.version, b.version) || (a.inclusive === b.inclusive ? 0 : a.inclusive ? 1 : -1);
}

function interval(lower: Bound | undefined, upper: Bound | undefined): Interval {
  return { ...(lower ? { lower } : {}), ...(upper ? { upper } : {}) };
}

/** The versions in both intervals, or undefined when there are none. */
export function intersect(a: Interval, b: Interval, compare: Compare): Interval | undefined {
  const lower = compareLower(a.lower, b.lower, compare) >= 0 ? a.lower : b.lower;
  const upper = compareUpper(a.upper, b.upper, compare) <= 0 ? a.upper : b.upper;
  const out = interval(lower, upper);
  return isEmpty(out, compare) ? undefined : out;
}

/** Does `b`, which starts no earlier than `a`, overlap or touch `a` (no version between them)? */
function joins(a: Interval, b: Interval, compare: Compare): boolean {
  if (!a.upper || !b.lower) return true;
  const c = compare(b.lower.version, a.upper.version);
  return c < 0 || (c === 0 && (a.upper.inclusive || b.lower.inclusive));
}

/** The union of intervals, sorted and merged. */
export function union(intervals: readonly Interval[], compare: Compare): Interval[] {
  const sorted = intervals.filter((i) => !isEmpty(i, compare)).sort((a, b) => compareLower(a.lower, b.lower, compare));
  const out: Interval[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last && joins(last, next, compare)) {
      const upper = compareUpper(next.upper, last.upper, compare) > 0 ? next.upper : last.upper;
      out[out.length - 1] = interval(last.lower, upper);
    } else {
      out.push(next);
    }
  }
  return out;
}

/** The versions in both sets. */
export function intersectAll(a: readonly Interval[], b: readonly Interval[], compare: Compare): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const both = intersect(x, y, compare);
      if (both) out.push(both);
    }
  }
  return union(out, compare);
}

function flip(bound: Bound): Bound {
  return { version: bound.version, inclusive: !bound.inclusive };
}

/** The versions in none of the intervals. */
export function complement(intervals: readonly Interval[], compare: Compare): Interval[] {
  const out: Interval[] = [];
  let from: Bound | undefined; // lower bound of the current gap; undefined = from the start
  for (const i of union(intervals, compare)) {
    if (i.lower) {
      const gap = interval(from, flip(i.lower));
      if (!isEmpty(gap, compare)) out.push(gap);
    }
    if (!i.upper) return out;
    from = flip(i.upper);
  }
  out.push(interval(from, undefined));
  return out;
}

/** The versions in `a` but not in `b`. */
export function subtract(a: readonly Interval[], b: readonly Interval[], compare: Compare): Interval[] {
  return intersectAll(union(a, compare), complement(b, compare), compare);
}

/**
 * OSV `ranges` (of one type) and `versions` for a sorted, disjoint interval set:
 * - a single-version interval `[x, x]` goes to `versions` (a range would need `introduced x` and
 *   `last_affected x` at the same version, whose order OSV leaves open);
 * - an unbounded start is `introduced: "0"`; an exclusive start `(x, ...` has no OSV event, so
 *   it becomes `introduced: after(x)`, the converter's first version above x;
 * - an exclusive end is `fixed`, an inclusive one `last_affected`. OSV forbids both kinds in
 *   one range, so intervals ending in `last_affected` go to a second range.
 */
export function toOsvAffected(
  intervals: readonly Interval[],
  type: 'ECOSYSTEM' | 'SEMVER',
  compare: Compare,
  after: (version: string) => string,
): Pick<OsvAffected, 'ranges' | 'versions'> {
  const fixedEvents: OsvEvent[] = [];
  const lastAffectedEvents: OsvEvent[] = [];
  const versions: string[] = [];
  for (const { lower, upper } of intervals) {
    if (lower?.inclusive && upper?.inclusive && compare(lower.version, upper.version) === 0) {
      versions.push(lower.version);
      continue;
    }
    const events = upper?.inclusive ? lastAffectedEvents : fixedEvents;
    events.push({ introduced: !lower ? '0' : lower.inclusive ? lower.version : after(lower.version) });
    if (upper) events.push(upper.inclusive ? { last_affected: upper.version } : { fixed: upper.version });
  }
  const ranges = [fixedEvents, lastAffectedEvents].filter((events) => events.length > 0).map((events) => ({ type, events }));
  return { ...(ranges.length > 0 ? { ranges } : {}), ...(versions.length > 0 ? { versions } : {}) };
}
