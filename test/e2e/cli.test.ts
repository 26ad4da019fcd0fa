import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { runPicket } from '../support/cli.js';
import { repoRoot, sharedPath } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const osvDir = join(repoRoot, 'test/fixtures/osv');
const appDir = join(repoRoot, 'test/fixtures/projects/app');
const cacheDir = tempDir();

interface Vuln { VulnerabilityID: string; VendorIDs?: string[]; PkgName: string; Severity: string; Status: string; FixedVersion?: string; PrimaryURL?: string; Evidence?: { File: string; AdvisoryID: string; AffectedRange: string; Locations?: unknown[] } }
const ids = (stdout: string): string[] =>
  ((JSON.parse(stdout) as { Results: { Vulnerabilities?: Vuln[] }[] }).Results.flatMap((r) => r.Vulnerabilities ?? [])).map((v) => v.VulnerabilityID).sort();
const scanApp = (args: string[], options: Parameters<typeof runPicket>[1] = {}) =>
  runPicket(['fs', appDir, '--cache-dir', cacheDir, '--skip-db-update', ...args], options);

before(async () => {
  const r = await runPicket(['db', 'build', '--source', osvDir, '--cache-dir', cacheDir]);
  assert.equal(r.code, 0, r.stderr);
});

test('--version prints the version and the commit it was built from, and exits 0', async () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const r = await runPicket(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.stdout.trim(), new RegExp(`^${pkg.version.replace(/\./g, '\\.')} \\(commit ([0-9a-f]{7,64}|unknown)\\)$`));
});

test('JSON report: CVE alias shown, advisory id kept, CVSS-derived severity, unfixed status, evidence', async () => {
  const r = await scanApp(['-f', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as { SchemaVersion: number; ArtifactType: string; Results: { Target: string; Type: string; Vulnerabilities: Vuln[] }[] };
  assert.equal(report.SchemaVersion, 2);
  assert.equal(report.ArtifactType, 'filesystem');
  assert.equal(report.Results.length, 1);
  assert.equal(report.Results[0].Target, 'package-lock.json');
  const [cve, ghsa] = report.Results[0].Vulnerabilities.sort((a, b) => a.VulnerabilityID.localeCompare(b.VulnerabilityID));
  assert.equal(cve.VulnerabilityID, 'CVE-2099-0001');
  assert.deepEqual(cve.VendorIDs, ['GHSA-ex01-0000-0001']);
  assert.equal(cve.Severity, 'HIGH');
  assert.equal(cve.FixedVersion, '1.2.4');
  assert.equal(cve.Status, 'fixed');
  assert.equal(cve.PrimaryURL, 'https://nvd.nist.gov/vuln/detail/CVE-2099-0001');
  assert.equal(cve.Evidence?.AdvisoryID, 'GHSA-ex01-0000-0001');
  assert.equal(cve.Evidence?.AffectedRange, '>=1.0.0, <1.2.4');
  assert.ok(cve.Evidence?.Locations?.length);
  assert.equal(ghsa.VulnerabilityID, 'GHSA-ex01-0000-0002');
  assert.equal(ghsa.Severity, 'CRITICAL'); // CVSS 3.1 base 9.8, no database rating
  assert.equal(ghsa.Status, 'affected');
  assert.equal(ghsa.FixedVersion, undefined);
});

test('dev dependencies are left out unless --include-dev-deps; withdrawn advisories never show', async () => {
  assert.deepEqual(ids((await scanApp(['-f', 'json'])).stdout), ['CVE-2099-0001', 'GHSA-ex01-0000-0002']);
  assert.deepEqual(ids((await scanApp(['-f', 'json', '--include-dev-deps'])).stdout), ['CVE-2099-0001', 'CVE-2099-0003', 'GHSA-ex01-0000-0002']);
});

test('--severity, --ignore-unfixed and --exit-code', async () => {
  assert.deepEqual(ids((await scanApp(['-f', 'json', '--severity', 'HIGH'])).stdout), ['CVE-2099-0001']);
  assert.deepEqual(ids((await scanApp(['-f', 'json', '-s', 'low,critical'])).stdout), ['GHSA-ex01-0000-0002']);
  assert.deepEqual(ids((await scanApp(['-f', 'json', '--ignore-unfixed'])).stdout), ['CVE-2099-0001']);
  assert.equal((await scanApp(['-f', 'json', '--exit-code', '3'])).code, 3);
  assert.equal((await scanApp(['-f', 'json', '--exit-code', '3', '--severity', 'LOW'])).code, 0);
});

test('.trivyignore in the working directory: ids, comments, advisory ids, expiry', async () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, '.trivyignore'), '# accepted risk\nCVE-2099-0001\nGHSA-ex01-0000-0002 exp:2000-01-01\n');
  assert.deepEqual(ids((await scanApp(['-f', 'json'], { cwd })).stdout), ['GHSA-ex01-0000-0002']);
  writeFileSync(join(cwd, 'other.ignore'), 'GHSA-ex01-0000-0001 exp:2999-12-31 # matched through the advisory id\n');
  assert.deepEqual(ids((await scanApp(['-f', 'json', '--ignorefile', 'other.ignore'], { cwd })).stdout), ['GHSA-ex01-0000-0002']);
  const missing = await scanApp(['--ignorefile', 'nope.ignore'], { cwd });
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr.trim(), 'picket: ignore file nope.ignore: no such file');
});

