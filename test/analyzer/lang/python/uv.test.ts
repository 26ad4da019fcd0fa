import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uvLockAnalyzer } from '../../../../src/analyzer/lang/python/uv.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixtures = resolve(repoRoot, '../shared/fixtures');
const trivyUnit = resolve(fixtures, 'trivy-unit/dependency/parser/python/uv/testdata');
const trivyAnalyzer = resolve(fixtures, 'trivy-unit/fanal/analyzer/language/python/uv/testdata');
const osvDetector = resolve(fixtures, 'lockfiles/osv-detector-pkg/lockfile/testdata/uv');
const scalibr = resolve(fixtures, 'lockfiles/osv-scalibr-extractor/filesystem/language/python/uvlock/testdata');

async function packagesOf(absPath: string): Promise<Package[]> {
  const result = await analyzeFixture(uvLockAnalyzer, absPath, 'uv.lock');
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType], ['uv', 'PyPI', 'pypi']);
  return app.packages;
}

async function packagesOfText(text: string): Promise<Package[]> {
  const result = await uvLockAnalyzer.analyze({ path: 'uv.lock', content: Buffer.from(text), readFile: async () => undefined });
  return result.applications![0].packages;
}

const classes = (packages: Package[]): Record<string, string> =>
  Object.fromEntries(packages.map((p) => [p.id, `${p.relationship ?? '-'}${p.dev ? ':dev' : ''}`]));
const edges = (packages: Package[]): Record<string, string[]> =>
  Object.fromEntries(packages.filter((p) => p.dependsOn).map((p) => [p.id, p.dependsOn!]));
const lines = (p: Package): Array<[number, number]> | undefined => p.locations?.map((l) => [l.startLine, l.endLine]);

test('wants uv.lock only', () => {
  const wants = (path: string) => uvLockAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('uv.lock'), true);
  assert.equal(wants('app/uv.lock'), true);
  assert.equal(wants('uv.lock.json'), false);
  assert.equal(wants('pyproject.toml'), false);
});

// --- trivy (expectations from trivy's uv parse_testcase.go) -------------------------------------

test('trivy uv_normal.lock: root, direct (incl. the dev group and an extra), dev from reachability', async () => {
  const packages = await packagesOf(resolve(trivyUnit, 'uv_normal.lock'));
  assert.deepEqual(classes(packages), {
    'anyio@4.7.0': 'indirect', 'certifi@2024.12.14': 'indirect', 'charset-normalizer@3.4.0': 'indirect', 'colorama@0.4.6': 'indirect:dev',
    'exceptiongroup@1.2.2': 'indirect', 'h11@0.14.0': 'indirect', 'httpcore@1.0.7': 'indirect', 'httpx@0.28.1': 'direct', 'idna@3.10': 'indirect',
    'iniconfig@2.0.0': 'indirect:dev', 'normal@0.1.0': 'root', 'orjson@3.10.12': 'direct', 'packaging@24.2': 'indirect:dev',
    'pluggy@1.5.0': 'indirect:dev', 'pytest@8.3.4': 'direct:dev', 'requests@2.32.0': 'direct', 'sniffio@1.3.1': 'indirect',
    'socksio@1.0.0': 'indirect', 'tomli@2.2.1': 'indirect:dev', 'typing-extensions@4.12.2': 'indirect', 'urllib3@2.2.3': 'indirect',
  });
  assert.deepEqual(edges(packages), {
    'anyio@4.7.0': ['exceptiongroup@1.2.2', 'idna@3.10', 'sniffio@1.3.1', 'typing-extensions@4.12.2'],
    'httpcore@1.0.7': ['certifi@2024.12.14', 'h11@0.14.0'],
    'httpx@0.28.1': ['anyio@4.7.0', 'certifi@2024.12.14', 'httpcore@1.0.7', 'idna@3.10', 'socksio@1.0.0'],
    'normal@0.1.0': ['httpx@0.28.1', 'orjson@3.10.12', 'pytest@8.3.4', 'requests@2.32.0'],
    'pytest@8.3.4': ['colorama@0.4.6', 'exceptiongroup@1.2.2', 'iniconfig@2.0.0', 'packaging@24.2', 'pluggy@1.5.0', 'tomli@2.2.1'],
    'requests@2.32.0': ['certifi@2024.12.14', 'charset-normalizer@3.4.0', 'idna@3.10', 'urllib3@2.2.3'],
  });
  assert.deepEqual(lines(packages.find((p) => p.id === 'normal@0.1.0')!), [[190, 217]]);
});

test('trivy uv_without_root.lock and uv_multiple_roots.lock (trivy rejects both)', async () => {
  // Without a project package nothing tells direct from transitive: relationships stay unknown.
  assert.deepEqual(classes(await packagesOf(resolve(trivyUnit, 'uv_without_root.lock'))), { 'asyncio@3.4.3': '-' });
  // Several `.` packages are all roots.
  assert.deepEqual(classes(await packagesOf(resolve(trivyUnit, 'uv_multiple_roots.lock'))), {
    'asyncio@3.4.3': 'direct', 'bar@0.1.0': 'root', 'foo@0.1.0': 'root',
  });
});

