import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { cargoLockAnalyzer } from '../../../../src/analyzer/lang/rust/cargo-lock.js';
import { satisfiesCargoRequirement } from '../../../../src/analyzer/lang/rust/cargo-manifest.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';
import { cpuTimed } from '../../../support/cpu-time.js';
import { repoRoot, sharedPath } from '../../../support/paths.js';

const ownFixtures = resolve(repoRoot, 'test/fixtures/cargo');
const repoCargo = sharedPath('fixtures/trivy-integration/fixtures/repo/cargo');
const trivyUnit = sharedPath('fixtures/trivy-unit/dependency/parser/rust/cargo/testdata');
const osvScanner = sharedPath('fixtures/lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/cargo');
const osvDetector = sharedPath('fixtures/lockfiles/osv-detector-pkg/lockfile/testdata/cargo');
const scalibr = sharedPath('fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/rust/cargolock/testdata');

async function packagesOf(absPath: string, relPath = 'Cargo.lock'): Promise<Package[]> {
  const result = await analyzeFixture(cargoLockAnalyzer, absPath, relPath);
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['cargo', 'crates.io', 'cargo', relPath]);
  return app.packages;
}

async function packagesOfText(text: string): Promise<Package[]> {
  const result = await cargoLockAnalyzer.analyze({ path: 'Cargo.lock', content: Buffer.from(text), readFile: async () => undefined });
  return result.applications![0].packages;
}

const ids = (packages: Package[]) => packages.map((p) => p.id).sort();
const lines = (packages: Package[]) => Object.fromEntries(packages.map((p) => [p.id, p.locations?.map((l) => [l.startLine, l.endLine])]));
const classes = (packages: Package[]) => Object.fromEntries(packages.map((p) => [p.id, `${p.relationship ?? 'unknown'}${p.dev ? ':dev' : ''}`]));
const edges = (packages: Package[]) => Object.fromEntries(packages.filter((p) => p.dependsOn).map((p) => [p.id, p.dependsOn]));

test('wants Cargo.lock (also prefixed copies), not vendored ones', () => {
  const wants = (path: string) => cargoLockAnalyzer.wants({ path, size: 10 });
  assert.equal(wants('Cargo.lock'), true);
  assert.equal(wants('crates/x/Cargo.lock'), true);
  assert.equal(wants('1-Cargo.lock'), true);
  assert.equal(wants('Cargo.toml'), false);
  assert.equal(wants('cargo.lock'), false);
  assert.equal(wants('vendor/foo/Cargo.lock'), false);
});

// --- trivy integration fixture: Cargo.lock v4 with Cargo.toml ---------------------------------------

test('repo/cargo: root app, regex and the cfg-target memchr direct, the dev-dependency winapi marked dev', async () => {
  const packages = await packagesOf(resolve(repoCargo, 'Cargo.lock'));
  assert.deepEqual(classes(packages), {
    'aho-corasick@0.7.20': 'indirect',
    'app@0.1.0': 'root',
    'libc@0.2.171': 'indirect',
    'memchr@1.0.2': 'direct',
    'memchr@2.7.4': 'indirect',
    'regex@1.7.3': 'direct',
    'regex-syntax@0.6.29': 'indirect',
    'winapi@0.3.9': 'direct:dev',
    'winapi-i686-pc-windows-gnu@0.4.0': 'indirect:dev',
    'winapi-x86_64-pc-windows-gnu@0.4.0': 'indirect:dev',
  });
  assert.deepEqual(lines(packages)['app@0.1.0'], [[14, 21]]);
  assert.deepEqual(lines(packages)['regex@1.7.3'], [[44, 53]]);
  assert.deepEqual(lines(packages)['winapi-x86_64-pc-windows-gnu@0.4.0'], [[77, 81]]);
  assert.deepEqual(edges(packages)['app@0.1.0'], ['memchr@1.0.2', 'regex@1.7.3', 'winapi@0.3.9']);
  assert.deepEqual(edges(packages)['regex@1.7.3'], ['aho-corasick@0.7.20', 'memchr@2.7.4', 'regex-syntax@0.6.29']);
});

