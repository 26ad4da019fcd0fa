import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { poetryLockAnalyzer } from '../../../../src/analyzer/lang/python/poetry.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixtures = resolve(repoRoot, '../shared/fixtures');
const trivyUnit = resolve(fixtures, 'trivy-unit/dependency/parser/python/poetry/testdata');
const trivyAnalyzer = resolve(fixtures, 'trivy-unit/fanal/analyzer/language/python/poetry/testdata');
const osvScanner = resolve(fixtures, 'lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/poetry');
const scalibr = resolve(fixtures, 'lockfiles/osv-scalibr-extractor/filesystem/language/python/poetrylock/testdata');

async function packagesOf(absPath: string): Promise<Package[]> {
  const result = await analyzeFixture(poetryLockAnalyzer, absPath, 'poetry.lock');
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType], ['poetry', 'PyPI', 'pypi']);
  return app.packages;
}

async function packagesOfText(lock: string, pyproject?: string): Promise<Package[]> {
  const result = await poetryLockAnalyzer.analyze({
    path: 'poetry.lock',
    content: Buffer.from(lock),
    readFile: async (rel) => (rel === 'pyproject.toml' && pyproject !== undefined ? Buffer.from(pyproject) : undefined),
  });
  return result.applications![0].packages;
}

/** `id` → relationship (`-` when unknown) with `:dev` for development-only packages. */
const classes = (packages: Package[]): Record<string, string> =>
  Object.fromEntries(packages.map((p) => [p.id, `${p.relationship ?? '-'}${p.dev ? ':dev' : ''}`]));
const edges = (packages: Package[]): Record<string, string[]> =>
  Object.fromEntries(packages.filter((p) => p.dependsOn).map((p) => [p.id, p.dependsOn!]));
const lines = (p: Package | undefined): Array<[number, number]> | undefined => p?.locations?.map((l) => [l.startLine, l.endLine]);
const byId = (packages: Package[], id: string): Package | undefined => packages.find((p) => p.id === id);

test('wants poetry.lock only', () => {
  const wants = (path: string) => poetryLockAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('poetry.lock'), true);
  assert.equal(wants('sub/dir/poetry.lock'), true);
  assert.equal(wants('1-poetry.lock'), true);
  assert.equal(wants('pyproject.toml'), false);
  assert.equal(wants('poetry.lock.orig'), false);
});

// --- trivy parser fixtures (expectations from trivy's poetry parse_testcase.go) -------------------

test('trivy poetry_normal.lock', async () => {
  const packages = await packagesOf(resolve(trivyUnit, 'poetry_normal.lock'));
  assert.deepEqual(classes(packages), { 'pypi@2.1': '-' });
  assert.deepEqual(lines(packages[0]), [[3, 12]]);
});

const flaskClasses = {
  'atomicwrites@1.4.1': '-:dev', 'attrs@25.1.0': '-:dev', 'click@8.1.8': '-', 'colorama@0.4.6': '-', 'flask@1.0.3': '-',
  'itsdangerous@2.2.0': '-', 'jinja2@3.1.5': '-', 'markupsafe@3.0.2': '-', 'more-itertools@10.6.0': '-:dev', 'packaging@24.2': '-:dev',
  'pluggy@0.13.1': '-', 'py@1.11.0': '-:dev', 'pytest@5.4.3': '-:dev', 'wcwidth@0.2.13': '-:dev', 'werkzeug@3.1.3': '-',
};
const flaskEdges = {
  'click@8.1.8': ['colorama@0.4.6'],
  'flask@1.0.3': ['click@8.1.8', 'itsdangerous@2.2.0', 'jinja2@3.1.5', 'werkzeug@3.1.3'],
  'jinja2@3.1.5': ['markupsafe@3.0.2'],
  'pytest@5.4.3': ['atomicwrites@1.4.1', 'attrs@25.1.0', 'colorama@0.4.6', 'more-itertools@10.6.0', 'packaging@24.2', 'pluggy@0.13.1', 'py@1.11.0', 'wcwidth@0.2.13'],
  'werkzeug@3.1.3': ['markupsafe@3.0.2'],
};

test('trivy poetry_flask.lock (Poetry 1, `category = "dev"`) and poetry_v2_flask.lock (Poetry 2, `groups`)', async () => {
  // trivy resolves edges among production packages only, so its v1 pytest edges stop at colorama
  // and pluggy; here every locked package is in the graph, as for v2.
  for (const file of ['poetry_flask.lock', 'poetry_v2_flask.lock']) {
    const packages = await packagesOf(resolve(trivyUnit, file));
    assert.deepEqual(classes(packages), flaskClasses, file);
    assert.deepEqual(edges(packages), flaskEdges, file);
  }
  const v2 = await packagesOf(resolve(trivyUnit, 'poetry_v2_flask.lock'));
  assert.deepEqual(lines(byId(v2, 'markupsafe@3.0.2')), [[116, 185]]);
});

