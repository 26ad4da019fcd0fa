import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openScanCache, scanCacheLimitFromEnv, DEFAULT_SCAN_CACHE_MAX_BYTES, type ScanCache } from '../../src/cache/scan-cache.js';
import { SCAN_CACHE_SCHEMA_VERSION } from '../../src/cache/schema.js';
import { UserError } from '../../src/errors.js';
import { repoRoot } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const dbFile = (cacheDir: string) => join(cacheDir, 'scan-cache', 'cache.db');

/** A cache with a clock the test moves by hand; warnings are collected. */
function openWithClock(cacheDir: string, maxBytes?: number) {
  const clock = { now: 1_000_000 };
  const warnings: string[] = [];
  const cache = openScanCache(cacheDir, { maxBytes, now: () => clock.now, onWarning: (m) => warnings.push(m) });
  return { cache, clock, warnings };
}

// Values below 512 bytes of JSON are stored as is: each of these takes 402 + 2 (key) bytes.
const SMALL = 'x'.repeat(400);
const SMALL_SIZE = 404;

/** `bytes` bytes of noise (a sha256 chain, so the same every run), as base64. */
function incompressible(bytes: number): string {
  const parts: Buffer[] = [];
  for (let i = 0; parts.length * 32 < bytes; i++) parts.push(createHash('sha256').update(String(i)).digest());
  return Buffer.concat(parts).subarray(0, bytes).toString('base64');
}

function present(cache: ScanCache, keys: string[]): string[] {
  return keys.filter((k) => cache.has(k));
}

test('put/get round-trip JSON values; has, delete, deleteByPrefix; stats count entries and stored bytes', () => {
  const cacheDir = tempDir();
  const { cache, warnings } = openWithClock(cacheDir);
  assert.equal(cache.enabled, true);
  assert.equal(cache.path, dbFile(cacheDir));
  assert.equal(cache.maxBytes, DEFAULT_SCAN_CACHE_MAX_BYTES);
  const facts = { os: { family: 'debian', name: '12.4' }, packages: [{ name: 'libc6', version: '2.36-9' }], whiteouts: [], n: null, ok: true };
  cache.put('layer:sha256:aa:fp', facts);
  cache.put('layer:sha256:ab:fp', 'a string');
  cache.put('layer:sha256:b_:fp', null);
  cache.put('other:1', [1, 2, 3]);
  assert.deepEqual(cache.get('layer:sha256:aa:fp'), facts);
  assert.notEqual(cache.get('layer:sha256:aa:fp'), cache.get('layer:sha256:aa:fp'), 'each get is a fresh copy');
  assert.equal(cache.get('layer:sha256:ab:fp'), 'a string');
  assert.equal(cache.get('layer:sha256:b_:fp'), null);
  assert.equal(cache.get('missing'), undefined);
  assert.equal(cache.has('other:1'), true);
  assert.equal(cache.has('missing'), false);
  assert.throws(() => cache.put('bad', undefined), TypeError);

  cache.put('other:1', { replaced: true });
  assert.deepEqual(cache.get('other:1'), { replaced: true });
  const stats = cache.stats();
  assert.equal(stats.entries, 4);
  const raw = new Database(dbFile(cacheDir), { readonly: true });
  assert.equal(raw.prepare('SELECT sum(length(value) + length(CAST(key AS BLOB))) FROM entry').pluck().get(), stats.bytes);
  raw.close();

  // `_` and `%` in a prefix are plain characters.
  assert.equal(cache.deleteByPrefix('layer:sha256:b_'), 1);
  assert.equal(cache.deleteByPrefix('layer:sha256:%'), 0);
  assert.equal(cache.deleteByPrefix('layer:'), 2);
  assert.deepEqual(present(cache, ['layer:sha256:aa:fp', 'layer:sha256:ab:fp', 'other:1']), ['other:1']);
  assert.equal(cache.delete('other:1'), true);
  assert.equal(cache.delete('other:1'), false);
  assert.deepEqual(cache.stats(), { entries: 0, bytes: 0 });
  cache.close();
  assert.equal(cache.enabled, false);
  assert.equal(cache.get('anything'), undefined, 'a closed cache answers like an empty one');
  assert.deepEqual(warnings, []);
});

