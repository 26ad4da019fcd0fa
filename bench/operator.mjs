// `picket operator` watching a cluster of 500 pods running 50 unique images: steady-state memory,
// time to the first full set of reports, and Deployment applied -> VulnerabilityReport written.
//
// The cluster (lib/k8s-cluster.mjs, shared with k8s-scan.mjs): the tests' fake API server, in this
// process, with the picket.dev CRDs of deploy/crds, 10 namespaces x 5 Deployments, each with its
// ReplicaSet and 10 Pods (image digest in their statuses) running its own image: 50 small images
// built with umoci and pushed with skopeo to a docker-registry on 127.0.0.1, referenced through a
// counting proxy (layer blob fetches are counted). The advisory DB is the image tests'.
// The operator runs as a child process, as in a pod (NODE_OPTIONS=--max-old-space-size=384, the
// manifests' value), with an empty scan cache and store:
// 1. cold: time until every Deployment has its VulnerabilityReport, layer blob fetches; ~10 s
//    later its RSS (process_resident_memory_bytes on /metrics) and peak (VmHWM), goal <= 200 MB;
// 2. warm: a Deployment POSTed (as kubectl would) running an image already analyzed, until its
//    VulnerabilityReport exists, 10 times (median, max; goal <= 5 s); then one running a tag whose
//    digest is new but whose layers are all in the scan cache (same image, a label added).
// Prints figures; asserts nothing. BENCH_IMAGES (default 50) scales the cluster down;
// BENCH_SETTLE_MS (default 10000) the wait before reading memory; BENCH_OPERATOR_ENTRY a script
// to run instead (called as `node SCRIPT operator ARGS`); BENCH_OPERATOR_NODE_OPTIONS is added to
// the operator's NODE_OPTIONS (e.g. --heapsnapshot-signal=SIGUSR2, --cpu-prof --cpu-prof-dir=DIR);
// BENCH_HEAP_SNAPSHOT=DIR writes a heap snapshot of the operator into DIR once the steady-state
// figures are read (SIGUSR2; later figures include its cost); BENCH_KEEP=1 keeps the work dir. Needs umoci, skopeo, docker-registry; uses dist/ when it has
// the operator command, else the sources through tsx.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  benchDb, blobFetches, buildBenchImages, clusterObjects, pushRelabeled, reportCrds, root, startCountingProxy, startFakeApiServer, writeKubeconfig,
} from './lib/k8s-cluster.mjs';
import { startRegistry } from './lib/registry.mjs';

