import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packagesLockAnalyzer } from '../../../../src/analyzer/lang/dotnet/packages-lock.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';
import { sharedPath } from '../../../support/paths.js';

const TRIVY = 'fixtures/trivy-unit/dependency/parser/nuget/lock/testdata';
const OSV_SCANNER = 'fixtures/lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/nuget';
const OSV_DETECTOR = 'fixtures/lockfiles/osv-detector-pkg/lockfile/testdata/nuget';
const SCALIBR = 'fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/dotnet/packageslockjson/testdata';

async function packagesOf(fixture: string): Promise<Package[]> {
  const result = await analyzeFixture(packagesLockAnalyzer, sharedPath(fixture), 'packages.lock.json');
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['nuget', 'NuGet', 'nuget', 'packages.lock.json']);
  return app.packages;
}

const rows = (packages: Package[]) =>
  packages.map((p) => `${p.id} ${p.relationship} ${p.locations!.map((l) => `${l.startLine}-${l.endLine}`).join(',')}`);
const edges = (packages: Package[]) => Object.fromEntries(packages.filter((p) => p.dependsOn).map((p) => [p.id, p.dependsOn]));

test('wants packages.lock.json (also prefixed)', () => {
  const wants = (path: string) => packagesLockAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('src/App/packages.lock.json'), true);
  assert.equal(wants('1-packages.lock.json'), true);
  assert.equal(wants('packages.lock.json.bak'), false);
  assert.equal(wants('package-lock.json'), false);
});

// --- trivy (dependency/parser/nuget/lock/parse_testcase.go) ------------------------------------

test('trivy packages_lock_simple.json', async () => {
  const packages = await packagesOf(`${TRIVY}/packages_lock_simple.json`);
  assert.deepEqual(rows(packages), ['Newtonsoft.Json@12.0.3 direct 5-10', 'NuGet.Frameworks@5.7.0 direct 11-16']);
  assert.deepEqual(edges(packages), {});
});

test('trivy packages_lock_subdependencies.json: Direct/Transitive, dependencies resolved in the framework', async () => {
  const packages = await packagesOf(`${TRIVY}/packages_lock_subdependencies.json`);
  assert.deepEqual(rows(packages), [
    'Microsoft.Extensions.ApiDescription.Server@3.0.0 indirect 29-33',
    'Microsoft.OpenApi@1.1.4 indirect 34-38',
    'Newtonsoft.Json@12.0.3 direct 5-10',
    'NuGet.Frameworks@5.7.0 direct 11-16',
    'Swashbuckle.AspNetCore@5.5.1 direct 17-28',
    'Swashbuckle.AspNetCore.Swagger@5.5.1 indirect 39-46',
    'Swashbuckle.AspNetCore.SwaggerGen@5.5.1 indirect 47-54',
    'Swashbuckle.AspNetCore.SwaggerUI@5.5.1 indirect 55-59',
  ]);
  assert.deepEqual(edges(packages), {
    'Swashbuckle.AspNetCore.Swagger@5.5.1': ['Microsoft.OpenApi@1.1.4'],
    'Swashbuckle.AspNetCore.SwaggerGen@5.5.1': ['Swashbuckle.AspNetCore.Swagger@5.5.1'],
    'Swashbuckle.AspNetCore@5.5.1': [
      'Microsoft.Extensions.ApiDescription.Server@3.0.0',
      'Swashbuckle.AspNetCore.Swagger@5.5.1',
      'Swashbuckle.AspNetCore.SwaggerGen@5.5.1',
      'Swashbuckle.AspNetCore.SwaggerUI@5.5.1',
    ],
  });
});

test('trivy packages_lock_legacy.json (four-part version)', async () => {
  assert.deepEqual(rows(await packagesOf(`${TRIVY}/packages_lock_legacy.json`)), ['AWSSDK.Core@3.5.1.30 direct 5-10', 'Newtonsoft.Json@12.0.3 direct 11-16']);
});

test('trivy packages_lock_multi.json: five frameworks, one package per id with a location per framework entry', async () => {
  const packages = await packagesOf(`${TRIVY}/packages_lock_multi.json`);
  assert.equal(packages.length, 40);
  const byId = new Map(packages.map((p) => [p.id, p]));
  const row = (id: string) => rows([byId.get(id)!])[0];
  assert.equal(row('AWSSDK.Core@3.5.1.30'), 'AWSSDK.Core@3.5.1.30 direct 5-10,33-38,61-66,89-94,436-444');
  assert.equal(row('Newtonsoft.Json@12.0.3'), 'Newtonsoft.Json@12.0.3 direct 20-25,48-53,76-81,126-137,454-459');
  assert.equal(row('Microsoft.NETCore.Platforms@1.1.0'), 'Microsoft.NETCore.Platforms@1.1.0 indirect 148-152,468-472');
  assert.equal(row('NETStandard.Library@1.6.1'), 'NETStandard.Library@1.6.1 direct 95-125');
  assert.equal(row('NETStandard.Library@2.0.3'), 'NETStandard.Library@2.0.3 direct 445-453');
  assert.equal(row('System.Xml.XDocument@4.3.0'), 'System.Xml.XDocument@4.3.0 indirect 424-433');
  assert.deepEqual(byId.get('Newtonsoft.Json@12.0.3')!.dependsOn, [
    'Microsoft.CSharp@4.3.0', 'NETStandard.Library@1.6.1', 'System.ComponentModel.TypeConverter@4.3.0', 'System.Runtime.Serialization.Primitives@4.3.0',
  ]);
  assert.equal(byId.get('NETStandard.Library@1.6.1')!.dependsOn!.length, 23);
  assert.deepEqual(byId.get('NETStandard.Library@2.0.3')!.dependsOn, ['Microsoft.NETCore.Platforms@1.1.0']);
});

