import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import Database from 'better-sqlite3';
import { openScanCache } from '../../src/cache/scan-cache.js';
import { repoRoot } from '../support/paths.js';
import { tempDir } from '../support/temp.js';
import { SHARED_KEYS, valueFor } from './worker-values.js';

interface WorkerReport {
  id: number;
  enabled: boolean;
  counts: { puts: number; hits: number; misses: number; deletes: number; mismatches: number };
  warnings: string[];
}

/** Runs `count` workers at once on one cache; they start their loops together. */
function runWorkers(cacheDir: string, count: number, iterations: number, maxBytes: number) {
  const barrier = tempDir('picket-barrier-');
  return Promise.all(Array.from({ length: count }, (_, id) => runWorker(cacheDir, id, iterations, maxBytes, barrier, count)));
}

function runWorker(cacheDir: string, id: number, iterations: number, maxBytes: number, barrier: string, workers: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/cache/concurrent-worker.ts'), cacheDir, String(id), String(iterations), String(maxBytes), barrier, String(workers)], {
      cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // A worker that dies before the barrier would leave the others waiting: bound the wait.
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

test('4 processes share one cache: puts, gets and deletes of the same keys, with eviction, all succeed and stay consistent', async () => {
  const cacheDir = tempDir();
  // About a third of the shared keys fit: most puts evict, so writers contend all the time.
  const maxBytes = 60_000;
  const results = await runWorkers(cacheDir, 4, 300, maxBytes);
  const reports: WorkerReport[] = [];
  for (const r of results) {
    assert.equal(r.code, 0, `worker failed: ${r.stdout}${r.stderr}`);
    assert.equal(r.stderr, '');
    reports.push(JSON.parse(r.stdout) as WorkerReport);
  }
  for (const report of reports) {
    assert.equal(report.enabled, true);
    assert.deepEqual(report.warnings, [], 'no SQLITE_BUSY, nothing skipped');
    assert.equal(report.counts.mismatches, 0);
    assert.equal(report.counts.puts, 300);
    assert.ok(report.counts.hits > 0);
  }

  const raw = new Database(join(cacheDir, 'scan-cache', 'cache.db'), { readonly: true });
  assert.equal(raw.pragma('integrity_check', { simple: true }), 'ok');
  const keys = raw.prepare('SELECT key FROM entry ORDER BY key').pluck().all() as string[];
  raw.close();
  const cache = openScanCache(cacheDir, { maxBytes });
  const stats = cache.stats();
  assert.ok(stats.bytes <= maxBytes, `${stats.bytes} bytes stored, cap ${maxBytes}`);
  assert.equal(stats.entries, keys.length);
  assert.ok(keys.length > 0);
  for (const key of keys) {
    assert.ok(SHARED_KEYS.includes(key), key);
    assert.ok(isDeepStrictEqual(cache.get(key), valueFor(key)), `value of ${key}`);
  }
  cache.close();
});

test('several processes opening a fresh cache at once all get it (WAL switch and schema creation race)', async () => {
  for (let round = 0; round < 3; round++) {
    const cacheDir = tempDir();
    const results = await runWorkers(cacheDir, 4, 2, 1_000_000);
    for (const r of results) assert.equal(r.code, 0, `worker failed: ${r.stdout}${r.stderr}`);
  }
});