const IMAGES = Number(process.env.BENCH_IMAGES ?? 50);
const NAMESPACES = Math.min(10, IMAGES);
const PODS_PER_DEPLOYMENT = 10;
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 10_000);
const APPLIES = 10;
const MAX_OLD_SPACE = '--max-old-space-size=384';
const SNAPSHOT_DIR = process.env.BENCH_HEAP_SNAPSHOT;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes) => `${Math.round(bytes / 1024 / 1024)} MB`;
const note = (m) => process.stderr.write(`${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const built = existsSync(join(root, 'dist/cli/commands/operator.js'));
const entry = process.env.BENCH_OPERATOR_ENTRY;
const picketOperator = entry ? [entry, 'operator'] : built ? [join(root, 'bin/picket.js'), 'operator'] : ['--import', 'tsx', join(root, 'test/support/src-cli.ts'), 'operator'];
const cliLabel = entry ? entry : built ? 'dist' : 'sources via tsx: its loader adds ~80 MB of RSS, build dist/ for the real figure';

/** Starts `picket operator ARGS`; resolves once it logs the URL it serves. */
async function startOperator(args) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('PICKET_') && !['NO_COLOR', 'KUBECONFIG', 'POD_NAMESPACE', 'POD_NAME', 'NODE_OPTIONS'].includes(k)) env[k] = v;
  if (SNAPSHOT_DIR) mkdirSync(SNAPSHOT_DIR, { recursive: true });
  const snapshot = SNAPSHOT_DIR ? `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${SNAPSHOT_DIR}` : '';
  env.NODE_OPTIONS = [MAX_OLD_SPACE, process.env.BENCH_OPERATOR_NODE_OPTIONS ?? '', snapshot].join(' ').trim();
  const started = performance.now();
  const child = spawn(process.execPath, [...picketOperator, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const marks = {};
  const onData = (d) => {
    output += d;
    if (marks.synced === undefined && output.includes('informers synced')) marks.synced = performance.now();
  };
  child.stdout.setEncoding('utf8').on('data', onData);
  child.stderr.setEncoding('utf8').on('data', onData);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const url = await new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /serving (http:\/\/[^\s]+)/.exec(output);
      if (m) {
        clearInterval(timer);
        resolve(m[1]);
      } else if (performance.now() - started > 60_000) {
        clearInterval(timer);
        reject(new Error(`operator did not start within 60 s:\n${output}`));
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`operator exited (${code}) before serving:\n${output}`));
    });
  });
  return {
    url, child, started, marks, exited,
    log: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const t = performance.now();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return { code, ms: performance.now() - t };
    },
  };
}

/** Signals the operator to write a heap snapshot into SNAPSHOT_DIR; resolves with its path once written. */
async function heapSnapshot(child) {
  const before = new Set(readdirSync(SNAPSHOT_DIR));
  child.kill('SIGUSR2');
  let size = -1;
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    await sleep(1000);
    const file = readdirSync(SNAPSHOT_DIR).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (!file) continue;
    const now = statSync(join(SNAPSHOT_DIR, file)).size;
    if (now > 0 && now === size) return join(SNAPSHOT_DIR, file);
    size = now;
  }
  throw new Error(`no heap snapshot in ${SNAPSHOT_DIR} within 120 s`);
}

/** Memory of a process from /proc: resident now, peak, and resident anonymous / file-backed (bytes). */
function procMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return { rss: kb('VmRSS'), hwm: kb('VmHWM'), anon: kb('RssAnon'), file: kb('RssFile'), threads: Number(/^Threads:\s+(\d+)/m.exec(status)?.[1]), cpuSeconds: (Number(stat[11]) + Number(stat[12])) / 100 };
}

/** Values of unlabelled series from a Prometheus text exposition. */
async function scrape(url, names) {
  const text = await fetch(`${url}/metrics`).then((r) => r.text());
  const out = {};
  for (const name of names) out[name] = Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN);
  return { values: out, text };
}

/**
 * Watches the VulnerabilityReports of the fake API server from this process: the time each was
 * first seen (`namespace/name` -> performance.now()), and `wait(key)` resolving once it exists.
 */
function watchReports(apiUrl) {
  const seen = new Map();
  const waiters = new Map();
  const req = request(`${apiUrl}/apis/picket.dev/v1alpha1/vulnerabilityreports?watch=true`, (res) => {
    let buffer = '';
    res.setEncoding('utf8').on('data', (chunk) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (!line.trim()) continue;
        const { type, object } = JSON.parse(line);
        const key = `${object.metadata.namespace}/${object.metadata.name}`;
        if (type === 'DELETED' || seen.has(key)) continue;
        seen.set(key, performance.now());
        waiters.get(key)?.();
        waiters.delete(key);
      }
    });
  });
  req.on('error', () => {});
  req.end();
  return {
    seen,
    wait(key, timeoutMs) {
      if (seen.has(key)) return Promise.resolve(seen.get(key));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no VulnerabilityReport ${key} within ${timeoutMs / 1000} s`)), timeoutMs);
        timer.unref();
        waiters.set(key, () => {
          clearTimeout(timer);
          resolve(seen.get(key));
        });
      });
    },
    stop: () => req.destroy(),
  };
}

