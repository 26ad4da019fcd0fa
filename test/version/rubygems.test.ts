import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rubygemsScheme } from '../../src/version/rubygems.js';
import { checkFixture, sorted } from './cases.js';

test('rubygems: every case of rubygems-versions.txt', (t) => {
  t.diagnostic(`${checkFixture(rubygemsScheme, 'rubygems-versions.txt')} cases checked`);
});

test('rubygems: letter segments are pre-releases, below the release and any number', () => {
  assert.deepEqual(sorted(rubygemsScheme, ['1.0', '1.0.0.1', '1.0.a', '1.0.rc1', '1.0.b2', '0.9']), [
    '0.9',
    '1.0.a',
    '1.0.b2',
    '1.0.rc1',
    '1.0',
    '1.0.0.1',
  ]);
  assert.ok(rubygemsScheme.compare('1.0.a', '1.0.0') < 0);
  assert.equal(rubygemsScheme.compare('1.0-rc1', '1.0.pre.rc1'), 0, '- means .pre.');
  assert.equal(rubygemsScheme.compare('1.0.0', '1'), 0);
  assert.equal(rubygemsScheme.compare('1.0.a.0', '1.a'), 0);
  assert.equal(rubygemsScheme.compare(' 1.2 ', '1.2'), 0, 'surrounding spaces are stripped, as Gem::Version does');
});

test('rubygems: invalid strings', () => {
  for (const v of ['', 'a', '1..2', '1.0.', '.1', '1_0', '~> 1.0', '>= 1']) assert.equal(rubygemsScheme.isValid(v), false, v);
});
