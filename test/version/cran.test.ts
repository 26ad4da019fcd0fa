import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cranScheme } from '../../src/version/cran.js';
import { checkFixture } from './cases.js';

test('cran: every case of cran-versions.txt', (t) => {
  t.diagnostic(`${checkFixture(cranScheme, 'cran-versions.txt')} cases checked`);
});

test('cran: `.` and `-` are the same separator, numbers compare as numbers', () => {
  assert.equal(cranScheme.compare('1.2-3', '1.2.3'), 0);
  assert.ok(cranScheme.compare('0.75', '0.9') > 0);
  assert.ok(cranScheme.compare('1.0-10', '1.0-9') > 0);
  assert.ok(cranScheme.compare('0.3.2.0', '0.3.2') > 0);
});

test('cran: invalid strings', () => {
  for (const v of ['', '1.0a', '1..0', '1.0-', 'v1.0', '1.0_1', '>= 1.0']) assert.equal(cranScheme.isValid(v), false, v);
});
