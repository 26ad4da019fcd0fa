import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { pomAnalyzer } from '../../../../src/analyzer/lang/java/pom.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';
import { sharedPath } from '../../../support/paths.js';

const trivyParser = sharedPath('fixtures/trivy-unit/dependency/parser/java/pom/testdata');
const trivyAnalyzer = sharedPath('fixtures/trivy-unit/fanal/analyzer/language/java/pom/testdata');
const osvScanner = sharedPath('fixtures/lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/maven');
const osvDetector = sharedPath('fixtures/lockfiles/osv-detector-pkg/lockfile/testdata/maven');
const scalibr = sharedPath('fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/java/pomxml/testdata');

async function packagesOf(absPath: string, relPath = 'pom.xml'): Promise<Package[]> {
  const result = await analyzeFixture(pomAnalyzer, absPath, relPath);
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['pom', 'Maven', 'maven', relPath]);
  return app.packages;
}

/** A fixture of trivy's POM parser tests, presented under its path in the testdata tree (parents and modules are found from there). */
const trivyPom = (rel: string) => packagesOf(resolve(trivyParser, rel), rel);

/** Files of the tree a POM reads (parents, modules), for inline cases. */
async function packagesOfTree(files: Record<string, string>, path = 'pom.xml'): Promise<Package[]> {
  const result = await pomAnalyzer.analyze({
    path,
    content: Buffer.from(files[path]),
    readFile: async (rel) => (rel in files ? Buffer.from(files[rel]) : undefined),
  });
  return result.applications![0].packages;
}

/** `id` → `relationship[:dev][ start-end ...]`. */
const summary = (packages: Package[]): Record<string, string> =>
  Object.fromEntries(
    packages.map((p) => [
      p.id,
      [`${p.relationship ?? 'unknown'}${p.dev ? ':dev' : ''}`, ...(p.locations ?? []).map((l) => `${l.startLine}-${l.endLine}`)].join(' '),
    ]),
  );
const edges = (packages: Package[]): Record<string, string[]> =>
  Object.fromEntries(packages.filter((p) => p.dependsOn).map((p) => [p.id, p.dependsOn!]));

test('wants pom.xml (and prefixed copies such as 1-pom.xml), nothing else', () => {
  const wants = (path: string) => pomAnalyzer.wants({ path, size: 1 });
  assert.ok(wants('pom.xml'));
  assert.ok(wants('module/pom.xml'));
  assert.ok(wants('1-pom.xml'));
  assert.ok(!wants('pom.json'));
  assert.ok(!wants('project.pom.xml'));
  assert.ok(!wants('a/example-1.0.pom'));
});

// --- trivy's POM parser fixtures -----------------------------------------------------------------
// Expectations from trivy's pom/parse_test.go, less what only its local repository
// (testdata/repository) provides: transitive dependencies, and versions managed by remote BOMs.
// trivy leaves test/provided/optional dependencies out; they are dev here.

test('trivy happy: root with licenses, direct dependencies on their <dependency> lines, provided scope is dev', async () => {
  const packages = await trivyPom('happy/pom.xml');
  assert.deepEqual(summary(packages), {
    'com.example:happy@1.0.0': 'root',
    'org.example:example-api@1.7.30': 'direct 32-36',
    'org.example:example-runtime@1.0.0': 'direct 37-42',
    'org.example:example-provided@999': 'direct:dev 43-48',
  });
  assert.deepEqual(packages[0].licenses, ['BSD-3-Clause']);
  assert.deepEqual(edges(packages), {
    'com.example:happy@1.0.0': ['org.example:example-api@1.7.30', 'org.example:example-provided@999', 'org.example:example-runtime@1.0.0'],
  });
});

test('trivy offline: the root version `${revision}-${changelist}` cannot be resolved, so there is no root package', async () => {
  assert.deepEqual(summary(await trivyPom('offline/pom.xml')), { 'org.example:example-offline@2.3.4': 'direct 17-21' });
});

