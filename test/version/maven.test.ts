import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mavenScheme } from '../../src/version/maven.js';
import { checkFixture, sorted } from './cases.js';

test('maven: every case of maven-versions.txt', () => {
  checkFixture(mavenScheme, 'maven-versions.txt');
});
