import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composerLockAnalyzer } from '../../../../src/analyzer/lang/php/composer-lock.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';
import { sharedPath } from '../../../support/paths.js';

const TRIVY_PARSER = 'fixtures/trivy-unit/dependency/parser/php/composer/testdata';
const TRIVY_ANALYZER = 'fixtures/trivy-unit/fanal/analyzer/language/php/composer/testdata/composer';
const OSV_SCANNER = 'fixtures/lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/composer';
const OSV_DETECTOR = 'fixtures/lockfiles/osv-detector-pkg/lockfile/testdata/composer';
const SCALIBR = 'fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/php/composerlock/testdata';

async function packagesOf(fixture: string, relPath = 'composer.lock'): Promise<Package[]> {
  const result = await analyzeFixture(composerLockAnalyzer, sharedPath(fixture), relPath);
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['composer', 'Packagist', 'composer', relPath]);
  return app.packages;
}

/** `id relationship[:dev] lines`. */
const rows = (packages: Package[]) =>
  packages.map((p) => `${p.id} ${p.relationship ?? '-'}${p.dev ? ':dev' : ''} ${p.locations!.map((l) => `${l.startLine}-${l.endLine}`).join(',')}`);
const ids = (packages: Package[]) => packages.map((p) => `${p.id}${p.dev ? ' (dev)' : ''}`);

test('wants composer.lock (also prefixed), not inside vendor/', () => {
  const wants = (path: string) => composerLockAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('composer.lock'), true);
  assert.equal(wants('app/composer.lock'), true);
  assert.equal(wants('1-composer.lock'), true);
  assert.equal(wants('vendor/foo/bar/composer.lock'), false);
  assert.equal(wants('composer.json'), false);
  assert.equal(wants('path.to.composer.lock'), false);
});

// --- trivy (dependency/parser/php/composer/parse_test.go) ---------------------------------------

test('trivy composer_happy.lock: packages with object line ranges, licenses, require graph; dev from packages-dev', async () => {
  const packages = await packagesOf(`${TRIVY_PARSER}/composer_happy.lock`);
  // trivy reads `packages` only; picket keeps `packages-dev` too, flagged dev (left out of scans
  // unless --include-dev-deps). No composer.json beside it: relationships unknown.
  assert.deepEqual(rows(packages), [
    'guzzlehttp/guzzle@6.5.8 - 9-123',
    'guzzlehttp/promises@1.5.2 - 124-207',
    'guzzlehttp/psr7@1.9.0 - 208-317',
    'pear/log@1.13.3 -:dev 660-719',
    'pear/pear_exception@v1.0.2 -:dev 720-778',
    'psr/http-message@1.0.1 - 318-370',
    'ralouphie/getallheaders@3.0.3 - 371-414',
    'symfony/polyfill-intl-idn@v1.27.0 - 415-501',
    'symfony/polyfill-intl-normalizer@v1.27.0 - 502-583',
    'symfony/polyfill-php72@v1.27.0 - 584-657',
  ]);
  const byId = new Map(packages.map((p) => [p.id, p]));
  assert.deepEqual(byId.get('guzzlehttp/guzzle@6.5.8')!.dependsOn, ['guzzlehttp/promises@1.5.2', 'guzzlehttp/psr7@1.9.0', 'symfony/polyfill-intl-idn@v1.27.0']);
  assert.deepEqual(byId.get('guzzlehttp/psr7@1.9.0')!.dependsOn, ['psr/http-message@1.0.1', 'ralouphie/getallheaders@3.0.3']);
  assert.deepEqual(byId.get('symfony/polyfill-intl-idn@v1.27.0')!.dependsOn, ['symfony/polyfill-intl-normalizer@v1.27.0', 'symfony/polyfill-php72@v1.27.0']);
  // `license: "MIT or BSD-2-Clause"` is split into its ids, `license: "MIT"` is one.
  assert.deepEqual(byId.get('symfony/polyfill-php72@v1.27.0')!.licenses, ['MIT', 'BSD-2-Clause']);
  assert.deepEqual(byId.get('symfony/polyfill-intl-normalizer@v1.27.0')!.licenses, ['MIT']);
  assert.deepEqual(byId.get('guzzlehttp/guzzle@6.5.8')!.licenses, ['MIT']);
});

// --- trivy (fanal/analyzer/language/php/composer/composer_test.go) ------------------------------

test('trivy happy: composer.json beside the lockfile makes its require direct, the rest indirect', async () => {
  assert.deepEqual(rows(await packagesOf(`${TRIVY_ANALYZER}/happy/composer.lock`)), [
    'pear/log@1.13.3 direct 9-68',
    'pear/pear_exception@v1.0.2 indirect 69-127',
  ]);
});

test('trivy no-composer-json and wrong-composer-json: relationships unknown, the lockfile still read', async () => {
  for (const dir of ['no-composer-json', 'wrong-composer-json']) {
    assert.deepEqual(rows(await packagesOf(`${TRIVY_ANALYZER}/${dir}/composer.lock`)), [
      'pear/log@1.13.3 - 9-68',
      'pear/pear_exception@v1.0.2 - 69-127',
    ]);
  }
});

