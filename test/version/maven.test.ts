import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mavenScheme } from '../../src/version/maven.js';
import { checkFixture, sorted } from './cases.js';

test('maven: every case of maven-versions.txt', (t) => {
  t.diagnostic(`${checkFixture(mavenScheme, 'maven-versions.txt')} cases checked`);
});

test('maven: qualifier order alpha < beta < milestone < rc < snapshot < release < sp < others', () => {
  const versions = ['1-foo', '1-sp', '1', '1-SNAPSHOT', '1-rc1', '1-m2', '1-beta-2', '1-alpha-1', '1-1'];
  assert.deepEqual(sorted(mavenScheme, versions), ['1-alpha-1', '1-beta-2', '1-m2', '1-rc1', '1-SNAPSHOT', '1', '1-sp', '1-foo', '1-1']);
  assert.equal(mavenScheme.compare('1-cr1', '1-rc-1'), 0);
  assert.equal(mavenScheme.compare('1.0-GA', '1'), 0);
  assert.equal(mavenScheme.compare('1.0.Final', '1'), 0);
  assert.equal(mavenScheme.compare('1.0.RELEASE', '1.0'), 0);
});

test('maven: trailing zeros and separators', () => {
  assert.equal(mavenScheme.compare('1.0.0', '1'), 0);
  assert.equal(mavenScheme.compare('1.0.0-foo.0.0', '1-foo'), 0);
  assert.ok(mavenScheme.compare('1.0.1', '1.0-1') > 0, '.number > -number');
  assert.ok(mavenScheme.compare('1-1', '1-foo') > 0, '-number > -qualifier');
  assert.ok(mavenScheme.compare('1.foo', '1-foo') < 0, '.qualifier < -qualifier');
  assert.ok(mavenScheme.compare('1.10', '1.9') > 0);
  assert.ok(mavenScheme.compare('1-sp-1', '1-ga-1') < 0);
});

test('maven: invalid strings', () => {
  for (const v of ['', '[1.0,2.0)', '1.0 beta', '(,1.0]']) assert.equal(mavenScheme.isValid(v), false, v);
});

test('maven: qualifiers named like Object properties are plain qualifiers', () => {
  assert.equal(mavenScheme.compare('1-constructor', '1-CONSTRUCTOR'), 0);
  assert.ok(mavenScheme.compare('1-constructor', '1-toString') < 0);
  assert.ok(mavenScheme.compare('1-constructor', '1') > 0);
});
