import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openFsTarget } from '../../src/target/fs.js';
import { UserError } from '../../src/errors.js';
import { tempDir } from '../support/temp.js';

async function list(root: string, options = {}): Promise<string[]> {
  const target = await openFsTarget(root, options);
  const out: string[] = [];
  for await (const f of target.files()) out.push(f.path);
  return out;
}

test('walks regular files in order, skipping .git; symlinks never lead out of the tree', async () => {
  const base = tempDir();
  const root = join(base, 'root');
  mkdirSync(join(root, 'src', 'deep'), { recursive: true });
  mkdirSync(join(root, '.git'));
  mkdirSync(join(base, 'outside'));
  writeFileSync(join(base, 'outside', 'secret.txt'), 'outside');
  writeFileSync(join(root, '.git', 'config'), '');
  writeFileSync(join(root, 'a.txt'), 'a');
  writeFileSync(join(root, 'src', 'deep', 'b.txt'), 'b');
  symlinkSync(join(base, 'outside'), join(root, 'link-to-outside-dir'));
  symlinkSync(join(base, 'outside', 'secret.txt'), join(root, 'link-to-outside-file'));
  symlinkSync(join(root, 'a.txt'), join(root, 'link-inside'));
  symlinkSync(join(root, 'src'), join(root, 'loop-dir'));
  assert.deepEqual(await list(root), ['a.txt', 'link-inside', 'src/deep/b.txt']);
  const target = await openFsTarget(root);
  assert.equal((await target.read('link-inside'))?.toString(), 'a');
  assert.equal(await target.read('link-to-outside-file'), undefined);
  assert.equal(await target.read('../outside/secret.txt'), undefined);
  assert.equal(await target.read('src'), undefined);
});

test('skip globs: directory names anywhere, paths with **, files by glob', async () => {
  const root = tempDir();
  for (const p of ['node_modules/x/package.json', 'app/node_modules/y/package.json', 'app/package-lock.json', 'test/fixtures/yarn.lock']) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), '{}');
  }
  assert.deepEqual(await list(root, { skipDirs: ['node_modules'] }), ['app/package-lock.json', 'test/fixtures/yarn.lock']);
  assert.deepEqual(await list(root, { skipDirs: ['**/node_modules', 'test/**'] }), ['app/package-lock.json']);
  assert.deepEqual(await list(root, { skipFiles: ['**/*.json'] }), ['test/fixtures/yarn.lock']);
  assert.deepEqual(await list(root, { skipDirs: ['./test/'], skipFiles: ['app/package-lock.json', '**/package.json'] }), []);
});

test('a single file is a target of its own; a missing path is a UserError naming it', async () => {
  const root = tempDir();
  writeFileSync(join(root, 'yarn.lock'), '');
  assert.deepEqual(await list(join(root, 'yarn.lock')), ['yarn.lock']);
  await assert.rejects(openFsTarget(join(root, 'nope')), (err: unknown) => err instanceof UserError && /nope: no such file or directory/.test(err.message));
});
