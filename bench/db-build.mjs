// Builds the advisory DB from all of ../shared/db-seed (every feed picket converts) and prints the
// build time, the DB size on disk against the size of the inputs unpacked (gzip undone), and
// records per second against a baseline: reading + gunzipping + JSON.parse of the same OSV files.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { buildDatabase } from '../dist/db/build.js';

const seed = fileURLToPath(new URL('../../shared/db-seed/', import.meta.url));

function unpackedSize(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += unpackedSize(path);
    else if (entry.name.endsWith('.gz')) total += gunzipSync(readFileSync(path)).length;
    else total += statSync(path).size;
  }
  return total;
}

const work = mkdtempSync(join(tmpdir(), 'picket-bench-'));
try {
  let t = performance.now();
  let osvRecords = 0;
  for (const f of readdirSync(join(seed, 'osv')).filter((n) => n.endsWith('.jsonl.gz'))) {
    for (const line of gunzipSync(readFileSync(join(seed, 'osv', f))).toString('utf8').split('\n')) if (line) { JSON.parse(line); osvRecords++; }
  }
  const baselineMs = performance.now() - t;

  t = performance.now();
  const warnings = [];
  const summary = await buildDatabase({ dbDir: join(work, 'db'), sources: [seed], onWarning: (m) => warnings.push(m) });
  const buildMs = performance.now() - t;
  const size = statSync(summary.path).size;
  const inputs = unpackedSize(seed);
  const mb = (n) => (n / 1048576).toFixed(1);
  console.log(`db build, all of db-seed: ${(buildMs / 1000).toFixed(1)} s (goal < 60 s), ${summary.advisories} advisories, ${warnings.length} warnings`);
  console.log(`  per ecosystem: ${Object.entries(summary.ecosystems).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`  DB ${mb(size)} MiB on disk vs inputs unpacked ${mb(inputs)} MiB: ratio ${(size / inputs).toFixed(2)} (goal < 1)`);
  console.log(`  baseline: gunzip + JSON.parse of the ${osvRecords} OSV jsonl records alone ${(baselineMs / 1000).toFixed(1)} s; build/baseline ${(buildMs / baselineMs).toFixed(1)}x`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
