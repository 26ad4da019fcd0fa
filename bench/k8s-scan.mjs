// `picket k8s` on a cluster of 500 pods running 50 unique images: wall time and peak RSS.
//
// The cluster is the tests' fake API server (test/support/k8s/fake-apiserver.ts, in this
// process) holding 10 namespaces with 5 Deployments each; every Deployment has its ReplicaSet and
// 10 Pods (as a controller would make them, with the image digest in their container statuses)
// and runs its own image: 50 small images built with umoci (an npm app with a vulnerable lodash,
// plus a layer of its own) and pushed with skopeo to a docker-registry this script starts on
// 127.0.0.1. The advisory DB is the image tests' (built once per machine from ../shared/db-seed).
// Figures: a checks-only scan (listing + Kubernetes checks of 600 objects), a cold full scan
// (empty scan cache: every image pulled and analyzed once), a warm re-scan (layers from the
// cache). Prints figures; asserts nothing. BENCH_RUNS (default 3) sets the runs per figure, BENCH_IMAGES (default 50) the images,
// BENCH_K8S_ENTRY a script to run instead (called as `node SCRIPT k8s ARGS`).
// Needs umoci, skopeo, docker-registry; uses dist/ when it has the k8s command, else the sources.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchDb, buildBenchImages, clusterObjects, root, startFakeApiServer, writeKubeconfig } from './lib/k8s-cluster.mjs';
import { startRegistry } from './lib/registry.mjs';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const IMAGES = Number(process.env.BENCH_IMAGES ?? 50);
const NAMESPACES = Math.min(10, IMAGES);
const PODS_PER_DEPLOYMENT = 10;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb) => `${Math.round(kb / 1024)} MB`;

/** `picket k8s` from dist/ once main.ts registers it, else from the sources through tsx. */
const builtHasK8s = existsSync(join(root, 'dist/cli/commands/k8s.js')) && readFileSync(join(root, 'dist/cli/main.js'), 'utf8').includes('commands/k8s.js');
const entry = process.env.BENCH_K8S_ENTRY;
const picketK8s = entry ? [entry, 'k8s'] : builtHasK8s ? [join(root, 'bin/picket.js'), 'k8s'] : ['--import', 'tsx', join(root, 'test/support/k8s/cli-entry.ts'), 'k8s'];
const cliLabel = entry ? entry : builtHasK8s ? 'dist' : 'sources via tsx';

/**
 * Wall time (ms) and peak RSS (KB) of one `picket k8s` run, under /usr/bin/time. Asynchronous:
 * the fake API server it talks to runs in this process.
 */
function measured(args) {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) return reject(new Error(`picket k8s exited ${code}: ${stderr.slice(-2000)}`));
      const lines = stderr.trim().split('\n');
      resolve({ ms, rssKb: Number(lines[lines.length - 1]), stderr });
    });
  });
}

const work = mkdtempSync(join(tmpdir(), 'picket-bench-k8s-'));
mkdirSync(join(work, 'registry'));
const registry = await startRegistry(join(work, 'registry'));
const api = await startFakeApiServer({ stopAfterTests: false });
try {
  let t = performance.now();
  const note = (m) => process.stderr.write(`${m}\n`);
  note('advisory DB (built once per machine)...');
  const { db, dbArgs } = await benchDb();
  note(`building and pushing ${IMAGES} images...`);
  const images = await buildBenchImages({ work, registryHost: registry.host, count: IMAGES });
  const setupMs = performance.now() - t;

  // The cluster: namespaces, Deployments, ReplicaSets, Pods, one Node.
  const objects = clusterObjects(images, { namespaces: NAMESPACES, podsPerDeployment: PODS_PER_DEPLOYMENT });
  api.put(...objects);
  const pods = objects.filter((o) => o.kind === 'Pod').length;
  writeKubeconfig(join(work, 'kubeconfig'), api.url);
  const cacheDir = (name) => {
    const dir = join(work, name);
    mkdirSync(join(dir, 'db'), { recursive: true });
    copyFileSync(db, join(dir, 'db', 'picket.db'));
    return dir;
  };
  const args = (cache, ...extra) => [...picketK8s, '--kubeconfig', join(work, 'kubeconfig'), '--cache-dir', cache, ...dbArgs, '--skip-db-update', '--no-progress', '-f', 'json', '-o', join(work, 'report.json'), ...extra];

  const checks = [];
  const cold = [];
  const warm = [];
  let stats = '';
  for (let r = 0; r < runs; r++) {
    note(`run ${r + 1}/${runs}...`);
    checks.push(await measured(args(cacheDir(`checks-${r}`), '-q', '--scanners', 'misconfig')));
    const cache = cacheDir(`full-${r}`);
    const first = await measured(args(cache));
    stats = /kubernetes: .*/.exec(first.stderr)?.[0] ?? '';
    cold.push(first);
    warm.push(await measured(args(cache, '-q')));
    rmSync(cache, { recursive: true, force: true });
  }
  const report = JSON.parse(readFileSync(join(work, 'report.json'), 'utf8'));
  const row = (label, samples) => `${label.padEnd(44)} ${s(median(samples.map((x) => x.ms))).padStart(9)}   ${mb(Math.max(...samples.map((x) => x.rssKb))).padStart(7)}`;
  console.log(`picket k8s: ${pods} pods in ${NAMESPACES} namespaces, ${IMAGES} Deployments, ${IMAGES} unique images (${cliLabel}); setup ${s(setupMs)}; ${runs} runs, medians`);
  console.log(`${'scan'.padEnd(44)} ${'time'.padStart(9)}   ${'peak RSS'.padStart(7)}`);
  console.log(row('checks only (--scanners misconfig)', checks));
  console.log(row('full scan, cold scan cache', cold));
  console.log(row('full scan, warm scan cache', warm));
  console.log(`last cold run: ${stats}`);
  console.log(`report: ${report.Findings.length} resources, ${report.Findings.reduce((n, f) => n + (f.Results ?? []).reduce((m, x) => m + (x.Vulnerabilities?.length ?? 0), 0), 0)} vulnerabilities`);
} finally {
  await api.stop();
  await registry.stop();
  rmSync(work, { recursive: true, force: true });
}