test('trivy parent POMs in the tree: properties, dependencies, dependencyManagement, licenses, relativePath', async () => {
  assert.deepEqual(summary(await trivyPom('parent-properties/child/pom.xml')), {
    'com.example:child@1.0.0': 'root',
    'org.example:example-api@1.7.30': 'direct 33-37',
  });
  // Inherited from the parent POM: a dependency without a location in this file; the version is
  // the parent's `${revision}${changelist}` evaluated there.
  const inherited = await trivyPom('parent-dependencies/child/pom.xml');
  assert.deepEqual(summary(inherited), { 'com.example:child@1.0.0-SNAPSHOT': 'root', 'org.example:example-api@1.7.30': 'direct' });
  assert.deepEqual(inherited[0].licenses, ['Apache 2.0']);
  assert.deepEqual(summary(await trivyPom('parent-dependency-management/child/pom.xml')), {
    'com.example:child@3.0.0': 'root',
    'org.example:example-api@1.7.30': 'direct 26-29',
  });
  assert.deepEqual(summary(await trivyPom('parent-relative-path/pom.xml')), {
    'com.example:child@1.0.0': 'root',
    'org.example:example-api@1.7.30': 'direct 26-30',
  });
  assert.deepEqual(summary(await trivyPom('parent-version-is-property/child/pom.xml')), {
    'com.example:child@1.0.0-SNAPSHOT': 'root',
    'org.example:example-api@1.1.1': 'direct 19-22',
  });
  assert.deepEqual(summary(await trivyPom('project-version-from-parent/child/pom.xml')), {
    'com.example:child@2.0.0': 'root',
    'org.example:example-api@2.0.0': 'direct 18-22',
  });
  assert.deepEqual(summary(await trivyPom('transitive-parents/base/pom.xml')), {
    'com.example:base@4.0.0': 'root',
    'org.example:example-child@2.0.0': 'direct 28-32',
  });
  assert.deepEqual((await trivyPom('inherit-license/module/submodule/pom.xml')).map((p) => [p.id, p.licenses]), [['com.example.app:submodule@1.0.0', ['Apache-2.0']]]);
});

test('trivy: dependencyManagement of a parent fills versions; a managed test scope makes an inherited dependency dev', async () => {
  assert.deepEqual(summary(await trivyPom('use-child-dep-management-in-parent/pom.xml')), {
    'com.example:child-depManagement-in-parent@1.0.0': 'root',
    'org.example:example-api2@1.0.2': 'direct',
    'org.example:example-api3@4.0.3': 'direct',
    'org.example:example-api@1.0.1': 'direct',
  });
  // trivy leaves example-nested-scope-empty out: the root's dependencyManagement makes it `test`.
  assert.deepEqual(summary(await trivyPom('inherit-scopes-in-parents-from-root/pom.xml')), {
    'com.example:inherit-scopes-in-parents-from-root@0.1.0': 'root',
    'org.example:example-nested-scope-runtime@1.0.0': 'direct',
    'org.example:example-nested-scope-compile@1.0.0': 'direct',
    'org.example:example-nested-scope-empty@1.0.0': 'direct:dev',
  });
});

test('trivy: a parent whose artifactId does not match is not used (no loop); a missing parent is skipped', async () => {
  assert.deepEqual(summary(await trivyPom('no-parent-infinity-loop/pom.xml')), { 'com.example:child@1.0.0': 'root' });
  assert.deepEqual(summary(await trivyPom('not-found-parent/pom.xml')), {
    'com.example:no-parent@1.0-SNAPSHOT': 'root',
    'org.example:example-api@1.7.30': 'direct 27-31',
  });
});

test('trivy multi-module: modules are workspace packages with their dependencies (no locations in the root POM)', async () => {
  const multi = await trivyPom('multi-module/pom.xml');
  assert.deepEqual(summary(multi), {
    'com.example:aggregation@1.0.0': 'root',
    'com.example:module@1.1.1': 'workspace',
    'org.example:example-dependency@1.2.3': 'direct',
  });
  assert.deepEqual(edges(multi), {
    'com.example:aggregation@1.0.0': ['com.example:module@1.1.1'],
    'com.example:module@1.1.1': ['org.example:example-dependency@1.2.3'],
  });

  const nested = await trivyPom('nested-modules/pom.xml');
  assert.deepEqual(summary(nested), {
    'com.example:root@1.0.0': 'root',
    'com.example:module1@1.0.0': 'workspace',
    'com.example:module2@2.0.0': 'workspace',
    'org.example:example-api@1.7.30': 'direct',
  });
  assert.deepEqual(edges(nested), {
    'com.example:root@1.0.0': ['com.example:module1@1.0.0', 'com.example:module2@2.0.0'],
    'com.example:module2@2.0.0': ['org.example:example-api@1.7.30'],
  });

  // Two modules depending on two versions of one artifact: both are kept.
  assert.deepEqual(summary(await trivyPom('multi-module-soft-requirement/pom.xml')), {
    'com.example:aggregation@1.0.0': 'root',
    'com.example:module1@1.1.1': 'workspace',
    'com.example:module2@1.1.1': 'workspace',
    'org.example:example-api@1.7.30': 'direct',
    'org.example:example-api@2.0.0': 'direct',
  });
  assert.deepEqual(summary(await trivyPom('not-found-module/pom.xml')), { 'com.example:aggregation@1.0.0': 'root' });
});

