/**
 * docs/air-gap.md end to end. Machine A builds the advisory DB from ../shared/db-seed, exports it,
 * and puts it in a bundle with picket's image (docker save) and a custom check, plus SHA256SUMS.
 * Machine B gets a copy of the bundle, a fresh cache and HOME, no PICKET_* settings and no
 * picket.yaml, and no network at all: its commands run in a new network namespace (`unshare
 * --net`: not even loopback is up). B checks the sums, imports the DB, and scans a project, an
 * image archive and a Dockerfile with `--offline`, finding what A finds; then does the same with
 * picket's image loaded into a private dockerd (`docker run --network none`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chownSync, copyFileSync, cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPicket } from '../support/cli.js';
import { DockerdUnavailable, startDockerd } from '../support/dockerd.js';
import { repoRoot, sharedPath } from '../support/paths.js';
import { cachedPicketImage, picketPackageVersion } from '../support/picket-image.js';
import { tempDir } from '../support/temp.js';
import { runCommand, type RunResult } from '../support/run-command.js';
import { buildUmociImage, skopeo } from '../support/umoci-image.js';

/** Runs a command to its end; the default time limit of these tests is 300_000 ms. */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  return runCommand(command, args, { ...options, timeoutMs: options.timeoutMs ?? 300_000 });
}

const IMAGE_TAG = `picket-test:${picketPackageVersion}`;
const started = await startDockerd().catch((err: unknown) => {
  if (err instanceof DockerdUnavailable) return err;
  throw err;
});
const noDocker = started instanceof DockerdUnavailable ? `dockerd cannot run here: ${started.message}` : false;
const dockerd = started instanceof DockerdUnavailable ? undefined : started;

// What is scanned on both machines: a project with a vulnerable lockfile and a Dockerfile, and an
// image archive with a vulnerable installed npm package.
const project = tempDir('picket-airgap-project-');
writeFileSync(join(project, 'package-lock.json'), `${JSON.stringify({
  name: 'shop', version: '1.0.0', lockfileVersion: 3, requires: true,
  packages: { '': { name: 'shop', version: '1.0.0', dependencies: { lodash: '4.17.20' } }, 'node_modules/lodash': { version: '4.17.20' } },
}, null, 2)}\n`);
writeFileSync(join(project, 'Dockerfile'), 'FROM alpine\nRUN echo hello\n');
const imageDir = tempDir('picket-airgap-image-');
buildUmociImage(join(imageDir, 'layout'), { tag: 'app', layers: [{ files: { 'srv/app/node_modules/lodash/package.json': '{"name":"lodash","version":"4.17.20","license":"MIT"}\n' } }] });
const appArchive = join(imageDir, 'app.tar');
skopeo('copy', `oci:${join(imageDir, 'layout')}:app`, `docker-archive:${appArchive}:acme/app:1.2.3`);
// Readable by the image's user when mounted into picket's container.
for (const dir of [project, imageDir]) chownSync(dir, 65532, 65532);

/** A custom check (docs/custom-checks.md), part of the bundle. */
const CHECK = `export default {
  id: 'ACME-0001',
  title: 'Base images must be pinned',
  severity: 'HIGH',
  type: 'dockerfile',
  check(dockerfile) {
    return dockerfile.instructions
      .filter((i) => i.cmd === 'from' && !/[:@]/.test(i.value[0] ?? ''))
      .map((i) => ({ message: \`FROM \${i.value[0]} has no tag\`, startLine: i.startLine, endLine: i.endLine }));
  },
};
`;

/** The ids of the findings of a JSON report, sorted, as `target kind id`. */
function findings(json: string): string[] {
  const report = JSON.parse(json) as { Results?: { Target: string; Vulnerabilities?: { VulnerabilityID: string; PkgName: string }[]; Misconfigurations?: { ID: string; Status?: string }[] }[] };
  return (report.Results ?? [])
    .flatMap((r) => [
      ...(r.Vulnerabilities ?? []).map((v) => `${v.PkgName} ${v.VulnerabilityID}`),
      ...(r.Misconfigurations ?? []).filter((m) => m.Status !== 'PASS').map((m) => `misconfig ${m.ID}`),
    ])
    .sort();
}

