// Startup cost of `picket --version` as a ratio to bare `node -e 0`, medians of N runs each,
// interleaved so both see the same machine load.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/picket.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 20);
const time = (args) => {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
  return Number(process.hrtime.bigint() - t) / 1e6;
};
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
const bare = [];
const picket = [];
time(['-e', '0']);
time([bin, '--version']);
for (let i = 0; i < runs; i++) {
  bare.push(time(['-e', '0']));
  picket.push(time([bin, '--version']));
}
const b = median(bare);
const p = median(picket);
console.log(`startup: node -e 0 ${b.toFixed(1)} ms, picket --version ${p.toFixed(1)} ms, ratio ${(p / b).toFixed(2)}x (goal <= 3x; ${runs} runs each, medians)`);
