import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packageName, packageResolvedAnalyzer } from '../../../../src/analyzer/lang/swift/package-resolved.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { sharedPath } from '../../../support/paths.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';

const trivyUnit = (f: string) => sharedPath(`fixtures/trivy-unit/dependency/parser/swift/swift/testdata/${f}`);
const scalibr = (f: string) => sharedPath(`fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/swift/packageresolved/testdata/${f}`);

async function packagesOf(absPath: string): Promise<Package[]> {
  const result = await analyzeFixture(packageResolvedAnalyzer, absPath, 'Package.resolved');
  const [app] = result.applications!;
  assert.deepEqual([app.type, app.ecosystem, app.purlType], ['swift', 'SwiftURL', 'swift']);
  return app.packages;
}

const summary = (packages: Package[]) => packages.map((p) => `${p.id} ${p.locations!.map((l) => `${l.startLine}-${l.endLine}`).join(',')}`);

test('wants Package.resolved anywhere', () => {
  const wants = (path: string) => packageResolvedAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('Package.resolved'), true);
  assert.equal(wants('App.xcworkspace/xcshareddata/swiftpm/Package.resolved'), true);
  assert.equal(wants('happy-v1-Package.resolved'), true);
  assert.equal(wants('Package.swift'), false);
  assert.equal(wants('Package.resolved.orig'), false);
});

test('trivy integration repo/swift (v1): names are repository URLs without scheme and .git', async () => {
  assert.deepEqual(summary(await packagesOf(sharedPath('fixtures/trivy-integration/fixtures/repo/swift/Package.resolved'))), [
    'github.com/apple/swift-atomics@1.1.0 4-12',
    'github.com/apple/swift-nio@2.41.0 13-21',
  ]);
});

test('trivy unit fixtures (expectations from trivy parse_test.go)', async () => {
  assert.deepEqual(summary(await packagesOf(trivyUnit('happy-v1-Package.resolved'))), [
    'github.com/Quick/Nimble@9.2.1 4-12',
    'github.com/ReactiveCocoa/ReactiveSwift@7.1.1 13-21',
  ]);
  assert.deepEqual(summary(await packagesOf(trivyUnit('happy-v2-Package.resolved'))), [
    'github.com/mattgallagher/CwlCatchException@2.1.2 3-11',
    'github.com/mattgallagher/CwlPreconditionTesting@2.1.2 12-20',
    'github.com/Quick/Nimble@9.2.1 21-29',
    'github.com/Quick/Quick@7.2.0 30-38',
    'github.com/ReactiveCocoa/ReactiveSwift@7.1.1 39-47',
    'github.com/element-hq/swift-ogg@0.0.1 48-56', // a branch pin: the branch name is the version
  ]);
  assert.deepEqual(await packagesOf(trivyUnit('empty-Package.resolved')), []);
  assert.deepEqual(
    summary(await packagesOf(sharedPath('fixtures/trivy-unit/fanal/analyzer/language/swift/swift/testdata/happy/Package.resolved'))),
    ['github.com/Quick/Nimble@9.2.1 4-12', 'github.com/Quick/Quick@7.0.0 13-21', 'github.com/ReactiveCocoa/ReactiveSwift@7.1.1 22-30'],
  );
});

test('osv-scalibr packageresolved fixtures', async () => {
  assert.deepEqual(summary(await packagesOf(scalibr('valid'))), [
    'github.com/apple/swift-algorithms@1.0.0 3-11',
    'github.com/apple/swift-async-algorithms@0.1.0 12-20',
    'github.com/apple/swift-atomics@1.1.0 21-29',
  ]);
  assert.deepEqual(summary(await packagesOf(scalibr('cve-packages'))).map((s) => s.split(' ')[0]), [
    'github.com/apple/swift-crypto@3.0.0',
    'github.com/apple/swift-nio@2.65.0',
    'github.com/apple/swift-nio-http2@1.29.0',
  ]);
  assert.deepEqual(await packagesOf(scalibr('empty')), []);
  await rejectsWithParseError(analyzeFixture(packageResolvedAnalyzer, scalibr('invalid'), 'Package.resolved'), 'Package.resolved', 1);
});

test('v3, pins without version or branch, pins on one line', async () => {
  const text = JSON.stringify({
    originHash: 'abc',
    pins: [
      { identity: 'a', kind: 'remoteSourceControl', location: 'git@github.com:owner/a.git', state: { revision: 'r', version: '1.0.0' } },
      { identity: 'b', kind: 'remoteSourceControl', location: 'https://github.com/owner/b', state: { revision: 'r' } },
      { identity: 'c', kind: 'remoteSourceControl', location: 'https://github.com/owner/c.git', state: { branch: 'main', revision: 'r' } },
    ],
    version: 3,
  });
  const result = await packageResolvedAnalyzer.analyze({ path: 'Package.resolved', content: Buffer.from(text), readFile: async () => undefined });
  assert.deepEqual(summary(result.applications![0].packages), ['github.com/owner/a@1.0.0 1-1', 'github.com/owner/c@main 1-1']);
});

test('packageName: the SwiftURL form of repository URLs', () => {
  assert.equal(packageName('https://github.com/apple/swift-nio.git'), 'github.com/apple/swift-nio');
  assert.equal(packageName('https://github.com/apple/swift-nio'), 'github.com/apple/swift-nio');
  assert.equal(packageName('http://git.example.org/team/lib.git/'), 'git.example.org/team/lib');
  assert.equal(packageName('git@github.com:apple/swift-nio.git'), 'github.com/apple/swift-nio');
  assert.equal(packageName('ssh://git@github.com/apple/swift-nio.git'), 'github.com/apple/swift-nio');
  assert.equal(packageName('https://user@git.example.org/lib'), 'git.example.org/lib');
});

test('malformed Package.resolved files are ParseErrors', async () => {
  const analyze = (text: string) => packageResolvedAnalyzer.analyze({ path: 'Package.resolved', content: Buffer.from(text), readFile: async () => undefined });
  await rejectsWithParseError(analyze('{\n  "pins": [\n    {"identity": "a",\n  ]\n}'), 'Package.resolved', 4);
  await rejectsWithParseError(analyze('[]'), 'Package.resolved', 1);
});
