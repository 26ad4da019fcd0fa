import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pubspecLockAnalyzer } from '../../../../src/analyzer/lang/dart/pubspec-lock.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { sharedPath } from '../../../support/paths.js';
import { analyzeFixture, assertFastReaderMatchesYaml, rejectsWithParseError } from '../../../support/analyze-file.js';

// osv-scanner's, osv-scalibr's and osv-detector's pub fixtures are the same files.
const osvDirs = [
  'lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/pub',
  'lockfiles/osv-scalibr-extractor/filesystem/language/dart/pubspec/testdata',
  'lockfiles/osv-detector-pkg/lockfile/testdata/pub',
];
const trivyUnit = (f: string) => sharedPath(`fixtures/trivy-unit/dependency/parser/dart/pub/testdata/${f}`);
const trivyAnalyzer = (f: string) => sharedPath(`fixtures/trivy-unit/fanal/analyzer/language/dart/pub/testdata/${f}`);

async function packagesOf(absPath: string): Promise<Package[]> {
  const result = await analyzeFixture(pubspecLockAnalyzer, absPath, 'pubspec.lock');
  const [app] = result.applications!;
  assert.deepEqual([app.type, app.ecosystem, app.purlType], ['pub', 'Pub', 'pub']);
  return app.packages;
}

/** `id relationship startLine-endLine` */
const summary = (packages: Package[]) => packages.map((p) => `${p.id} ${p.relationship} ${p.locations!.map((l) => `${l.startLine}-${l.endLine}`).join(',')}`);

test('wants pubspec.lock anywhere', () => {
  const wants = (path: string) => pubspecLockAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('pubspec.lock'), true);
  assert.equal(wants('app/pubspec.lock'), true);
  assert.equal(wants('app/pubspec.lock.bak'), false);
  assert.equal(wants('app/pubspec.yaml'), false);
});

test('trivy integration repo/pubspec: http direct, shelf indirect, no dev flag', async () => {
  const packages = await packagesOf(sharedPath('fixtures/trivy-integration/fixtures/repo/pubspec/pubspec.lock'));
  assert.deepEqual(summary(packages), ['http@0.13.2 direct 4-10', 'shelf@1.3.1 indirect 11-17']);
  assert.ok(packages.every((p) => p.dev === undefined && p.dependsOn === undefined));
});

test('trivy unit happy.lock: the Flutter SDK package gets the lowest version of sdks.flutter (^3.3.0)', async () => {
  assert.deepEqual(summary(await packagesOf(trivyUnit('happy.lock'))), [
    'crypto@3.0.2 direct 4-10',
    'flutter_test@3.3.0 direct 11-15', // "direct dev": direct, and kept (trivy keeps dev dependencies of pub)
    'uuid@3.0.6 indirect 16-22',
  ]);
  assert.deepEqual(await packagesOf(trivyUnit('empty.lock')), []);
  await rejectsWithParseError(analyzeFixture(pubspecLockAnalyzer, trivyUnit('broken.lock'), 'pubspec.lock'), 'pubspec.lock', 1);
});

test('trivy analyzer testdata: happy, empty and broken pubspec.lock', async () => {
  assert.deepEqual(summary(await packagesOf(trivyAnalyzer('happy/pubspec.lock'))), [
    'collection@1.17.0 indirect 4-11',
    'crypto@3.0.3 direct 12-19',
    'meta@1.11.0 direct 20-27',
    'typed_data@1.3.2 indirect 28-35',
  ]);
  assert.deepEqual(await packagesOf(trivyAnalyzer('empty/pubspec.lock')), []);
  await rejectsWithParseError(analyzeFixture(pubspecLockAnalyzer, trivyAnalyzer('broken/pubspec.lock'), 'pubspec.lock'), 'pubspec.lock', 1);
});

