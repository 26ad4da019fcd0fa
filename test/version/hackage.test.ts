import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hackageScheme } from '../../src/version/hackage.js';
import { checkFixture } from './cases.js';

test('hackage: every case of hackage-versions.txt', (t) => {
  t.diagnostic(`${checkFixture(hackageScheme, 'hackage-versions.txt')} cases checked`);
});

test('hackage: lists compare lexicographically, a longer list is greater', () => {
  assert.ok(hackageScheme.compare('1.0', '1') > 0);
  assert.ok(hackageScheme.compare('1.0.0', '1.0') > 0);
  assert.ok(hackageScheme.compare('0.10', '0.9') > 0);
  assert.equal(hackageScheme.compare('1.02', '1.2'), 0);
  assert.ok(hackageScheme.compare('1.99999999999999999999', '1.99999999999999999998') > 0);
});

test('hackage: invalid strings', () => {
  for (const v of ['', '1.', '.1', '1..2', '1.0-beta', 'v1.0', '1.0a', '>=1.0']) assert.equal(hackageScheme.isValid(v), false, v);
});
