import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { sbtLockAnalyzer } from '../../../../src/analyzer/lang/java/sbt-lock.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';
import { sharedPath } from '../../../support/paths.js';

const trivyParser = sharedPath('fixtures/trivy-unit/dependency/parser/sbt/lockfile/testdata');
const trivyAnalyzer = sharedPath('fixtures/trivy-unit/fanal/analyzer/language/java/sbt/testdata');

async function packagesOf(absPath: string, relPath = 'build.sbt.lock'): Promise<Package[]> {
  const result = await analyzeFixture(sbtLockAnalyzer, absPath, relPath);
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['sbt', 'Maven', 'maven', relPath]);
  return app.packages;
}

const packagesOfText = (text: string) => sbtLockAnalyzer.analyze({ path: 'build.sbt.lock', content: Buffer.from(text), readFile: async () => undefined });

/** `id` → `[dev ]start-end`. */
const summary = (packages: Package[]): Record<string, string> =>
  Object.fromEntries(packages.map((p) => [p.id, [...(p.dev ? ['dev'] : []), ...p.locations!.map((l) => `${l.startLine}-${l.endLine}`)].join(' ')]));

test('wants build.sbt.lock and other *.sbt.lock', () => {
  const wants = (path: string) => sbtLockAnalyzer.wants({ path, size: 1 });
  assert.ok(wants('build.sbt.lock'));
  assert.ok(wants('sub/project.sbt.lock'));
  assert.ok(!wants('build.sbt'));
  assert.ok(!wants('sbt.lock.json'));
});

test('trivy v1_happy.sbt.lock: packages on the lines of their objects; a test-only dependency is dev', async () => {
  // trivy's parse_test.go lists the first three with these locations; scalatest (only in `test`) it leaves out.
  assert.deepEqual(summary(await packagesOf(resolve(trivyParser, 'v1_happy.sbt.lock'))), {
    'org.apache.commons:commons-lang3@3.9': '10-25',
    'org.scala-lang:scala-library@2.12.10': '26-41',
    'org.typelevel:cats-core_2.12@2.9.0': '42-57',
    'org.scalatest:scalatest-core_2.13@3.2.15': 'dev 58-71',
  });
  assert.deepEqual(await packagesOf(resolve(trivyParser, 'empty.sbt.lock')), []);
});

test('trivy analyzer fixtures and the integration repo', async () => {
  assert.deepEqual(summary(await packagesOf(resolve(trivyAnalyzer, 'v1/build.sbt.lock'))), {
    'org.apache.commons:commons-lang3@3.9': '10-25',
    'org.scala-lang:scala-library@2.12.10': '26-41',
    'org.typelevel:cats-core_2.12@2.9.0': '42-57',
  });
  assert.deepEqual(await packagesOf(resolve(trivyAnalyzer, 'empty/build.sbt.lock')), []);
  assert.deepEqual(summary(await packagesOf(sharedPath('fixtures/trivy-integration/fixtures/repo/sbt/build.sbt.lock'))), {
    'com.fasterxml.jackson.core:jackson-databind@2.9.1': '12-27',
  });
});

test('incomplete entries are skipped, duplicates merged, strings with brackets do not confuse the places', async () => {
  const result = await packagesOfText(`{
  "lockVersion": 1,
  "configurations": ["compile"],
  "note": {"dependencies": [{"org": "x"}]},
  "dependencies": [
    null,
    {"org": "a", "name": "b", "version": "1", "configurations": ["test"]},
    {"org": "a", "name": "no-version", "configurations": ["compile"]},
    {"org": "a", "name": "b", "version": "1", "configurations": ["runtime"],
     "artifacts": [{"name": "b}].jar", "hash": "sha1:\\"x\\""}]}
  ]
}`);
  assert.deepEqual(summary(result.applications![0].packages), { 'a:b@1': '7-7 9-10' });
});

test('malformed lockfiles are ParseErrors with the line', async () => {
  await rejectsWithParseError(packagesOfText('{\n  "dependencies": [\n    {"org": "a",}\n  ]\n}'), 'build.sbt.lock', 3);
  await rejectsWithParseError(packagesOfText('[]'), 'build.sbt.lock', 1);
  await rejectsWithParseError(packagesOfText('{"dependencies": {}}'), 'build.sbt.lock');
  await rejectsWithParseError(packagesOfText('not json'), 'build.sbt.lock', 1);
});