test('trivy fanal lock-without-deps and integration repo/nuget', async () => {
  assert.deepEqual(await packagesOf('fixtures/trivy-unit/fanal/analyzer/language/dotnet/nuget/testdata/lock-without-deps/packages.lock.json'), []);
  const packages = await packagesOf('fixtures/trivy-integration/fixtures/repo/nuget/packages.lock.json');
  assert.deepEqual(rows(packages), ['Newtonsoft.Json@12.0.3 direct 5-10', 'NuGet.Frameworks@5.7.0 direct 11-19']);
  assert.deepEqual(edges(packages), { 'NuGet.Frameworks@5.7.0': ['Newtonsoft.Json@12.0.3'] });
});

// --- osv-scanner / osv-detector / scalibr -------------------------------------------------------

const expected: Record<string, string[]> = {
  'empty.v0.json': [],
  'empty.v1.json': [],
  'one-framework-one-package.v1.json': ['Test.Core@6.0.5 direct 5-10'],
  'one-framework-two-packages.v1.json': ['Test.Core@6.0.5 direct 5-10', 'Test.System@0.13.0-beta4 direct 11-19'],
  'two-frameworks-different-packages.v1.json': ['Test.Core@6.0.5 direct 5-10', 'Test.System@0.13.0-beta4 direct 13-18'],
  'two-frameworks-duplicate-packages.v1.json': ['Test.Core@6.0.5 direct 5-10,13-18'],
  'two-frameworks-mixed-packages.v1.json': [
    'Test.Core@6.0.5 direct 5-10,22-27',
    'Test.System@0.13.0-beta4 direct 11-19',
    'Test.System@2.15.0 direct 28-36',
  ],
};

for (const [file, want] of Object.entries(expected)) {
  test(`osv-scanner and osv-detector ${file}`, async () => {
    for (const dir of [OSV_SCANNER, OSV_DETECTOR]) assert.deepEqual(rows(await packagesOf(`${dir}/${file}`)), want, dir);
  });
}

test('two-frameworks-mixed: a dependency resolves to the version of its own framework (minimum 6.0.0 -> 6.0.5)', async () => {
  const packages = await packagesOf(`${OSV_SCANNER}/two-frameworks-mixed-packages.v1.json`);
  assert.deepEqual(edges(packages), { 'Test.System@0.13.0-beta4': ['Test.Core@6.0.5'], 'Test.System@2.15.0': ['Test.Core@6.0.5'] });
});

test('not-json.txt and scalibr invalid: ParseError', async () => {
  await rejectsWithParseError(analyzeFixture(packagesLockAnalyzer, sharedPath(`${OSV_SCANNER}/not-json.txt`), 'packages.lock.json'), 'packages.lock.json', 1);
  await rejectsWithParseError(analyzeFixture(packagesLockAnalyzer, sharedPath(`${SCALIBR}/invalid/invalid`), 'packages.lock.json'), 'packages.lock.json', 1);
});

test('scalibr valid: one direct package and its seven transitive ones', async () => {
  const packages = await packagesOf(`${SCALIBR}/valid/packages.lock.json`);
  assert.equal(packages.length, 8);
  assert.deepEqual(packages.filter((p) => p.relationship === 'direct').map((p) => p.id), ['Core.Dep@1.24.0']);
  assert.equal(packages.find((p) => p.id === 'Core.Dep@1.24.0')!.dependsOn!.length, 7);
});

test('Project entries are other projects, not packages; CentralTransitive is indirect', async () => {
  const text = JSON.stringify({
    version: 2,
    dependencies: {
      'net8.0': {
        'Lib.A': { type: 'CentralTransitive', requested: '[1.0.0, )', resolved: '1.0.0' },
        'My.Other.Project': { type: 'Project', dependencies: { 'Lib.A': '[1.0.0, )' } },
        'Lib.B': { type: 'Direct', requested: '[2.0.0, )' },
      },
    },
  }, null, 2);
  const result = await packagesLockAnalyzer.analyze({ path: 'packages.lock.json', content: Buffer.from(text), readFile: async () => undefined });
  assert.deepEqual(rows(result.applications![0].packages), ['Lib.A@1.0.0 indirect 5-9']);
});
