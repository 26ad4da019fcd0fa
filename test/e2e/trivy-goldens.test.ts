/**
 * picket against trivy's own expected outputs: same advisories (trivy's fixture DB converted to
 * OSV), same inputs, same (VulnerabilityID, PkgName, InstalledVersion, FixedVersion, Severity)
 * set and the same packages with --list-all-pkgs.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrivyFixtureDb, trivyIntegration } from '../support/fixture-db.js';
import { runPicket } from '../support/cli.js';
import { assertMatchesGolden, readGolden, scanFixtureRepo, vulnKey, type JsonReport } from '../support/golden.js';
import { tempDir } from '../support/temp.js';

const cacheDir = tempDir();
before(async () => {
  await buildTrivyFixtureDb(cacheDir, ['nodejs.yaml']);
});

const scan = (eco: string, extra: string[] = []) => scanFixtureRepo(eco, cacheDir, extra);
const golden = readGolden;

test('npm (package-lock v1) matches npm.json.golden', async () => {
  assertMatchesGolden(await scan('npm'), golden('npm.json.golden'));
});

test('npm with --include-dev-deps matches npm-with-dev.json.golden', async () => {
  assertMatchesGolden(await scan('npm', ['--include-dev-deps']), golden('npm-with-dev.json.golden'));
});

test('yarn matches yarn.json.golden (root package from package.json, dev left out)', async () => {
  assertMatchesGolden(await scan('yarn'), golden('yarn.json.golden'));
});

test('bun matches bun.json.golden', async () => {
  assertMatchesGolden(await scan('bun'), golden('bun.json.golden'));
});

test('pnpm (no golden): both packages direct, jquery and lodash advisories with their fixes', async () => {
  const report = await scan('pnpm');
  assert.equal(report.ArtifactType, 'filesystem');
  const [result] = report.Results!;
  assert.equal(result.Target, 'pnpm-lock.yaml');
  assert.equal(result.Type, 'pnpm');
  assert.deepEqual(result.Packages!.map((p) => `${p.ID} ${p.Relationship}`).sort(), ['jquery@3.3.9 direct', 'lodash@4.17.4 direct']);
  // Expected from the fixture DB (nodejs.yaml ranges, vulnerability.yaml ghsa severities):
  // jquery 3.3.9 < 3.4.0 (CVE-2019-11358, ghsa 2 = MEDIUM); not < 3.0.0 (CVE-2015-9251);
  // lodash 4.17.4 < 4.17.12 (CVE-2019-10744, ghsa 4 = CRITICAL).
  assert.deepEqual(result.Vulnerabilities!.map(vulnKey).sort(), [
    'CVE-2019-10744 | lodash | 4.17.4 | 4.17.12 | CRITICAL',
    'CVE-2019-11358 | jquery | 3.3.9 | 3.4.0 | MEDIUM',
  ]);
  assert.ok(result.Vulnerabilities!.every((v) => v.Status === 'fixed'));
});

test('--dependency-tree (table): yarn shows what pulls the vulnerable package in', async () => {
  const r = await runPicket(['fs', trivyIntegration('fixtures/repo/yarn'), '--dependency-tree', '--cache-dir', cacheDir, '--skip-db-update']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Dependency Origin Tree \(Reversed\)\n=+\nyarn\.lock\n└── jquery@3\.2\.1, \(UNKNOWN: 0, LOW: 0, MEDIUM: 1, HIGH: 0, CRITICAL: 0\)\n    └── integration@1\.0\.0\n/);
  const json = await runPicket(['fs', trivyIntegration('fixtures/repo/yarn'), '--dependency-tree', '-f', 'json', '--cache-dir', cacheDir, '--skip-db-update']);
  assert.equal((JSON.parse(json.stdout) as JsonReport).Results?.[0].Packages, undefined, 'JSON lists packages only with --list-all-pkgs');
});