test('precedence: flags > PICKET_* env > picket.yaml > defaults', async () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'picket.yaml'), 'format: json\nseverity: [CRITICAL]\nvulnerability:\n  ignore-unfixed: false\n');
  assert.deepEqual(ids((await scanApp([], { cwd })).stdout), ['GHSA-ex01-0000-0002']);
  assert.deepEqual(ids((await scanApp([], { cwd, env: { PICKET_SEVERITY: 'HIGH' } })).stdout), ['CVE-2099-0001']);
  assert.deepEqual(ids((await scanApp(['--severity', 'HIGH,CRITICAL'], { cwd, env: { PICKET_SEVERITY: 'LOW' } })).stdout).length, 2);
  writeFileSync(join(cwd, 'nested.yaml'), 'format: json\nvulnerability:\n  ignore-unfixed: true\n');
  assert.deepEqual(ids((await scanApp(['--config', 'nested.yaml'], { cwd })).stdout), ['CVE-2099-0001']);
});

test('usage errors: one line, non-zero exit, no stack trace', async () => {
  const cases: [string[], RegExp][] = [
    [['fs', appDir, '--no-such-flag'], /unknown option '--no-such-flag'/],
    [['fs', join(appDir, 'missing-dir'), '--cache-dir', cacheDir], /missing-dir: no such file or directory/],
    [['fs', appDir, '--severity', 'SEVERE', '--cache-dir', cacheDir], /invalid value for severity: "SEVERE" is not one of UNKNOWN, LOW, MEDIUM, HIGH, CRITICAL/],
    [['fs', appDir, '--format', 'xml', '--cache-dir', cacheDir], /invalid value for format: "xml" is not one of table, json/],
    [['fs', appDir, '--exit-code', 'x', '--cache-dir', cacheDir], /invalid value for exit-code: "x"/],
    [['fs', appDir, '--config', 'absent.yaml', '--cache-dir', cacheDir], /config file absent.yaml: no such file/],
    [['nonsense'], /unknown command 'nonsense'/],
  ];
  for (const [args, pattern] of cases) {
    const r = await runPicket(args);
    assert.notEqual(r.code, 0, args.join(' '));
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1, `one line for ${args.join(' ')}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});

test('a malformed lockfile is one warning naming the file; the scan goes on', async () => {
  const dir = tempDir();
  cpSync(appDir, join(dir, 'app'), { recursive: true });
  mkdirSync(join(dir, 'broken'));
  writeFileSync(join(dir, 'broken', 'package-lock.json'), '{"lockfileVersion": 3, "packages": {');
  const r = await runPicket(['fs', dir, '-f', 'json', '--cache-dir', cacheDir, '--skip-db-update']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(ids(r.stdout), ['CVE-2099-0001', 'GHSA-ex01-0000-0002']);
  const warnings = r.stderr.split('\n').filter((l) => l.includes('WARN'));
  assert.equal(warnings.length, 1, r.stderr);
  assert.match(warnings[0], /broken\/package-lock\.json/);
  assert.equal((await runPicket(['fs', dir, '-f', 'json', '-q', '--cache-dir', cacheDir, '--skip-db-update'])).stderr, '');
});

test('--skip-dirs and --skip-files globs', async () => {
  const dir = tempDir();
  cpSync(appDir, join(dir, 'a'), { recursive: true });
  cpSync(appDir, join(dir, 'nested', 'b'), { recursive: true });
  const targets = async (args: string[]) =>
    ((JSON.parse((await runPicket(['fs', dir, '-f', 'json', '--cache-dir', cacheDir, '--skip-db-update', ...args])).stdout) as { Results: { Target: string }[] }).Results).map((r) => r.Target);
  assert.deepEqual(await targets([]), ['a/package-lock.json', 'nested/b/package-lock.json']);
  assert.deepEqual(await targets(['--skip-dirs', 'nested/**']), ['a/package-lock.json']);
  assert.deepEqual(await targets(['--skip-dirs', 'b']), ['a/package-lock.json']);
  assert.deepEqual(await targets(['--skip-files', '**/package-lock.json']), []);
  assert.deepEqual(await targets(['--skip-files', 'a/package-lock.json,x']), ['nested/b/package-lock.json']);
});

test('table output: summary, per-target severity totals, -o writes the file', async () => {
  const r = await scanApp([]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Report Summary/);
  assert.match(r.stdout, /package-lock\.json \(npm\)/);
  assert.match(r.stdout, /Total: 2 \(UNKNOWN: 0, LOW: 0, MEDIUM: 0, HIGH: 1, CRITICAL: 1\)/);
  assert.match(r.stdout, /example-lib .*CVE-2099-0001 .*HIGH/);
  assert.doesNotMatch(r.stdout, /\x1b\[/); // no colour when not a terminal
  const out = join(tempDir(), 'report.json');
  const written = await scanApp(['-f', 'json', '-o', out]);
  assert.equal(written.stdout, '');
  assert.deepEqual(ids(readFileSync(out, 'utf8')), ['CVE-2099-0001', 'GHSA-ex01-0000-0002']);
});

test('a scan with no DB builds it first from --db-source; db info describes it', async () => {
  const cache = tempDir();
  const r = await runPicket(['fs', appDir, '-f', 'json', '--cache-dir', cache, '--db-source', osvDir]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(ids(r.stdout), ['CVE-2099-0001', 'GHSA-ex01-0000-0002']);
  assert.ok(existsSync(join(cache, 'db', 'picket.db')));
  const info = await runPicket(['db', 'info', '--cache-dir', cache, '-f', 'json']);
  const parsed = JSON.parse(info.stdout) as { advisories: number; withdrawnSkipped: number; ecosystems: Record<string, number>; sources: string[] };
  assert.equal(parsed.advisories, 3);
  assert.equal(parsed.withdrawnSkipped, 1);
  assert.deepEqual(parsed.ecosystems, { npm: 3 });
  assert.deepEqual(parsed.sources, [osvDir]);
});

test('no DB and no reachable source: one sentence saying how to give a source', async () => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  const cache = tempDir();
  const r = await runPicket(['fs', appDir, '--cache-dir', cache], { env: { PICKET_DB_SOURCES: `http://127.0.0.1:${port}/osv/` } });
  assert.equal(r.code, 1);
  const lines = r.stderr.trim().split('\n').filter((l) => !l.includes('INFO'));
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^picket: cannot build the advisory DB from http:\/\/127\.0\.0\.1:\d+\/osv\/: .*not reachable \(ECONNREFUSED\)\. Give a reachable source with --db-source PATH_OR_URL/);
  assert.equal(existsSync(join(cache, 'db', 'picket.db')), false);
});