// --- trivy analyzer fixtures: pyproject.toml beside the lock ------------------------------------

test('trivy analyzer happy: direct from [tool.poetry.dependencies], the rest indirect', async () => {
  const packages = await packagesOf(resolve(trivyAnalyzer, 'happy/poetry.lock'));
  assert.deepEqual(classes(packages), {
    'certifi@2022.12.7': 'indirect', 'charset-normalizer@2.1.1': 'indirect', 'click@7.1.2': 'indirect', 'flask@1.1.4': 'direct',
    'idna@3.4': 'indirect', 'itsdangerous@1.1.0': 'indirect', 'jinja2@2.11.3': 'indirect', 'markupsafe@2.1.2': 'indirect',
    'requests@2.28.1': 'direct', 'urllib3@1.26.14': 'indirect', 'werkzeug@1.0.1': 'indirect',
  });
  assert.deepEqual(edges(packages), {
    'flask@1.1.4': ['click@7.1.2', 'itsdangerous@1.1.0', 'jinja2@2.11.3', 'werkzeug@1.0.1'],
    'jinja2@2.11.3': ['markupsafe@2.1.2'],
    'requests@2.28.1': ['certifi@2022.12.7', 'charset-normalizer@2.1.1', 'idna@3.4', 'urllib3@1.26.14'],
  });
});

test('trivy analyzer happy-v2: [project].dependencies (PEP 621, non-normalised `Flask`) and groups', async () => {
  const packages = await packagesOf(resolve(trivyAnalyzer, 'happy-v2/poetry.lock'));
  assert.deepEqual(classes(packages), {
    'atomicwrites@1.4.1': 'indirect:dev', 'attrs@25.1.0': 'indirect:dev', 'click@8.1.8': 'indirect', 'colorama@0.4.6': 'indirect',
    'flask@1.0.3': 'direct', 'itsdangerous@2.2.0': 'indirect', 'jinja2@3.1.5': 'indirect', 'markupsafe@3.0.2': 'indirect',
    'more-itertools@10.6.0': 'indirect:dev', 'packaging@24.2': 'indirect:dev', 'pluggy@0.13.1': 'direct', 'py@1.11.0': 'indirect:dev',
    'pytest@5.4.3': 'direct:dev', 'ruff@0.8.3': 'direct:dev', 'wcwidth@0.2.13': 'indirect:dev', 'werkzeug@3.1.3': 'indirect',
  });
});

test('trivy analyzer with-groups: group dependencies are direct but dev unless production reaches them', async () => {
  const packages = await packagesOf(resolve(trivyAnalyzer, 'with-groups/poetry.lock'));
  const c = classes(packages);
  assert.equal(Object.keys(c).length, 22);
  assert.deepEqual(
    Object.entries(c).filter(([, v]) => v.startsWith('direct')).map(([k, v]) => `${k} ${v}`),
    ['httpx@0.28.1 direct', 'pytest@8.3.4 direct:dev', 'requests@2.32.3 direct', 'ruff@0.8.3 direct:dev', 'typing-inspect@0.9.0 direct'],
  );
  // colorama only comes with pytest; socksio with httpx's `socks` extra.
  assert.equal(c['colorama@0.4.6'], 'indirect:dev');
  assert.equal(c['socksio@1.0.0'], 'indirect');
});

test('trivy analyzer optional-groups: optional groups are still groups', async () => {
  assert.deepEqual(classes(await packagesOf(resolve(trivyAnalyzer, 'optional-groups/poetry.lock'))), {
    'click@8.1.3': 'direct', 'colorama@0.4.6': 'direct',
  });
});

test('trivy analyzer no-pyproject and wrong-pyproject: relationships stay unknown', async () => {
  for (const dir of ['no-pyproject', 'wrong-pyproject']) {
    const packages = await packagesOf(resolve(trivyAnalyzer, dir, 'poetry.lock'));
    assert.deepEqual(classes(packages), { 'click@8.1.3': '-', 'colorama@0.4.6': '-' }, dir);
    assert.deepEqual(edges(packages), { 'click@8.1.3': ['colorama@0.4.6'] }, dir);
  }
});

test('trivy analyzer sad, osv-scanner not-toml: ParseError naming the file', async () => {
  await rejectsWithParseError(analyzeFixture(poetryLockAnalyzer, resolve(trivyAnalyzer, 'sad/poetry.lock')), 'poetry.lock', 1);
  await rejectsWithParseError(analyzeFixture(poetryLockAnalyzer, resolve(osvScanner, 'not-toml.txt'), 'poetry.lock'), 'poetry.lock', 1);
});