test('trivy with-dev: require-dev packages are direct dev dependencies', async () => {
  const packages = await packagesOf(`${TRIVY_ANALYZER}/with-dev/composer.lock`);
  assert.deepEqual(rows(packages), [
    'pear/log@1.14.6 direct:dev 61-121',
    'pear/pear_exception@v1.0.2 indirect:dev 122-180',
    'psr/log@1.1.4 direct 9-58',
  ]);
});

test('trivy sad: broken JSON is a ParseError', async () => {
  await rejectsWithParseError(analyzeFixture(composerLockAnalyzer, sharedPath(`${TRIVY_ANALYZER}/sad/composer.lock`)), 'composer.lock', 1);
});

test('trivy integration repo/composer: guzzle direct from composer.json, psr7 indirect', async () => {
  const packages = await packagesOf('fixtures/trivy-integration/fixtures/repo/composer/composer.lock');
  assert.deepEqual(rows(packages), ['guzzlehttp/guzzle@7.4.4 direct 9-129', 'guzzlehttp/psr7@1.8.3 indirect 130-245']);
  assert.deepEqual(packages[0].dependsOn, ['guzzlehttp/psr7@1.8.3']);
});

// --- osv-scanner / osv-detector / osv-scalibr ---------------------------------------------------

const expected: Record<string, string[]> = {
  'empty.json': [],
  'one-package.json': ['sentry/sdk@2.0.4'],
  'one-package-dev.json': ['sentry/sdk@2.0.4 (dev)'],
  'two-packages.json': ['sentry/sdk@2.0.4', 'theseer/tokenizer@1.1.3 (dev)'],
  'two-packages-alt.json': ['sentry/sdk@2.0.4', 'theseer/tokenizer@1.1.3'],
};

for (const [file, want] of Object.entries(expected)) {
  test(`osv-scanner, osv-detector and scalibr ${file}`, async () => {
    for (const dir of [OSV_SCANNER, OSV_DETECTOR, SCALIBR]) assert.deepEqual(ids(await packagesOf(`${dir}/${file}`)), want, dir);
  });
}

test('not-json.txt and a `null` document: ParseError', async () => {
  await rejectsWithParseError(analyzeFixture(composerLockAnalyzer, sharedPath(`${OSV_SCANNER}/not-json.txt`), 'composer.lock'), 'composer.lock', 1);
  await rejectsWithParseError(analyzeFixture(composerLockAnalyzer, sharedPath(`${SCALIBR}/null.jsontest`), 'composer.lock'), 'composer.lock', 1);
});

test('drupal-packages.json: Drupal modules are Packagist packages like any other', async () => {
  const packages = await packagesOf(`${OSV_DETECTOR}/drupal-packages.json`);
  assert.deepEqual(ids(packages), ['drupal/core@10.4.5', 'drupal/field_time@1.0.0-beta5 (dev)', 'drupal/tfa@2.0.0-alpha4', 'theseer/tokenizer@1.1.3']);
  assert.deepEqual(packages.find((p) => p.name === 'drupal/tfa')!.dependsOn, ['drupal/core@10.4.5']);
});

test('scalibr duplicate-packages.json: each version listed is a package', async () => {
  assert.deepEqual(rows(await packagesOf(`${SCALIBR}/duplicate-packages.json`)), [
    'sentry/sdk@2.0.4 - 9-15',
    'sentry/sdk@2.0.5 - 16-22',
    'sentry/sdk@3.0.0-dev -:dev 25-31',
  ]);
});

test('osv-detector e2e 1-composer.lock: 203 packages, 21 of them dev', async () => {
  const packages = await packagesOf('fixtures/lockfiles/osv-detector-e2e/1-composer.lock', '1-composer.lock');
  assert.equal(packages.length, 203);
  assert.equal(packages.filter((p) => p.dev).length, 21);
});

// --- hand-written edge cases -------------------------------------------------------------------

async function analyzeText(lock: string, files: Record<string, string> = {}) {
  return composerLockAnalyzer.analyze({
    path: 'app/X-composer.lock',
    content: Buffer.from(lock),
    readFile: async (rel) => (files[rel] === undefined ? undefined : Buffer.from(files[rel])),
  });
}

test('a prefixed lockfile reads the composer.json with the same prefix; names compare case-insensitively', async () => {
  const lock = JSON.stringify({ packages: [{ name: 'acme/a', version: '1.0.0', require: { php: '>=8', 'ext-json': '*', 'Acme/B': '^2' } }, { name: 'acme/b', version: '2.0.0' }] }, null, 2);
  const result = await analyzeText(lock, { 'app/X-composer.json': '{"require": {"ACME/A": "^1"}}', 'app/composer.json': '{"require": {"acme/b": "^2"}}' });
  assert.deepEqual(rows(result.applications![0].packages), ['acme/a@1.0.0 direct 3-11', 'acme/b@2.0.0 indirect 12-15']);
  assert.deepEqual(result.applications![0].packages[0].dependsOn, ['acme/b@2.0.0']);
});

test('`packages` that is not an array is a ParseError; entries without name or version are skipped', async () => {
  await rejectsWithParseError(analyzeText('{"packages": {}}'), 'app/X-composer.lock');
  const result = await analyzeText('{"packages": [{"name": "acme/a"}, {"version": "1.0.0"}, 42, null]}');
  assert.deepEqual(result.applications![0].packages, []);
});
