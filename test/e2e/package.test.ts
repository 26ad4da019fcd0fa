/**
 * The npm package as users get it: `npm pack` run twice, from two copies of the sources in
 * different directories (each builds dist/ from scratch through `prepack`), gives the same
 * tarball bytes; the tarball holds only what runs (bin, dist, docs, the shrinkwrap, README,
 * LICENSE, CHANGELOG, SECURITY); it installs with `npm i -g --prefix <tmp>` and the installed
 * `picket` prints its version with the commit and scans a project. Dependencies come from the
 * npm cache this repository's `npm ci` filled (`--prefer-offline`); better-sqlite3 compiles.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { delimiter, dirname, join, relative } from 'node:path';
import { list } from 'tar';
import { packFromCopy } from '../../scripts/pack-from-copy.js';
import { repoRoot } from '../support/paths.js';
import { tempDir } from '../support/temp.js';
import { runCommand, type RunResult } from '../support/run-command.js';

/** Runs a command to its end; the default time limit of these tests is 600_000 ms. */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult> {
  return runCommand(command, args, { ...options, timeoutMs: options.timeoutMs ?? 600_000 });
}

/** A shell environment without the npm_* variables of an enclosing `npm run` or PICKET_* settings. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^npm_/i.test(key) && !key.startsWith('PICKET_') && key !== 'INIT_CWD') env[key] = value;
  }
  return { ...env, ...extra };
}

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  files: string[];
  bin: Record<string, string>;
  engines?: { node?: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; dev?: boolean }> };
/** The commit written into both builds (their copies are not git work trees). */
const COMMIT = createHash('sha1').update('picket package test').digest('hex');

/** Packs a copy of the sources (kept until the file ends, to compare with); returns tarball and copy. */
async function pack(name: string): Promise<{ tarball: string; copy: string }> {
  const work = tempDir(`picket-pack-${name}-`);
  const copy = join(work, 'picket');
  const packed = await packFromCopy(join(work, 'out'), { commit: COMMIT, copyDir: copy, keepCopy: true }, repoRoot);
  return { tarball: packed.file, copy };
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every entry of a tarball: path, mode, mtime, owner (npm leaves the owner fields empty: 0). */
async function entries(tgz: string): Promise<{ path: string; mode: number; mtime: number; uid: number; gid: number }[]> {
  const found: { path: string; mode: number; mtime: number; uid: number; gid: number }[] = [];
  await list({ file: tgz, onReadEntry: (e) => found.push({ path: e.path, mode: e.mode ?? -1, mtime: e.mtime?.getTime() ?? -1, uid: e.uid ?? 0, gid: e.gid ?? 0 }) });
  return found;
}

const [packedA, packedB] = await Promise.all([pack('a'), pack('b')]);
const tarballA = packedA.tarball;
const tarballB = packedB.tarball;

test('npm pack from two copies of the sources gives the same tarball bytes', () => {
  assert.notEqual(dirname(tarballA), dirname(tarballB));
  assert.equal(sha256(tarballA), sha256(tarballB), 'the two tarballs differ: the build or the pack is not reproducible');
});

test('the tarball holds only what runs, with fixed times and owners', async () => {
  const all = await entries(tarballA);
  const paths = all.map((e) => e.path.replace(/^package\//, ''));
  const topLevel = new Set(paths.map((p) => p.split('/')[0]));
  assert.deepEqual([...topLevel].sort(), ['CHANGELOG.md', 'LICENSE', 'README.md', 'SECURITY.md', 'bin', 'dist', 'docs', 'npm-shrinkwrap.json', 'package.json']);
  // npm writes every entry with the same time (1985-10-26) and owner 0.
  assert.deepEqual(new Set(all.map((e) => e.mtime)), new Set([Date.UTC(1985, 9, 26, 8, 15)]));
  assert.ok(all.every((e) => e.uid === 0 && e.gid === 0));
  // Plain files, 0644, but the executable bin/picket.js.
  assert.deepEqual(all.filter((e) => e.mode !== 0o644).map((e) => `${e.path} ${e.mode.toString(8)}`), ['package/bin/picket.js 755']);
  // dist/ holds exactly what the sources compile to: no file of a removed source.
  const compiled = paths.filter((p) => p.startsWith('dist/') && p.endsWith('.js')).map((p) => p.slice('dist/'.length, -'.js'.length)).sort();
  const sourcesTs: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) sourcesTs.push(relative(join(repoRoot, 'src'), join(dir, entry.name)).slice(0, -'.ts'.length));
    }
  };
  walk(join(repoRoot, 'src'));
  assert.deepEqual(compiled, sourcesTs.sort());
  assert.ok(paths.includes('dist/build-info.json'));
  const size = readFileSync(tarballA).length;
  process.stdout.write(`# tarball ${(size / 1024).toFixed(0)} KiB, ${all.length} entries, sha256 ${sha256(tarballA)}\n`);
});

