import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composerInstalledAnalyzer } from '../../../../src/analyzer/lang/php/composer-installed.js';
import type { AnalysisResult, Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';
import { sharedPath } from '../../../support/paths.js';

const TRIVY = 'fixtures/trivy-unit/fanal/analyzer/language/php/composer/testdata/composer-vendor';
const REL = 'vendor/composer/installed.json';

async function packagesOf(fixture: string): Promise<Package[]> {
  const result = await analyzeFixture(composerInstalledAnalyzer, sharedPath(fixture), REL);
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['composer-vendor', 'Packagist', 'composer', REL]);
  return app.packages;
}

const rows = (packages: Package[]) =>
  packages.map((p) => `${p.id}${p.dev ? ' dev' : ''} ${p.locations!.map((l) => `${l.startLine}-${l.endLine}`).join(',')} [${(p.dependsOn ?? []).join(' ')}] ${(p.licenses ?? []).join('|')}`);

function analyzeText(text: string): Promise<AnalysisResult> {
  return composerInstalledAnalyzer.analyze({ path: REL, content: Buffer.from(text), readFile: async () => undefined });
}

test('wants installed.json under any directory, as trivy does', () => {
  const wants = (path: string) => composerInstalledAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('app/vendor/composer/installed.json'), true);
  assert.equal(wants('installed.json'), true);
  assert.equal(wants('composer.json'), false);
  assert.equal(wants('vendor/composer/installed.php'), false);
});

test('trivy composer-vendor happy (Composer 2 layout): packages, object lines, graph, licenses, no relationship', async () => {
  const packages = await packagesOf(`${TRIVY}/happy/installed.json`);
  assert.deepEqual(rows(packages), [
    'pear/log@1.13.3 3-65 [pear/pear_exception@v1.0.2] MIT',
    'pear/pear_exception@v1.0.2 66-127 [] BSD-2-Clause',
  ]);
  assert.ok(packages.every((p) => p.relationship === undefined));
});

test('trivy composer-vendor sad: broken JSON is a ParseError', async () => {
  await rejectsWithParseError(analyzeFixture(composerInstalledAnalyzer, sharedPath(`${TRIVY}/sad/installed.json`), REL), REL, 1);
});

test('trivy integration repo/composer-vendor: three packages as composer.vendor.json.golden lists them', async () => {
  assert.deepEqual(rows(await packagesOf('fixtures/trivy-integration/fixtures/repo/composer-vendor/installed.json')), [
    'guzzlehttp/psr7@1.8.3 3-115 [psr/http-message@1.1 ralouphie/getallheaders@3.0.3] MIT',
    'psr/http-message@1.1 116-171 [] MIT',
    'ralouphie/getallheaders@3.0.3 172-218 [] MIT',
  ]);
});

test('Composer 1 layout: a top-level array of packages', async () => {
  const text = '[\n  {"name": "acme/a", "version": "1.0.0", "require": {"acme/b": "*"}},\n  {"name": "acme/b", "version": "v2.0.0", "license": "MIT"}\n]\n';
  assert.deepEqual(rows((await analyzeText(text)).applications![0].packages), ['acme/a@1.0.0 2-2 [acme/b@v2.0.0] ', 'acme/b@v2.0.0 3-3 [] MIT']);
});

test('Composer 2 `dev-package-names` marks dev packages', async () => {
  const text = JSON.stringify({ packages: [{ name: 'acme/a', version: '1.0.0' }, { name: 'phpunit/phpunit', version: '9.6.0' }], dev: true, 'dev-package-names': ['phpunit/phpunit'] });
  const packages = (await analyzeText(text)).applications![0].packages;
  assert.deepEqual(packages.map((p) => `${p.id} ${p.dev}`), ['acme/a@1.0.0 false', 'phpunit/phpunit@9.6.0 true']);
});

test('another tool\'s installed.json (an object without `packages`) gives no application; `null` is a ParseError', async () => {
  assert.deepEqual(await analyzeText('{"installed": ["x"]}'), {});
  await rejectsWithParseError(analyzeText('null'), REL, 1);
});
