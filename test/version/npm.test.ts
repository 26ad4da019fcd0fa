import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { npmScheme } from '../../src/version/npm.js';
import { sharedPath } from '../support/paths.js';

test('npm ordering agrees with the shared semver ordering cases node-semver can parse', () => {
  const lines = readFileSync(sharedPath('fixtures/versions/semver-versions.txt'), 'utf8').split('\n');
  let checked = 0;
  for (const line of lines) {
    const m = /^(\S+) ([<>=]) (\S+)$/.exec(line.trim());
    if (!m) continue;
    const [, a, op, b] = m;
    if (!npmScheme.isValid(a) || !npmScheme.isValid(b)) continue;
    const expected = op === '<' ? -1 : op === '>' ? 1 : 0;
    assert.equal(Math.sign(npmScheme.compare(a, b)), expected, line);
    checked++;
  }
  assert.ok(checked >= 60, `only ${checked} cases checked`);
});

test('npm pre-releases sort before their release and after the previous one', () => {
  const sorted = ['1.0.0', '1.0.0-rc.1', '0.9.9', '1.0.0-alpha', '1.0.0-beta.11', '1.0.0-beta.2'].sort(npmScheme.compare);
  assert.deepEqual(sorted, ['0.9.9', '1.0.0-alpha', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0']);
});

test('strings that are not npm versions are invalid, never matched', () => {
  assert.equal(npmScheme.isValid('latest'), false);
  assert.equal(npmScheme.isValid('github:user/repo#abc'), false);
  assert.equal(npmScheme.isValid('1.2'), false);
  assert.equal(npmScheme.isValid('v1.2.3'), true);
});
