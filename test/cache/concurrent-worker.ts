/**
 * One of the processes of the scan cache concurrency test: opens the shared cache and loops over
 * puts, gets, has and deletes of keys the other workers use too. Prints a JSON summary; exits 1 on
 * any warning (a skipped operation, SQLITE_BUSY) or a value that is not the one written for its key.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { openScanCache } from '../../src/cache/scan-cache.js';
import { SHARED_KEYS, valueFor } from './worker-values.js';

const [cacheDir, idText, iterationsText, maxBytesText, barrierDir, workersText] = process.argv.slice(2);
const id = Number(idText);
const warnings: string[] = [];
const cache = openScanCache(cacheDir, { maxBytes: Number(maxBytesText), onWarning: (m) => warnings.push(m) });

// Start barrier: every worker has opened the cache before any begins its loop, so the loops overlap.
writeFileSync(join(barrierDir, `ready-${id}`), '');
while (readdirSync(barrierDir).length < Number(workersText)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);

const counts = { puts: 0, hits: 0, misses: 0, deletes: 0, mismatches: 0 };
for (let i = 0; i < Number(iterationsText); i++) {
  const putKey = SHARED_KEYS[(i * 7 + id * 5) % SHARED_KEYS.length];
  cache.put(putKey, valueFor(putKey));
  counts.puts++;
  for (const k of [putKey, SHARED_KEYS[(i * 11 + id) % SHARED_KEYS.length]]) {
    const got = cache.get(k);
    if (got === undefined) counts.misses++;
    else if (isDeepStrictEqual(got, valueFor(k))) counts.hits++;
    else counts.mismatches++;
  }
  cache.has(SHARED_KEYS[(i + id) % SHARED_KEYS.length]);
  if (i % 25 === 24) counts.deletes += cache.deleteByPrefix(`layer:sha256:000${(i + id) % 10}`);
  if (i % 10 === 9) counts.deletes += cache.delete(SHARED_KEYS[(i * 3 + id) % SHARED_KEYS.length]) ? 1 : 0;
}
const enabled = cache.enabled;
cache.close();
process.stdout.write(JSON.stringify({ id, enabled, counts, warnings }) + '\n');
process.exitCode = warnings.length > 0 || counts.mismatches > 0 ? 1 : 0;