test('trivy modules-infinity-loop: each module once; a module that is also a dependency stays a workspace package', async () => {
  const packages = await trivyPom('modules-infinity-loop/pom.xml');
  assert.deepEqual(summary(packages), {
    'org.example:root@1.0.0': 'root',
    'org.example:module-1@2.0.0': 'workspace',
    'org.example:module-2@3.0.0': 'workspace',
  });
  assert.deepEqual(edges(packages), {
    'org.example:root@1.0.0': ['org.example:module-1@2.0.0', 'org.example:module-2@3.0.0'],
    'org.example:module-2@3.0.0': ['org.example:module-1@2.0.0'],
  });
});

test('trivy: a module POM analyzed as a file of its own has its dependencies on their lines', async () => {
  assert.deepEqual(summary(await trivyPom('multi-module/module/pom.xml')), {
    'com.example:module@1.1.1': 'root',
    'org.example:example-dependency@1.2.3': 'direct 21-25',
  });
});

test('trivy: versions without a value, ranges, remote BOM imports; project.* properties; exclusions do not change direct dependencies', async () => {
  // trivy reports the dependency with an empty version, as here.
  assert.deepEqual(summary(await trivyPom('dep-without-version/pom.xml')), {
    'com.example:dep-without-version@1.0.0': 'root',
    'org.example:example-api@': 'direct 19-22',
  });
  // The version comes from a BOM in a remote repository (trivy: 1.7.30 from its local repository).
  assert.deepEqual(summary(await trivyPom('import-dependency-management/pom.xml')), {
    'com.example:import@2.0.0': 'root',
    'org.example:example-api@': 'direct 34-37',
  });
  // A range is kept as written (trivy empties it); it matches no advisory.
  assert.deepEqual(summary(await trivyPom('version-requirement/pom.xml')), {
    'com.example:hard@1.0.0': 'root',
    'org.example:example-api@(,1.0]': 'direct 28-32',
  });
  assert.deepEqual(summary(await trivyPom('root-pom-dep-management-for-deps-with-project-props/pom.xml')), {
    'com.example:root-pom-dep-management-for-deps-with-project-props@1.0.0': 'root',
    'org.example:example-dependency@1.7.30': 'direct 21-25',
  });
  assert.deepEqual(summary(await trivyPom('wildcard-exclusions/pom.xml')), {
    'com.example:wildcard-exclusions@4.0.0': 'root',
    'org.example:example-dependency@1.2.3': 'direct 14-24',
    'org.example:example-dependency2@2.3.4': 'direct 25-35',
    'org.example:example-nested@3.3.3': 'direct 36-46',
  });
  // Spaces around text values.
  assert.deepEqual(summary(await trivyPom('with-spaces/pom.xml')), {
    'com.example:root-pom-with-spaces@1.0.0': 'root',
    'org.example:example-nested@3.3.3': 'direct 24-28',
  });
});

test('trivy analyzer fixtures: happy, a range requirement, maven-invoker integration tests are dev, broken XML', async () => {
  assert.deepEqual(summary(await packagesOf(resolve(trivyAnalyzer, 'happy/pom.xml'))), {
    'com.example:example@1.0.0': 'root',
    'com.example:example-api@2.0.0': 'direct 28-32',
  });
  assert.deepEqual(summary(await packagesOf(resolve(trivyAnalyzer, 'requirements/pom.xml'))), {
    'com.example:example@2.0.0': 'root',
    'org.example:example-api@(,1.0]': 'direct 21-25',
  });
  const it = await packagesOf(resolve(trivyAnalyzer, 'mark-as-dev/src/it/example/pom.xml'), 'src/it/example/pom.xml');
  assert.deepEqual(summary(it), {
    'com.example:example@1.0.0': 'root:dev',
    'com.example:example-api@@example.version@': 'direct:dev 28-32',
  });
  await rejectsWithParseError(analyzeFixture(pomAnalyzer, resolve(trivyAnalyzer, 'broken/pom.xml'), 'pom.xml'), 'pom.xml', 1);
});