test('trivy integration repo/poetry', async () => {
  const packages = await packagesOf(resolve(fixtures, 'trivy-integration/fixtures/repo/poetry/poetry.lock'));
  assert.deepEqual(classes(packages), { 'click@8.1.3': 'direct', 'colorama@0.4.6': 'indirect', 'werkzeug@0.14': 'direct' });
  assert.deepEqual(packages.map(lines), [[[3, 16]], [[18, 28]], [[30, 45]]]);
});

// --- osv-scanner / osv-scalibr fixtures ---------------------------------------------------------

test('osv-scanner: one package, metadata tables, optional, git and legacy sources, two packages', async () => {
  assert.deepEqual(await packagesOf(resolve(osvScanner, 'empty.lock')), []);
  const cases: Array<[string, string[], Array<[number, number]>]> = [
    ['one-package.lock', ['numpy@1.23.3'], [[1, 7]]],
    ['one-package-with-metadata.lock', ['emoji@2.0.0'], [[1, 10]]],
    ['optional-package.lock', ['numpy@1.23.3'], [[1, 7]]],
    ['source-git.lock', ['ike@0.2.0'], [[1, 14]]],
    ['source-legacy.lock', ['appdirs@1.4.4'], [[1, 12]]],
    ['two-packages.lock', ['proto-plus@1.22.0', 'protobuf@4.21.5'], [[1, 13], [15, 21]]],
  ];
  for (const [file, ids, ranges] of cases) {
    const packages = await packagesOf(resolve(osvScanner, file));
    assert.deepEqual(packages.map((p) => p.id), ids, file);
    assert.deepEqual(packages.flatMap((p) => lines(p) ?? []), ranges, file);
  }
});

test('osv-scalibr multiple-packages.v2: groups without "main" are dev; two versions of one name', async () => {
  const packages = await packagesOf(resolve(scalibr, 'multiple-packages.v2.lock'));
  assert.deepEqual(classes(packages), {
    'async-timeout@5.0.1': '-', 'factory-boy@3.3.1': '-:dev', 'faker@33.3.0': '-:dev', 'proto-plus@1.22.0': '-', 'proto-plus@1.23.0': '-',
    'protobuf@4.25.5': '-', 'python-dateutil@2.9.0.post0': '-:dev', 'redis@5.2.1': '-', 'six@1.17.0': '-', 'typing-extensions@4.12.2': '-:dev',
    'urllib3@2.3.0': '-:dev',
  });
  assert.deepEqual(edges(packages)['proto-plus@1.23.0'], ['protobuf@4.25.5']);
});

test('osv-scalibr names-outside-package-block: multi-line strings and sub-tables stay in their block', async () => {
  const packages = await packagesOf(resolve(scalibr, 'names-outside-package-block.lock'));
  assert.deepEqual(packages.map((p) => [p.id, lines(p)]), [['first-pkg@1.0.0', [[3, 13]]], ['second-pkg@2.0.0', [[15, 19]]]]);
});

// --- behaviour on inline lockfiles ----------------------------------------------------------------

const twoVersions = `[[package]]
name = "app-lib"
version = "1.0.0"
category = "main"

[package.dependencies]
Shared_Lib = "^2.1"
other = [{version = "<1", markers = "python_version < '3.8'"}, {version = ">=1.5", markers = "python_version >= '3.8'"}]

[[package]]
name = "shared-lib"
version = "1.9.0"

[[package]]
name = "shared-lib"
version = "2.3.1"

[[package]]
name = "other"
version = "0.9"

[[package]]
name = "other"
version = "1.6"
`;

test('edges: names compared normalised; with several versions the constraints pick (`^`, lists of tables)', async () => {
  const packages = await packagesOfText(twoVersions);
  assert.deepEqual(edges(packages), { 'app-lib@1.0.0': ['other@0.9', 'other@1.6', 'shared-lib@2.3.1'] });
});

test('production is what the main dependencies reach; a pyproject without dependencies changes nothing', async () => {
  const main = await packagesOfText(twoVersions, '[project]\nname = "x"\ndependencies = ["App.Lib>=1"]\n[dependency-groups]\ndev = ["shared-lib==1.9.0"]\n');
  assert.deepEqual(classes(main), {
    'app-lib@1.0.0': 'direct', 'shared-lib@1.9.0': 'direct:dev', 'shared-lib@2.3.1': 'direct', 'other@0.9': 'indirect', 'other@1.6': 'indirect',
  });
  const none = await packagesOfText(twoVersions, '[build-system]\nrequires = ["poetry-core"]\n');
  assert.ok(none.every((p) => p.relationship === undefined && !p.dev));
});

test('an inline `package = [...]` array has no blocks: packages without lines', async () => {
  const packages = await packagesOfText('package = [{name = "a", version = "1.0"}]\n');
  assert.deepEqual(packages, [{ id: 'a@1.0', name: 'a', version: '1.0', dev: false }]);
});