/** The scans both machines run; `usesDb`: the vulnerability scans (picket config needs no DB). */
const SCANS: { name: string; usesDb: boolean; args: (checks: string) => string[] }[] = [
  { name: 'project', usesDb: true, args: () => ['fs', '--format', 'json', '--scanners', 'vuln', project] },
  { name: 'image archive', usesDb: true, args: () => ['image', '--format', 'json', '--scanners', 'vuln', '--input', appArchive] },
  { name: 'Dockerfile with the custom check', usesDb: false, args: (checks) => ['config', '--format', 'json', '--config-check', checks, join(project, 'Dockerfile')] },
];

// ---- Machine A: build the DB from the feeds, export it, make the bundle. ----
const machineA = tempDir('picket-machine-a-');
const cacheA = join(machineA, 'cache');
const bundle = join(machineA, 'bundle');
mkdirSync(join(bundle, 'checks'), { recursive: true });
const built = await runPicket(['db', 'build', '--quiet', '--source', sharedPath('db-seed'), '--cache-dir', cacheA], { timeoutMs: 300_000 });
assert.equal(built.code, 0, built.stderr);
const exported = await runPicket(['db', 'export', join(bundle, 'picket-db.tar.gz'), '--cache-dir', cacheA]);
assert.equal(exported.code, 0, exported.stderr);
writeFileSync(join(bundle, 'checks', 'acme-0001.mjs'), CHECK);
if (dockerd) copyFileSync((await cachedPicketImage()).archive, join(bundle, 'picket-image.tar'));
const sums = await run('sh', ['-c', 'find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS'], { cwd: bundle });
assert.equal(sums.code, 0, sums.stderr);
const onA: Record<string, string[]> = {};
for (const scan of SCANS) {
  const r = await runPicket([...scan.args(join(bundle, 'checks')), '--cache-dir', cacheA, ...(scan.usesDb ? ['--skip-db-update'] : []), '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  onA[scan.name] = findings(r.stdout);
}

// ---- The carry-over: B gets a copy of the bundle. ----
const machineB = tempDir('picket-machine-b-');
const bundleB = join(machineB, 'bundle');
cpSync(bundle, bundleB, { recursive: true });
const cacheB = join(machineB, 'cache');
const homeB = join(machineB, 'home');
mkdirSync(homeB);

/** B's environment: nothing of this machine's picket settings, its own HOME. */
function envB(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('PICKET_') && !key.startsWith('DOCKER_') && !/^npm_/i.test(key) && key !== 'XDG_CACHE_HOME' && key !== 'NO_COLOR') env[key] = value;
  }
  return { ...env, HOME: homeB };
}

/** A new network namespace needs root (CAP_SYS_ADMIN); without it B's commands run with the host's network. */
const isolated = (await run('unshare', ['--net', '--', 'true'], { cwd: machineB }).catch(() => ({ code: -1 }))).code === 0;

/** Runs picket on B: in a network namespace with no network, from a directory with no picket.yaml. */
function picketOnB(args: string[]): Promise<RunResult> {
  const picket = [process.execPath, join(repoRoot, 'bin', 'picket.js'), ...args];
  return isolated ? run('unshare', ['--net', '--', ...picket], { cwd: machineB, env: envB() }) : run(picket[0], picket.slice(1), { cwd: machineB, env: envB() });
}

