import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nugetScheme } from '../../src/version/nuget.js';
import { checkFixture, sorted } from './cases.js';

test('nuget: every case of nuget-versions.txt', (t) => {
  t.diagnostic(`${checkFixture(nugetScheme, 'nuget-versions.txt')} cases checked`);
});

test('nuget: four-part versions and case-insensitive labels', () => {
  assert.equal(nugetScheme.compare('1.0.0.0', '1.0.0'), 0);
  assert.equal(nugetScheme.compare('1.0', '1.0.0'), 0);
  assert.equal(nugetScheme.compare('1.0.0-RC.1', '1.0.0-rc.1'), 0);
  assert.equal(nugetScheme.compare('1.0.0+abc', '1.0.0+def'), 0);
  assert.deepEqual(sorted(nugetScheme, ['1.0.0.1', '1.0.0', '1.0.0-beta.10', '1.0.0-beta.2', '1.0.0-Alpha', '1.0.0-beta']), [
    '1.0.0-Alpha',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.10',
    '1.0.0',
    '1.0.0.1',
  ]);
});

test('nuget: invalid strings', () => {
  for (const v of ['', '1.0.0.0.0', '1.0.0-', '1.0.0-a..b', '[1.0,2.0)', 'v1.0.0', '1.*', '1.0.0 ']) assert.equal(nugetScheme.isValid(v), false, v);
});
