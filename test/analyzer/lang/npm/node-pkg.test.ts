import { test } from 'node:test';
import assert from 'node:assert/strict';
import { licensesOf, nodePkgAnalyzer } from '../../../../src/analyzer/lang/npm/node-pkg.js';
import type { AnalysisResult, Package } from '../../../../src/analyzer/types.js';
import { sharedPath } from '../../../support/paths.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';

const trivyUnit = (f: string) => sharedPath(`fixtures/trivy-unit/dependency/parser/nodejs/packagejson/testdata/${f}`);
const scalibr = (f: string) => sharedPath(`fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/javascript/packagejson/testdata/${f}`);
const INSTALLED = 'node_modules/pkg/package.json';

/** The one package of an installed package.json, or undefined when the file is not a package. */
async function packageOf(absPath: string, relPath = INSTALLED): Promise<Package | undefined> {
  const result: AnalysisResult = await analyzeFixture(nodePkgAnalyzer, absPath, relPath);
  if (!result.applications?.length) return undefined;
  const [app] = result.applications;
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['node-pkg', 'npm', 'npm', relPath]);
  assert.equal(app.packages.length, 1);
  return app.packages[0];
}

const summary = (p: Package | undefined) => p && `${p.id} ${p.locations!.map((l) => `${l.startLine}-${l.endLine}`).join(',')} [${(p.licenses ?? []).join(', ')}]`;

test('wants only package.json files of installed packages, on the path alone', () => {
  const wants = (path: string) => nodePkgAnalyzer.wants({ path, size: 1 });
  for (const path of [
    'node_modules/lodash/package.json',
    'app/node_modules/@babel/core/package.json',
    'node_modules/a/node_modules/b/package.json',
    'node_modules/.pnpm/lodash@4.17.21/node_modules/lodash/package.json',
    '.yarn/unplugged/esbuild-npm-0.19.0-abc/node_modules/esbuild/package.json',
    'usr/lib/node_modules/npm/package.json',
  ]) {
    assert.equal(wants(path), true, path);
  }
  for (const path of [
    'package.json',
    'app/package.json',
    'node_modules/package.json',
    'node_modules/lodash/fp/package.json',
    'node_modules/lodash/test/fixtures/package.json',
    'node_modules/@babel/package.json',
    'node_modules/@/core/package.json',
    'node_modules/.bin/package.json',
    'node_modules/.pnpm/package.json',
    'node_modules/lodash/package.json.bak',
    'node_modules/lodash/other.json',
  ]) {
    assert.equal(wants(path), false, path);
  }
});

test('trivy packagejson parser fixtures (expectations from trivy parse_test.go, licenses from its fixtures)', async () => {
  assert.equal(summary(await packageOf(trivyUnit('package.json'))), 'bootstrap@5.0.2 2-142 [MIT]');
  assert.equal(summary(await packageOf(trivyUnit('legacy_package.json'))), 'angular@4.1.2 2-136 [ISC]'); // { "type": "ISC", "url": ... }
  assert.equal(summary(await packageOf(trivyUnit('legacy_array_package.json'))), 'tv4@1.3.0 1-15 [Public Domain, MIT]');
  assert.equal(summary(await packageOf(trivyUnit('mixed_array_license_package.json'))), 'mixed-array-license@1.0.0 1-9 [MIT]');
  for (const f of ['empty_array_license_package.json', 'invalid_license_package.json', 'null_license_package.json', 'unknown_license_object_package.json']) {
    const pkg = await packageOf(trivyUnit(f));
    assert.ok(pkg && pkg.licenses === undefined, f);
  }
  assert.equal(summary(await packageOf(trivyUnit('workspace_as_map_package.json'))), 'example@1.0.0 1-8 []');
  // name and version are both needed
  assert.equal(await packageOf(trivyUnit('without_version_package.json')), undefined);
  assert.equal(await packageOf(trivyUnit('without_name_and_version_package.json')), undefined);
  await rejectsWithParseError(analyzeFixture(nodePkgAnalyzer, trivyUnit('invalid_name.json'), INSTALLED), INSTALLED);
  await rejectsWithParseError(analyzeFixture(nodePkgAnalyzer, trivyUnit('invalid_package.json'), INSTALLED), INSTALLED, 2);
});

test('osv-scalibr packagejson fixtures', async () => {
  assert.equal(summary(await packageOf(scalibr('deps/accepts/package.json'), 'node_modules/accepts/package.json')), 'accepts@1.3.8 1-47 [MIT]');
  assert.equal(summary(await packageOf(scalibr('deps/with/deps/acorn/package.json'), 'node_modules/a/node_modules/acorn/package.json')), 'acorn@1.2.2 1-40 [MIT]');
  assert.equal(summary(await packageOf(scalibr('undici-package.json'))), 'undici@5.28.3 1-147 [MIT]');
  assert.equal(summary(await packageOf(scalibr('not-vscode.json'))), 'jsonparse@1.3.1 1-22 [MIT]');
  // an empty name or an empty version: not a package
  assert.equal(await packageOf(scalibr('deps/acorn/package.json')), undefined);
  assert.equal(await packageOf(scalibr('deps/acorn-globals/package.json')), undefined);
  assert.equal(await packageOf(scalibr('deps/window-size/package.json')), undefined);
  await rejectsWithParseError(analyzeFixture(nodePkgAnalyzer, scalibr('invalid'), INSTALLED), INSTALLED, 8);
});

test('licensesOf: strings, { type } objects, lists, the legacy licenses field; blanks and duplicates dropped', () => {
  assert.deepEqual(licensesOf('MIT', undefined), ['MIT']);
  assert.deepEqual(licensesOf({ type: 'ISC', url: 'x' }, undefined), ['ISC']);
  assert.deepEqual(licensesOf(undefined, [{ type: 'MIT' }, { type: 'Apache-2.0' }]), ['MIT', 'Apache-2.0']);
  assert.deepEqual(licensesOf('(MIT OR Apache-2.0)', ['MIT']), ['(MIT OR Apache-2.0)', 'MIT']);
  assert.deepEqual(licensesOf(' ', [{ type: '' }, 42, null, 'MIT', 'MIT']), ['MIT']);
});

test('an empty package.json is nothing; a JSON array is a ParseError', async () => {
  const analyze = (text: string) => nodePkgAnalyzer.analyze({ path: INSTALLED, content: Buffer.from(text), readFile: async () => undefined });
  assert.deepEqual(await analyze(''), {});
  await rejectsWithParseError(analyze('[]'), INSTALLED, 1);
});
