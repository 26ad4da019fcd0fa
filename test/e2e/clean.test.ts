/**
 * `picket clean` through the built CLI: each flag removes only its part of a real cache
 * directory (a scan cache written by openScanCache, an advisory DB built by `picket db build`),
 * never what picket did not create, never through a symbolic link, and never a DB being built.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openScanCache } from '../../src/cache/scan-cache.js';
import { treeBytes } from '../../src/cache/remove-tree.js';
import { runPicket } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

// Made at load time: a tempDir() made inside before() would be removed when that hook ends.
const builtDb = tempDir();

before(async () => {
  const r = await runPicket(['db', 'build', '-q', '--source', join(repoRoot, 'test/fixtures/osv'), '--cache-dir', builtDb]);
  assert.equal(r.code, 0, r.stderr);
});

/** A cache dir with picket's parts, a user's files beside them, and a link out of it. */
function populatedCache() {
  const cacheDir = tempDir();
  cpSync(join(builtDb, 'db'), join(cacheDir, 'db'), { recursive: true });
  const cache = openScanCache(cacheDir);
  for (let i = 0; i < 20; i++) cache.put(`layer:sha256:${i}:fp`, { packages: Array.from({ length: 200 }, (_, k) => ({ name: `p${k}`, version: `${i}.${k}` })) });
  cache.close();
  const outside = tempDir();
  writeFileSync(join(outside, 'precious.txt'), 'not picket\'s');
  symlinkSync(outside, join(cacheDir, 'scan-cache', 'link-out'));
  mkdirSync(join(cacheDir, 'repo-a1B2c3'));
  writeFileSync(join(cacheDir, 'repo-a1B2c3', 'go.mod'), 'module x\n');
  writeFileSync(join(cacheDir, 'notes.txt'), 'mine');
  mkdirSync(join(cacheDir, 'repo-keep'));
  mkdirSync(join(cacheDir, 'other'));
  writeFileSync(join(cacheDir, 'other', 'data'), 'mine too');
  return { cacheDir, outside };
}

const freedBytes = (stderr: string) => Number(/freed .* \((\d+) bytes\) in /.exec(stderr)?.[1]);

test('without a flag: one line naming the flags, nothing removed', async () => {
  const { cacheDir } = populatedCache();
  const before = readdirSync(cacheDir).sort();
  const r = await runPicket(['clean', '--cache-dir', cacheDir]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /^picket: clean: say what to remove: --scan-cache .*, --vuln-db .* or --all /);
  assert.deepEqual(readdirSync(cacheDir).sort(), before);
});

test('--scan-cache removes the scan cache only (not what a link in it points to) and says how many bytes', async () => {
  const { cacheDir, outside } = populatedCache();
  const size = await treeBytes(join(cacheDir, 'scan-cache'));
  assert.ok(size > 0);
  const r = await runPicket(['clean', '--scan-cache', '--cache-dir', cacheDir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /INFO\tremoved .*\/scan-cache: scan cache, /);
  assert.equal(freedBytes(r.stderr), size);
  assert.equal(existsSync(join(cacheDir, 'scan-cache')), false);
  assert.equal(existsSync(join(outside, 'precious.txt')), true);
  assert.deepEqual(readdirSync(cacheDir).sort(), ['db', 'notes.txt', 'other', 'repo-a1B2c3', 'repo-keep']);
  assert.ok(existsSync(join(cacheDir, 'db', 'picket.db')));

  // A scan-cache opened afterwards starts empty; a second clean has nothing to do.
  const again = await runPicket(['clean', '--scan-cache', '--cache-dir', cacheDir]);
  assert.equal(again.code, 0);
  assert.match(again.stderr, /nothing to remove in /);
});

test('--vuln-db removes the advisory DB only; the scan cache and the user\'s files stay', async () => {
  const { cacheDir } = populatedCache();
  const size = await treeBytes(join(cacheDir, 'db'));
  const r = await runPicket(['clean', '--vuln-db', '--cache-dir', cacheDir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /removed .*\/db: advisory DB, /);
  assert.equal(freedBytes(r.stderr), size);
  assert.deepEqual(readdirSync(cacheDir).sort(), ['notes.txt', 'other', 'repo-a1B2c3', 'repo-keep', 'scan-cache']);
  const cache = openScanCache(cacheDir);
  assert.equal(cache.stats().entries, 20);
  cache.close();
});

test('--vuln-db refuses while another picket holds the DB lock, and takes over a dead owner\'s lock', async () => {
  const { cacheDir } = populatedCache();
  // The lock protocol of db/lock.ts: a live pid (this test process) in db/update.lock.
  writeFileSync(join(cacheDir, 'db', 'update.lock'), String(process.pid));
  const refused = await runPicket(['clean', '--vuln-db', '--cache-dir', cacheDir]);
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr.trim().split('\n').length, 1);
  assert.match(refused.stderr, new RegExp(`^picket: clean: cannot remove the advisory DB: .* being updated by another picket \\(pid ${process.pid}\\)`));
  assert.deepEqual(readdirSync(join(cacheDir, 'db')).sort(), ['picket.db', 'update.lock']);

  const dead = spawnSync(process.execPath, ['-e', '']).pid;
  writeFileSync(join(cacheDir, 'db', 'update.lock'), String(dead));
  const r = await runPicket(['clean', '--vuln-db', '--cache-dir', cacheDir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(existsSync(join(cacheDir, 'db')), false);
});

test('--all removes what picket made (scan cache, DB, clone leftovers) and keeps the rest and the directory', async () => {
  const { cacheDir, outside } = populatedCache();
  const size = (await treeBytes(join(cacheDir, 'db'))) + (await treeBytes(join(cacheDir, 'scan-cache'))) + (await treeBytes(join(cacheDir, 'repo-a1B2c3')));
  const r = await runPicket(['clean', '-a', '--cache-dir', cacheDir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(freedBytes(r.stderr), size);
  assert.match(r.stderr, /removed .*\/repo-a1B2c3: repository clone left by an interrupted scan/);
  assert.match(r.stderr, /kept 3 entries in .* that picket did not create: notes\.txt, other, repo-keep/);
  assert.deepEqual(readdirSync(cacheDir).sort(), ['notes.txt', 'other', 'repo-keep']);
  assert.equal(existsSync(join(outside, 'precious.txt')), true);
});

test('a db that is a link to elsewhere: the link goes, its target stays', async () => {
  const cacheDir = tempDir();
  const elsewhere = tempDir();
  cpSync(join(builtDb, 'db'), join(elsewhere, 'db'), { recursive: true });
  symlinkSync(join(elsewhere, 'db'), join(cacheDir, 'db'));
  const r = await runPicket(['clean', '--all', '--cache-dir', cacheDir]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(readdirSync(cacheDir), []);
  assert.deepEqual(readdirSync(join(elsewhere, 'db')), ['picket.db']);
});

test('-q prints nothing; a cache directory that does not exist is not an error', async () => {
  const { cacheDir } = populatedCache();
  const quiet = await runPicket(['clean', '--scan-cache', '-q', '--cache-dir', cacheDir]);
  assert.equal(quiet.code, 0);
  assert.equal(quiet.stderr, '');
  assert.equal(existsSync(join(cacheDir, 'scan-cache')), false);
  const missing = join(tempDir(), 'never-made');
  const r = await runPicket(['clean', '--all', '--cache-dir', missing]);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /nothing to remove: .*never-made does not exist/);
  assert.equal(existsSync(missing), false);
});
