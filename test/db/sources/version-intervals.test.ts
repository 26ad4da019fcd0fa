import { test } from 'node:test';
import assert from 'node:assert/strict';
import semver from 'semver';
import { complement, intersect, subtract, toOsvAffected, union, type Interval } from '../../../src/db/sources/version-intervals.js';

const compare = (a: string, b: string): number => semver.compare(a, b);
const incl = (version: string) => ({ version, inclusive: true });
const excl = (version: string) => ({ version, inclusive: false });

test('union sorts, merges overlapping and touching intervals, and keeps real gaps', () => {
  const merged = union(
    [
      { lower: incl('3.0.0'), upper: excl('4.0.0') },
      { lower: incl('1.0.0'), upper: excl('2.0.0') },
      { lower: incl('2.0.0'), upper: excl('2.5.0') }, // touches [1, 2)
      { lower: excl('4.0.0'), upper: incl('5.0.0') }, // gap {4.0.0} before it
      { lower: incl('1.5.0'), upper: excl('1.6.0') }, // inside [1, 2)
    ],
    compare,
  );
  assert.deepEqual(merged, [
    { lower: incl('1.0.0'), upper: excl('2.5.0') },
    { lower: incl('3.0.0'), upper: excl('4.0.0') },
    { lower: excl('4.0.0'), upper: incl('5.0.0') },
  ]);
  assert.deepEqual(union([{ upper: excl('1.0.0') }, { lower: incl('0.5.0') }], compare), [{}]);
});

test('intersect and complement handle open ends and single versions', () => {
  assert.deepEqual(intersect({ lower: incl('1.0.0') }, { upper: incl('1.0.0') }, compare), { lower: incl('1.0.0'), upper: incl('1.0.0') });
  assert.equal(intersect({ lower: excl('1.0.0') }, { upper: incl('1.0.0') }, compare), undefined);
  assert.deepEqual(complement([], compare), [{}]);
  assert.deepEqual(complement([{}], compare), []);
  assert.deepEqual(complement([{ upper: excl('1.0.0') }, { lower: excl('1.0.0') }], compare), [{ lower: incl('1.0.0'), upper: incl('1.0.0') }]);
  assert.deepEqual(complement([{ lower: incl('1.0.0'), upper: excl('2.0.0') }], compare), [{ upper: excl('1.0.0') }, { lower: incl('2.0.0') }]);
  const vulnerable: Interval[] = [{ lower: incl('1.0.0'), upper: excl('3.0.0') }];
  assert.deepEqual(subtract(vulnerable, [{ lower: incl('1.5.0'), upper: excl('2.0.0') }], compare), [
    { lower: incl('1.0.0'), upper: excl('1.5.0') },
    { lower: incl('2.0.0'), upper: excl('3.0.0') },
  ]);
});

test('toOsvAffected: introduced 0, fixed vs last_affected in separate ranges, single versions listed', () => {
  const after = (v: string) => `${v}+next`;
  assert.deepEqual(
    toOsvAffected(
      [
        { upper: excl('1.0.0') },
        { lower: incl('1.2.0'), upper: incl('1.2.0') },
        { lower: excl('1.3.0'), upper: incl('1.4.0') },
        { lower: incl('2.0.0'), upper: excl('2.1.0') },
        { lower: incl('3.0.0') },
      ],
      'ECOSYSTEM',
      compare,
      after,
    ),
    {
      ranges: [
        { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0.0' }, { introduced: '2.0.0' }, { fixed: '2.1.0' }, { introduced: '3.0.0' }] },
        { type: 'ECOSYSTEM', events: [{ introduced: '1.3.0+next' }, { last_affected: '1.4.0' }] },
      ],
      versions: ['1.2.0'],
    },
  );
  assert.deepEqual(toOsvAffected([], 'SEMVER', compare, after), {});
});
