import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dpkgScheme } from '../../src/version/dpkg.js';
import { checkFixture, sorted } from './cases.js';

test('dpkg: every case of debian-versions.txt', (t) => {
  t.diagnostic(`${checkFixture(dpkgScheme, 'debian-versions.txt')} cases checked`);
});

test('dpkg: ~ sorts before everything, even the end of the string', () => {
  assert.deepEqual(sorted(dpkgScheme, ['1.0', '1.0~rc1', '1.0~~', '1.0~', '1.0+b1', '1.0a', '1.0.1', '1.0-1']), [
    '1.0~~',
    '1.0~',
    '1.0~rc1',
    '1.0',
    '1.0-1',
    '1.0a',
    '1.0+b1',
    '1.0.1',
  ]);
  assert.ok(dpkgScheme.compare('1.2.3-1~deb12u1', '1.2.3-1') < 0);
});

test('dpkg: epochs first, revision last', () => {
  assert.ok(dpkgScheme.compare('1:0.1', '9.9') > 0);
  assert.equal(dpkgScheme.compare('0:1.0', '1.0'), 0);
  assert.equal(dpkgScheme.compare('1.0', '1.0-0'), 0);
  assert.ok(dpkgScheme.compare('1.0-10', '1.0-9') > 0);
  assert.ok(dpkgScheme.compare('2.0-1-2', '2.0-1-1') > 0, 'the revision follows the last hyphen');
  assert.ok(dpkgScheme.compare('10:1', '9:1') > 0);
});

test('dpkg: invalid strings', () => {
  for (const v of ['', 'a1.0', ':1.0', 'x:1.0', '1.0-', '1.0-a_b', '1.0 1', '1:2:3-', '1.0:1', '1.0-1:2']) {
    assert.equal(dpkgScheme.isValid(v), false, v);
  }
  assert.equal(dpkgScheme.isValid('1:2.0:1-1'), true, 'a colon in upstream is allowed after an epoch');
});
