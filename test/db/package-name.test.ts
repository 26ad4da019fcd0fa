import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePackageName } from '../../src/db/package-name.js';

test('NuGet ids are case-insensitive: keyed in lower case', () => {
  assert.equal(normalizePackageName('NuGet', 'Newtonsoft.Json'), 'newtonsoft.json');
  assert.equal(normalizePackageName('NuGet', 'newtonsoft.json'), normalizePackageName('NuGet', 'NEWTONSOFT.JSON'));
});

test('PyPI per PEP 503; RubyGems and Packagist names as written', () => {
  assert.equal(normalizePackageName('PyPI', 'Foo_Bar.baz'), 'foo-bar-baz');
  assert.equal(normalizePackageName('RubyGems', 'RedCloth'), 'RedCloth');
  assert.equal(normalizePackageName('Packagist', 'guzzlehttp/psr7'), 'guzzlehttp/psr7');
});