// --- trivy's parser testdata (ids, locations and graph from its parse_test.go) ---------------------

const normalLines = {
  'libc@0.2.54': [[3, 6]],
  'normal@0.1.0': [[8, 13]],
  'unsafe-any@0.4.2': [[15, 18]],
  'typemap@0.3.3': [[20, 26]],
  'idna@0.1.5': [[28, 31]],
  'matches@0.1.8': [[33, 36]],
  'percent-encoding@1.0.1': [[38, 41]],
  'url@1.7.2': [[43, 51]],
};
const normalEdges = {
  'normal@0.1.0': ['libc@0.2.54'],
  'typemap@0.3.3': ['unsafe-any@0.4.2'],
  'url@1.7.2': ['idna@0.1.5', 'matches@0.1.8', 'percent-encoding@1.0.1'],
};

test('trivy cargo_normal.lock (v1 dependency strings with sources)', async () => {
  const packages = await packagesOf(resolve(trivyUnit, 'cargo_normal.lock'));
  assert.deepEqual(lines(packages), normalLines);
  assert.deepEqual(edges(packages), normalEdges);
  // Without Cargo.toml: the local crate is the root, libc its direct dependency; the rest is reachable from nothing.
  assert.equal(classes(packages)['normal@0.1.0'], 'root');
  assert.equal(classes(packages)['libc@0.2.54'], 'direct');
  assert.equal(classes(packages)['url@1.7.2'], 'unknown');
});

test('trivy cargo_mixed.lock (blank lines, comments, a multi-line string version)', async () => {
  const packages = await packagesOf(resolve(trivyUnit, 'cargo_mixed.lock'));
  assert.deepEqual(lines(packages), {
    'libc@0.2.54': [[3, 6]],
    'unsafe-any@0.4.2': [[9, 12]],
    'normal@0.1.0': [[17, 22]],
    'url@1.7.2': [[26, 34]],
    'idna@0.1.5': [[36, 39]],
    'matches@0.1.8': [[41, 44]],
    'percent-encoding@1.0.1': [[46, 49]],
    'typemap@0.3.3': [[55, 61]],
  });
  assert.deepEqual(edges(packages), normalEdges);
});

test('trivy cargo_v3.lock (v3: bare names, `name version` when ambiguous)', async () => {
  const packages = await packagesOf(resolve(trivyUnit, 'cargo_v3.lock'));
  assert.deepEqual(lines(packages), {
    'aho-corasick@0.7.20': [[5, 12]],
    'app@0.1.0': [[14, 21]],
    'libc@0.2.140': [[23, 27]],
    'memchr@1.0.2': [[29, 36]],
    'memchr@2.5.0': [[38, 42]],
    'regex@1.7.3': [[44, 53]],
    'regex-syntax@0.5.6': [[55, 62]],
    'regex-syntax@0.6.29': [[64, 68]],
    'ucd-util@0.1.10': [[70, 74]],
  });
  assert.deepEqual(edges(packages), {
    'aho-corasick@0.7.20': ['memchr@2.5.0'],
    'app@0.1.0': ['memchr@1.0.2', 'regex-syntax@0.5.6', 'regex@1.7.3'],
    'memchr@1.0.2': ['libc@0.2.140'],
    'regex@1.7.3': ['aho-corasick@0.7.20', 'memchr@2.5.0', 'regex-syntax@0.6.29'],
    'regex-syntax@0.5.6': ['ucd-util@0.1.10'],
  });
  assert.deepEqual(classes(packages), {
    'aho-corasick@0.7.20': 'indirect',
    'app@0.1.0': 'root',
    'libc@0.2.140': 'indirect',
    'memchr@1.0.2': 'direct',
    'memchr@2.5.0': 'indirect',
    'regex@1.7.3': 'direct',
    'regex-syntax@0.5.6': 'direct',
    'regex-syntax@0.6.29': 'indirect',
    'ucd-util@0.1.10': 'indirect',
  });
});

