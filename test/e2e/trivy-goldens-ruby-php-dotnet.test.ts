/**
 * picket against trivy's expected outputs for Ruby, PHP and .NET: trivy's fixture advisories
 * (fixtures/db/{ruby,composer,nuget}.yaml converted to OSV), trivy's fixture repos, and the
 * goldens where trivy has one (composer.vendor, dotnet, packagesprops). Where it has none
 * (composer, nuget), the expected packages and findings are derived from the fixture files and
 * the fixture DB, as the comments say.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrivyFixtureDb } from '../support/fixture-db.js';
import { assertMatchesGolden, readGolden, scanFixtureRepo, vulnKey, type JsonReport, type JsonResult } from '../support/golden.js';
import { tempDir } from '../support/temp.js';

const cacheDir = tempDir();
before(async () => {
  await buildTrivyFixtureDb(cacheDir, ['ruby.yaml', 'composer.yaml', 'nuget.yaml']);
});

const scan = (repo: string, extra: string[] = []) => scanFixtureRepo(repo, cacheDir, extra);

function onlyResult(report: JsonReport): JsonResult {
  assert.equal(report.Results?.length, 1, JSON.stringify(report.Results?.map((r) => r.Target)));
  return report.Results![0];
}

const packageLines = (result: JsonResult) =>
  (result.Packages ?? []).map((p) => `${p.ID} ${p.Relationship ?? '-'} ${JSON.stringify(p.Locations)}`).sort();

test('composer-vendor (installed.json) matches composer.vendor.json.golden', async () => {
  assertMatchesGolden(await scan('composer-vendor'), readGolden('composer.vendor.json.golden'));
});

test('dotnet (.deps.json) matches dotnet.json.golden: the project is the root, ids are Name/Version', async () => {
  assertMatchesGolden(await scan('dotnet'), readGolden('dotnet.json.golden'));
});

test('packagesprops (Directory.Packages.props) matches packagesprops.json.golden, apart from locations', async () => {
  // trivy reports no locations for *.props items; picket locates each at its element's line
  // (Newtonsoft.Json at line 5), so locations are compared here rather than against the golden.
  const report = await scan('packagesprops');
  assertMatchesGolden(report, readGolden('packagesprops.json.golden'), { locations: false });
  assert.deepEqual(packageLines(onlyResult(report)), ['Newtonsoft.Json@9.0.1 - [{"StartLine":5,"EndLine":5}]']);
});

test('composer (no golden): composer.json makes guzzle direct, psr7 is vulnerable', async () => {
  const result = onlyResult(await scan('composer'));
  assert.equal(result.Target, 'composer.lock');
  assert.equal(result.Type, 'composer');
  // composer.lock lists guzzlehttp/guzzle 7.4.4 (lines 9-129) and guzzlehttp/psr7 1.8.3 (lines
  // 130-245); composer.json requires only guzzle, so psr7 is indirect.
  assert.deepEqual(packageLines(result), [
    'guzzlehttp/guzzle@7.4.4 direct [{"StartLine":9,"EndLine":129}]',
    'guzzlehttp/psr7@1.8.3 indirect [{"StartLine":130,"EndLine":245}]',
  ]);
  assert.deepEqual(result.Packages!.find((p) => p.ID === 'guzzlehttp/guzzle@7.4.4')!.DependsOn, ['guzzlehttp/psr7@1.8.3']);
  // composer.yaml: guzzlehttp/psr7 < 1.8.4 is CVE-2022-24775, ghsa severity 3 = HIGH in
  // vulnerability.yaml (the same finding as composer.vendor.json.golden).
  assert.deepEqual(result.Vulnerabilities!.map(vulnKey), ['CVE-2022-24775 | guzzlehttp/psr7 | 1.8.3 | 1.8.4 | HIGH']);
});

test('nuget (no golden): packages.lock.json, both packages direct, Newtonsoft.Json vulnerable', async () => {
  const result = onlyResult(await scan('nuget'));
  assert.equal(result.Target, 'packages.lock.json');
  assert.equal(result.Type, 'nuget');
  // Both entries are "type": "Direct" in the .NETCoreApp,Version=v5.0 framework.
  assert.deepEqual(packageLines(result), [
    'Newtonsoft.Json@12.0.3 direct [{"StartLine":5,"EndLine":10}]',
    'NuGet.Frameworks@5.7.0 direct [{"StartLine":11,"EndLine":19}]',
  ]);
  assert.deepEqual(result.Packages!.find((p) => p.ID === 'NuGet.Frameworks@5.7.0')!.DependsOn, ['Newtonsoft.Json@12.0.3']);
  // nuget.yaml: newtonsoft.json < 13.0.1 is GHSA-5crp-9r3c-p9vr, ghsa severity 3 = HIGH. The
  // advisory names the package in lower case: NuGet ids are case-insensitive.
  assert.deepEqual(result.Vulnerabilities!.map(vulnKey), ['GHSA-5crp-9r3c-p9vr | Newtonsoft.Json | 12.0.3 | 13.0.1 | HIGH']);
});
