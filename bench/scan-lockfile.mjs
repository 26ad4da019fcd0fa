// Time to scan the largest lockfile in ../shared/fixtures/lockfiles/osv-detector-e2e with a DB
// built from ../shared/db-seed/osv, against the floor of reading + JSON.parse of the same file.
import { mkdtempSync, readFileSync, rmSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDatabase } from '../dist/db/build.js';
import { AdvisoryStore } from '../dist/db/store.js';
import { scanFilesystem } from '../dist/scan.js';

const shared = fileURLToPath(new URL('../../shared/', import.meta.url));
const lockfile = join(shared, 'fixtures/lockfiles/osv-detector-e2e/1-package-lock.json');
const work = mkdtempSync(join(tmpdir(), 'picket-bench-'));
try {
  const dbDir = join(work, 'db');
  const t0 = performance.now();
  await buildDatabase({ dbDir, sources: [join(shared, 'db-seed/osv')] });
  const buildMs = performance.now() - t0;
  const project = join(work, 'project');
  mkdirSync(project);
  copyFileSync(lockfile, join(project, 'package-lock.json'));

  const runs = Number(process.env.BENCH_RUNS ?? 10);
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  const floor = [];
  const scans = [];
  let vulns = 0;
  let packages = 0;
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
    floor.push(performance.now() - t);
    t = performance.now();
    const store = AdvisoryStore.open(dbDir);
    const report = await scanFilesystem(project, { openStore: async () => store, version: 'bench', includeDevDeps: true, listAllPackages: true });
    scans.push(performance.now() - t);
    store.close();
    packages = report.Results.reduce((n, r) => n + (r.Packages?.length ?? 0), 0);
    vulns = report.Results.reduce((n, r) => n + (r.Vulnerabilities?.length ?? 0), 0);
  }
  const f = median(floor);
  const s = median(scans);
  console.log(`db build (db-seed/osv, ${Math.round(buildMs)} ms)`);
  console.log(`scan 1-package-lock.json (${packages} packages, ${vulns} findings): ${s.toFixed(1)} ms; read+JSON.parse floor ${f.toFixed(1)} ms; ratio ${(s / f).toFixed(1)}x (${runs} runs, medians)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