test('machine B has no network', { skip: isolated ? false : 'unshare --net is not permitted here (needs root)' }, async () => {
  const probe = [
    "const { networkInterfaces } = require('node:os');",
    "const socket = require('node:net').connect(443, '1.1.1.1');",
    "socket.on('connect', () => process.exit(0));",
    "socket.on('error', (e) => { console.log(JSON.stringify({ code: e.code, interfaces: Object.keys(networkInterfaces()) })); process.exit(3); });",
  ].join('\n');
  const r = await run('unshare', ['--net', '--', process.execPath, '-e', probe], { cwd: machineB, env: envB() });
  assert.equal(r.code, 3, r.stderr);
  // No interface has an address, so nothing is reachable: not a registry, not a DNS server.
  assert.deepEqual(JSON.parse(r.stdout), { code: 'ENETUNREACH', interfaces: [] });
});

test('machine B: the bundle arrives whole (sha256sum -c)', async () => {
  const r = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: bundleB });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const listed = r.stdout.trim().split('\n').map((l) => l.replace(/: OK$/, '')).sort();
  assert.deepEqual(listed, ['./checks/acme-0001.mjs', './picket-db.tar.gz', ...(dockerd ? ['./picket-image.tar'] : [])].sort());
});

test('machine B: before the import an offline scan stops with one line naming the DB sources', async () => {
  const r = await picketOnB(['fs', '--offline', '--cache-dir', cacheB, project]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr, /cannot build the advisory DB from https:\/\//);
});

test('machine B: db import, then offline scans find what machine A finds', async () => {
  const imported = await picketOnB(['db', 'import', join(bundleB, 'picket-db.tar.gz'), '--cache-dir', cacheB]);
  assert.equal(imported.code, 0, imported.stderr);
  for (const scan of SCANS) {
    const r = await picketOnB([...scan.args(join(bundleB, 'checks')), ...(scan.usesDb ? ['--offline'] : []), '--cache-dir', cacheB, '--quiet']);
    assert.equal(r.code, 0, `${scan.name}: ${r.stderr}`);
    assert.deepEqual(findings(r.stdout), onA[scan.name], scan.name);
  }
  assert.deepEqual(onA.project, ['lodash CVE-2020-28500', 'lodash CVE-2021-23337']);
  assert.deepEqual(onA['image archive'], ['lodash CVE-2020-28500', 'lodash CVE-2021-23337']);
  assert.ok(onA['Dockerfile with the custom check'].includes('misconfig ACME-0001'));
  // The default cache in B's HOME was never used: everything went to the cache given.
  assert.deepEqual(readdirSync(homeB), []);
});

test('machine B: picket\'s image loaded from the bundle imports the DB and scans with no network', { skip: noDocker }, async () => {
  const loaded = await dockerd!.docker(['load', '--input', join(bundleB, 'picket-image.tar')]);
  assert.match(loaded.stdout, new RegExp(`Loaded image: ${IMAGE_TAG.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  // The volume of picket's cache, writable by the image's user.
  const volume = join(machineB, 'picket-volume');
  mkdirSync(volume);
  chownSync(volume, 65532, 65532);
  const mounts = ['--volume', `${volume}:/home/picket/.cache`, '--volume', `${bundleB}:/bundle:ro`, '--volume', `${project}:/src:ro`, '--volume', `${imageDir}:/scan:ro`];
  await dockerd!.docker(['run', '--rm', '--network', 'none', ...mounts, IMAGE_TAG, 'db', 'import', '/bundle/picket-db.tar.gz']);
  const inContainer: Record<string, string[]> = {};
  for (const [name, args] of [
    ['project', ['fs', '--format', 'json', '--scanners', 'vuln', '--offline', '/src']],
    ['image archive', ['image', '--format', 'json', '--scanners', 'vuln', '--offline', '--input', '/scan/app.tar']],
    ['Dockerfile with the custom check', ['config', '--format', 'json', '--config-check', '/bundle/checks', '/src/Dockerfile']],
  ] as const) {
    const { stdout } = await dockerd!.docker(['run', '--rm', '--network', 'none', ...mounts, IMAGE_TAG, ...args, '--quiet']);
    inContainer[name] = findings(stdout);
  }
  assert.deepEqual(inContainer, onA);
});
