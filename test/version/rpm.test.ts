import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rpmScheme, rpmvercmp } from '../../src/version/rpm.js';
import { checkFixture, sorted } from './cases.js';

test('rpm: every case of redhat-versions.txt', (t) => {
  t.diagnostic(`${checkFixture(rpmScheme, 'redhat-versions.txt')} cases checked`);
});

test('rpm: ~ sorts before the release, ^ after it but before the next version', () => {
  assert.deepEqual(sorted(rpmScheme, ['1.0.1', '1.0^git1', '1.0', '1.0~rc1', '1.0^git2', '1.0~rc1^git1', '1.0~beta']), [
    '1.0~beta',
    '1.0~rc1',
    '1.0~rc1^git1',
    '1.0',
    '1.0^git1',
    '1.0^git2',
    '1.0.1',
  ]);
});

test('rpm: segments, epochs and releases', () => {
  assert.ok(rpmvercmp('1.10', '1.9') > 0);
  assert.ok(rpmvercmp('1.0a', '1.0') > 0, 'segments left over make a version newer');
  assert.ok(rpmvercmp('1.0.1', '1.0a') > 0, 'a number is newer than letters');
  assert.equal(rpmvercmp('1_0', '1.0'), 0, 'separators only separate');
  assert.ok(rpmScheme.compare('1:1.0-1.el9', '2.0-1.el9') > 0);
  assert.ok(rpmScheme.compare('3.10.0-229.1.2.el7', '3.10.0-229.el7') > 0);
  assert.ok(rpmScheme.compare('1.0-1', '1.0') > 0, 'a release sorts after no release');
});

test('rpm: invalid strings', () => {
  for (const v of ['', '1.0 1', ' 1.0', '1.0\t']) assert.equal(rpmScheme.isValid(v), false, JSON.stringify(v));
});