test('trivy integration repo pom: jackson-databind is the one runtime dependency; test and provided are dev', async () => {
  const packages = await packagesOf(sharedPath('fixtures/trivy-integration/fixtures/repo/pom/pom.xml'));
  assert.deepEqual(summary(packages), {
    'com.example:log4shell@1.0-SNAPSHOT': 'root',
    'javax.servlet:javax.servlet-api@4.0.1': 'direct:dev 21-26',
    'org.junit.jupiter:junit-jupiter-api@5.7.1': 'direct:dev 27-32',
    'org.junit.jupiter:junit-jupiter-engine@5.7.1': 'direct:dev 33-38',
    'com.fasterxml.jackson.core:jackson-databind@2.9.1': 'direct 41-45',
  });
});

// --- osv-scanner, osv-detector and osv-scalibr fixtures ------------------------------------------

test('osv-scanner/osv-detector maven fixtures: one and two packages, interpolation, scopes, empty', async () => {
  for (const dir of [osvScanner, osvDetector]) {
    assert.deepEqual(summary(await packagesOf(resolve(dir, 'one-package.xml'))), { 'org.apache.maven:maven-artifact@1.0.0': 'direct 7-11' });
    assert.deepEqual(summary(await packagesOf(resolve(dir, 'two-packages.xml'))), {
      'io.netty:netty-all@4.1.42.Final': 'direct 7-11',
      'org.slf4j:slf4j-log4j12@1.7.25': 'direct 12-16',
    });
    assert.deepEqual(summary(await packagesOf(resolve(dir, 'empty.xml'))), { 'com.mycompany.app:my-app@1': 'root' });
  }
  assert.deepEqual(summary(await packagesOf(resolve(osvScanner, 'interpolation.xml'))), {
    'io.library:my-library@1.0-SNAPSHOT': 'root',
    'org.mine:mypackage@1.0.0': 'direct 18-22',
    'org.mine:my.package@2.3.4': 'direct 24-28',
  });
  // osv-detector's copy adds a version from an undefined property: unknown, so empty.
  assert.deepEqual(summary(await packagesOf(resolve(osvDetector, 'interpolation.xml'))), {
    'io.library:my-library@1.0-SNAPSHOT': 'root',
    'org.mine:mypackage@1.0.0': 'direct 18-22',
    'org.mine:my.package@2.3.4': 'direct 24-28',
    'org.mine.too:my.other-package@': 'direct 30-34',
  });
  assert.deepEqual(summary(await packagesOf(resolve(osvScanner, 'with-scope.xml'))), {
    'abc:xyz@1.2.3': 'direct 3-8',
    'junit:junit@4.12': 'direct:dev 9-14',
  });
});

test('dependencyManagement entries are not packages, and a declared version wins over a managed one (Maven)', async () => {
  // osv-scanner reports jsr305 (managed only) and netty-all 4.1.42.Final (the managed version);
  // Maven, and trivy, use what the dependency declares.
  assert.deepEqual(summary(await packagesOf(resolve(osvScanner, 'with-dependency-management.xml'))), {
    'io.netty:netty-all@4.1.9': 'direct 7-11',
    'org.slf4j:slf4j-log4j12@1.7.25': 'direct 12-16',
  });
});

test('malformed and non-POM files are ParseErrors naming the file and line', async () => {
  await rejectsWithParseError(analyzeFixture(pomAnalyzer, resolve(osvScanner, 'invalid-syntax.xml'), 'pom.xml'), 'pom.xml', 3);
  await rejectsWithParseError(analyzeFixture(pomAnalyzer, resolve(osvScanner, 'not-pom.txt'), 'pom.xml'), 'pom.xml', 1);
  await rejectsWithParseError(analyzeFixture(pomAnalyzer, resolve(scalibr, 'invalid-syntax.xml'), 'pom.xml'), 'pom.xml', 3);
  const tree = (text: string) => packagesOfTree({ 'pom.xml': text });
  await rejectsWithParseError(tree('<project>\n  <dependencies>\n</project>\n'), 'pom.xml', 3);
  await rejectsWithParseError(tree('<project>\n<dependencies/>\n'), 'pom.xml', 3);
  await rejectsWithParseError(tree('<?xml version="1.0"?>\n<settings/>\n'), 'pom.xml', 2);
  await rejectsWithParseError(tree('<project><a>x & y</a></project>'), 'pom.xml', 1);
  await rejectsWithParseError(tree('<project/><project/>'), 'pom.xml', 1);
  await rejectsWithParseError(tree('<project a="1></project>'), 'pom.xml', 1);
});

