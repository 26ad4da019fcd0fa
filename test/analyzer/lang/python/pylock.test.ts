import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pylockAnalyzer } from '../../../../src/analyzer/lang/python/pylock.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixtures = resolve(repoRoot, '../shared/fixtures');
const trivyUnit = resolve(fixtures, 'trivy-unit/dependency/parser/python/pylock/testdata');
const trivyAnalyzer = resolve(fixtures, 'trivy-unit/fanal/analyzer/language/python/pylock/testdata');
const scalibr = resolve(fixtures, 'lockfiles/osv-scalibr-extractor/filesystem/language/python/pylock/testdata');
const osvDetector = resolve(fixtures, 'lockfiles/osv-detector-pkg/lockfile/testdata/pylock');

async function packagesOf(absPath: string): Promise<Package[]> {
  const result = await analyzeFixture(pylockAnalyzer, absPath, 'pylock.toml');
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType], ['pylock', 'PyPI', 'pypi']);
  return app.packages;
}

const classes = (packages: Package[]): Record<string, string> => Object.fromEntries(packages.map((p) => [p.id, p.relationship ?? '-']));
const edges = (packages: Package[]): Record<string, string[]> =>
  Object.fromEntries(packages.filter((p) => p.dependsOn).map((p) => [p.id, p.dependsOn!]));
const lines = (p: Package): Array<[number, number]> | undefined => p.locations?.map((l) => [l.startLine, l.endLine]);

test('wants pylock.toml and PEP 751 named locks pylock.<name>.toml', () => {
  const wants = (path: string) => pylockAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('pylock.toml'), true);
  assert.equal(wants('some/dir/pylock.toml'), true);
  assert.equal(wants('pylock.linux.toml'), true);
  assert.equal(wants('some/dir/pylock.prod.toml'), true);
  assert.equal(wants('pylock.linux.arm64.toml'), false);
  assert.equal(wants('pylock..toml'), false);
  assert.equal(wants('notpylock.toml'), false);
  assert.equal(wants('pyproject.toml'), false);
  assert.equal(wants('requirements.txt'), false);
});

// --- trivy -------------------------------------------------------------------------------------

test('trivy pylock.toml: one name locked per environment, edges by name and version', async () => {
  const packages = await packagesOf(resolve(trivyUnit, 'pylock.toml'));
  assert.deepEqual(packages.map((p) => p.id), [
    'attrs@25.4.0', 'certifi@2025.10.5', 'charset-normalizer@3.4.3', 'idna@3.10', 'requests@2.32.5', 'urllib3@2.5.0', 'spam@1.0.0', 'spam@1.1.0', 'ham@3.0.0',
  ]);
  // ham 3.0.0 is locked twice (linux and win32), each depending on its own spam: one package, both
  // blocks, both edges (trivy keeps the last block's edges only).
  const ham = packages.find((p) => p.id === 'ham@3.0.0')!;
  assert.deepEqual(lines(ham), [[95, 101], [103, 109]]);
  assert.deepEqual(edges(packages), { 'ham@3.0.0': ['spam@1.0.0', 'spam@1.1.0'] });
  assert.ok(packages.every((p) => p.relationship === undefined && !p.dev));
});

test('trivy analyzer happy: pyproject.toml names the direct dependencies (extras too)', async () => {
  const packages = await packagesOf(resolve(trivyAnalyzer, 'happy/pylock.toml'));
  // trivy also lists the project itself (`test-project`, no version); picket reports name@version only.
  assert.deepEqual(classes(packages), {
    'certifi@2026.1.4': 'indirect', 'charset-normalizer@3.4.4': 'indirect', 'click@8.3.1': 'direct', 'idna@3.11': 'indirect',
    'iniconfig@2.3.0': 'indirect', 'packaging@26.0': 'indirect', 'pluggy@1.6.0': 'indirect', 'pygments@2.19.2': 'indirect',
    'pytest@9.0.2': 'direct', 'requests@2.32.5': 'direct', 'urllib3@2.6.3': 'indirect',
  });
});

