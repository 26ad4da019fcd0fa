import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { gradleLockAnalyzer } from '../../../../src/analyzer/lang/java/gradle-lock.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture } from '../../../support/analyze-file.js';
import { sharedPath } from '../../../support/paths.js';

const trivyParser = sharedPath('fixtures/trivy-unit/dependency/parser/gradle/lockfile/testdata');
const trivyAnalyzer = sharedPath('fixtures/trivy-unit/fanal/analyzer/language/java/gradle/testdata/lockfiles');
const osvScanner = sharedPath('fixtures/lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/gradle');
const osvDetector = sharedPath('fixtures/lockfiles/osv-detector-pkg/lockfile/testdata/gradle');
const scalibr = sharedPath('fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/java/gradlelockfile/testdata');

async function packagesOf(absPath: string, relPath = 'gradle.lockfile'): Promise<Package[]> {
  const result = await analyzeFixture(gradleLockAnalyzer, absPath, relPath);
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['gradle', 'Maven', 'maven', relPath]);
  return app.packages;
}

async function packagesOfText(text: string, path = 'gradle.lockfile'): Promise<Package[]> {
  const result = await gradleLockAnalyzer.analyze({ path, content: Buffer.from(text), readFile: async () => undefined });
  return result.applications![0].packages;
}

/** `id` → `[dev ]line line...`. */
const summary = (packages: Package[]): Record<string, string> =>
  Object.fromEntries(packages.map((p) => [p.id, [...(p.dev ? ['dev'] : []), ...p.locations!.map((l) => `${l.startLine}`)].join(' ')]));

test('wants gradle.lockfile and *gradle.lockfile, and Gradle 6 gradle/dependency-locks/*.lockfile', () => {
  const wants = (path: string) => gradleLockAnalyzer.wants({ path, size: 1 });
  assert.ok(wants('gradle.lockfile'));
  assert.ok(wants('app/settings-gradle.lockfile'));
  assert.ok(wants('buildscript-gradle.lockfile'));
  assert.ok(wants('gradle/dependency-locks/compileClasspath.lockfile'));
  assert.ok(wants('sub/gradle/dependency-locks/testRuntimeClasspath.lockfile'));
  assert.ok(!wants('other.lockfile'));
  assert.ok(!wants('gradle.lockfile.bak'));
});

test('trivy happy.lockfile: test-only configurations are dev, indented lines count, an indented comment does not', async () => {
  // trivy's parse_test.go: the four modules; junit (testCompileClasspath, testRuntimeClasspath) is Dev.
  assert.deepEqual(summary(await packagesOf(resolve(trivyParser, 'happy.lockfile'))), {
    'cglib:cglib-nodep@2.1.2': '4',
    'junit:junit@4.13.2': 'dev 5',
    'org.springframework:spring-asm@3.1.3.RELEASE': '6',
    'org.springframework:spring-beans@5.0.5.RELEASE': '7',
  });
  assert.deepEqual(await packagesOf(resolve(trivyParser, 'empty.lockfile')), []);
});

test('trivy analyzer lockfiles: junit and hamcrest in main and test classpaths are not dev', async () => {
  assert.deepEqual(summary(await packagesOf(resolve(trivyAnalyzer, 'happy/gradle.lockfile'))), {
    'junit:junit@4.13': '4',
    'org.hamcrest:hamcrest-core@1.3': '5',
  });
  assert.deepEqual(await packagesOf(resolve(trivyAnalyzer, 'empty/gradle.lockfile')), []);
});

test('osv-scanner, osv-detector and osv-scalibr fixtures: packages, comments, empty files, bad lines skipped', async () => {
  for (const dir of [osvScanner, osvDetector, scalibr]) {
    assert.deepEqual(summary(await packagesOf(resolve(dir, 'one-pkg'))), { 'org.springframework.security:spring-security-crypto@5.7.3': '4' });
    assert.deepEqual(summary(await packagesOf(resolve(dir, '5-pkg'))), {
      'org.springframework.boot:spring-boot-autoconfigure@2.7.4': '5',
      'org.springframework.boot:spring-boot-configuration-processor@2.7.5': '6',
      'org.springframework.boot:spring-boot-devtools@2.7.6': '7',
      'org.springframework.boot:spring-boot-starter-aop@2.7.7': '8',
      'org.springframework.boot:spring-boot-starter-data-jpa@2.7.8': '9',
    });
    assert.deepEqual(await packagesOf(resolve(dir, 'only-comments')), []);
    assert.deepEqual(await packagesOf(resolve(dir, 'only-empty')), []);
    assert.deepEqual(summary(await packagesOf(resolve(dir, 'with-bad-pkg'))), {
      'org.springframework.boot:spring-boot-autoconfigure@2.7.4': '7',
      'org.springframework.boot:spring-boot-configuration-processor@2.7.5': '14',
    });
  }
});

test('trivy integration repo gradle: one module', async () => {
  assert.deepEqual(summary(await packagesOf(sharedPath('fixtures/trivy-integration/fixtures/repo/gradle/gradle.lockfile'))), {
    'com.fasterxml.jackson.core:jackson-databind@2.9.1': '4',
  });
});

test('a module listed twice is one package with both lines; it is dev only if every line is test-only', async () => {
  const packages = await packagesOfText('a:b:1=testRuntimeClasspath\r\nc:d:2=testCompileClasspath, testRuntimeClasspath\r\na:b:1=runtimeClasspath\r\ne:f:3:extra=x\r\n:g:4=x\r\n');
  assert.deepEqual(summary(packages), { 'a:b@1': '1 3', 'c:d@2': 'dev 2' });
  assert.deepEqual(packages.map((p) => p.relationship), [undefined, undefined]);
});

test('Gradle 6 per-configuration lockfiles: no `=`, the file name is the configuration', async () => {
  const text = '# comment\norg.example:lib:1.0\n';
  assert.deepEqual(summary(await packagesOfText(text, 'gradle/dependency-locks/testCompileClasspath.lockfile')), { 'org.example:lib@1.0': 'dev 2' });
  assert.deepEqual(summary(await packagesOfText(text, 'gradle/dependency-locks/compileClasspath.lockfile')), { 'org.example:lib@1.0': '2' });
  // In a gradle.lockfile a line without configurations is not a lock entry.
  assert.deepEqual(await packagesOfText(text), []);
});

test('binary garbage yields no packages rather than an error', async () => {
  const result = await gradleLockAnalyzer.analyze({ path: 'gradle.lockfile', content: Buffer.from([0, 1, 2, 0xff, 0x3a, 0x3a, 0x0a]), readFile: async () => undefined });
  assert.deepEqual(result.applications![0].packages, []);
});
