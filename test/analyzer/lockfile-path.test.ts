import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isProjectLockfile } from '../../src/analyzer/lockfile-path.js';

test('lockfile names: exact, or with a prefix joined by - or _', () => {
  for (const p of ['package-lock.json', 'app/package-lock.json', '1-package-lock.json', 'x/api-package-lock.json', 'old_package-lock.json']) {
    assert.equal(isProjectLockfile(p, 'package-lock.json'), true, p);
  }
  for (const p of ['mypackage-lock.json', 'package-lock.json.bak', 'package-lock.jsonx', 'path.to.package-lock.json', '-package-lock.json']) {
    assert.equal(isProjectLockfile(p, 'package-lock.json'), false, p);
  }
});

test('lockfiles of installed dependencies are not the project\'s', () => {
  assert.equal(isProjectLockfile('node_modules/dep/yarn.lock', 'yarn.lock'), false);
  assert.equal(isProjectLockfile('a/node_modules/b/package-lock.json', 'package-lock.json'), false);
  assert.equal(isProjectLockfile('.yarn/unplugged/dep/yarn.lock', 'yarn.lock'), false);
  assert.equal(isProjectLockfile('node_modules_backup/yarn.lock', 'yarn.lock'), true);
});
