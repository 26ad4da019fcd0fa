import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packagesPropsAnalyzer } from '../../../../src/analyzer/lang/dotnet/packages-props.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';
import { sharedPath } from '../../../support/paths.js';

const TRIVY_PARSER = 'fixtures/trivy-unit/dependency/parser/nuget/packagesprops/testdata';
const TRIVY_ANALYZER = 'fixtures/trivy-unit/fanal/analyzer/language/dotnet/packagesprops/testdata';
const SCALIBR = 'fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/dotnet/nugetcpm/testdata';

async function packagesOf(fixture: string, relPath = 'Directory.Packages.props'): Promise<Package[]> {
  const result = await analyzeFixture(packagesPropsAnalyzer, sharedPath(fixture), relPath);
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['packages-props', 'NuGet', 'nuget', relPath]);
  return app.packages;
}

const rows = (packages: Package[]) => packages.map((p) => `${p.id} ${p.locations!.map((l) => `${l.startLine}-${l.endLine}`).join(',')}`);

test('wants any file ending in packages.props, in any case (as trivy)', () => {
  const wants = (path: string) => packagesPropsAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('Directory.Packages.props'), true);
  assert.equal(wants('src/Packages.props'), true);
  assert.equal(wants('directory.packages.props'), true);
  assert.equal(wants('Directory.Build.props'), false);
  assert.equal(wants('Directory.Packages.props.bak'), false);
});

// --- trivy (dependency/parser/nuget/packagesprops/parse_test.go) -------------------------------

test('trivy packages.props: PackageReference Update names the package; items without a name or version are skipped', async () => {
  assert.deepEqual(rows(await packagesOf(`${TRIVY_PARSER}/packages.props`, 'packages.props')), [
    'Microsoft.Extensions.Configuration@2.1.1 4-4',
    'Microsoft.Extensions.DependencyInjection.Abstractions@2.2.1 5-5',
    'Microsoft.Extensions.Http@3.2.1 6-6',
  ]);
});

test('trivy Directory.Packages.props: names and versions are trimmed', async () => {
  assert.deepEqual(rows(await packagesOf(`${TRIVY_PARSER}/Directory.Packages.props`)), ['PackageOne@6.2.3 3-3', 'PackageThree@2.4.1 5-5', 'PackageTwo@6.0.0 4-4']);
});

test('trivy several_item_groups', async () => {
  assert.deepEqual(rows(await packagesOf(`${TRIVY_PARSER}/several_item_groups`)), ['PackageOne@6.2.3 3-3', 'PackageThree@2.4.1 8-8', 'PackageTwo@6.0.0 4-4']);
});

test('trivy variables_and_empty: $(property) names or versions and empty values are skipped', async () => {
  assert.deepEqual(rows(await packagesOf(`${TRIVY_PARSER}/variables_and_empty`)), ['PackageFour@2.4.1 7-7']);
});

test('trivy no_item_group.props: items outside an ItemGroup are not read', async () => {
  assert.deepEqual(await packagesOf(`${TRIVY_PARSER}/no_item_group.props`, 'packages.props'), []);
});

test('trivy no_project.props: a root other than <Project> is a ParseError', async () => {
  await rejectsWithParseError(analyzeFixture(packagesPropsAnalyzer, sharedPath(`${TRIVY_PARSER}/no_project.props`), 'packages.props'), 'packages.props', 3);
});

test('trivy fanal packagesprops testdata: Directory.Packages.props and Packages.props read, invalid.txt rejected', async () => {
  assert.ok((await packagesOf(`${TRIVY_ANALYZER}/Directory.Packages.props`)).length > 0);
  assert.ok((await packagesOf(`${TRIVY_ANALYZER}/Packages.props`, 'Packages.props')).length > 0);
  await rejectsWithParseError(analyzeFixture(packagesPropsAnalyzer, sharedPath(`${TRIVY_ANALYZER}/invalid.txt`), 'Packages.props'), 'Packages.props');
});

test('trivy integration repo/packagesprops: PackageVersion (central package management)', async () => {
  assert.deepEqual(rows(await packagesOf('fixtures/trivy-integration/fixtures/repo/packagesprops/Directory.Packages.props')), ['Newtonsoft.Json@9.0.1 5-5']);
});

// --- osv-scalibr nugetcpm ------------------------------------------------------------------------

test('scalibr nugetcpm: valid, and the items it rejects (empty include, no include, no/empty version)', async () => {
  assert.deepEqual(rows(await packagesOf(`${SCALIBR}/valid`)), ['LiteDB@5.0.12 3-3']);
  for (const file of ['emptyinclude', 'nopackage', 'noversion', 'emptyversion']) assert.deepEqual(await packagesOf(`${SCALIBR}/${file}`), [], file);
  await rejectsWithParseError(analyzeFixture(packagesPropsAnalyzer, sharedPath(`${SCALIBR}/invalid`), 'Directory.Packages.props'), 'Directory.Packages.props');
});