test('trivy cargo_invalid.lock is a ParseError with the line', async () => {
  await rejectsWithParseError(analyzeFixture(cargoLockAnalyzer, resolve(trivyUnit, 'cargo_invalid.lock'), 'Cargo.lock'), 'Cargo.lock', 10);
});

// --- osv-scanner, osv-detector, osv-scalibr fixtures ----------------------------------------------

test('osv-scanner and osv-detector cargo fixtures', async () => {
  for (const dir of [osvScanner, osvDetector]) {
    assert.deepEqual(await packagesOf(resolve(dir, 'empty.lock')), []);
    assert.deepEqual(ids(await packagesOf(resolve(dir, 'one-package.lock'))), ['addr2line@0.15.2']);
    assert.deepEqual(ids(await packagesOf(resolve(dir, 'two-packages.lock'))), ['addr2line@0.15.2', 'syn@1.0.73']);
    assert.deepEqual(ids(await packagesOf(resolve(dir, 'package-with-build-string.lock'))), ['wasi@0.10.2+wasi-snapshot-preview1']);
    await rejectsWithParseError(analyzeFixture(cargoLockAnalyzer, resolve(dir, 'not-toml.txt'), 'Cargo.lock'), 'Cargo.lock', 1);
  }
  // `gimli` is named as a dependency but not locked: no edge to it. No local crate: no relationships.
  const one = await packagesOf(resolve(osvScanner, 'one-package.lock'));
  assert.deepEqual([one[0].dependsOn, one[0].relationship, one[0].locations], [undefined, undefined, [{ startLine: 5, endLine: 12 }]]);
  const withLocal = await packagesOf(resolve(osvScanner, 'two-packages-with-local.lock'));
  assert.deepEqual(classes(withLocal), { 'addr2line@0.15.2': 'unknown', 'local-rust-pkg@0.1.0': 'root' });
});

test('osv-scalibr cargolock fixtures: duplicates by version, comments inside a block', async () => {
  assert.deepEqual(ids(await packagesOf(resolve(scalibr, 'duplicate.lock'))), ['syn@1.0.73', 'syn@2.0.0']);
  const commented = await packagesOf(resolve(scalibr, 'package-with-comments.lock'));
  assert.deepEqual(ids(commented), ['addr2line@0.15.2', 'syn@1.0.73']);
  assert.deepEqual(lines(commented)['syn@1.0.73'], [[10, 15]]);
  assert.equal((await packagesOf(resolve(scalibr, 'many-packages.lock'))).length, 6);
  await rejectsWithParseError(analyzeFixture(cargoLockAnalyzer, resolve(scalibr, 'not-toml.txt'), 'Cargo.lock'), 'Cargo.lock', 1);
});

// --- workspaces (hand-written fixtures) -----------------------------------------------------------

test('root package with a workspace member: declared normal dependencies are direct, dev/build-only ones dev', async () => {
  const packages = await packagesOf(resolve(ownFixtures, 'workspace/Cargo.lock'));
  assert.deepEqual(classes(packages), {
    'app@0.1.0': 'root',
    // build-dependency of the root
    'cc@1.0.79': 'direct:dev',
    // declared as `alias = { package = "left-pad" }`
    'left-pad@0.2.1': 'direct',
    // member: cfg-target dependency
    'libc@0.2.140': 'direct',
    // version inherited from [workspace.package]
    'member@0.3.0': 'workspace',
    'memchr@1.0.2': 'indirect:dev',
    'memchr@2.7.4': 'direct',
    'mockito@0.31.1': 'direct:dev',
    'pin-project-lite@0.2.9': 'indirect',
    // member's dev-dependency: not walked into through the root's dependency on the member
    'proptest@1.2.0': 'direct:dev',
    // `serde = { workspace = true }` in the member
    'serde@1.0.160': 'direct',
    'tokio@1.28.0': 'direct',
  });
});