test('picket --version loads neither the DB driver nor any analyzer', async () => {
  const hook = `data:text/javascript,${encodeURIComponent(
    "import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent('export async function resolve(s, c, n) { const r = await n(s, c); process.stderr.write(\"LOAD \" + r.url + \"\\\\n\"); return r; }'));",
  )}`;
  const r = await runPicket(['--version'], { env: { NODE_OPTIONS: `--import=${hook}` } });
  assert.equal(r.code, 0, r.stderr);
  const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOAD '));
  assert.ok(loaded.some((l) => l.includes('/dist/cli/main.js')), 'the hook saw the CLI load');
  assert.deepEqual(loaded.filter((l) => /better-sqlite3|\/analyzer\/|\/db\/|yaml|cli-table3/.test(l)), []);
});

test('a reader that closes early (| head) ends the scan quietly, without a stack trace', async () => {
  const { spawn } = await import('node:child_process');
  // A few MB of JSON: the reader is gone long before picket has written it all.
  const big = sharedPath('fixtures/lockfiles/osv-detector-e2e');
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'picket.js'), 'fs', big, '-f', 'json', '--list-all-pkgs', '--cache-dir', cacheDir, '--skip-db-update', '-q'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.doesNotMatch(stderr, /EPIPE|\n\s+at /);
  assert.notEqual(code, null);
});

test('a broken picket.yaml: one line with the file and line', async () => {
  const cwd = tempDir();
  writeFileSync(join(cwd, 'picket.yaml'), 'format: json\nseverity: [HIGH\n');
  const r = await scanApp([], { cwd });
  assert.equal(r.code, 1);
  assert.match(r.stderr.trim(), /^picket: config file picket\.yaml:\d+: .+$/);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});

test('trivy CI flags: --scanners, --pkg-types, --timeout, --no-progress', async () => {
  const both = await scanApp(['-f', 'json', '--scanners', 'vuln,license']);
  assert.equal(both.code, 0, both.stderr);
  assert.doesNotMatch(both.stderr, /WARN/);
  assert.deepEqual(ids(both.stdout), ['CVE-2099-0001', 'GHSA-ex01-0000-0002']);
  const empty = await scanApp(['--scanners', '']);
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /^picket: --scanners is empty/);
  // Without vuln, no package is matched and no DB is needed.
  const secretsOnly = await scanApp(['-f', 'json', '--scanners', 'secret']);
  assert.equal(secretsOnly.code, 0, secretsOnly.stderr);
  assert.deepEqual(ids(secretsOnly.stdout), []);
  assert.deepEqual(ids((await scanApp(['-f', 'json', '--pkg-types', 'os'])).stdout), []);
  assert.deepEqual(ids((await scanApp(['-f', 'json', '--pkg-types', 'library'])).stdout), ['CVE-2099-0001', 'GHSA-ex01-0000-0002']);
  assert.equal((await scanApp(['-f', 'json', '--no-progress', '--timeout', '2m'])).code, 0);
  const tooShort = await runPicket(['fs', sharedPath('fixtures/lockfiles/osv-detector-e2e'), '--cache-dir', cacheDir, '--skip-db-update', '--timeout', '1ms']);
  assert.equal(tooShort.code, 1);
  assert.equal(tooShort.stderr.trim(), 'picket: scan timed out after 1ms: give it longer with --timeout');
});