test('the directory is created with mode 0700; entries persist across opens', () => {
  const cacheDir = tempDir();
  const first = openScanCache(cacheDir);
  first.put('layer:1', { a: 1 });
  first.close();
  assert.equal(statSync(join(cacheDir, 'scan-cache')).mode & 0o777, 0o700);
  const second = openScanCache(cacheDir);
  assert.deepEqual(second.get('layer:1'), { a: 1 });
  second.close();
});

test('a big layer-facts value is stored compressed and read back intact', () => {
  const cacheDir = tempDir();
  const cache = openScanCache(cacheDir);
  const facts = {
    osPackages: [{ manager: 'dpkg', filePath: 'var/lib/dpkg/status', packages: Array.from({ length: 3000 }, (_, i) => ({
      id: `lib-${i}@1.${i % 17}.${i % 5}-1`, name: `lib-${i}`, version: `1.${i % 17}.${i % 5}-1`, srcName: `src-${i % 400}`, arch: 'amd64',
      maintainer: 'Debian Maintainers <debian-devel@lists.debian.org>', locations: [{ startLine: i * 20 + 1, endLine: i * 20 + 19 }],
    })) }],
    ownedFiles: Array.from({ length: 20_000 }, (_, i) => `usr/lib/x86_64-linux-gnu/lib-${i % 3000}.so.${i % 7}`),
  };
  const json = Buffer.byteLength(JSON.stringify(facts));
  assert.ok(json > 1024 * 1024, `the sample is realistic in size (${json} bytes)`);
  cache.put('layer:big', facts);
  const { bytes } = cache.stats();
  assert.ok(bytes * 5 < json, `stored ${bytes} bytes for ${json} bytes of JSON`);
  assert.deepEqual(cache.get('layer:big'), facts);
  cache.close();
});

test('over the cap, a put evicts the least recently used entries until under 90 % of it', () => {
  const cacheDir = tempDir();
  const { cache, clock, warnings } = openWithClock(cacheDir, SMALL_SIZE * 5);
  for (const key of ['k1', 'k2', 'k3', 'k4', 'k5']) {
    cache.put(key, SMALL);
    clock.now += 1;
  }
  assert.deepEqual(cache.stats(), { entries: 5, bytes: SMALL_SIZE * 5 }, 'exactly at the cap: nothing evicted');
  clock.now += 100_000;
  assert.equal(cache.get('k1'), SMALL); // more than a minute after its put: recorded as used now
  clock.now += 1;
  cache.put('k6', SMALL);
  // 6 entries, 2424 bytes > 2020; 90 % is 1818: the two least recently used go (k2, k3).
  assert.deepEqual(present(cache, ['k1', 'k2', 'k3', 'k4', 'k5', 'k6']), ['k1', 'k4', 'k5', 'k6']);
  assert.deepEqual(cache.stats(), { entries: 4, bytes: SMALL_SIZE * 4 });
  // Replacing an entry makes it the most recently used.
  clock.now += 1;
  cache.put('k4', SMALL);
  clock.now += 1;
  cache.put('k7', SMALL);
  clock.now += 1;
  cache.put('k8', SMALL);
  assert.deepEqual(present(cache, ['k1', 'k4', 'k5', 'k6', 'k7', 'k8']), ['k6', 'k4', 'k7', 'k8'].sort());
  assert.deepEqual(warnings, []);
  cache.close();
});

test('a get records its use at most once per minute (no write per hit)', () => {
  const cacheDir = tempDir();
  const { cache, clock } = openWithClock(cacheDir, SMALL_SIZE * 5);
  for (const key of ['k1', 'k2', 'k3', 'k4', 'k5']) {
    cache.put(key, SMALL);
    clock.now += 1;
  }
  clock.now += 30_000;
  assert.equal(cache.get('k1'), SMALL); // 30 s after its put: its recorded use stays
  cache.put('k6', SMALL);
  assert.deepEqual(present(cache, ['k1', 'k2', 'k3', 'k4', 'k5', 'k6']), ['k3', 'k4', 'k5', 'k6']);
  const raw = new Database(dbFile(cacheDir), { readonly: true });
  assert.equal(raw.prepare("SELECT used_at FROM entry WHERE key = 'k3'").pluck().get(), 1_000_002);
  raw.close();
  cache.close();
});

