// Secret-scan throughput on a real source corpus (npm packages installed into a temp dir, >= 200 MB),
// side by side in one run with secretlint (recommended preset) and ripgrep searching picket's keyword
// set. Needs a build (`npx tsc -p tsconfig.json`) and ripgrep (`apt-get install -y ripgrep`);
// secretlint is installed into a temp dir by this script. Prints MiB/s and ratios.
//
//   node bench/secret-scan.mjs
//   SECRET_BENCH_DIR=/tmp/x node bench/secret-scan.mjs   # keep and reuse the corpus and tools there
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinAllowRules, builtinRules, createSecretScanner } from '../dist/detector/secret/index.js';

const MiB = 1024 * 1024;
const MIN_CORPUS = 200 * 1000 * 1000;
const PACKAGES = ['typescript', 'aws-sdk', '@babel/core', 'eslint', 'webpack', 'rxjs', 'lodash', 'three', 'react-dom', 'date-fns', '@mui/material', 'pdfjs-dist', 'prettier'];
const MORE_PACKAGES = ['googleapis'];
const SECRETLINT = ['secretlint@11.7.1', '@secretlint/secretlint-rule-preset-recommend@11.7.1'];

const keep = process.env.SECRET_BENCH_DIR;
const work = keep ?? mkdtempSync(join(tmpdir(), 'picket-bench-secret-'));
mkdirSync(work, { recursive: true });
const corpus = join(work, 'corpus');
const tools = join(work, 'tools');

function npmInstall(prefix, names) {
  mkdirSync(prefix, { recursive: true });
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error', '--prefix', prefix, ...names], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** Every regular file under `dir` (no symlinks), with its size. */
function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push({ path: p, rel: p.slice(corpus.length + 1), size: statSync(p).size });
  }
  return out;
}

/** Installs packages and renames every node_modules to `packages`, so the tree reads as plain source. */
function prepareCorpus() {
  if (existsSync(join(corpus, '.ready'))) return;
  rmSync(corpus, { recursive: true, force: true });
  const staging = join(work, 'staging');
  rmSync(staging, { recursive: true, force: true });
  npmInstall(staging, PACKAGES);
  const size = () => walk(join(staging, 'node_modules')).reduce((n, f) => n + f.size, 0);
  if (size() < MIN_CORPUS) npmInstall(staging, MORE_PACKAGES);
  const rename = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const p = join(dir, e.name);
      rename(p);
      if (e.name === 'node_modules') renameSync(p, join(dir, 'packages'));
    }
  };
  rename(staging);
  renameSync(join(staging, 'packages'), corpus);
  rmSync(staging, { recursive: true, force: true });
  writeFileSync(join(corpus, '.ready'), '');
}

