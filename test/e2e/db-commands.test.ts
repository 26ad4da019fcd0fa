/**
 * The DB lifecycle through the CLI: export/import with checksums, a build killed with SIGKILL
 * leaving the previous DB intact, concurrent builds and scans, and the age warning.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { runPicket } from '../support/cli.js';
import { repoRoot, sharedPath } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const osvDir = join(repoRoot, 'test/fixtures/osv');
const appDir = join(repoRoot, 'test/fixtures/projects/app');

const advisoriesIn = (cacheDir: string) => {
  const db = new Database(join(cacheDir, 'db', 'picket.db'), { readonly: true });
  const n = db.prepare('SELECT count(*) FROM advisory').pluck().get() as number;
  db.close();
  return n;
};

test('export and import: one checksummed file; a tampered or foreign file is refused and changes nothing', async () => {
  const a = tempDir();
  const b = tempDir();
  assert.equal((await runPicket(['db', 'build', '--source', osvDir, '--cache-dir', a])).code, 0);
  const file = join(tempDir(), 'picket-db.tar.gz');
  const exported = await runPicket(['db', 'export', file, '--cache-dir', a]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.match(exported.stdout, /sha256 [0-9a-f]{64}/);
  const imported = await runPicket(['db', 'import', file, '--cache-dir', b]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, /sha256 verified/);
  assert.equal(advisoriesIn(b), 3);
  const scan = await runPicket(['fs', appDir, '-f', 'json', '--cache-dir', b, '--skip-db-update']);
  assert.equal((JSON.parse(scan.stdout) as { Results: { Vulnerabilities: unknown[] }[] }).Results[0].Vulnerabilities.length, 2);

  // Flip one byte inside the DB file of the archive (tar content is uncompressed inside the gzip).
  const tar = gunzipSync(readFileSync(file));
  const at = tar.indexOf(Buffer.from('SQLite format 3')) + 4096 + 100;
  tar[at] ^= 0xff;
  const tampered = join(tempDir(), 'tampered.tar.gz');
  writeFileSync(tampered, gzipSync(tar));
  const refused = await runPicket(['db', 'import', tampered, '--cache-dir', b]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^picket: .*tampered\.tar\.gz: checksum mismatch/);
  const foreign = join(tempDir(), 'foreign.tar.gz');
  writeFileSync(foreign, gzipSync(Buffer.from('not a tar at all')));
  const notArchive = await runPicket(['db', 'import', foreign, '--cache-dir', b]);
  assert.equal(notArchive.code, 1);
  assert.equal(notArchive.stderr.trim().split('\n').length, 1);
  assert.equal(advisoriesIn(b), 3);
  assert.deepEqual(readdirSync(join(b, 'db')).sort(), ['picket.db']);
});

test('a build killed with SIGKILL leaves the previous DB intact; the next build takes over its lock and cleans up', async () => {
  const cache = tempDir();
  assert.equal((await runPicket(['db', 'build', '--source', osvDir, '--cache-dir', cache])).code, 0);
  const dbDir = join(cache, 'db');
  const child = spawn(process.execPath, [join(repoRoot, 'bin/picket.js'), 'db', 'build', '-q', '--source', sharedPath('db-seed/osv'), '--cache-dir', cache], { stdio: 'ignore' });
  // Wait until it is writing its temporary DB, then kill it hard.
  const deadline = Date.now() + 30_000;
  while (!readdirSync(dbDir).some((f) => f.startsWith('picket.db.build-')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 300));
  child.kill('SIGKILL');
  await new Promise((r) => child.on('exit', r));
  assert.ok(readdirSync(dbDir).includes('update.lock'), 'the killed build held the lock');
  assert.equal(advisoriesIn(cache), 3);
  const scan = await runPicket(['fs', appDir, '-f', 'json', '--cache-dir', cache, '--skip-db-update']);
  assert.equal(scan.code, 0, scan.stderr);
  const rebuilt = await runPicket(['db', 'build', '--source', osvDir, '--cache-dir', cache]);
  assert.equal(rebuilt.code, 0, rebuilt.stderr);
  assert.deepEqual(readdirSync(dbDir).filter((f) => f !== 'sources').sort(), ['picket.db']);
});

test('scans keep working while a build replaces the DB; two builds at once both finish', async () => {
  const cache = tempDir();
  assert.equal((await runPicket(['db', 'build', '--source', osvDir, '--cache-dir', cache])).code, 0);
  const slowBuild = runPicket(['db', 'build', '-q', '--source', sharedPath('db-seed/osv'), '--source', osvDir, '--cache-dir', cache]);
  const secondBuild = runPicket(['db', 'build', '-q', '--source', osvDir, '--cache-dir', cache]);
  const scans = await Promise.all([0, 1, 2].map(() => runPicket(['fs', appDir, '-f', 'json', '--cache-dir', cache, '--skip-db-update'])));
  for (const s of scans) assert.equal(s.code, 0, s.stderr);
  const [slow, second] = await Promise.all([slowBuild, secondBuild]);
  assert.equal(slow.code, 0, slow.stderr);
  assert.equal(second.code, 0, second.stderr);
  assert.ok(existsSync(join(cache, 'db', 'picket.db')));
});

test('an old DB gets a warning naming its age; --db-max-age 0 turns it off', async () => {
  const cache = tempDir();
  assert.equal((await runPicket(['db', 'build', '--source', osvDir, '--cache-dir', cache])).code, 0);
  const db = new Database(join(cache, 'db', 'picket.db'));
  db.prepare("UPDATE meta SET value = ? WHERE key = 'built_at'").run(new Date(Date.now() - 10 * 86_400_000).toISOString());
  db.close();
  const old = await runPicket(['fs', appDir, '-f', 'json', '--cache-dir', cache, '--skip-db-update']);
  assert.match(old.stderr, /WARN\tthe advisory DB was built 10\.0 days ago .*run "picket db update"/);
  const quiet = await runPicket(['fs', appDir, '-f', 'json', '--cache-dir', cache, '--skip-db-update', '--db-max-age', '0']);
  assert.doesNotMatch(quiet.stderr, /days ago/);
  const tolerant = await runPicket(['fs', appDir, '-f', 'json', '--cache-dir', cache, '--skip-db-update'], { env: { PICKET_DB_MAX_AGE: '30d' } });
  assert.doesNotMatch(tolerant.stderr, /days ago/);
  const bad = await runPicket(['fs', appDir, '--cache-dir', cache, '--db-max-age', 'soon']);
  assert.match(bad.stderr, /invalid value for db-max-age: "soon" is not a duration like 30m, 12h or 7d/);
});

test('a corrupt DB file: every command says so in one line naming it', async () => {
  const cache = tempDir();
  const { mkdirSync } = await import('node:fs');
  mkdirSync(join(cache, 'db'), { recursive: true });
  writeFileSync(join(cache, 'db', 'picket.db'), 'garbage, not SQLite');
  for (const args of [['fs', appDir, '--skip-db-update'], ['db', 'info'], ['db', 'export', join(tempDir(), 'x.tar.gz')]]) {
    const r = await runPicket([...args, '--cache-dir', cache]);
    assert.equal(r.code, 1, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^picket: .*${join(cache, 'db', 'picket.db').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.doesNotMatch(r.stderr, /internal error/);
  }
});
