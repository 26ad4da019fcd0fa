import { test } from 'node:test';
import assert from 'node:assert/strict';
import { depsJsonAnalyzer } from '../../../../src/analyzer/lang/dotnet/deps-json.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';
import { sharedPath } from '../../../support/paths.js';

const TRIVY = 'fixtures/trivy-unit/dependency/parser/dotnet/core_deps/testdata';
const SCALIBR = 'fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/dotnet/depsjson/testdata';

async function packagesOf(fixture: string, relPath = 'app/App.deps.json'): Promise<Package[]> {
  const result = await analyzeFixture(depsJsonAnalyzer, sharedPath(fixture), relPath);
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['dotnet-core', 'NuGet', 'nuget', relPath]);
  return app.packages;
}

/** `id relationship lines`, ids `Name/Version` as trivy writes them for .deps.json. */
const rows = (packages: Package[]) =>
  packages.map((p) => `${p.id} ${p.relationship ?? '-'} ${p.locations!.map((l) => `${l.startLine}-${l.endLine}`).join(',')}`);
const edges = (packages: Package[]) => Object.fromEntries(packages.filter((p) => p.dependsOn).map((p) => [p.id, p.dependsOn]));

test('wants *.deps.json', () => {
  const wants = (path: string) => depsJsonAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('app/datacollector.deps.json'), true);
  assert.equal(wants('deps.json'), false);
  assert.equal(wants('app/App.runtimeconfig.json'), false);
});

// --- trivy (dependency/parser/dotnet/core_deps/parse_test.go) ----------------------------------

test('trivy happy.deps.json: the project is the root, its dependencies direct', async () => {
  const packages = await packagesOf(`${TRIVY}/happy.deps.json`);
  assert.deepEqual(rows(packages), ['ExampleApp1/1.0.0 root 28-32', 'Newtonsoft.Json/13.0.1 direct 33-39']);
  assert.deepEqual(edges(packages), { 'ExampleApp1/1.0.0': ['Newtonsoft.Json/13.0.1'] });
});

test('trivy without-runtime.deps.json: libraries without runtime assets in the target are skipped', async () => {
  const packages = await packagesOf(`${TRIVY}/without-runtime.deps.json`);
  assert.deepEqual(rows(packages), [
    'JsonDiffPatch/2.0.61 direct 66-72',
    'Libuv/1.9.1 indirect 73-79',
    'System.Collections.Immutable/1.3.0 indirect 101-107',
    'hello2/1.0.0 root 61-65',
  ]);
  assert.deepEqual(edges(packages), { 'hello2/1.0.0': ['JsonDiffPatch/2.0.61'] });
});

test('trivy no-libraries.deps.json: nothing', async () => {
  assert.deepEqual(await packagesOf(`${TRIVY}/no-libraries.deps.json`), []);
});

test('trivy missing-target.deps.json: every library kept, no graph, the single project still the root', async () => {
  const packages = await packagesOf(`${TRIVY}/missing-target.deps.json`);
  assert.deepEqual(rows(packages), ['ExampleApp1/1.0.0 root 28-32', 'Newtonsoft.Json/13.0.1 - 33-39']);
  assert.deepEqual(edges(packages), {});
});

test('trivy self-contained.deps.json: runtime packs reported under their NuGet names', async () => {
  const packages = await packagesOf(`${TRIVY}/self-contained.deps.json`);
  assert.deepEqual(rows(packages), [
    'ExampleApp1/1.0.0 root 46-50',
    'Microsoft.AspNetCore.App.Runtime.linux-x64/8.0.0 direct 63-67',
    'Microsoft.NETCore.App.Runtime.linux-x64/8.0.0 direct 58-62',
    'Newtonsoft.Json/13.0.1 direct 51-57',
  ]);
  assert.deepEqual(edges(packages), {
    'ExampleApp1/1.0.0': ['Microsoft.AspNetCore.App.Runtime.linux-x64/8.0.0', 'Microsoft.NETCore.App.Runtime.linux-x64/8.0.0', 'Newtonsoft.Json/13.0.1'],
  });
});