test('package.json: engines, bin, runtime dependencies only, no install scripts of our own', async () => {
  assert.match(pkg.engines?.node ?? '', /^>=20\.\d+/);
  for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(pkg.scripts[script], undefined, `scripts.${script} would run on users' machines`);
  assert.equal(pkg.bin.picket, 'bin/picket.js');
  for (const dev of ['typescript', 'tsx']) assert.equal(pkg.dependencies[dev], undefined);
  // Every bare module the built code imports is a runtime dependency (or a Node built-in).
  const dir = tempDir('picket-pack-extract-');
  const { extract } = await import('tar');
  await extract({ file: tarballA, cwd: dir });
  const imported = new Set<string>();
  const scan = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) scan(path);
      else if (entry.name.endsWith('.js')) {
        const code = readFileSync(path, 'utf8');
        const specifiers = [
          ...code.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/gm),
          ...code.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
          ...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
          ...code.matchAll(/\b(?:require|createRequire\([^)]*\))\(\s*['"]([^'"]+)['"]\s*\)/g),
        ].map((m) => m[1]);
        for (const s of specifiers) if (!s.startsWith('.') && !s.startsWith('node:')) imported.add(s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]);
      }
    }
  };
  scan(join(dir, 'package', 'dist'));
  const notRuntime = [...imported].filter((name) => !(name in pkg.dependencies) && !builtinModules.includes(name));
  assert.deepEqual(notRuntime, [], `imported by dist/ but not in dependencies: ${notRuntime.join(', ')}`);
  assert.ok(imported.has('better-sqlite3'));
});

test('the tarball installs into a temp prefix; picket scans a project and prints version and commit', async () => {
  const prefix = tempDir('picket-npm-prefix-');
  const started = process.hrtime.bigint();
  const install = await run('npm', ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--allow-scripts=better-sqlite3', tarballA], {
    cwd: prefix,
    env: cleanEnv({ JOBS: 'max' }),
    timeoutMs: 900_000,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  assert.equal(install.code, 0, install.stderr.slice(-4000));
  // better-sqlite3's build is the one install script, and it is allowed by name.
  assert.doesNotMatch(install.stderr, /install scripts not yet covered/);
  process.stdout.write(`# npm install -g of the tarball: ${seconds.toFixed(0)} s\n`);

  // Only runtime packages, each at the version package-lock.json has (npm-shrinkwrap.json).
  const root = join(prefix, 'lib', 'node_modules', pkg.name);
  const locked = new Set(Object.entries(lock.packages).filter(([path, e]) => path !== '' && e.dev !== true).map(([path, e]) => `${path.split('node_modules/').pop()}@${e.version}`));
  const installed: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith('.')) continue;
      const path = join(dir, entry);
      if (entry.startsWith('@')) {
        walk(path);
        continue;
      }
      const manifest = join(path, 'package.json');
      if (existsSync(manifest)) {
        const m = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string; version: string };
        installed.push(`${m.name}@${m.version}`);
      }
      if (existsSync(join(path, 'node_modules'))) walk(join(path, 'node_modules'));
    }
  };
  walk(join(root, 'node_modules'));
  assert.ok(installed.length > 20);
  assert.deepEqual(installed.filter((p) => !locked.has(p)), [], 'installed packages that package-lock.json does not pin');
  for (const dev of ['typescript', 'tsx', 'ajv', '@cyclonedx/cyclonedx-library']) assert.ok(!installed.some((p) => p.startsWith(`${dev}@`)), `development dependency ${dev} installed`);

  // A user's shell: the prefix's bin and node on PATH, a fresh HOME, nothing of this repository.
  const home = tempDir('picket-npm-home-');
  const project = tempDir('picket-npm-project-');
  cpSync(join(repoRoot, 'test/fixtures/projects/app'), project, { recursive: true });
  const env = cleanEnv({ HOME: home, PATH: [join(prefix, 'bin'), dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter) });
  delete env.XDG_CACHE_HOME;
  const scan = await run('picket', ['fs', '.', '--db-source', join(repoRoot, 'test/fixtures/osv'), '-f', 'json', '--exit-code', '3', '-q'], { cwd: project, env });
  assert.equal(scan.code, 3, scan.stderr);
  const report = JSON.parse(scan.stdout) as { Results: { Target: string; Vulnerabilities?: { VulnerabilityID: string }[] }[] };
  const ids = report.Results.flatMap((r) => (r.Vulnerabilities ?? []).map((v) => v.VulnerabilityID)).sort();
  assert.deepEqual(ids, ['CVE-2099-0001', 'GHSA-ex01-0000-0002']);
  // The default cache went to the fresh HOME: the DB was built there.
  assert.ok(existsSync(join(home, '.cache', 'picket', 'db', 'picket.db')));

  const version = await run('picket', ['--version'], { cwd: project, env });
  assert.equal(version.code, 0, version.stderr);
  assert.equal(version.stdout.trim(), `${pkg.version} (commit ${COMMIT})`);
});

