import { test } from 'node:test';
import assert from 'node:assert/strict';
import { semverScheme } from '../../src/version/semver.js';
import { checkFixture, sorted } from './cases.js';

test('semver: every case of semver-versions.txt', (t) => {
  t.diagnostic(`${checkFixture(semverScheme, 'semver-versions.txt')} cases checked`);
});

test('semver: leading v, missing minor/patch, unbounded components', () => {
  assert.equal(semverScheme.compare('v1.2.3', '1.2.3'), 0);
  assert.equal(semverScheme.compare('1', '1.0.0'), 0);
  assert.equal(semverScheme.compare('1.2', '1.2.0'), 0);
  assert.equal(semverScheme.compare('1.2-rc.1', '1.2.0-rc.1'), 0);
  assert.ok(semverScheme.compare('18446744073709551616.0.0', '18446744073709551615.9.9') > 0);
  assert.equal(semverScheme.compare('01.002.0003', '1.2.3'), 0);
});

test('semver: build metadata is ignored, Go +incompatible included', () => {
  assert.equal(semverScheme.compare('v2.0.0+incompatible', 'v2.0.0'), 0);
  assert.ok(semverScheme.compare('v2.0.1+incompatible', 'v2.0.0') > 0);
  assert.equal(semverScheme.compare('1.2.3.4.5', '1.2.3'), 0);
});

test('semver: Go pseudo-versions order by timestamp, before the release they precede', () => {
  const versions = [
    'v1.2.4',
    'v1.2.4-0.20210301000000-bbbbbbbbbbbb',
    'v1.2.3',
    'v0.0.0-20210101000000-abcdef123456',
    'v1.2.4-0.20210201000000-aaaaaaaaaaaa',
    'v1.2.4-pre.0.20210401000000-cccccccccccc',
    'v0.0.0-20201231235959-abcdef123456',
  ];
  assert.deepEqual(sorted(semverScheme, versions), [
    'v0.0.0-20201231235959-abcdef123456',
    'v0.0.0-20210101000000-abcdef123456',
    'v1.2.3',
    'v1.2.4-0.20210201000000-aaaaaaaaaaaa',
    'v1.2.4-0.20210301000000-bbbbbbbbbbbb',
    'v1.2.4-pre.0.20210401000000-cccccccccccc',
    'v1.2.4',
  ]);
});

test('semver: strings that are not versions are invalid', () => {
  for (const v of ['', 'v', 'latest', '1.2.x', '1.2.3-', '1.2.3+', '1.2.3-a..b', '1.2.3 ', '=1.2.3', '1.2.3_4', 'abc1.2.3']) {
    assert.equal(semverScheme.isValid(v), false, v);
  }
  assert.throws(() => semverScheme.compare('latest', '1.0.0'), /not a valid semver version/);
});