test('osv-scalibr pomxml: parent by relativePath (its parent in turn is remote), managed versions, a remote BOM import', async () => {
  const packages = await packagesOf(resolve(scalibr, 'with-parent.xml'));
  assert.deepEqual(summary(packages), {
    'com.mycompany.app:my-app@1.0': 'root',
    'org.alice:alice@1.0.0': 'direct 18-22',
    'org.bob:bob@2.0.0': 'direct 23-27',
    'org.chuck:chuck@3.0.0': 'direct 28-31',
    // managed only by the imported BOM org.import:import:1.2.3, which is not in the tree
    'org.frank:frank@': 'direct 32-35',
    // from ./parent/pom.xml
    'org.dave:dave@4.0.0': 'direct',
  });
});

test('osv-scalibr pomxml: encodings, dropped and ambiguous interpolations, classifiers, profiles and plugins', async () => {
  assert.deepEqual(summary(await packagesOf(resolve(scalibr, 'encoding.xml'))), {
    'com.mycompany.app:my-app@1.0.0': 'root',
    'junit:junit@4.12': 'direct 16-20',
  });
  // A dependency without a groupId is dropped; ${foo} in an artifactId is evaluated.
  assert.deepEqual(summary(await packagesOf(resolve(scalibr, 'interpolate-drop.xml'))), { 'com.example:actual-artifact@1.0.0': 'direct 11-15' });
  // Two declarations resolving to one artifact: one package, both places.
  assert.deepEqual(summary(await packagesOf(resolve(scalibr, 'ambiguous-interpolation.xml'))), { 'com.example:common-lib@1.0.0': 'direct 8-12 13-17' });
  assert.deepEqual(summary(await packagesOf(resolve(scalibr, 'with-multiple-classifiers.xml'))), { 'com.example:my-lib@1.0.0': 'direct 8-13 14-18' });
  assert.deepEqual(summary(await packagesOf(resolve(scalibr, 'multi-version.xml'))), {
    'abc:example.com@1.0.0': 'direct 8-12',
    'abc:example.com@1.1.1': 'direct 13-17',
  });
  // Profiles are not evaluated (trivy does not either); plugin dependencies are not the project's.
  assert.deepEqual(summary(await packagesOf(resolve(scalibr, 'profiles.xml'))), {});
  assert.deepEqual(summary(await packagesOf(resolve(scalibr, 'plugin-dependency.xml'))), {
    'com.example:test-app@1.0.0': 'root',
    'com.example:hijack-lib@1.0.0': 'direct 27-31',
  });
});

// --- behaviour on inline POM trees -----------------------------------------------------------------

const REGISTRY = 'https://registry.example.org/maven2';

test('properties: nested, project.*, parent.*, loops and unknown ones make the version empty', async () => {
  const packages = await packagesOfTree({
    'pom.xml': `<project>
  <parent><groupId>org.example</groupId><artifactId>parent</artifactId><version>7</version></parent>
  <artifactId>app</artifactId>
  <version>2.0.0</version>
  <properties>
    <base>1.2</base>
    <lib.version>\${base}.3</lib.version>
    <loop.a>\${loop.b}</loop.a>
    <loop.b>\${loop.a}</loop.b>
  </properties>
  <repositories><repository><id>example</id><url>${REGISTRY}</url></repository></repositories>
  <dependencies>
    <dependency><groupId>org.example</groupId><artifactId>nested</artifactId><version>\${lib.version}</version></dependency>
    <dependency><groupId>\${project.groupId}</groupId><artifactId>sibling</artifactId><version>\${project.version}</version></dependency>
    <dependency><groupId>org.example</groupId><artifactId>bom-user</artifactId><version>\${parent.version}</version></dependency>
    <dependency><groupId>org.example</groupId><artifactId>looping</artifactId><version>\${loop.a}</version></dependency>
    <dependency><groupId>org.example</groupId><artifactId>env</artifactId><version>\${env.LIB_VERSION}</version></dependency>
    <dependency><groupId>org.example</groupId><artifactId>partial</artifactId><version>\${base}-\${missing}</version></dependency>
  </dependencies>
</project>`,
  });
  assert.deepEqual(Object.keys(summary(packages)), [
    'org.example:app@2.0.0',
    'org.example:nested@1.2.3',
    'org.example:sibling@2.0.0',
    'org.example:bom-user@7',
    'org.example:looping@',
    'org.example:env@',
    'org.example:partial@',
  ]);
});