test('scripts/write-build-info.mjs: the commit from git, from PICKET_BUILD_COMMIT, or "unknown"', async () => {
  const script = join(repoRoot, 'scripts', 'write-build-info.mjs');
  const info = (dir: string) => JSON.parse(readFileSync(join(dir, 'dist', 'build-info.json'), 'utf8')) as { commit: string; commitTime: string };
  const git = (dir: string, ...args: string[]) => run('git', ['-c', 'user.name=picket test', '-c', 'user.email=test@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, env: cleanEnv() });

  // The top of a git work tree: its HEAD and the commit time.
  const repo = tempDir('picket-build-info-git-');
  writeFileSync(join(repo, 'package.json'), '{}\n');
  assert.equal((await git(repo, 'init', '--quiet')).code, 0);
  assert.equal((await git(repo, 'add', 'package.json')).code, 0);
  assert.equal((await git(repo, 'commit', '--quiet', '-m', 'first')).code, 0);
  const head = (await git(repo, 'rev-parse', 'HEAD')).stdout.trim();
  assert.equal((await run(process.execPath, [script], { cwd: repo, env: cleanEnv() })).code, 0);
  assert.equal(info(repo).commit, head);
  assert.match(info(repo).commitTime, /^\d{4}-\d{2}-\d{2}T/);

  // A package inside some other work tree is not that tree's commit.
  const nested = join(repo, 'sub');
  mkdirSync(nested);
  assert.equal((await run(process.execPath, [script], { cwd: nested, env: cleanEnv() })).code, 0);
  assert.deepEqual(info(nested), { commit: 'unknown', commitTime: 'unknown' });

  // No git at all (a source archive): "unknown", or what the builder says.
  const plain = tempDir('picket-build-info-plain-');
  assert.equal((await run(process.execPath, [script], { cwd: plain, env: cleanEnv() })).code, 0);
  assert.deepEqual(info(plain), { commit: 'unknown', commitTime: 'unknown' });
  assert.equal((await run(process.execPath, [script], { cwd: plain, env: cleanEnv({ PICKET_BUILD_COMMIT: head.toUpperCase() }) })).code, 0);
  assert.equal(info(plain).commit, head);
  const bad = await run(process.execPath, [script], { cwd: plain, env: cleanEnv({ PICKET_BUILD_COMMIT: 'main; rm -rf /' }) });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /PICKET_BUILD_COMMIT must be a commit id/);
});