function timed(run) {
  const cpu = process.cpuUsage();
  const t = performance.now();
  const result = run();
  const used = process.cpuUsage(cpu);
  return { result, wall: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/** CPU seconds used by waited-for children so far (Linux /proc; 0 elsewhere). */
function childrenCpu() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

function childTimed(cmd, args, options) {
  const cpu = childrenCpu();
  const t = performance.now();
  const r = spawnSync(cmd, args, { maxBuffer: 1 << 30, encoding: 'utf8', ...options });
  return { r, wall: (performance.now() - t) / 1000, cpu: childrenCpu() - cpu };
}

try {
  prepareCorpus();
  const files = walk(corpus).filter((f) => f.rel !== '.ready');
  const bytes = files.reduce((n, f) => n + f.size, 0);
  console.log(`corpus: ${files.length} files, ${(bytes / MiB).toFixed(1)} MiB of installed npm package sources (${PACKAGES.join(', ')}…)`);

  // picket, one thread: walk + read + scan, every file (allow rules off, so it reads what the others read).
  const scanner = createSecretScanner({ disableAllowRules: builtinAllowRules.map((r) => r.id) });
  const scanAll = () => {
    let findings = 0;
    for (const f of walk(corpus)) if (scanner.wants(f.rel, f.size)) findings += scanner.scan(f.rel, readFileSync(f.path)).length;
    return findings;
  };
  scanAll(); // warm the page cache and the JIT
  const picket = [timed(scanAll), timed(scanAll), timed(scanAll)].sort((a, b) => a.wall - b.wall)[1];
  const defaults = createSecretScanner();
  const defaultRun = timed(() => {
    let findings = 0;
    for (const f of walk(corpus)) if (defaults.wants(f.rel, f.size)) findings += defaults.scan(f.rel, readFileSync(f.path)).length;
    return findings;
  });
  // The engine alone, on buffers already in memory.
  const loaded = files.filter((f) => scanner.wants(f.rel, f.size)).map((f) => [f.rel, readFileSync(f.path)]);
  const engine = timed(() => loaded.reduce((n, [rel, buf]) => n + scanner.scan(rel, buf).length, 0));
  loaded.length = 0;

  // ripgrep over the same keyword set (case-insensitive literals), one thread and all threads.
  const keywords = [...new Set(builtinRules.flatMap((r) => r.keywords))];
  const kwFile = join(work, 'keywords.txt');
  writeFileSync(kwFile, keywords.join('\n') + '\n');
  const rgArgs = ['--no-ignore', '--hidden', '--no-messages', '-i', '-F', '-c', '-f', kwFile, '.'];
  let rg1;
  let rgN;
  let rgLines = 0;
  if (spawnSync('rg', ['--version']).status === 0) {
    childTimed('rg', ['-j1', ...rgArgs], { cwd: corpus });
    rg1 = [0, 1, 2].map(() => childTimed('rg', ['-j1', ...rgArgs], { cwd: corpus })).sort((a, b) => a.wall - b.wall)[1];
    rgN = childTimed('rg', rgArgs, { cwd: corpus });
    rgLines = rg1.r.stdout.split('\n').filter(Boolean).reduce((n, l) => n + Number(l.slice(l.lastIndexOf(':') + 1)), 0);
  } else {
    console.log('ripgrep not found: apt-get install -y ripgrep');
  }

  // secretlint with its recommended preset, run from the corpus directory on every Nth file (it is
  // slow: the whole corpus takes tens of minutes); picket is timed on the same files for the ratio.
  if (!existsSync(join(tools, 'node_modules/.bin/secretlint'))) npmInstall(tools, SECRETLINT);
  const rc = join(work, 'secretlintrc.json');
  writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
  const every = Number(process.env.SECRET_BENCH_SECRETLINT_EVERY ?? 10);
  const share = files.filter((_, i) => i % every === 0);
  const shareBytes = share.reduce((n, f) => n + f.size, 0);
  // Its report goes to a file: large JSON on a pipe gets cut when secretlint exits.
  const slOut = join(work, 'secretlint.json');
  rmSync(slOut, { force: true });
  const sl = childTimed(join(tools, 'node_modules/.bin/secretlint'), [...share.map((f) => f.rel), '--secretlintrc', rc, '--format', 'json', '--maskSecrets', '--output', slOut], { cwd: corpus, env: { ...process.env, NODE_PATH: join(tools, 'node_modules') } });
  const scanShare = () => share.reduce((n, f) => n + (scanner.wants(f.rel, f.size) ? scanner.scan(f.rel, readFileSync(f.path)).length : 0), 0);
  scanShare();
  const picketShare = [timed(scanShare), timed(scanShare), timed(scanShare)].sort((a, b) => a.wall - b.wall)[1];
  let slFindings = 'n/a';
  try {
    const report = existsSync(slOut) ? readFileSync(slOut, 'utf8').trim() : '';
    slFindings = report === '' ? 0 : JSON.parse(report).reduce((n, r) => n + r.messages.length, 0);
  } catch (err) {
    slFindings = `n/a (exit ${sl.r.status}: ${String(err).slice(0, 80)})`;
  }

  // Wall clock, and CPU time (this process, or the child's): CPU time holds on a busy machine.
  const row = (name, total, run, extra = '') =>
    console.log(`  ${name.padEnd(44)} ${run.wall.toFixed(2).padStart(6)} s ${(total / MiB / run.wall).toFixed(1).padStart(7)} MiB/s | cpu ${run.cpu.toFixed(2).padStart(6)} s ${(total / MiB / run.cpu).toFixed(1).padStart(7)} MiB/s  ${extra}`);
  console.log(`picket: ${scanner.ruleIds.length} rules, ${keywords.length} keywords; median of 3 runs (wall | cpu)`);
  row('picket, 1 thread, read + scan (allow rules off)', bytes, picket, `${picket.result} findings`);
  row('picket, 1 thread, read + scan (defaults)', bytes, defaultRun, `${defaultRun.result} findings (allow rules skip node_modules, tests, examples…)`);
  row('picket engine only (files preloaded)', bytes, engine, `${engine.result} findings`);
  if (rg1) row('ripgrep -j1, same keywords (-i -F -c)', bytes, rg1, `${rgLines} matching lines`);
  if (rgN) row('ripgrep, all cores', bytes, rgN);
  console.log(`on every ${every}th file (${share.length} files, ${(shareBytes / MiB).toFixed(1)} MiB):`);
  row('secretlint 11.7.1 + preset-recommend', shareBytes, sl, `${slFindings} findings`);
  row('picket, same files', shareBytes, picketShare, `${picketShare.result} findings`);
  const both = (a, b) => `${(a.wall / b.wall).toFixed(2)}x wall, ${(a.cpu / b.cpu).toFixed(2)}x cpu`;
  console.log('ratios (higher is better for picket):');
  console.log(`  picket / secretlint:   ${both(sl, picketShare)}   (goal >= 10x)`);
  if (rg1) console.log(`  picket / ripgrep -j1:  ${both(rg1, picket)}   (goal >= 0.5x)`);
  console.log(`  picket on one core:    ${(bytes / MiB / picket.wall).toFixed(1)} MiB/s wall, ${(bytes / MiB / picket.cpu).toFixed(1)} MiB/s cpu   (goal >= 100)`);
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
