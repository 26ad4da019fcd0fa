/**
 * picket against trivy's own expected outputs: same advisories (trivy's fixture DB converted to
 * OSV), same inputs, same (VulnerabilityID, PkgName, InstalledVersion, FixedVersion, Severity)
 * set and the same packages with --list-all-pkgs.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runPicket } from '../support/cli.js';
import { buildTrivyFixtureDb, trivyIntegration } from '../support/fixture-db.js';
import { tempDir } from '../support/temp.js';

interface JsonVuln { VulnerabilityID: string; PkgName: string; InstalledVersion: string; FixedVersion?: string; Severity: string; Status?: string }
interface JsonResult { Target: string; Class: string; Type: string; Packages?: { ID: string; Relationship?: string; Locations?: unknown[] }[]; Vulnerabilities?: JsonVuln[] }
interface JsonReport { SchemaVersion: number; ArtifactName: string; ArtifactType: string; Results?: JsonResult[] }

const cacheDir = tempDir();
before(async () => {
  await buildTrivyFixtureDb(cacheDir, ['nodejs.yaml']);
});

async function scan(eco: string, extra: string[] = []): Promise<JsonReport> {
  const r = await runPicket(['fs', trivyIntegration(`fixtures/repo/${eco}`), '--format', 'json', '--list-all-pkgs', '--cache-dir', cacheDir, '--skip-db-update', ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonReport;
}

const vulnKey = (v: JsonVuln) => [v.VulnerabilityID, v.PkgName, v.InstalledVersion, v.FixedVersion ?? '', v.Severity].join(' | ');
const golden = (name: string) => JSON.parse(readFileSync(trivyIntegration(name), 'utf8')) as JsonReport;

function assertMatchesGolden(actual: JsonReport, expected: JsonReport): void {
  assert.equal(actual.SchemaVersion, 2);
  const targets = (r: JsonReport) => (r.Results ?? []).map((x) => `${x.Target} ${x.Class} ${x.Type}`).sort();
  assert.deepEqual(targets(actual), targets(expected));
  for (const exp of expected.Results ?? []) {
    const act = actual.Results!.find((x) => x.Target === exp.Target)!;
    assert.deepEqual((act.Vulnerabilities ?? []).map(vulnKey).sort(), (exp.Vulnerabilities ?? []).map(vulnKey).sort(), `${exp.Target} vulnerabilities`);
    assert.deepEqual((act.Packages ?? []).map((p) => p.ID).sort(), (exp.Packages ?? []).map((p) => p.ID).sort(), `${exp.Target} packages`);
    for (const p of exp.Packages ?? []) {
      const mine = act.Packages!.find((x) => x.ID === p.ID)!;
      assert.deepEqual(mine.Locations, p.Locations, `${p.ID} locations`);
      if (p.Relationship) assert.equal(mine.Relationship, p.Relationship, `${p.ID} relationship`);
    }
  }
}

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