/** A Deployment as `kubectl apply -f` would create it (POST), running `image` in container `app`. */
async function postDeployment(apiUrl, namespace, name, image) {
  const labels = { app: name };
  const body = {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace, labels },
    spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image, resources: { limits: { cpu: '500m', memory: '256Mi' } } }] } } },
  };
  const r = await fetch(`${apiUrl}/apis/apps/v1/namespaces/${namespace}/deployments?fieldManager=kubectl-client-side-apply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (r.status !== 201) throw new Error(`POST deployment ${namespace}/${name}: ${r.status} ${await r.text()}`);
}

const work = mkdtempSync(join(tmpdir(), 'picket-bench-operator-'));
mkdirSync(join(work, 'registry'));
const registry = await startRegistry(join(work, 'registry'));
const proxy = await startCountingProxy(registry.host);
const api = await startFakeApiServer({ stopAfterTests: false });
let operator;
let reports;
let sampler;
try {
  note('advisory DB (built once per machine)...');
  const { db, dbArgs } = await benchDb();
  let t = performance.now();
  note(`building and pushing ${IMAGES} images...`);
  const images = await buildBenchImages({ work, registryHost: registry.host, referenceHost: proxy.host, count: IMAGES });
  const relabeled = await pushRelabeled(images[0], { registryHost: registry.host, referenceHost: proxy.host, newTag: '1.0-labelled', label: 'dev.picket.bench/variant=labelled' });
  const setupMs = performance.now() - t;

  api.put(...reportCrds());
  const objects = clusterObjects(images, { namespaces: NAMESPACES, podsPerDeployment: PODS_PER_DEPLOYMENT });
  api.put(...objects);
  const pods = objects.filter((o) => o.kind === 'Pod').length;
  const kubeconfig = writeKubeconfig(join(work, 'kubeconfig'), api.url);
  const cacheDir = join(work, 'cache');
  mkdirSync(join(cacheDir, 'db'), { recursive: true });
  copyFileSync(db, join(cacheDir, 'db', 'picket.db'));
  reports = watchReports(api.url);
  const allLayers = images.flatMap((i) => i.layers);
  const requestsBefore = proxy.requests.length;

  // 1. Cold: empty scan cache and store.
  note(`starting picket operator (${cliLabel})...`);
  operator = await startOperator(['--kubeconfig', kubeconfig, '--listen', '127.0.0.1:0', '--cache-dir', cacheDir, '--store-dir', join(work, 'store'), ...dbArgs]);
  const pid = operator.child.pid;
  let peakSampled = 0;
  sampler = setInterval(() => {
    try {
      peakSampled = Math.max(peakSampled, procMemory(pid).rss);
    } catch {
      // exited
    }
  }, 250);
  const keys = images.map((_, i) => `team-${i % NAMESPACES}/deployment-app${i}-app`);
  note(`waiting for ${keys.length} VulnerabilityReports...`);
  const firstSeen = await Promise.all(keys.map((k) => reports.wait(k, 15 * 60_000)));
  const allAt = Math.max(...firstSeen);
  const coldMs = allAt - operator.started;
  const afterSyncMs = operator.marks.synced !== undefined ? allAt - operator.marks.synced : NaN;
  const memAtAll = procMemory(pid);
  const layerFetchesCold = blobFetches(proxy, allLayers);
  const coldRequests = proxy.requests.slice(requestsBefore);
  const manifestGets = coldRequests.filter((r) => r.method === 'GET' && r.path.includes('/manifests/')).length;
  const manifestHeads = coldRequests.filter((r) => r.method === 'HEAD' && r.path.includes('/manifests/')).length;
  note(`all reports after ${s(coldMs)}; settling ${SETTLE_MS / 1000} s...`);
  await sleep(SETTLE_MS);
  const steady = await scrape(operator.url, ['process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_heap_size_total_bytes', 'nodejs_external_memory_bytes', 'picket_images_known']);
  const steadyProc = procMemory(pid);
  const scansOk = Number(/^picket_scans_total\{result="ok"\} (\S+)/m.exec(steady.text)?.[1] ?? NaN);
  const series = steady.text.split('\n').filter((l) => l && !l.startsWith('#')).length;
  if (SNAPSHOT_DIR) note(`heap snapshot: ${await heapSnapshot(operator.child)}`);

  // 2. Warm: Deployments applied running images already analyzed.
  const applied = [];
  for (let k = 0; k < APPLIES; k++) {
    const namespace = `team-${k % NAMESPACES}`;
    const name = `late${k}`;
    const t0 = performance.now();
    await postDeployment(api.url, namespace, name, images[k % IMAGES].ref);
    applied.push((await reports.wait(`${namespace}/deployment-${name}-app`, 120_000)) - t0);
  }
  const fetchesBefore = blobFetches(proxy, allLayers);
  const requestsBeforeNew = proxy.requests.length;
  t = performance.now();
  await postDeployment(api.url, 'team-0', 'labelled', relabeled.ref);
  const newDigestMs = (await reports.wait('team-0/deployment-labelled-app', 120_000)) - t;
  const newDigestRequests = proxy.requests.slice(requestsBeforeNew);
  const newDigestLayerFetches = blobFetches(proxy, allLayers) - fetchesBefore;
  const newDigestBlobGets = newDigestRequests.filter((r) => r.method === 'GET' && r.path.includes('/blobs/')).length;
  const newDigestManifests = newDigestRequests.filter((r) => r.path.includes('/manifests/')).length;
  await sleep(1000);
  const endProc = procMemory(pid);
  const end = await scrape(operator.url, ['process_resident_memory_bytes']);

  const warnings = operator.log().split('\n').filter((l) => /\bWARN\b/.test(l));
  writeFileSync(join(work, 'operator.log'), operator.log());
  console.log(`picket operator: ${pods} pods in ${NAMESPACES} namespaces, ${IMAGES} Deployments, ${IMAGES} unique images (${cliLabel}, NODE_OPTIONS=${MAX_OLD_SPACE}${process.env.BENCH_OPERATOR_NODE_OPTIONS ? ` ${process.env.BENCH_OPERATOR_NODE_OPTIONS}` : ''}); setup ${s(setupMs)}`);
  console.log(`cold (empty scan cache and store): every Deployment's VulnerabilityReport ${s(coldMs)} after start (${s(afterSyncMs)} after informers synced); CPU ${memAtAll.cpuSeconds.toFixed(1)} s`);
  console.log(`  layer blob fetches ${layerFetchesCold} (${allLayers.length} layers in ${IMAGES} images); manifest GETs ${manifestGets}, HEADs ${manifestHeads}; scans ok ${scansOk}, images known ${steady.values.picket_images_known}`);
  console.log(`steady state (${SETTLE_MS / 1000} s after): RSS ${mb(steady.values.process_resident_memory_bytes)} (/metrics; goal <= 200 MB), peak ${mb(steadyProc.hwm)} (VmHWM); anon ${mb(steadyProc.anon)}, file ${mb(steadyProc.file)}; ${steadyProc.threads} threads`);
  console.log(`  V8 heap used ${mb(steady.values.nodejs_heap_size_used_bytes)} of ${mb(steady.values.nodejs_heap_size_total_bytes)}, external ${mb(steady.values.nodejs_external_memory_bytes)}; RSS when the last report appeared ${mb(memAtAll.rss)}; /metrics ${series} series`);
  console.log(`Deployment applied -> VulnerabilityReport written, image known (warm): median ${s(median(applied))}, max ${s(Math.max(...applied))} over ${APPLIES} (goal <= 5 s)`);
  console.log(`  new digest, all layers in the scan cache (${relabeled.ref.split('/').slice(1).join('/')}, a label added): ${s(newDigestMs)}; layer blob fetches ${newDigestLayerFetches}, blob GETs ${newDigestBlobGets}, manifest requests ${newDigestManifests}`);
  console.log(`end: RSS ${mb(end.values.process_resident_memory_bytes)}, peak ${mb(endProc.hwm)} (sampled ${mb(peakSampled)}); CPU ${endProc.cpuSeconds.toFixed(1)} s; ${warnings.length} warnings logged${warnings.length ? `, first: ${warnings[0].slice(0, 200)}` : ''}`);
} catch (err) {
  if (operator) note(`operator log (tail):\n${operator.log().slice(-4000)}`);
  throw err;
} finally {
  clearInterval(sampler);
  reports?.stop();
  const stopped = operator ? await operator.stop() : undefined;
  if (stopped && typeof stopped === 'object') note(`operator stopped by SIGTERM in ${s(stopped.ms)} (exit ${stopped.code})`);
  await proxy.stop();
  await api.stop();
  await registry.stop();
  if (process.env.BENCH_KEEP === '1') note(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