test('virtual workspace with member globs: local crates are workspace members, their dependencies direct', async () => {
  const packages = await packagesOf(resolve(ownFixtures, 'virtual-workspace/Cargo.lock'));
  assert.deepEqual(classes(packages), { 'a@0.1.0': 'workspace', 'b@0.1.0': 'workspace', 'itoa@1.0.6': 'direct', 'rand@0.8.5': 'direct' });
});

test('version 1 lockfile with a [root] table', async () => {
  const packages = await packagesOfText(
    [
      '[root]',
      'name = "app"',
      'version = "0.1.0"',
      'dependencies = [',
      ' "libc 0.2.54 (registry+https://registry.example.org/index)",',
      ']',
      '',
      '[[package]]',
      'name = "libc"',
      'version = "0.2.54"',
      'source = "registry+https://registry.example.org/index"',
      '',
      '[metadata]',
      '"checksum libc 0.2.54 (registry+https://registry.example.org/index)" = "abc"',
    ].join('\n'),
  );
  assert.deepEqual(classes(packages), { 'app@0.1.0': 'root', 'libc@0.2.54': 'direct' });
  assert.deepEqual(lines(packages), { 'app@0.1.0': [[1, 6]], 'libc@0.2.54': [[8, 11]] });
});

test('malformed lockfiles: ParseError naming the file', async () => {
  for (const text of ['[[package]]\nname = "x"\n', 'package = "x"\n', '[[package]]\nname = "x"\nversion = 1\n']) {
    await rejectsWithParseError(cargoLockAnalyzer.analyze({ path: 'sub/Cargo.lock', content: Buffer.from(text), readFile: async () => undefined }), 'sub/Cargo.lock');
  }
});

test('Cargo version requirements', () => {
  const cases: Array<[string, string, boolean]> = [
    ['0.0.4', '0.0.3', false],
    ['1.2.4', '1.2.3', true],
    ['1.5.0', '^1.2', true],
    ['1.3.4', '~ 1.2', false],
    ['1.2.4', '~ 1.2.3', true],
    ['2.5.0', '< 2.5.0', false],
    ['2.5.0', '>= 2.5, < 2.5.1', true],
    ['2.5.0', '= 2.5', true],
    ['2.5.0', '*', true],
    ['2.5.0', '2.5.*', true],
    ['1.7.3', '=1.7.3', true],
    ['1.0.2', '1.*', true],
    ['2.7.4', '1.*', false],
    ['1.0.0', 'not a requirement', false],
  ];
  for (const [version, requirement, expected] of cases) assert.equal(satisfiesCargoRequirement(version, requirement), expected, `${version} ${requirement}`);
});

test('parse rate on a generated Cargo.lock with 20,000 packages', async () => {
  const blocks = ['version = 4', ''];
  for (let i = 0; i < 20_000; i++) {
    blocks.push('[[package]]', `name = "crate${i}"`, `version = "1.${i % 40}.${i % 9}"`, 'source = "registry+https://registry.example.org/index"', `checksum = "${'ab'.repeat(32)}"`);
    if (i > 0) blocks.push('dependencies = [', ` "crate${i - 1}",`, i > 1 ? ` "crate${i - 2}",` : '', ']');
    blocks.push('');
  }
  const content = Buffer.from(blocks.join('\n'));
  const run = () => cargoLockAnalyzer.analyze({ path: 'Cargo.lock', content, readFile: async () => undefined });
  await run(); // warm-up: measure the steady state, not the JIT
  const { result, seconds } = await cpuTimed(run);
  const count = result.applications![0].packages.length;
  assert.equal(count, 20_000);
  const rate = Math.round(count / seconds);
  console.log(`Cargo.lock: ${count} packages in ${(seconds * 1000).toFixed(0)} ms of CPU (${rate} packages/s)`);
  assert.ok(rate > 50_000, `${rate} packages/s`);
});
