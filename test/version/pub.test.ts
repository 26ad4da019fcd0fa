import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pubScheme } from '../../src/version/pub.js';
import { checkFixture, sorted } from './cases.js';

test('pub: every case of pub-versions.txt', (t) => {
  t.diagnostic(`${checkFixture(pubScheme, 'pub-versions.txt')} cases checked`);
});

test('pub: build numbers sort after the plain release, numerically', () => {
  assert.deepEqual(sorted(pubScheme, ['1.0.0+10', '1.0.1', '1.0.0+2', '1.0.0', '1.0.0-dev']), [
    '1.0.0-dev',
    '1.0.0',
    '1.0.0+2',
    '1.0.0+10',
    '1.0.1',
  ]);
});

test('pub: invalid strings', () => {
  for (const v of ['', 'any', '^1.0.0', '1.0.0+', '1.0.0-']) assert.equal(pubScheme.isValid(v), false, v);
});