for (const dir of osvDirs) {
  const fixture = (f: string) => sharedPath(`fixtures/${dir}/${f}`);
  test(`${dir.split('/')[1]} pub fixtures (expectations from osv-scanner's parse-pub-lock_test.go)`, async () => {
    assert.deepEqual(await packagesOf(fixture('empty.lock')), []);
    assert.deepEqual(await packagesOf(fixture('no-packages.lock')), []);
    assert.deepEqual(summary(await packagesOf(fixture('one-package.lock'))), ['back_button_interceptor@6.0.1 direct 4-10']);
    assert.deepEqual(summary(await packagesOf(fixture('one-package-dev.lock'))), ['build_runner@2.2.1 direct 4-10']);
    assert.deepEqual(summary(await packagesOf(fixture('two-packages.lock'))), ['shelf@1.3.2 indirect 4-10', 'shelf_web_socket@1.0.2 indirect 11-17']);
    assert.deepEqual(summary(await packagesOf(fixture('mixed-packages.lock'))), [
      'back_button_interceptor@6.0.1 direct 4-10',
      'build_runner@2.2.1 direct 11-17',
      'shelf@1.3.2 indirect 18-24',
      'shelf_web_socket@1.0.2 indirect 25-31',
    ]);
    // git and path sources carry the version of the package's own pubspec
    assert.deepEqual(summary(await packagesOf(fixture('source-git.lock'))), [
      'flutter_rust_bridge@1.32.0 direct 4-12',
      'screen_retriever@0.1.2 indirect 13-21',
      'toggle_switch@1.4.0 direct 22-28',
      'tray_manager@0.1.8 direct 29-37',
      'window_manager@0.2.7 direct 38-46',
    ]);
    assert.deepEqual(summary(await packagesOf(fixture('source-path.lock'))), ['maa_core@0.0.1 direct 4-10']);
    // osv-scanner keeps 0.0.0; trivy (and picket) use the lowest Flutter version (>=3.0.0)
    assert.deepEqual(summary(await packagesOf(fixture('source-sdk.lock'))), ['flutter_web_plugins@3.0.0 indirect 4-8']);
    // "this is not valid yaml!" is a YAML string, not a lockfile
    await rejectsWithParseError(analyzeFixture(pubspecLockAnalyzer, fixture('not-yaml.txt'), 'pubspec.lock'), 'pubspec.lock', 1);
  });
}

test('SDK packages keep 0.0.0 when the Flutter constraint has no lower bound; invalid YAML names its line', async () => {
  const analyze = (text: string) => pubspecLockAnalyzer.analyze({ path: 'pubspec.lock', content: Buffer.from(text), readFile: async () => undefined });
  const sdk = 'packages:\n  flutter:\n    dependency: "direct main"\n    description: flutter\n    source: sdk\n    version: "0.0.0"\n';
  assert.deepEqual((await analyze(`${sdk}sdks:\n  flutter: "<4.0.0"\n`)).applications![0].packages.map((p) => p.id), ['flutter@0.0.0']);
  assert.deepEqual((await analyze(`${sdk}sdks:\n  flutter: ">=3.10.0 <4.0.0"\n`)).applications![0].packages.map((p) => p.id), ['flutter@3.10.0']);
  await rejectsWithParseError(analyze('packages:\n  http:\n    version: "1.0.0\n'), 'pubspec.lock');
  await rejectsWithParseError(analyze('packages:\n  a: 1\n b: [\n'), 'pubspec.lock', 3);
});

test('the fast reader and the YAML parser give the same result on every fixture', async () => {
  await assertFastReaderMatchesYaml(pubspecLockAnalyzer, 'pubspec.lock', FIXTURE_DIRS.map((d) => sharedPath(`fixtures/${d}`)), 8);
});

const FIXTURE_DIRS = [
  ...osvDirs,
  'trivy-unit/dependency/parser/dart/pub/testdata',
  'trivy-unit/fanal/analyzer/language/dart/pub/testdata/happy',
  'trivy-unit/fanal/analyzer/language/dart/pub/testdata/broken',
  'trivy-integration/fixtures/repo/pubspec',
];