test('a BOM that is a module of the tree manages versions through an import; optional and system scopes are dev', async () => {
  const packages = await packagesOfTree({
    'pom.xml': `<project>
  <groupId>org.example</groupId><artifactId>root</artifactId><version>1.0</version>
  <modules><module>bom</module><module>app/pom.xml</module></modules>
</project>`,
    'bom/pom.xml': `<project>
  <parent><groupId>org.example</groupId><artifactId>root</artifactId><version>1.0</version></parent>
  <artifactId>bom</artifactId>
  <properties><guava.version>31.1-jre</guava.version></properties>
  <dependencyManagement><dependencies>
    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId><version>\${guava.version}</version></dependency>
    <dependency><groupId>org.example</groupId><artifactId>tool</artifactId><version>3</version><scope>test</scope></dependency>
  </dependencies></dependencyManagement>
</project>`,
    'app/pom.xml': `<project>
  <parent><groupId>org.example</groupId><artifactId>root</artifactId><version>1.0</version><relativePath>..</relativePath></parent>
  <artifactId>app</artifactId>
  <dependencyManagement><dependencies>
    <dependency><groupId>org.example</groupId><artifactId>bom</artifactId><version>\${project.version}</version><type>pom</type><scope>import</scope></dependency>
  </dependencies></dependencyManagement>
  <dependencies>
    <dependency><groupId>com.google.guava</groupId><artifactId>guava</artifactId></dependency>
    <dependency><groupId>org.example</groupId><artifactId>tool</artifactId></dependency>
    <dependency><groupId>org.example</groupId><artifactId>opt</artifactId><version>1</version><optional>true</optional></dependency>
    <dependency><groupId>org.example</groupId><artifactId>sys</artifactId><version>1</version><scope>system</scope></dependency>
  </dependencies>
</project>`,
  });
  assert.deepEqual(summary(packages), {
    'org.example:root@1.0': 'root',
    'org.example:bom@1.0': 'workspace',
    'org.example:app@1.0': 'workspace',
    'com.google.guava:guava@31.1-jre': 'direct',
    'org.example:tool@3': 'direct:dev',
    'org.example:opt@1': 'direct:dev',
    'org.example:sys@1': 'direct:dev',
  });
  assert.deepEqual(edges(packages)['org.example:root@1.0'], ['org.example:app@1.0', 'org.example:bom@1.0']);
});

test('a dependency declared with runtime and test scope in two modules is not dev; a parent loop ends', async () => {
  const packages = await packagesOfTree({
    'pom.xml': `<project><groupId>g</groupId><artifactId>root</artifactId><version>1</version>
  <parent><groupId>g</groupId><artifactId>a</artifactId><version>1</version><relativePath>a</relativePath></parent>
  <modules><module>a</module><module>b</module></modules></project>`,
    'a/pom.xml': `<project><parent><groupId>g</groupId><artifactId>root</artifactId><version>1</version></parent><artifactId>a</artifactId>
  <dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>1</version><scope>test</scope></dependency></dependencies></project>`,
    'b/pom.xml': `<project><parent><groupId>g</groupId><artifactId>root</artifactId><version>1</version></parent><artifactId>b</artifactId>
  <dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>1</version></dependency></dependencies></project>`,
  });
  assert.equal(summary(packages)['x:y@1'], 'direct');
  assert.equal(summary(packages)['g:a@1'], 'workspace');
});

test('character references, CDATA, comments, namespaces prefixes and a UTF-16 document', async () => {
  const text = `<?xml version="1.0" encoding="UTF-16"?>
<!DOCTYPE project [ <!ENTITY x "y"> ]>
<pom:project xmlns:pom="http://maven.apache.org/POM/4.0.0">
  <!-- <dependency> in a comment is not one -->
  <pom:dependencies>
    <pom:dependency>
      <pom:groupId>org.ex&#97;mple</pom:groupId>
      <pom:artifactId><![CDATA[a&b]]></pom:artifactId>
      <pom:version>1.0&lt;2</pom:version>
    </pom:dependency>
  </pom:dependencies>
</pom:project>`;
  const content = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const result = await pomAnalyzer.analyze({ path: 'pom.xml', content, readFile: async () => undefined });
  assert.deepEqual(summary(result.applications![0].packages), { 'org.example:a&b@1.0<2': 'direct 6-10' });
});