test('trivy analyzer happy and broken-lock', async () => {
  const packages = await packagesOf(resolve(trivyAnalyzer, 'happy/uv.lock'));
  assert.equal(packages.length, 13);
  assert.deepEqual(
    packages.filter((p) => p.relationship !== 'indirect').map((p) => `${p.id} ${p.relationship}${p.dev ? ':dev' : ''}`),
    ['happy@0.1.0 root', 'pluggy@1.5.0 direct', 'pytest@8.3.4 direct:dev', 'requests@2.32.3 direct'],
  );
  await rejectsWithParseError(analyzeFixture(uvLockAnalyzer, resolve(trivyAnalyzer, 'broken-lock/uv.lock')), 'uv.lock', 1);
});

test('trivy integration repo/uv', async () => {
  const packages = await packagesOf(resolve(fixtures, 'trivy-integration/fixtures/repo/uv/uv.lock'));
  assert.deepEqual(classes(packages), { 'click@8.1.3': 'direct', 'colorama@0.4.6': 'indirect', 'uv-test@0.1.0': 'root', 'werkzeug@0.11.1': 'direct' });
});

// --- osv-detector / osv-scalibr fixtures ----------------------------------------------------------

test('osv-detector: empty, no packages, only the project, one and two packages, a git source', async () => {
  assert.deepEqual(await packagesOf(resolve(osvDetector, 'empty.lock')), []);
  assert.deepEqual(await packagesOf(resolve(osvDetector, 'no-packages.lock')), []);
  assert.deepEqual(classes(await packagesOf(resolve(osvDetector, 'no-dependencies.lock'))), { 'uv-lockfiles@0.1.0': 'root' });
  const one = await packagesOf(resolve(osvDetector, 'one-package.lock'));
  assert.deepEqual(classes(one), { 'emoji@2.14.0': 'direct', 'uv-lockfiles@0.1.0': 'root' });
  assert.deepEqual(one.map(lines), [[[4, 11]], [[13, 22]]]);
  assert.deepEqual(classes(await packagesOf(resolve(osvDetector, 'two-packages.lock'))), {
    'emoji@2.14.0': 'direct', 'protobuf@4.25.5': 'direct', 'uv-lockfiles@0.1.0': 'root',
  });
  assert.deepEqual(classes(await packagesOf(resolve(osvDetector, 'source-git.lock'))), { 'ruff@0.8.1': 'direct', 'uv-lockfiles@0.1.0': 'root' });
});

test('osv-detector grouped-packages: extras (even named dev/test) are production dependencies', async () => {
  const packages = await packagesOf(resolve(osvDetector, 'grouped-packages.lock'));
  assert.equal(packages.length, 15);
  assert.ok(packages.every((p) => !p.dev));
  assert.deepEqual(
    packages.filter((p) => p.relationship === 'direct').map((p) => p.id),
    ['black@24.10.0', 'click@8.1.7', 'emoji@2.14.0', 'flake8@7.1.1'],
  );
});

test('osv-detector not-toml: ParseError; osv-scalibr names-outside-package-block: blocks by header', async () => {
  await rejectsWithParseError(analyzeFixture(uvLockAnalyzer, resolve(osvDetector, 'not-toml.txt'), 'uv.lock'), 'uv.lock', 1);
  const packages = await packagesOf(resolve(scalibr, 'names-outside-package-block.lock'));
  assert.deepEqual(packages.map((p) => [p.id, lines(p)]), [['first-pkg@1.0.0', [[3, 13]]], ['second-pkg@2.0.0', [[15, 19]]]]);
});

// --- behaviour on inline lockfiles ------------------------------------------------------------------

test('workspace members, versioned references to a name locked twice, a project without a version', async () => {
  const packages = await packagesOfText(`version = 1

[manifest]
members = ["app", "lib"]

[[package]]
name = "app"
source = { virtual = "." }
dependencies = [{ name = "lib" }]

[[package]]
name = "lib"
version = "0.2.0"
source = { editable = "packages/lib" }
dependencies = [{ name = "numpy", version = "1.26.4", source = { registry = "https://registry.example.org/simple" } }]

[package.dev-dependencies]
test = [{ name = "pytest" }]

[[package]]
name = "numpy"
version = "1.26.4"
source = { registry = "https://registry.example.org/simple" }

[[package]]
name = "numpy"
version = "2.1.0"
source = { registry = "https://registry.example.org/simple" }

[[package]]
name = "pytest"
version = "8.0.0"
source = { registry = "https://registry.example.org/simple" }
`);
  assert.deepEqual(classes(packages), {
    'lib@0.2.0': 'workspace', 'numpy@1.26.4': 'direct', 'numpy@2.1.0': 'indirect:dev', 'pytest@8.0.0': 'direct:dev',
  });
  assert.deepEqual(edges(packages), { 'lib@0.2.0': ['numpy@1.26.4', 'pytest@8.0.0'] });
});
