// Packages parsed per second by each lockfile analyzer on the largest real lockfiles
// (../shared/fixtures/lockfiles/osv-detector-e2e), against a floor measured in the same run:
// splitting the same text into lines. Goal: >= 50,000 packages/s.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzers } from '../dist/analyzer/registry.js';

const dir = fileURLToPath(new URL('../../shared/fixtures/lockfiles/osv-detector-e2e/', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 7);
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];

for (const name of readdirSync(dir).filter((f) => !f.endsWith('.out.txt')).sort()) {
  const path = name;
  const analyzer = analyzers.find((a) => a.wants({ path, size: 0 }));
  if (!analyzer) {
    console.log(`${name}: no analyzer`);
    continue;
  }
  const content = readFileSync(join(dir, name));
  const input = { path, content, readFile: async () => undefined };
  let packages = 0;
  const times = [];
  const floors = [];
  await analyzer.analyze(input); // warm-up
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    const result = await analyzer.analyze(input);
    times.push(performance.now() - t);
    packages = (result.applications ?? []).reduce((n, a) => n + a.packages.length, 0);
    t = performance.now();
    content.toString('utf8').split('\n');
    floors.push(performance.now() - t);
  }
  const ms = median(times);
  const rate = packages / (ms / 1000);
  console.log(`${name} (${analyzer.name}): ${packages} packages in ${ms.toFixed(1)} ms = ${Math.round(rate).toLocaleString('en')} packages/s; ${(ms / median(floors)).toFixed(1)}x the line-split floor`);
}
