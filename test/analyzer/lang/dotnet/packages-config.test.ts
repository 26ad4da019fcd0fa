import { test } from 'node:test';
import assert from 'node:assert/strict';
import { packagesConfigAnalyzer } from '../../../../src/analyzer/lang/dotnet/packages-config.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';
import { sharedPath } from '../../../support/paths.js';

const TRIVY = 'fixtures/trivy-unit/dependency/parser/nuget/config/testdata';
const SCALIBR = 'fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/dotnet/packagesconfig/testdata';

async function packagesOf(fixture: string): Promise<Package[]> {
  const result = await analyzeFixture(packagesConfigAnalyzer, sharedPath(fixture), 'packages.config');
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['nuget', 'NuGet', 'nuget', 'packages.config']);
  return app.packages;
}

const rows = (packages: Package[]) =>
  packages.map((p) => `${p.id}${p.dev ? ' dev' : ''} ${p.locations!.map((l) => `${l.startLine}-${l.endLine}`).join(',')}`);

test('wants packages.config only', () => {
  const wants = (path: string) => packagesConfigAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('src/Web/packages.config'), true);
  assert.equal(wants('packages.config.bak'), false);
  assert.equal(wants('web.config'), false);
});

test('trivy packages.config (with a BOM): two packages at their element lines, no relationship', async () => {
  const packages = await packagesOf(`${TRIVY}/packages.config`);
  assert.deepEqual(rows(packages), ['Microsoft.AspNet.WebApi@5.2.2 3-3', 'Newtonsoft.Json@6.0.4 4-4']);
  assert.ok(packages.every((p) => p.relationship === undefined));
});

test('trivy dev_dependency.config: developmentDependency="true" is dev (trivy drops it)', async () => {
  assert.deepEqual(rows(await packagesOf(`${TRIVY}/dev_dependency.config`)), ['Microsoft.Net.Compilers@1.0.0 dev 3-3', 'Newtonsoft.Json@8.0.3 4-4']);
});

test('trivy malformed_xml.config: unclosed <packages> is a ParseError with its line', async () => {
  await rejectsWithParseError(analyzeFixture(packagesConfigAnalyzer, sharedPath(`${TRIVY}/malformed_xml.config`), 'packages.config'), 'packages.config', 2);
});

test('trivy fanal config/packages.config', async () => {
  const packages = await packagesOf('fixtures/trivy-unit/fanal/analyzer/language/dotnet/nuget/testdata/config/packages.config');
  assert.ok(packages.length > 0);
  assert.ok(packages.every((p) => p.locations![0].startLine === p.locations![0].endLine));
});

test('scalibr valid, nopackage (no id), noversion: entries without id or version are skipped', async () => {
  assert.deepEqual(rows(await packagesOf(`${SCALIBR}/valid`)), ['Microsoft.CodeDom.Providers.DotNetCompilerPlatform@1.0.0 3-3', 'Microsoft.Net.Compilers@1.0.0 dev 4-4']);
  assert.deepEqual(rows(await packagesOf(`${SCALIBR}/nopackage`)), ['Microsoft.CodeDom.Providers.DotNetCompilerPlatform@1.0.0 3-3']);
  assert.deepEqual(rows(await packagesOf(`${SCALIBR}/noversion`)), ['Microsoft.CodeDom.Providers.DotNetCompilerPlatform@1.0.0 3-3']);
});

test('scalibr invalid (not XML) and another root element: ParseError', async () => {
  await rejectsWithParseError(analyzeFixture(packagesConfigAnalyzer, sharedPath(`${SCALIBR}/invalid`), 'packages.config'), 'packages.config');
  const other = packagesConfigAnalyzer.analyze({ path: 'packages.config', content: Buffer.from('<configuration>\n</configuration>\n'), readFile: async () => undefined });
  await rejectsWithParseError(other, 'packages.config', 1);
});

test('an element spread over several lines, entities in attributes, comments', async () => {
  const text = '<packages>\n  <!-- <package id="Old" version="1.0.0" /> -->\n  <package\n    id="A&amp;B"\n    version=" 2.0.0 " />\n</packages>\n';
  const result = await packagesConfigAnalyzer.analyze({ path: 'packages.config', content: Buffer.from(text), readFile: async () => undefined });
  assert.deepEqual(rows(result.applications![0].packages), ['A&B@2.0.0 3-5']);
});
