/**
 * Python lockfiles against trivy's expected outputs: same advisories (trivy's fixture DB
 * `python.yaml` converted to OSV), same input repos. pip and pylock have goldens; pipenv, poetry
 * and uv have none here, so their expectations are derived from the fixture files and the DB:
 * the pip bucket lists werkzeug < 0.15.3 (CVE-2019-14806, ghsa 3 = HIGH), werkzeug < 0.11.6
 * (CVE-2020-28724, ghsa 2 = MEDIUM) and setuptools < 65.5.1 (no fixture locks setuptools).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTrivyFixtureDb } from '../support/fixture-db.js';
import { assertMatchesGolden, readGolden, scanFixtureRepo, vulnKey, type JsonReport, type JsonResult } from '../support/golden.js';
import { tempDir } from '../support/temp.js';

const cacheDir = tempDir();
before(async () => {
  await buildTrivyFixtureDb(cacheDir, ['python.yaml']);
});

const scan = (repo: string, extra: string[] = []) => scanFixtureRepo(repo, cacheDir, extra);

function onlyResult(report: JsonReport, target: string, type: string): JsonResult {
  assert.deepEqual(report.Results?.map((r) => `${r.Target} ${r.Type}`), [`${target} ${type}`]);
  return report.Results![0];
}

const packageLines = (result: JsonResult): string[] =>
  (result.Packages ?? []).map((p) => `${p.ID} ${p.Relationship ?? '-'}${p.DependsOn ? ` -> ${p.DependsOn.join(',')}` : ''}`).sort();

/**
 * trivy leaves `ID` out for formats without a dependency graph (pip); picket always gives
 * packages their `name@version` id, so the golden's packages get the same id to compare by.
 */
function withPackageIds(report: JsonReport): JsonReport {
  for (const result of report.Results ?? []) {
    for (const p of result.Packages ?? []) p.ID ??= `${p.Name}@${p.Version}`;
  }
  return report;
}

test('pip (requirements.txt) matches pip.json.golden: `==` pins only, one line each', async () => {
  // `MarkupSafe>2.0.0` (line 5) is not a pin: trivy skips it, and so does picket.
  assertMatchesGolden(await scan('pip'), withPackageIds(readGolden('pip.json.golden')));
});

test('pylock matches pylock.json.golden (trivy reports no locations for this format)', async () => {
  const report = await scan('pylock');
  assertMatchesGolden(report, readGolden('pylock.json.golden'), { locations: false });
  const golden = readGolden('pylock.json.golden').Results![0];
  const result = onlyResult(report, 'pylock.toml', 'pylock');
  assert.deepEqual(
    result.Packages!.map((p) => [p.ID, p.DependsOn]),
    golden.Packages!.map((p) => [p.ID, p.DependsOn]),
  );
});

test('pipenv (no golden): werkzeug 0.11.1 from `default`, both werkzeug advisories', async () => {
  const result = onlyResult(await scan('pipenv'), 'Pipfile.lock', 'pipenv');
  assert.deepEqual(packageLines(result), ['werkzeug@0.11.1 -']);
  assert.deepEqual(result.Packages![0].Locations, [{ StartLine: 19, EndLine: 26 }]);
  assert.deepEqual(result.Vulnerabilities!.map(vulnKey).sort(), [
    'CVE-2019-14806 | werkzeug | 0.11.1 | 0.15.3 | HIGH',
    'CVE-2020-28724 | werkzeug | 0.11.1 | 0.11.6 | MEDIUM',
  ]);
});

test('poetry (no golden): direct deps from pyproject.toml, werkzeug 0.14 only below 0.15.3', async () => {
  const result = onlyResult(await scan('poetry'), 'poetry.lock', 'poetry');
  // pyproject.toml names werkzeug and click; colorama comes in through click.
  assert.deepEqual(packageLines(result), [
    'click@8.1.3 direct -> colorama@0.4.6',
    'colorama@0.4.6 indirect',
    'werkzeug@0.14 direct',
  ]);
  assert.deepEqual(result.Packages!.find((p) => p.ID === 'werkzeug@0.14')!.Locations, [{ StartLine: 30, EndLine: 45 }]);
  // 0.14 < 0.15.3 (CVE-2019-14806) but not < 0.11.6 (CVE-2020-28724).
  assert.deepEqual(result.Vulnerabilities!.map(vulnKey), ['CVE-2019-14806 | werkzeug | 0.14 | 0.15.3 | HIGH']);
});

test('uv (no golden): the project is the root, werkzeug 0.11.1 gets both advisories', async () => {
  const result = onlyResult(await scan('uv'), 'uv.lock', 'uv');
  assert.deepEqual(packageLines(result), [
    'click@8.1.3 direct -> colorama@0.4.6',
    'colorama@0.4.6 indirect',
    'uv-test@0.1.0 root -> click@8.1.3,werkzeug@0.11.1',
    'werkzeug@0.11.1 direct',
  ]);
  assert.deepEqual(result.Vulnerabilities!.map(vulnKey).sort(), [
    'CVE-2019-14806 | werkzeug | 0.11.1 | 0.15.3 | HIGH',
    'CVE-2020-28724 | werkzeug | 0.11.1 | 0.11.6 | MEDIUM',
  ]);
});