test('a value bigger than the cap is not stored; one just under it stays and evicts all others', () => {
  const cacheDir = tempDir();
  const { cache, clock, warnings } = openWithClock(cacheDir, 500);
  cache.put('k1', 't'.repeat(16)); // 18 + 2 bytes
  clock.now += 1;
  cache.put('k2', 't'.repeat(16));
  cache.put('huge', incompressible(1500)); // does not compress below 500 bytes
  assert.equal(cache.has('huge'), false);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /entry huge \(\d+ bytes stored\) is larger than the cache limit \(500 bytes\): not stored/);
  clock.now += 1;
  cache.put('big', 'z'.repeat(470)); // 472 + 3 bytes: under the cap, over 90 % of it on its own
  assert.deepEqual(present(cache, ['k1', 'k2', 'big']), ['big']);
  assert.deepEqual(cache.stats(), { entries: 1, bytes: 475 });
  cache.close();
});

test('a file with another schema version is emptied and recreated', () => {
  const cacheDir = tempDir();
  openScanCache(cacheDir).close();
  const raw = new Database(dbFile(cacheDir));
  raw.exec('DROP TABLE entry; CREATE TABLE entry (k TEXT); CREATE TABLE leftovers (x); INSERT INTO entry VALUES (1)');
  raw.pragma(`user_version = ${SCAN_CACHE_SCHEMA_VERSION + 1}`);
  raw.close();
  const cache = openScanCache(cacheDir);
  assert.deepEqual(cache.stats(), { entries: 0, bytes: 0 });
  cache.put('layer:1', [1]);
  assert.deepEqual(cache.get('layer:1'), [1]);
  cache.close();
  const after = new Database(dbFile(cacheDir), { readonly: true });
  assert.equal(after.pragma('user_version', { simple: true }), SCAN_CACHE_SCHEMA_VERSION);
  assert.deepEqual(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all(), ['entry']);
  assert.equal(after.pragma('journal_mode', { simple: true }), 'wal');
  after.close();
});

test('a cache file that is not an SQLite database is replaced, with a warning', () => {
  const cacheDir = tempDir();
  openScanCache(cacheDir).close();
  writeFileSync(dbFile(cacheDir), 'PK\u0003\u0004 this was overwritten by something else '.repeat(300));
  const { cache, warnings } = openWithClock(cacheDir);
  assert.equal(cache.enabled, true);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /scan-cache\/cache\.db was damaged \(file is not a database\): removed it and started an empty one/);
  cache.put('layer:1', { ok: 1 });
  assert.deepEqual(cache.get('layer:1'), { ok: 1 });
  cache.close();
  assert.deepEqual(readdirSync(join(cacheDir, 'scan-cache')), ['cache.db'], 'no lock or stray files left');
});

test('a cache file whose first page is damaged is replaced, with a warning', () => {
  const cacheDir = tempDir();
  const cache = openScanCache(cacheDir);
  cache.put('layer:1', SMALL);
  cache.close();
  const bytes = readFileSync(dbFile(cacheDir));
  bytes.fill(0xa5, 100, 4096); // keep the 100-byte header, wreck the schema page
  writeFileSync(dbFile(cacheDir), bytes);
  const reopened = openWithClock(cacheDir);
  assert.equal(reopened.warnings.length, 1);
  assert.match(reopened.warnings[0], /was damaged \(.*malformed.*\)/);
  assert.equal(reopened.cache.get('layer:1'), undefined);
  reopened.cache.put('layer:2', 2);
  assert.equal(reopened.cache.get('layer:2'), 2);
  reopened.cache.close();
});

test('an unreadable stored value is a miss: removed, with a warning', () => {
  const cacheDir = tempDir();
  const { cache, warnings } = openWithClock(cacheDir);
  cache.put('layer:1', { packages: 'p'.repeat(5000) });
  const raw = new Database(dbFile(cacheDir));
  raw.prepare("UPDATE entry SET value = x'00112233445566778899' WHERE key = 'layer:1'").run();
  raw.close();
  assert.equal(cache.get('layer:1'), undefined);
  assert.equal(cache.has('layer:1'), false);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /entry layer:1 is unreadable .*: removed/);
  assert.equal(cache.enabled, true);
  cache.close();
});

