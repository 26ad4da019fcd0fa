/**
 * picket's container image, built for real: the repository's Dockerfile with `docker build
 * --network none` on a private dockerd, from bases pushed to a test registry and pinned by digest
 * (Debian 12 + Node.js 20, made with mmdebstrap: Docker Hub is out of reach here), the package
 * tarball of the current sources, and an npm cache for the pinned dependencies. The image runs
 * `picket --version` as a non-root user, its HEALTHCHECK passes, it carries the OCI labels, and
 * picket scans it: `picket image` through the Docker engine finds no fixable HIGH or CRITICAL
 * vulnerability with the test DB, and `picket config` finds no HIGH or CRITICAL misconfiguration
 * in the Dockerfile (nor in the one rebuilt from the image's history).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runPicket } from '../support/cli.js';
import { DockerdUnavailable, startDockerd } from '../support/dockerd.js';
import { cacheDirWithDb, dbSourceArgs } from '../support/image-db.js';
import { cachedBaseImages, cachedPicketImage, picketPackageVersion, type PicketImageArchive } from '../support/picket-image.js';
import { repoRoot } from '../support/paths.js';
import { startRegistry } from '../support/registry.js';
import { tempDir } from '../support/temp.js';
import { pushBaseImages, type PushedBaseImages } from '../../scripts/base-images.js';

const started = await startDockerd().catch((err: unknown) => {
  if (err instanceof DockerdUnavailable) return err;
  throw err;
});
const skip = started instanceof DockerdUnavailable ? `dockerd cannot run here: ${started.message}` : false;
const dockerd = started instanceof DockerdUnavailable ? undefined : started;
// Built with `docker build --network none` once per set of inputs (tarball, Dockerfile, bases),
// by whichever test needs it first; loaded here into this file's engine.
const built: PicketImageArchive | undefined = dockerd ? await cachedPicketImage() : undefined;
if (dockerd && built) {
  process.stdout.write(`# docker build --network none: ${built.buildSeconds.toFixed(0)} s\n`);
  await dockerd.docker(['load', '--input', built.archive]);
}

interface InspectedImage {
  Size: number;
  Config: { User: string; Labels: Record<string, string>; Healthcheck?: { Test: string[] }; Entrypoint: string[]; Env: string[] };
}

async function inspect(ref: string): Promise<InspectedImage> {
  const { stdout } = await dockerd!.docker(['image', 'inspect', ref]);
  return (JSON.parse(stdout) as InspectedImage[])[0];
}

/** Misconfigurations of a report, as `ID SEVERITY: message`. */
function misconfigurations(json: string): { id: string; severity: string; message: string }[] {
  const report = JSON.parse(json) as { Results?: { Misconfigurations?: { ID: string; Severity: string; Message: string; Status?: string }[] }[] };
  return (report.Results ?? []).flatMap((r) => r.Misconfigurations ?? []).filter((m) => m.Status !== 'PASS').map((m) => ({ id: m.ID, severity: m.Severity, message: m.Message }));
}

test('the image runs picket --version as a non-root user, without network', { skip }, async () => {
  const { stdout } = await dockerd!.docker(['run', '--rm', '--network', 'none', built!.tag, '--version']);
  assert.equal(stdout.trim(), `${picketPackageVersion} (commit ${built!.tarball.commit})`);
  const id = await dockerd!.docker(['run', '--rm', '--network', 'none', '--entrypoint', 'id', built!.tag]);
  assert.match(id.stdout, /^uid=65532 gid=65532\b/);
});

test('the image scans a mounted project, building its DB in the default cache as that user', { skip }, async () => {
  const { stdout } = await dockerd!.docker([
    'run', '--rm', '--network', 'none',
    '--volume', `${join(repoRoot, 'test/fixtures/osv')}:/advisories:ro`,
    '--volume', `${join(repoRoot, 'test/fixtures/projects/app')}:/src:ro`,
    built!.tag, 'fs', '/src', '--db-source', '/advisories', '--format', 'json', '--quiet',
  ]);
  const report = JSON.parse(stdout) as { Results: { Vulnerabilities?: { VulnerabilityID: string }[] }[] };
  assert.deepEqual(report.Results.flatMap((r) => (r.Vulnerabilities ?? []).map((v) => v.VulnerabilityID)).sort(), ['CVE-2099-0001', 'GHSA-ex01-0000-0002']);
});

