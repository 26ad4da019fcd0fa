/**
 * Go and Rust end to end: picket against trivy's expected output (gomod-skip.json.golden, with
 * trivy's fixture DB converted to OSV), the fixture repos without a golden (repo/cargo), binaries
 * on the machine, and osv-detector's findings for its 1-go.mod with the real advisory data
 * (../shared/db-seed/osv: go-vulndb, rustsec).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, deflateSync } from 'node:zlib';
import { buildDatabase } from '../../src/db/build.js';
import { dbDirOf } from '../../src/config/cache-dir.js';
import { runPicket } from '../support/cli.js';
import { buildElf } from '../support/elf.js';
import { buildTrivyFixtureDb, trivyIntegration } from '../support/fixture-db.js';
import { assertMatchesGolden, readGolden, scanFixtureRepo, vulnKey, type JsonReport } from '../support/golden.js';
import { sharedPath } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const fixtureCache = tempDir();
const seedCache = tempDir();
const goVulnDb = sharedPath('db-seed/osv/go-vulndb.osv.jsonl.gz');
const rustsec = sharedPath('db-seed/osv/rustsec.osv.jsonl.gz');

before(async () => {
  await buildTrivyFixtureDb(fixtureCache, ['go.yaml', 'rust.yaml']);
  await buildDatabase({ dbDir: dbDirOf(seedCache), sources: [goVulnDb, rustsec] });
});

/** Binaries are installed software: `rootfs` (and images) read them, `fs` reads project sources. */
async function scan(target: string, cacheDir: string, extra: string[] = [], command: 'fs' | 'rootfs' = 'fs'): Promise<JsonReport> {
  const r = await runPicket([command, target, '--format', 'json', '--cache-dir', cacheDir, '--skip-db-update', ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonReport;
}

// --- trivy goldens ----------------------------------------------------------------------------------

test('gomod with --skip-files submod2/go.mod matches gomod-skip.json.golden', async () => {
  // trivy's run for this golden did not list packages (no --list-all-pkgs).
  assertMatchesGolden(await scan(trivyIntegration('fixtures/repo/gomod'), fixtureCache, ['--skip-files', 'submod2/go.mod']), readGolden('gomod-skip.json.golden'));
});

test('gomod with --skip-dirs submod2 matches the same golden', async () => {
  assertMatchesGolden(await scan(trivyIntegration('fixtures/repo/gomod'), fixtureCache, ['--skip-dirs', 'submod2']), readGolden('gomod-skip.json.golden'));
});

test('gomod without skipping (gomod.json.golden is not in the fixtures): submod2 too, through its go.sum', async () => {
  const report = await scanFixtureRepo('gomod', fixtureCache);
  const targets = report.Results!.map((r) => `${r.Target} ${r.Type} ${(r.Vulnerabilities ?? []).length}`);
  // submod2 (go 1.15) takes docker/distribution v2.7.1+incompatible from its go.sum: GMS-2022-20.
  assert.deepEqual(targets, ['go.mod gomod 3', 'submod/go.mod gomod 1', 'submod2/go.mod gomod 1']);
  const root = report.Results![0].Packages!;
  assert.equal(root.length, 19);
  assert.deepEqual(root.find((p) => p.ID === 'github.com/testdata/testdata')?.Relationship, 'root');
  assert.deepEqual(root.find((p) => p.ID === 'golang.org/x/text@v0.3.6')?.Locations, [{ StartLine: 20, EndLine: 20 }]);
});

test('repo/cargo (no cargo golden): packages with locations and relationships; the fixture DB has no advisory for them', async () => {
  // rust.yaml only knows `ammonia`, which this lockfile does not have.
  const report = await scanFixtureRepo('cargo', fixtureCache);
  const [result] = report.Results!;
  assert.deepEqual([result.Target, result.Type, result.Vulnerabilities], ['Cargo.lock', 'cargo', undefined]);
  assert.deepEqual(result.Packages!.map((p) => `${p.ID} ${p.Relationship}`).sort(), [
    'aho-corasick@0.7.20 indirect',
    'app@0.1.0 root',
    'libc@0.2.171 indirect',
    'memchr@1.0.2 direct',
    'memchr@2.7.4 indirect',
    'regex-syntax@0.6.29 indirect',
    'regex@1.7.3 direct',
  ]);
  assert.deepEqual(result.Packages!.find((p) => p.ID === 'regex@1.7.3')?.Locations, [{ StartLine: 44, EndLine: 53 }]);
  // The dev-dependency winapi (and what it pulls in) is there with --include-dev-deps only.
  const withDev = await scanFixtureRepo('cargo', fixtureCache, ['--include-dev-deps']);
  assert.equal(withDev.Results![0].Packages!.length, 10);
});

// --- real advisory data ------------------------------------------------------------------------------

interface OsvSeedRecord { id: string; aliases?: string[] }

function seedRecords(file: string): OsvSeedRecord[] {
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as OsvSeedRecord);
}

test('osv-detector 1-go.mod: its three GHSA findings, plus only advisories published after them', async () => {
  const report = await scan(sharedPath('fixtures/lockfiles/osv-detector-e2e/1-go.mod'), seedCache);
  const [result] = report.Results!;
  assert.deepEqual([result.Target, result.Type], ['1-go.mod', 'gomod']);
  const found = new Map((result.Vulnerabilities ?? []).map((v) => [`${v.PkgName}@${v.InstalledVersion} ${v.VulnerabilityID}`, v]));

  // osv-detector's findings (1-go.mod.out.txt), by GHSA id, each under its CVE in picket's report.
  const expected = [...readFileSync(sharedPath('fixtures/lockfiles/osv-detector-e2e/1-go.mod.out.txt'), 'utf8').matchAll(/^\s+(GHSA-[\w-]+):/gm)].map((m) => m[1]);
  assert.deepEqual(expected, ['GHSA-j3p8-6mrq-6g7h', 'GHSA-qgc7-mgm3-q253', 'GHSA-x92r-3vfx-4cv3']);
  const records = seedRecords(goVulnDb);
  const byAlias = (ghsa: string) => records.find((r) => r.aliases?.includes(ghsa))!;
  const osvDetectorIds = new Set(expected.map((g) => byAlias(g).id));
  const vulns = result.Vulnerabilities as Array<{ VulnerabilityID: string; VendorIDs?: string[]; PkgName: string }>;
  for (const ghsa of expected) {
    assert.ok(vulns.some((v) => v.PkgName === 'golang.org/x/image' && v.VendorIDs?.includes(ghsa)), ghsa);
  }
  // Every other finding comes from an advisory go-vulndb added after the newest of those three:
  // advisory data that did not exist when osv-detector's expectations were recorded. The seed
  // carries no publication dates (all 0001-01-01), but GO-YYYY-NNNN numbers are allocated in
  // increasing order, so a larger number is a later report.
  const goNumber = (id: string) => Number(id.split('-')[2]);
  const newest = Math.max(...[...osvDetectorIds].map(goNumber));
  const extra = vulns.filter((v) => !expected.some((g) => v.VendorIDs?.includes(g)));
  assert.ok(extra.length > 0 && found.size === vulns.length);
  for (const v of extra) {
    const goId = v.VendorIDs!.find((id) => id.startsWith('GO-'))!;
    assert.ok(goNumber(goId) > newest, `${goId} (${v.PkgName}) is older than osv-detector's newest finding`);
  }
});

test('Debian docker-registry binary: stdlib findings from go-vulndb for Go 1.19.8', async (t) => {
  const binary = '/usr/bin/docker-registry';
  if (!existsSync(binary)) return t.skip('docker-registry is not installed (.ci/run installs it)');
  const report = await scan(binary, seedCache, ['--list-all-pkgs'], 'rootfs');
  const [result] = report.Results!;
  assert.deepEqual([result.Target, result.Type], ['docker-registry', 'gobinary']);
  const stdlib = result.Packages!.find((p) => p.Name === 'stdlib')!;
  assert.match(stdlib.ID, /^stdlib@v1\.\d+\.\d+$/);
  if (stdlib.ID === 'stdlib@v1.19.8') {
    // GO-2023-1840 (CVE-2023-29403): setuid/setgid binaries, fixed in 1.19.10 and 1.20.5.
    assert.ok(result.Vulnerabilities!.map(vulnKey).includes('CVE-2023-29403 | stdlib | v1.19.8 | 1.19.10, 1.20.5 | UNKNOWN'));
  }
  assert.ok(result.Vulnerabilities!.every((v) => v.PkgName === 'stdlib'));
});

test('a cargo-auditable binary in a directory: rustsec findings for the crates compiled in', async () => {
  const dir = tempDir();
  const audit = { packages: [{ name: 'app', version: '0.1.0', source: 'local', dependencies: [1], root: true }, { name: 'smallvec', version: '1.6.0', source: 'crates.io' }] };
  const elf = buildElf([
    { name: '.text', data: Buffer.alloc(4096), addr: 0x401000 },
    { name: '.dep-v0', data: deflateSync(Buffer.from(JSON.stringify(audit))) },
  ]);
  writeFileSync(join(dir, 'app'), elf);
  const report = await scan(dir, seedCache, ['--list-all-pkgs'], 'rootfs');
  const [result] = report.Results!;
  assert.deepEqual([result.Target, result.Type], ['app', 'rustbinary']);
  assert.deepEqual(result.Packages!.map((p) => `${p.ID} ${p.Relationship}`), ['app@0.1.0 root', 'smallvec@1.6.0 direct']);
  // RUSTSEC-2021-0003 (CVE-2021-25900): SmallVec::insert_many buffer overflow, fixed in 1.6.1.
  const smallvec = result.Vulnerabilities!.find((v) => v.VulnerabilityID === 'CVE-2021-25900')!;
  assert.deepEqual([smallvec.PkgName, smallvec.InstalledVersion, smallvec.FixedVersion], ['smallvec', '1.6.0', '0.6.14, 1.6.1']);
});
