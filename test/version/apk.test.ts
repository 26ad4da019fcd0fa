import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apkScheme } from '../../src/version/apk.js';
import { checkFixture, sorted } from './cases.js';

test('apk: every case of alpine-versions.txt', (t) => {
  t.diagnostic(`${checkFixture(apkScheme, 'alpine-versions.txt')} cases checked`);
});

test('apk: pre-release suffixes < release < post-release suffixes < revisions', () => {
  const versions = ['1.2-r1', '1.2_p1', '1.2', '1.2_rc1', '1.2_alpha', '1.2_git20240101', '1.2_beta2', '1.2_pre1', '1.2a', '1.2.1'];
  assert.deepEqual(sorted(apkScheme, versions), [
    '1.2_alpha',
    '1.2_beta2',
    '1.2_pre1',
    '1.2_rc1',
    '1.2',
    '1.2-r1',
    '1.2_git20240101',
    '1.2_p1',
    '1.2a',
    '1.2.1',
  ]);
});

test('apk: numbers, letters and revisions', () => {
  assert.ok(apkScheme.compare('1.10', '1.9') > 0);
  assert.ok(apkScheme.compare('1.05', '1.1') < 0, 'a leading zero compares as text');
  assert.ok(apkScheme.compare('1.0', '1') > 0);
  assert.ok(apkScheme.compare('1.0a', '1.0') > 0);
  assert.ok(apkScheme.compare('1.0-r10', '1.0-r9') > 0);
  assert.equal(apkScheme.compare('1.0', '1.0-r0'), 0, 'a missing revision is r0');
  assert.equal(apkScheme.compare('0.8.21.r2', '0.8.21-r2'), 0, 'the .rN typo of the secdb is a revision');
  assert.ok(apkScheme.compare('1.0~abc1-r1', '1.0-r1') > 0, 'a commit hash is greater than none');
  assert.ok(apkScheme.compare('1.2_blah', '1.2') < 0, 'unparsable rest lowers the version');
});

test('apk: invalid strings', () => {
  for (const v of ['', 'A', '-r1', '~1', '>=1.0', '1.0 -r1', '_p1']) assert.equal(apkScheme.isValid(v), false, JSON.stringify(v));
});