test('the image carries OCI labels, a non-root USER, a HEALTHCHECK and picket as entrypoint', { skip }, async () => {
  const image = await inspect(built!.tag);
  const labels = image.Config.Labels;
  assert.equal(labels['org.opencontainers.image.version'], picketPackageVersion);
  assert.equal(labels['org.opencontainers.image.revision'], built!.tarball.commit);
  assert.equal(labels['org.opencontainers.image.licenses'], 'Apache-2.0');
  assert.match(labels['org.opencontainers.image.source'], /^https:\/\//);
  assert.equal(labels['org.opencontainers.image.base.name'], built!.bases.runtimeImage);
  assert.equal(image.Config.User, '65532:65532');
  assert.deepEqual(image.Config.Healthcheck?.Test, ['CMD', 'picket', '--version']);
  assert.deepEqual(image.Config.Entrypoint, ['picket']);
  process.stdout.write(`# image ${(image.Size / 1e6).toFixed(0)} MB (runtime base ${built!.bases.runtimeImage})\n`);
});

test('the HEALTHCHECK passes in a running container', { skip }, async () => {
  const { stdout } = await dockerd!.docker(['run', '--detach', '--network', 'none', '--health-interval', '1s', '--health-start-period', '0s', '--entrypoint', 'node', built!.tag, '-e', 'setTimeout(() => {}, 600000)']);
  const container = stdout.trim();
  try {
    let status = '';
    // Each probe runs `picket --version`; a few seconds are plenty, 600 polls are a safety net.
    for (let i = 0; i < 600 && status !== 'healthy' && status !== 'unhealthy'; i++) {
      status = (await dockerd!.docker(['inspect', '--format', '{{.State.Health.Status}}', container])).stdout.trim();
      if (status !== 'healthy') await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(status, 'healthy');
  } finally {
    await dockerd!.docker(['rm', '--force', container]);
  }
});

/** The bases in this file's registry (pushed once), for the builds below. */
const registry = dockerd ? await startRegistry('open') : undefined;
let pushed: Promise<PushedBaseImages> | undefined;
function pushedBases(): Promise<PushedBaseImages> {
  pushed ??= (async () => pushBaseImages(await cachedBaseImages(), `${registry!.host}/picket-base/node`))();
  return pushed;
}

// Temporary directories are made before awaiting the shared push: a hook registered after that
// await would belong to the test that started the push (node:test finds the test by async context).
test('a base given by tag only is refused', { skip }, async () => {
  const context = tempDir('picket-image-unpinned-');
  const bases = await pushedBases();
  const byTag = bases.runtimeImage.replace(/@sha256:[0-9a-f]+$/, ':bookworm-runtime');
  // The build stage's base is pinned; the check runs before anything is copied.
  await assert.rejects(
    dockerd!.docker(['build', '--network', 'none', '--build-arg', `BUILD_IMAGE=${bases.buildImage}`, '--build-arg', `RUNTIME_IMAGE=${byTag}`, '--file', join(repoRoot, 'Dockerfile'), context]),
    (err: Error & { stdout?: string }) => {
      assert.match(`${err.message}\n${err.stdout ?? ''}`, new RegExp(`base image ${byTag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not pinned by digest`));
      return true;
    },
  );
});

test('.dockerignore sends only the package tarball and the npm cache as the build context', { skip }, async () => {
  // A work tree as it looks after `npm ci && npm pack`, plus things that must never be sent.
  const context = tempDir('picket-image-context-probe-');
  const bases = await pushedBases();
  const files = ['picket-0.1.0.tgz', 'npm-cache/_cacache/index-v5/00/x', 'node_modules/x/index.js', 'src/cli/main.ts', 'dist/index.js', '.git/config', '.env', 'package.json', 'test/e2e/x.test.ts', '.picket-cache/db/picket.db'];
  for (const file of files) {
    mkdirSync(join(context, dirname(file)), { recursive: true });
    writeFileSync(join(context, file), 'x\n');
  }
  writeFileSync(join(context, '.dockerignore'), readFileSync(join(repoRoot, '.dockerignore')));
  writeFileSync(join(context, 'Dockerfile'), `FROM ${bases.runtimeImage}\nCOPY . /context/\nRUN cd /context && find . -type f | sort\n`);
  const { stdout } = await dockerd!.docker(['build', '--network', 'none', '--no-cache', context]);
  const sent = stdout.split('\n').filter((l) => l.startsWith('./')).sort();
  assert.deepEqual(sent, ['./npm-cache/_cacache/index-v5/00/x', './picket-0.1.0.tgz']);
});

test('the Dockerfile names the package version and pins its default bases by digest', () => {
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
  const versions = [...dockerfile.matchAll(/^ARG PICKET_VERSION=(\S+)$/gm)].map((m) => m[1]);
  assert.deepEqual(versions, [picketPackageVersion, picketPackageVersion]);
  for (const arg of ['BUILD_IMAGE', 'RUNTIME_IMAGE']) assert.match(dockerfile, new RegExp(`^ARG ${arg}=\\S+@sha256:[0-9a-f]{64}$`, 'm'));
  assert.match(dockerfile, /^USER 65532:65532$/m);
});

test('picket config finds no HIGH or CRITICAL misconfiguration in the Dockerfile', async () => {
  const r = await runPicket(['config', '--format', 'json', '--quiet', join(repoRoot, 'Dockerfile')]);
  assert.equal(r.code, 0, r.stderr);
  const found = misconfigurations(r.stdout);
  process.stdout.write(`# picket config Dockerfile: ${found.length === 0 ? 'no findings' : found.map((m) => `${m.id} ${m.severity}`).join(', ')}\n`);
  assert.deepEqual(found.filter((m) => m.severity === 'HIGH' || m.severity === 'CRITICAL'), []);
});

test('picket image scans the image through the Docker engine: no fixable HIGH or CRITICAL, no HIGH or CRITICAL misconfiguration', { skip }, async () => {
  const cacheDir = await cacheDirWithDb();
  const common = ['image', '--docker-host', dockerd!.host, '--image-src', 'docker', '--cache-dir', cacheDir, ...(await dbSourceArgs()), '--quiet'];
  const full = await runPicket([...common, '--format', 'json', '--image-config-scanners', 'misconfig', built!.tag], { timeoutMs: 300_000 });
  assert.equal(full.code, 0, full.stderr);
  const report = JSON.parse(full.stdout) as {
    Metadata: { OS?: { Family: string; Name: string } };
    Results: { Target: string; Class: string; Type?: string; Packages?: unknown[]; Vulnerabilities?: { VulnerabilityID: string; PkgName: string; Severity: string; FixedVersion?: string }[] }[];
  };
  assert.equal(report.Metadata.OS?.Family, 'debian');
  assert.match(report.Metadata.OS?.Name ?? '', /^12\./);
  const vulnerabilities = report.Results.flatMap((r) => (r.Vulnerabilities ?? []).map((v) => ({ target: r.Target, ...v })));
  const bySeverity = new Map<string, number>();
  for (const v of vulnerabilities) bySeverity.set(v.Severity, (bySeverity.get(v.Severity) ?? 0) + 1);
  process.stdout.write(`# picket image ${built!.tag}: ${vulnerabilities.length} vulnerabilities ${JSON.stringify(Object.fromEntries(bySeverity))}; misconfigurations ${JSON.stringify(misconfigurations(full.stdout).map((m) => `${m.id} ${m.severity}`))}\n`);
  assert.deepEqual(misconfigurations(full.stdout).filter((m) => m.severity === 'HIGH' || m.severity === 'CRITICAL'), []);

  // The gate users run: fixable HIGH and CRITICAL vulnerabilities fail it.
  const gate = await runPicket([...common, '--exit-code', '1', '--ignore-unfixed', '--severity', 'HIGH,CRITICAL', '--scanners', 'vuln', built!.tag], { timeoutMs: 300_000 });
  assert.equal(gate.code, 0, `fixable HIGH/CRITICAL vulnerabilities in the image:\n${gate.stdout}${gate.stderr}`);

  // picket's own dependencies are found as the installed Node.js packages of the image.
  const listed = await runPicket([...common, '--format', 'json', '--list-all-pkgs', '--scanners', 'vuln', '--pkg-types', 'library', built!.tag], { timeoutMs: 300_000 });
  assert.equal(listed.code, 0, listed.stderr);
  const names = (JSON.parse(listed.stdout) as { Results: { Packages?: { Name: string; FilePath?: string }[] }[] }).Results.flatMap((r) => r.Packages ?? []);
  for (const dependency of ['better-sqlite3', 'commander', 'tar', 'yaml']) {
    assert.ok(names.some((p) => p.Name === dependency && (p.FilePath ?? '').startsWith('opt/picket/lib/node_modules/picket/node_modules/')), `${dependency} not listed`);
  }
});