test('trivy sad.toml and analyzer broken: ParseError naming the file', async () => {
  await rejectsWithParseError(analyzeFixture(pylockAnalyzer, resolve(trivyUnit, 'sad.toml'), 'pylock.toml'), 'pylock.toml', 1);
  await rejectsWithParseError(analyzeFixture(pylockAnalyzer, resolve(trivyAnalyzer, 'broken/pylock.toml')), 'pylock.toml', 1);
  await rejectsWithParseError(analyzeFixture(pylockAnalyzer, resolve(scalibr, 'not-toml.txt'), 'pylock.toml'), 'pylock.toml', 1);
});

test('trivy integration repo/pylock: click depends on colorama', async () => {
  const packages = await packagesOf(resolve(fixtures, 'trivy-integration/fixtures/repo/pylock/pylock.toml'));
  assert.deepEqual(packages.map((p) => [p.id, lines(p)]), [
    ['click@8.1.3', [[4, 16]]], ['colorama@0.4.6', [[18, 27]]], ['werkzeug@0.11.1', [[29, 38]]],
  ]);
  assert.deepEqual(edges(packages), { 'click@8.1.3': ['colorama@0.4.6'] });
});

// --- osv-scalibr / osv-detector fixtures ---------------------------------------------------------

test('osv-scalibr example, pip-full, pdm-full: inline tables, edges without versions', async () => {
  const example = await packagesOf(resolve(scalibr, 'example.toml'));
  assert.deepEqual(example.map((p) => p.id), ['attrs@25.1.0', 'cattrs@24.1.2', 'numpy@2.2.3']);
  assert.deepEqual(edges(example), { 'cattrs@24.1.2': ['attrs@25.1.0'] });
  assert.deepEqual((await packagesOf(resolve(scalibr, 'pip-full.toml'))).map((p) => p.id), [
    'annotated-types@0.7.0', 'packaging@25.0', 'pyproject-toml@0.1.0', 'setuptools@80.9.0', 'wheel@0.45.1',
  ]);
  const pdm = await packagesOf(resolve(scalibr, 'pdm-full.toml'));
  assert.equal(pdm.length, 10);
  assert.deepEqual(lines(pdm[0]), [[10, 21]]);
});

test('osv-scalibr commits and pip-just-self: VCS packages with a version, the project without one', async () => {
  for (const dir of [scalibr, osvDetector]) {
    const ids = (await packagesOf(resolve(dir, 'commits.toml'))).map((p) => p.id);
    assert.ok(ids.includes('mleroc@0.1.0'), dir);
    assert.ok(!ids.some((id) => id.startsWith('net-inf-eval@')), dir);
  }
  assert.deepEqual(await packagesOf(resolve(scalibr, 'pip-just-self.toml')), []);
});

test('osv-scalibr names-outside-package-block: multi-line strings and sub-tables stay in their block', async () => {
  const packages = await packagesOf(resolve(scalibr, 'names-outside-package-block.toml'));
  assert.deepEqual(packages.map((p) => [p.id, lines(p)]), [['first-pkg@1.0.0', [[5, 15]]], ['second-pkg@2.0.0', [[17, 21]]]]);
});

test('a project package with a version is the root; with pyproject.toml it depends on the direct ones', async () => {
  const result = await pylockAnalyzer.analyze({
    path: 'app/pylock.toml',
    content: Buffer.from(`lock-version = "1.0"
[[packages]]
name = "app"
version = "1.0.0"
directory = { path = "." }

[[packages]]
name = "Requests"
version = "2.0.0"

[[packages]]
name = "idna"
version = "3.0"
`),
    readFile: async (rel) => (rel === 'app/pyproject.toml' ? Buffer.from('[project]\nname = "app"\ndependencies = ["requests>=2"]\n') : undefined),
  });
  const packages = result.applications![0].packages;
  assert.deepEqual(classes(packages), { 'app@1.0.0': 'root', 'Requests@2.0.0': 'direct', 'idna@3.0': 'indirect' });
  assert.deepEqual(edges(packages), { 'app@1.0.0': ['Requests@2.0.0'] });
});