test('a cache directory that cannot be created gives a disabled cache and one warning', () => {
  const parent = tempDir();
  const cacheDir = join(parent, 'a-file');
  writeFileSync(cacheDir, 'not a directory');
  const warnings: string[] = [];
  const cache = openScanCache(cacheDir, { onWarning: (m) => warnings.push(m) });
  assert.equal(cache.enabled, false);
  assert.equal(cache.path, undefined);
  cache.put('layer:1', 1);
  assert.equal(cache.get('layer:1'), undefined);
  assert.equal(cache.has('layer:1'), false);
  assert.deepEqual(cache.stats(), { entries: 0, bytes: 0 });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /a-file\/scan-cache\/cache\.db cannot be opened \(ENOTDIR.*\): scanning without it/);
});

test('a cache directory the user cannot write: the scan goes on without a cache, with a warning', (t) => {
  const cacheDir = tempDir();
  const probe = join(repoRoot, 'test/cache/open-probe.ts');
  // Root writes anywhere: run the probe as "nobody" then; otherwise take the write bit away.
  const asRoot = process.getuid?.() === 0;
  const nobody = { uid: 65534, gid: 65534, env: { ...process.env, HOME: '/nonexistent' } };
  if (asRoot && spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(probe)})`], nobody).status !== 0) {
    t.skip('running as root in a checkout that user "nobody" cannot read');
    return;
  }
  if (!asRoot) chmodSync(cacheDir, 0o500);
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', probe, cacheDir], { cwd: repoRoot, encoding: 'utf8', ...(asRoot ? nobody : {}) });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { enabled: boolean; got: unknown; warnings: string[] };
    assert.equal(out.enabled, false);
    assert.equal(out.got, null);
    assert.equal(out.warnings.length, 1);
    assert.match(out.warnings[0], /cannot be opened \(EACCES.*\): scanning without it/);
    assert.equal(existsSync(join(cacheDir, 'scan-cache')), false);
  } finally {
    chmodSync(cacheDir, 0o700);
  }
});

test('PICKET_SCAN_CACHE_MAX_BYTES: bytes or a size with a unit; malformed values are a UserError', () => {
  assert.equal(scanCacheLimitFromEnv({}), undefined);
  assert.equal(scanCacheLimitFromEnv({ PICKET_SCAN_CACHE_MAX_BYTES: '' }), undefined);
  assert.equal(scanCacheLimitFromEnv({ PICKET_SCAN_CACHE_MAX_BYTES: '1048576' }), 1048576);
  assert.equal(scanCacheLimitFromEnv({ PICKET_SCAN_CACHE_MAX_BYTES: '512MiB' }), 512 * 1024 * 1024);
  assert.equal(scanCacheLimitFromEnv({ PICKET_SCAN_CACHE_MAX_BYTES: '4GiB' }), 4 * 1024 ** 3);
  assert.equal(scanCacheLimitFromEnv({ PICKET_SCAN_CACHE_MAX_BYTES: '2G' }), 2 * 1024 ** 3);
  assert.equal(scanCacheLimitFromEnv({ PICKET_SCAN_CACHE_MAX_BYTES: '500MB' }), 500_000_000);
  assert.equal(scanCacheLimitFromEnv({ PICKET_SCAN_CACHE_MAX_BYTES: '1.5 GiB' }), 1.5 * 1024 ** 3);
  for (const bad of ['0', '-5', 'lots', '12 parsecs', '1e9']) {
    assert.throws(() => scanCacheLimitFromEnv({ PICKET_SCAN_CACHE_MAX_BYTES: bad }), (err: unknown) =>
      err instanceof UserError && /^PICKET_SCAN_CACHE_MAX_BYTES: invalid size/.test(err.message));
  }
  assert.throws(() => openScanCache(tempDir(), { maxBytes: 0 }), RangeError);
});
