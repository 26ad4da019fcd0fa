import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composerScheme } from '../../src/version/composer.js';
import { checkFixture, sorted } from './cases.js';

test('composer: every case of packagist-versions.txt', (t) => {
  t.diagnostic(`${checkFixture(composerScheme, 'packagist-versions.txt')} cases checked`);
});

test('composer: stabilities dev < alpha < beta < RC < stable < patch', () => {
  const versions = ['1.0-patch1', '1.0.0-stable', '1.0-RC1', '1.0-beta1', '1.0-alpha1', '1.0-dev', 'dev-main', '0.9'];
  assert.deepEqual(sorted(composerScheme, versions), ['dev-main', '0.9', '1.0-dev', '1.0-alpha1', '1.0-beta1', '1.0-RC1', '1.0.0-stable', '1.0-patch1']);
  assert.equal(composerScheme.compare('1.0.0-stable', '1.0.0'), 0);
  assert.equal(composerScheme.compare('v2.1.0', '2.1.0'), 0);
  assert.equal(composerScheme.compare('1.0.0-Beta2', '1.0.0-beta.2'), 0, 'stabilities are case-insensitive');
  assert.ok(composerScheme.compare('1.0.0', '1.0') > 0, 'version_compare keeps 1.0 < 1.0.0');
});

test('composer: invalid strings', () => {
  for (const v of ['', '^1.0', '~1.2', '>=1.0', '1.0 || 2.0', '*', '1.0@dev']) assert.equal(composerScheme.isValid(v), false, v);
});
