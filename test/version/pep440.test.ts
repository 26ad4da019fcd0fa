import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pep440Scheme } from '../../src/version/pep440.js';
import { checkFixture, sorted } from './cases.js';

test('pep440: every case of pypi-versions.txt', (t) => {
  t.diagnostic(`${checkFixture(pep440Scheme, 'pypi-versions.txt')} cases checked`);
});

test('pep440: dev < pre < release < post, epochs first, local last', () => {
  const versions = ['1.0.post1', '1.0+local', '1.0', '1!0.1', '1.0rc1', '1.0.dev0', '1.0a1', '1.0b2', '1.0c2'];
  assert.deepEqual(sorted(pep440Scheme, versions), [
    '1.0.dev0',
    '1.0a1',
    '1.0b2',
    '1.0rc1',
    '1.0c2',
    '1.0',
    '1.0+local',
    '1.0.post1',
    '1!0.1',
  ]);
});

test('pep440: normalised spellings compare equal', () => {
  for (const [a, b] of [
    ['v1.0', '1.0'],
    ['1.0.0', '1'],
    ['1.0-RC1', '1.0rc1'],
    ['1.0c1', '1.0rc1'],
    ['1.0.alpha.1', '1.0a1'],
    ['1.0-1', '1.0.post1'],
    ['1.0.DEV', '1.0.dev0'],
    ['0!1.0', '1.0'],
  ]) {
    assert.equal(pep440Scheme.compare(a, b), 0, `${a} = ${b}`);
  }
});

test('pep440: legacy versions sort before every PEP 440 version, by the setuptools key', () => {
  assert.ok(pep440Scheme.compare('2013b', '0.0.1') > 0, '2013b is PEP 440 (2013 beta 0)');
  assert.ok(pep440Scheme.compare('999-foo', '0.0.1') < 0);
  assert.ok(pep440Scheme.compare('1.0-foo', '1.0-bar') > 0);
  assert.equal(pep440Scheme.compare('1.0-x', '1-x'), 0);
  assert.ok(pep440Scheme.compare('1.0-constructor', '1.0-bar') > 0, 'words named like Object properties are plain words');
});

test('pep440: invalid strings', () => {
  for (const v of ['', '1.0 beta', '>=1.0', '1.0,<2', '*']) assert.equal(pep440Scheme.isValid(v), false, v);
  assert.throws(() => pep440Scheme.compare('>=1', '1'), /not a valid PyPI version/);
});
