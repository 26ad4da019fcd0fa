// Misconfiguration engine: (1) scanning a large manifest set, 5,000 Kubernetes objects across
// 100 files (Deployments, StatefulSets, CronJobs, Pods, Services, ConfigMaps, Roles, bindings) —
// goal <= 1 s; (2) the startup cost of loading the engine with its Dockerfile and Kubernetes checks
// (parsers included: what a scan of Dockerfiles and manifests loads), measured in fresh processes
// against bare `node -e 0` — goal <= 100 ms; for reference, the same with every check and format
// (Compose, cloud checks, Terraform, CloudFormation, Helm), which the engine loads only when a scan
// meets such files. Uses dist/ (npm run build first), or the build in $PICKET_DIST.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.PICKET_DIST ? pathToFileURL(`${process.env.PICKET_DIST.replace(/\/$/, '')}/`).href : new URL('../dist/', import.meta.url).href;
const engineUrl = new URL('detector/misconfig/index.js', dist).href;
/** The modules of the formats a Dockerfile/manifest scan does not load. */
const otherFormatUrls = ['terraform/check-file.js', 'cloudformation/check-file.js', 'compose/check-file.js', 'helm/check-charts.js'].map((path) => new URL(`detector/misconfig/${path}`, dist).href);
const runs = Number(process.env.BENCH_RUNS ?? 7);
const FILES = 100;
const PER_FILE = 50;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const workload = (kind, i) => {
  const pod = `    metadata:
      labels:
        app: app-${i}
    spec:
      serviceAccountName: app-${i}
      securityContext:
        runAsNonRoot: true
        runAsUser: ${i % 3 === 0 ? 0 : 10001}
      containers:
        - name: web
          image: registry.example.com/team/app-${i}:${i % 5 === 0 ? 'latest' : `1.${i % 10}.0`}
          ports:
            - containerPort: ${i % 4 === 0 ? 80 : 8080}
          resources:
            limits:
              cpu: 500m
              memory: 256Mi
          securityContext:
            allowPrivilegeEscalation: ${i % 2 === 0}
            readOnlyRootFilesystem: true
            capabilities:
              drop: ["ALL"]
          volumeMounts:
            - name: data
              mountPath: /data
        - name: sidecar
          image: registry.example.com/proxy:2.1
      volumes:
        - name: data
          ${i % 7 === 0 ? 'hostPath:\n            path: /var/lib/app' : 'emptyDir: {}'}`;
  const indented = (text, by) => text.replace(/^/gm, ' '.repeat(by));
  const head = `metadata:\n  name: app-${i}\n  namespace: team-${i % 9}\n`;
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
      return `apiVersion: apps/v1\nkind: ${kind}\n${head}spec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: app-${i}\n  template:\n${pod}\n`;
    case 'CronJob':
      return `apiVersion: batch/v1\nkind: CronJob\n${head}spec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n${indented(pod, 4)}\n`;
    case 'Pod':
      return `apiVersion: v1\nkind: Pod\n${head}${pod.split('\n').slice(3).map((l) => l.slice(2)).join('\n')}\n`;
    case 'Service':
      return `apiVersion: v1\nkind: Service\n${head}spec:\n  selector:\n    app: app-${i}\n  ports:\n    - port: 80\n      targetPort: 8080\n`;
    case 'ConfigMap':
      return `apiVersion: v1\nkind: ConfigMap\n${head}data:\n  LOG_LEVEL: info\n  settings.ini: |\n    mode=fast\n    ${i % 6 === 0 ? 'password=hunter2' : 'retries=3'}\n`;
    case 'Role':
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\n${head}rules:\n  - apiGroups: [""]\n    resources: ["pods", "configmaps"]\n    verbs: ["get", "list", "watch"${i % 4 === 0 ? ', "update"' : ''}]\n`;
    default:
      return `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n${head}roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: Role\n  name: app-${i}\nsubjects:\n  - kind: ServiceAccount\n    name: app-${i}\n`;
  }
};

const KINDS = ['Deployment', 'Deployment', 'StatefulSet', 'CronJob', 'Pod', 'Service', 'ConfigMap', 'Role', 'RoleBinding'];
const dir = mkdtempSync(join(tmpdir(), 'picket-config-bench-'));
try {
  let objects = 0;
  let bytes = 0;
  for (let f = 0; f < FILES; f++) {
    const docs = [];
    for (let j = 0; j < PER_FILE; j++, objects++) docs.push(workload(KINDS[objects % KINDS.length], objects));
    const text = `# generated manifests ${f}\n${docs.join('---\n')}`;
    bytes += text.length;
    writeFileSync(join(dir, `manifests-${String(f).padStart(3, '0')}.yaml`), text);
  }
  const files = readdirSync(dir).sort().map((name) => join(dir, name));

  // (1) scan: a fresh process per run (cold: engine load + JIT warm-up included), then warm runs in one process
  const scanScript = `
    const { readFileSync } = await import('node:fs');
    const { configFileType, scanConfigFile } = await import(${JSON.stringify(engineUrl)});
    const started = performance.now();
    const cpu0 = process.cpuUsage();
    const files = ${JSON.stringify(files)};
    const once = async () => {
      let failures = 0, successes = 0;
      for (const file of files) {
        const content = readFileSync(file);
        const type = configFileType(file, content);
        const result = type && (await scanConfigFile(file, content, { type }));
        if (result) { failures += result.failures.length; successes += result.successes; }
      }
      return { failures, successes };
    };
    const first = await once();
    const cpu = process.cpuUsage(cpu0);
    const coldMs = performance.now() - started;
    const warm = [];
    const warmCpu = [];
    for (let i = 0; i < ${runs}; i++) {
      const t = performance.now(); const c = process.cpuUsage();
      await once();
      warm.push(performance.now() - t); const u = process.cpuUsage(c); warmCpu.push((u.user + u.system) / 1000);
    }
    const med = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
    console.log(JSON.stringify({ ...first, coldMs, coldCpuMs: (cpu.user + cpu.system) / 1000, warmMs: med(warm), warmCpuMs: med(warmCpu) }));
  `;
  const scans = [];
  for (let i = 0; i < 3; i++) {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', scanScript], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    scans.push(JSON.parse(r.stdout));
  }
  const pickMedian = (key) => median(scans.map((s) => s[key]));
  console.log(
    `config scan: ${objects} Kubernetes objects in ${FILES} files (${(bytes / 1e6).toFixed(1)} MB), ${scans[0].failures} failures, ${scans[0].successes} passed checks: ` +
      `first pass in a fresh process ${pickMedian('coldMs').toFixed(0)} ms (cpu ${pickMedian('coldCpuMs').toFixed(0)} ms), ` +
      `warm ${pickMedian('warmMs').toFixed(0)} ms (cpu ${pickMedian('warmCpuMs').toFixed(0)} ms) (goal <= 1000 ms; medians)`,
  );

  // (2) startup: node + import of the engine with the Dockerfile and Kubernetes checks (and with every check) vs bare node, interleaved
  const time = (args) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}`);
    return { ms: Number(process.hrtime.bigint() - t) / 1e6, out: r.stdout };
  };
  const loadScript = (load) =>
    `const t = performance.now(); const c = process.cpuUsage(); const m = await import(${JSON.stringify(engineUrl)}); const n = await (${load})(m); const u = process.cpuUsage(c); console.log(performance.now() - t, (u.user + u.system) / 1000, n);`;
  const manifestChecks = loadScript(`async (m) => { const [d, k] = await Promise.all([m.loadBuiltinChecks('dockerfile'), m.loadBuiltinChecks('kubernetes')]); return d.length + k.length; }`);
  const everyCheck = loadScript(
    `async (m) => { const all = await m.builtinChecks(); await Promise.all(${JSON.stringify(otherFormatUrls)}.map((url) => import(url))); return Object.values(all).reduce((n, list) => n + list.length, 0); }`,
  );
  const cases = { bare: ['-e', '0'], manifests: ['--input-type=module', '-e', manifestChecks], every: ['--input-type=module', '-e', everyCheck] };
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, { ms: [], importMs: [], importCpuMs: [], count: 0 }]));
  for (const args of Object.values(cases)) time(args);
  for (let i = 0; i < Math.max(runs, 15); i++) {
    for (const [name, args] of Object.entries(cases)) {
      const r = time(args);
      const sample = samples[name];
      sample.ms.push(r.ms);
      if (name === 'bare') continue;
      const [importMs, importCpuMs, count] = r.out.trim().split(' ').map(Number);
      sample.importMs.push(importMs);
      sample.importCpuMs.push(importCpuMs);
      sample.count = count;
    }
  }
  const b = median(samples.bare.ms);
  const line = (what, sample, goal) =>
    `${what}: ${sample.count} built-in checks; node -e 0 ${b.toFixed(1)} ms, node + engine ${median(sample.ms).toFixed(1)} ms, cost ${(median(sample.ms) - b).toFixed(1)} ms ` +
    `(the import alone: ${median(sample.importMs).toFixed(1)} ms, cpu ${median(sample.importCpuMs).toFixed(1)} ms) (${goal}medians of ${samples.bare.ms.length} runs)`;
  console.log(line('config checks load (Dockerfile + Kubernetes, parsers included)', samples.manifests, 'goal <= 100 ms; '));
  console.log(line('config checks load, every check and format (for reference)', samples.every, ''));
  void readFileSync;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