test('trivy multi-project.deps.json: the unreferenced project is the root, the others workspace members', async () => {
  const packages = await packagesOf(`${TRIVY}/multi-project.deps.json`);
  assert.deepEqual(rows(packages), [
    'Api/1.0.0 workspace 60-64',
    'Data/1.0.0 workspace 65-69',
    'Newtonsoft.Json/13.0.3 direct 53-59',
    'Web/1.0.0 root 48-52',
  ]);
  assert.deepEqual(edges(packages), { 'Api/1.0.0': ['Data/1.0.0'], 'Web/1.0.0': ['Api/1.0.0', 'Newtonsoft.Json/13.0.3'] });
});

test('trivy ambiguous-root.deps.json: two unreferenced projects, no root, so no direct/indirect either', async () => {
  assert.deepEqual(rows(await packagesOf(`${TRIVY}/ambiguous-root.deps.json`)), [
    'Newtonsoft.Json/13.0.3 - 40-46',
    'Web/1.0.0 workspace 30-34',
    'Worker/1.0.0 workspace 35-39',
  ]);
});

test('trivy invalid.deps.json: ParseError with the line of the syntax error', async () => {
  await rejectsWithParseError(analyzeFixture(depsJsonAnalyzer, sharedPath(`${TRIVY}/invalid.deps.json`), 'invalid.deps.json'), 'invalid.deps.json', 12);
});

test('trivy fanal datacollector.deps.json (= integration repo/dotnet): a project without targets is the root', async () => {
  for (const fixture of ['fixtures/trivy-unit/fanal/analyzer/language/dotnet/deps/testdata/datacollector.deps.json', 'fixtures/trivy-integration/fixtures/repo/dotnet/datacollector.deps.json']) {
    assert.deepEqual(rows(await packagesOf(fixture)), [
      'Microsoft.VisualStudio.TestPlatform.Common/17.2.0-release-20220408-11 root 15-19',
      'Newtonsoft.Json/9.0.1 - 8-14',
    ]);
  }
});

// --- osv-scalibr depsjson -----------------------------------------------------------------------

test('scalibr valid: project root, the package it depends on direct, the other indirect', async () => {
  const packages = await packagesOf(`${SCALIBR}/valid`);
  assert.deepEqual(rows(packages), [
    'AWSSDK.Core/3.7.10.6 indirect 50-56',
    'Microsoft.Extensions.DependencyInjection/6.0.0 direct 57-63',
    'TestLibrary/1.0.0 root 45-49',
  ]);
});

test('scalibr nopackagename (a library key without /version is skipped), empty, invalid', async () => {
  assert.deepEqual(rows(await packagesOf(`${SCALIBR}/nopackagename`)), ['AWSSDK.Core/3.7.10.6 indirect 50-56', 'TestLibrary/1.0.0 root 45-49']);
  assert.deepEqual(await packagesOf(`${SCALIBR}/empty`), []);
  await rejectsWithParseError(analyzeFixture(depsJsonAnalyzer, sharedPath(`${SCALIBR}/invalid`), 'x.deps.json'), 'x.deps.json', 1);
});

test('reference assemblies and other library types are skipped; a top-level array is a ParseError', async () => {
  const text = JSON.stringify({ libraries: { 'A/1.0.0': { type: 'package' }, 'Ref/1.0.0': { type: 'referenceassembly' } } });
  const result = await depsJsonAnalyzer.analyze({ path: 'x.deps.json', content: Buffer.from(text), readFile: async () => undefined });
  assert.deepEqual(result.applications![0].packages.map((p) => p.id), ['A/1.0.0']);
  await rejectsWithParseError(depsJsonAnalyzer.analyze({ path: 'x.deps.json', content: Buffer.from('[]'), readFile: async () => undefined }), 'x.deps.json', 1);
});
