import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipenvLockAnalyzer } from '../../../../src/analyzer/lang/python/pipenv.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixtures = resolve(repoRoot, '../shared/fixtures');
const trivyUnit = resolve(fixtures, 'trivy-unit/dependency/parser/python/pipenv/testdata');
const osvScanner = resolve(fixtures, 'lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/pipenv');
const scalibr = resolve(fixtures, 'lockfiles/osv-scalibr-extractor/filesystem/language/python/pipfilelock/testdata');

async function packagesOf(absPath: string): Promise<Package[]> {
  const result = await analyzeFixture(pipenvLockAnalyzer, absPath, 'Pipfile.lock');
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType], ['pipenv', 'PyPI', 'pypi']);
  return app.packages;
}

/** `name@version` with `:dev` for development-only packages and the line ranges. */
const rows = (packages: Package[]): string[] =>
  packages.map((p) => `${p.id}${p.dev ? ':dev' : ''} ${p.locations?.map((l) => `${l.startLine}-${l.endLine}`).join(',')}`);

test('wants Pipfile.lock (and prefixed copies), not Pipfile', () => {
  const wants = (path: string) => pipenvLockAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('Pipfile.lock'), true);
  assert.equal(wants('app/Pipfile.lock'), true);
  assert.equal(wants('1-Pipfile.lock'), true);
  assert.equal(wants('Pipfile'), false);
  assert.equal(wants('Pipfile.lock.bak'), false);
});

// --- trivy (expectations from trivy's pipenv parse_testcase.go: names, versions, lines) -----------

test('trivy Pipfile_normal.lock: the `default` packages with their lines', async () => {
  assert.deepEqual(rows(await packagesOf(resolve(trivyUnit, 'Pipfile_normal.lock'))), [
    'certifi@2019.3.9 19-25', 'chardet@3.0.4 26-32', 'idna@2.8 33-39', 'pyyaml@5.1 40-56', 'requests@2.21.0 57-64', 'urllib3@1.24.2 65-71',
  ]);
});

test('trivy Pipfile_django.lock and Pipfile_many.lock', async () => {
  const django = await packagesOf(resolve(trivyUnit, 'Pipfile_django.lock'));
  assert.equal(django.length, 10);
  assert.deepEqual(rows(django.filter((p) => ['django', 'djangorestframework', 'urllib3'].includes(p.name))), [
    'django@2.2 33-40', 'djangorestframework@3.9.3 41-48', 'urllib3@1.24.2 95-101',
  ]);
  const many = await packagesOf(resolve(trivyUnit, 'Pipfile_many.lock'));
  assert.equal(many.length, 24);
  assert.deepEqual(rows(many.filter((p) => ['awscli', 'markupsafe', 'simplejson'].includes(p.name))), [
    'awscli@1.16.147 19-26', 'markupsafe@1.1.1 109-141', 'simplejson@3.16.0 204-221',
  ]);
});

test('trivy integration repo/pipenv', async () => {
  assert.deepEqual(rows(await packagesOf(resolve(fixtures, 'trivy-integration/fixtures/repo/pipenv/Pipfile.lock'))), ['werkzeug@0.11.1 19-26']);
});

// --- osv-scanner / osv-scalibr fixtures (same files in both) ----------------------------------------

test('osv-scanner: default is production, develop is dev, a package in both is production', async () => {
  assert.deepEqual(await packagesOf(resolve(osvScanner, 'empty.json')), []);
  assert.deepEqual(rows(await packagesOf(resolve(osvScanner, 'one-package.json'))), ['markupsafe@2.1.1 19-64']);
  assert.deepEqual(rows(await packagesOf(resolve(osvScanner, 'one-package-dev.json'))), ['markupsafe@2.1.1:dev 20-65']);
  assert.deepEqual(rows(await packagesOf(resolve(osvScanner, 'two-packages.json'))), ['itsdangerous@2.1.2 19-26', 'markupsafe@2.1.1:dev 29-74']);
  assert.deepEqual(rows(await packagesOf(resolve(osvScanner, 'two-packages-alt.json'))), ['itsdangerous@2.1.2 19-26', 'markupsafe@2.1.1 27-72']);
  assert.deepEqual(rows(await packagesOf(resolve(osvScanner, 'multiple-packages.json'))), [
    'itsdangerous@2.1.2 19-26,80-87', 'pluggy@1.0.1 27-31', 'markupsafe@2.1.1 32-77', 'pluggy@1.0.0:dev 88-95',
  ]);
});

test('osv-scanner no-version.json: git sources without a version are skipped', async () => {
  assert.deepEqual(await packagesOf(resolve(osvScanner, 'no-version.json')), []);
});

test('osv-scalibr minified.json: one line for everything', async () => {
  const packages = await packagesOf(resolve(scalibr, 'minified.json'));
  assert.ok(packages.length > 0);
  assert.ok(packages.every((p) => p.locations?.[0].startLine === 1 && p.locations[0].endLine === 1));
});

test('malformed files are a ParseError naming the file', async () => {
  await rejectsWithParseError(analyzeFixture(pipenvLockAnalyzer, resolve(osvScanner, 'not-json.txt'), 'Pipfile.lock'), 'Pipfile.lock', 1);
  await rejectsWithParseError(analyzeFixture(pipenvLockAnalyzer, resolve(scalibr, 'empty-file'), 'Pipfile.lock'), 'Pipfile.lock');
  await rejectsWithParseError(
    pipenvLockAnalyzer.analyze({ path: 'Pipfile.lock', content: Buffer.from('{"default": {\n  "a": {"version": "==1"}\n'), readFile: async () => undefined }),
    'Pipfile.lock',
  );
});
