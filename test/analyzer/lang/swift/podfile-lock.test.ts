import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podfileLockAnalyzer } from '../../../../src/analyzer/lang/swift/podfile-lock.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { sharedPath } from '../../../support/paths.js';
import { analyzeFixture, assertFastReaderMatchesYaml, rejectsWithParseError } from '../../../support/analyze-file.js';

const trivyUnit = (f: string) => sharedPath(`fixtures/trivy-unit/dependency/parser/swift/cocoapods/testdata/${f}`);
const scalibr = (f: string) => sharedPath(`fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/swift/podfilelock/testdata/${f}`);

async function packagesOf(absPath: string): Promise<Package[]> {
  const result = await analyzeFixture(podfileLockAnalyzer, absPath, 'Podfile.lock');
  const [app] = result.applications!;
  assert.deepEqual([app.type, app.ecosystem, app.purlType], ['cocoapods', 'CocoaPods', 'cocoapods']);
  return app.packages;
}

/** `id relationship lines -> dependsOn` */
const summary = (packages: Package[]) =>
  packages.map((p) => `${p.id} ${p.relationship ?? '-'} ${p.locations!.map((l) => `${l.startLine}-${l.endLine}`).join(',')}${p.dependsOn ? ` -> ${p.dependsOn.join(' ')}` : ''}`);

test('wants Podfile.lock anywhere', () => {
  const wants = (path: string) => podfileLockAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('Podfile.lock'), true);
  assert.equal(wants('ios/Podfile.lock'), true);
  assert.equal(wants('ios/Podfile'), false);
  assert.equal(wants('ios/Pods/Manifest.lock'), false);
});

test('trivy integration repo/cocoapods: one pod, direct (it is in DEPENDENCIES)', async () => {
  assert.deepEqual(summary(await packagesOf(sharedPath('fixtures/trivy-integration/fixtures/repo/cocoapods/Podfile.lock'))), ['_NIODataStructures@2.41.0 direct 2-2']);
});

test('trivy unit fixtures (expectations from trivy parse_test.go): subspecs keep their full name', async () => {
  assert.deepEqual(summary(await packagesOf(trivyUnit('happy.lock'))), [
    'AppCenter@4.2.0 - 2-4 -> AppCenter/Analytics@4.2.0 AppCenter/Crashes@4.2.0',
    'AppCenter/Analytics@4.2.0 - 5-6 -> AppCenter/Core@4.2.0',
    'AppCenter/Core@4.2.0 - 7-7',
    'AppCenter/Crashes@4.2.0 - 8-9 -> AppCenter/Core@4.2.0',
    'KeychainAccess@4.2.1 - 10-10',
  ]);
  assert.deepEqual(await packagesOf(trivyUnit('empty.lock')), []);
  // `AppCenter = 4.2.0` is not `Name (version)`: skipped, as trivy does
  assert.deepEqual(await packagesOf(trivyUnit('sad.lock')), []);
  assert.equal((await packagesOf(sharedPath('fixtures/trivy-unit/fanal/analyzer/language/swift/cocoapods/testdata/happy.lock'))).length, 5);
});

test('osv-scalibr podfilelock fixtures: DEPENDENCIES makes pods direct', async () => {
  assert.deepEqual(summary(await packagesOf(scalibr('valid'))), [
    // Texture/Core and TextureSwiftSupport are not in PODS: no edge
    'GlossButtonNode@3.1.2 direct 2-4',
    'PINCache@3.0.3 indirect 5-7',
  ]);
  assert.deepEqual(summary(await packagesOf(scalibr('valid2'))), [
    'GlossButtonNode@3.1.2 direct 2-2',
    'PINCache@3.0.3 indirect 3-3',
    'Reveal-SDK@1.5.0 direct 4-4',
    'SwiftGen@6.0.0 direct 5-5',
  ]);
  assert.deepEqual(await packagesOf(scalibr('empty')), []);
  await rejectsWithParseError(analyzeFixture(podfileLockAnalyzer, scalibr('invalid'), 'Podfile.lock'), 'Podfile.lock', 1);
});

test('external sources and subspecs in DEPENDENCIES; malformed files are ParseErrors', async () => {
  const analyze = (text: string) => podfileLockAnalyzer.analyze({ path: 'Podfile.lock', content: Buffer.from(text), readFile: async () => undefined });
  const text = [
    'PODS:',
    '  - Firebase/Analytics (10.0.0):',
    '    - FirebaseAnalytics (~> 10.0.0)',
    '  - FirebaseAnalytics (10.0.0)',
    '  - MyPod (0.1.0-beta.1)',
    '',
    'DEPENDENCIES:',
    '  - Firebase/Analytics',
    '  - MyPod (from `../MyPod`)',
    '',
  ].join('\n');
  assert.deepEqual(summary((await analyze(text)).applications![0].packages), [
    'Firebase/Analytics@10.0.0 direct 2-3 -> FirebaseAnalytics@10.0.0',
    'FirebaseAnalytics@10.0.0 indirect 4-4',
    'MyPod@0.1.0-beta.1 direct 5-5',
  ]);
  await rejectsWithParseError(analyze('PODS:\n  - A (1.0)\n - B: [\n'), 'Podfile.lock');
  await rejectsWithParseError(analyze('PODS: {A: 1}\n'), 'Podfile.lock', 1);
});

test('the fast reader and the YAML parser give the same result on every fixture', async () => {
  await assertFastReaderMatchesYaml(podfileLockAnalyzer, 'Podfile.lock', FIXTURE_DIRS.map((d) => sharedPath(`fixtures/${d}`)), 8);
});

const FIXTURE_DIRS = [
  'trivy-unit/dependency/parser/swift/cocoapods/testdata',
  'trivy-unit/fanal/analyzer/language/swift/cocoapods/testdata',
  'lockfiles/osv-scalibr-extractor/filesystem/language/swift/podfilelock/testdata',
  'trivy-integration/fixtures/repo/cocoapods',
];
