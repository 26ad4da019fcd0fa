/**
 * The jar analyzer on real archives built here with JDK 17's `javac` and `jar` and Info-ZIP's
 * `zip`, and on the real jars Debian ships for Maven 3.8.7 (/usr/share/maven/lib).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { jarAnalyzer } from '../../../../src/analyzer/lang/java/jar.js';
import type { Application } from '../../../../src/analyzer/types.js';
import { rejectsWithParseError } from '../../../support/analyze-file.js';
import { sharedPath } from '../../../support/paths.js';
import { tempDir } from '../../../support/temp.js';

const mavenLib = '/usr/share/maven/lib';
const work = tempDir('picket-jar-');

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** `jar --create` of the directory `from`, with a manifest made of `manifest` lines. */
function makeJar(file: string, from: string, manifest: string[] = [], options: string[] = []): string {
  const mf = join(work, `${Math.random().toString(36).slice(2)}.mf`);
  writeFileSync(mf, manifest.map((l) => `${l}\n`).join(''));
  mkdirSync(from, { recursive: true });
  mkdirSync(dirname(file), { recursive: true });
  execFileSync('jar', ['--create', '--file', file, '--manifest', mf, ...options, '-C', from, '.']);
  return file;
}

function pomProperties(root: string, groupId: string, artifactId: string, version: string): void {
  write(join(root, `META-INF/maven/${groupId}/${artifactId}/pom.properties`), `#Created by Apache Maven 3.8.7\nartifactId=${artifactId}\ngroupId=${groupId}\nversion=${version}\n`);
}

const jars: Record<string, string> = {};

before(() => {
  // One compiled class, packed in the jars below.
  write(join(work, 'src/com/example/Hello.java'), 'package com.example;\npublic class Hello { public static void main(String[] args) { System.out.println("hi"); } }\n');
  execFileSync('javac', ['-d', join(work, 'classes'), join(work, 'src/com/example/Hello.java')]);
  const withClasses = (dir: string) => {
    mkdirSync(join(dir, 'com/example'), { recursive: true });
    copyFileSync(join(work, 'classes/com/example/Hello.class'), join(dir, 'com/example/Hello.class'));
    return dir;
  };

  // pom.properties of the jar itself: the manifest, which says otherwise, is not used.
  const greeter = withClasses(join(work, 'greeter'));
  pomProperties(greeter, 'com.example', 'greeter', '1.2.3');
  jars.greeter = makeJar(join(work, 'libs/greeter-1.2.3.jar'), greeter, ['Implementation-Vendor-Id: com.other', 'Implementation-Title: renamed', 'Implementation-Version: 9']);
  // No pom.properties: the manifest names it (and wins over the file name).
  jars.util = makeJar(join(work, 'libs/util-0.9.jar'), withClasses(join(work, 'util')), [
    'Implementation-Vendor-Id: org.example',
    'Implementation-Title: util',
    'Implementation-Version: 0.9.1',
  ]);
  // OSGi headers only: the groupId is the symbolic name without its last segment.
  jars.osgi = makeJar(join(work, 'libs/osgi-bundle.jar'), withClasses(join(work, 'osgi')), [
    'Bundle-SymbolicName: org.example.osgi.bundle;singleton:=true',
    'Bundle-Name: bundle',
    'Bundle-Version: 4.5.6',
    'Bundle-Vendor: %vendor',
  ]);
  // Titles that are not coordinates: the file name names it, the artifactId standing for the groupId.
  jars.legacy = makeJar(join(work, 'libs/legacy-lib-2.0.jar'), withClasses(join(work, 'legacy')), [
    'Implementation-Title: Legacy Library',
    'Implementation-Vendor: Example Corp',
  ]);
  jars.anonymous = makeJar(join(work, 'libs/anonymous.jar'), withClasses(join(work, 'anonymous')));

  // A war: classes, three libraries (one of them Debian's commons-io) and a broken jar.
  const war = join(work, 'war');
  withClasses(join(war, 'WEB-INF/classes'));
  mkdirSync(join(war, 'WEB-INF/lib'), { recursive: true });
  for (const lib of [jars.greeter, jars.util]) copyFileSync(lib, join(war, 'WEB-INF/lib', lib.split('/').pop()!));
  copyFileSync(join(mavenLib, 'commons-io.jar'), join(war, 'WEB-INF/lib/commons-io-2.11.0.jar'));
  writeFileSync(join(war, 'WEB-INF/lib/broken-1.0.jar'), 'PK\u0003\u0004 not really a zip');
  jars.war = makeJar(join(work, 'deploy/app.war'), war);

  // An ear: the war (jars in a war in an ear) and a library.
  const ear = join(work, 'ear');
  mkdirSync(join(ear, 'lib'), { recursive: true });
  copyFileSync(jars.war, join(ear, 'app.war'));
  copyFileSync(jars.legacy, join(ear, 'lib/legacy-lib-2.0.jar'));
  jars.ear = makeJar(join(work, 'deploy/app.ear'), ear);

  // A Spring Boot fat jar, laid out by hand and zipped with nested jars stored (zip -0), as Spring Boot does.
  const boot = join(work, 'boot');
  withClasses(join(boot, 'BOOT-INF/classes'));
  pomProperties(boot, 'com.example', 'demo', '0.0.1-SNAPSHOT');
  mkdirSync(join(boot, 'BOOT-INF/lib'), { recursive: true });
  copyFileSync(jars.greeter, join(boot, 'BOOT-INF/lib/greeter-1.2.3.jar'));
  copyFileSync(join(mavenLib, 'guava.jar'), join(boot, 'BOOT-INF/lib/guava-31.1-jre.jar'));
  write(join(boot, 'META-INF/MANIFEST.MF'), 'Manifest-Version: 1.0\nMain-Class: org.springframework.boot.loader.JarLauncher\nStart-Class: com.example.Hello\nSpring-Boot-Lib: BOOT-INF/lib/\nImplementation-Title: demo\nImplementation-Version: 0.0.1-SNAPSHOT\n\n');
  jars.boot = join(work, 'deploy/demo-0.0.1-SNAPSHOT.jar');
  execFileSync('zip', ['-q', '-r', '-0', jars.boot, 'META-INF', 'BOOT-INF'], { cwd: boot });
});

async function analyze(file: string, path = file.slice(work.length + 1)): Promise<Application[]> {
  const result = await jarAnalyzer.analyze({ path, content: readFileSync(file), readFile: async () => undefined });
  for (const app of result.applications ?? []) assert.deepEqual([app.type, app.ecosystem, app.purlType], ['jar', 'Maven', 'maven']);
  return result.applications ?? [];
}

/** application path → package ids. */
const inventory = (apps: Application[]): Record<string, string[]> => Object.fromEntries(apps.map((a) => [a.filePath, a.packages.map((p) => p.id)]));

test('wants .jar, .war, .ear and .par archives', () => {
  const wants = (path: string) => jarAnalyzer.wants({ path, size: 1 });
  for (const path of ['a.jar', 'webapps/app.war', 'app.EAR', 'x.par']) assert.ok(wants(path), path);
  for (const path of ['a.jar.sha1', 'a.zip', 'jar']) assert.ok(!wants(path), path);
});

test('a jar with its own pom.properties is that artifact; its manifest is not consulted', async () => {
  assert.deepEqual(inventory(await analyze(jars.greeter)), { 'libs/greeter-1.2.3.jar': ['com.example:greeter@1.2.3'] });
});

test('without pom.properties: the manifest (Implementation-*, then OSGi headers), else the file name', async () => {
  assert.deepEqual(inventory(await analyze(jars.util)), { 'libs/util-0.9.jar': ['org.example:util@0.9.1'] });
  assert.deepEqual(inventory(await analyze(jars.osgi)), { 'libs/osgi-bundle.jar': ['org.example.osgi:bundle@4.5.6'] });
  assert.deepEqual(inventory(await analyze(jars.legacy)), { 'libs/legacy-lib-2.0.jar': ['legacy-lib:legacy-lib@2.0'] });
  assert.deepEqual(await analyze(jars.anonymous), []);
});

test('a war: each library in WEB-INF/lib is an application under the war path; a broken one is skipped', async () => {
  assert.deepEqual(inventory(await analyze(jars.war)), {
    'deploy/app.war/WEB-INF/lib/greeter-1.2.3.jar': ['com.example:greeter@1.2.3'],
    'deploy/app.war/WEB-INF/lib/util-0.9.jar': ['org.example:util@0.9.1'],
    'deploy/app.war/WEB-INF/lib/commons-io-2.11.0.jar': ['commons-io:commons-io@2.11.0'],
  });
});

test('an ear: jars inside a war inside the ear', async () => {
  const apps = inventory(await analyze(jars.ear));
  assert.deepEqual(apps['deploy/app.ear/lib/legacy-lib-2.0.jar'], ['legacy-lib:legacy-lib@2.0']);
  assert.deepEqual(apps['deploy/app.ear/app.war/WEB-INF/lib/greeter-1.2.3.jar'], ['com.example:greeter@1.2.3']);
  assert.equal(Object.keys(apps).length, 4);
});

test('a Spring Boot fat jar: the application itself and its BOOT-INF/lib jars (stored, not deflated)', async () => {
  const listing = execFileSync('unzip', ['-v', jars.boot], { encoding: 'utf8' });
  assert.match(listing, /Stored.*BOOT-INF\/lib\/guava-31\.1-jre\.jar/);
  assert.deepEqual(inventory(await analyze(jars.boot)), {
    'deploy/demo-0.0.1-SNAPSHOT.jar': ['com.example:demo@0.0.1-SNAPSHOT'],
    'deploy/demo-0.0.1-SNAPSHOT.jar/BOOT-INF/lib/greeter-1.2.3.jar': ['com.example:greeter@1.2.3'],
    'deploy/demo-0.0.1-SNAPSHOT.jar/BOOT-INF/lib/guava-31.1-jre.jar': ['com.google.guava:guava@31.1-jre'],
  });
});

test("Maven 3.8.7's own jars: pom.properties, shaded libraries, a manifest restating pom.properties, manifest-less jars", async () => {
  const lib = (name: string) => analyze(join(mavenLib, name), `usr/share/maven/lib/${name}`);
  assert.deepEqual(inventory(await lib('maven-core-3.x.jar')), { 'usr/share/maven/lib/maven-core-3.x.jar': ['org.apache.maven:maven-core@3.8.7'] });
  // The provider jar shades slf4j-simple: both are packages of the one jar.
  assert.deepEqual(inventory(await lib('maven-slf4j-provider-3.x.jar')), {
    'usr/share/maven/lib/maven-slf4j-provider-3.x.jar': ['org.apache.maven:maven-slf4j-provider@3.8.7', 'org.slf4j:slf4j-simple@1.7.32'],
  });
  // Five shaded libraries, none of them the jar itself; it has pom.properties, so no guess from its name.
  assert.deepEqual(inventory(await lib('wagon-http-shaded.jar')), {
    'usr/share/maven/lib/wagon-http-shaded.jar': [
      'commons-codec:commons-codec@1.15',
      'org.apache.httpcomponents:httpclient@4.5.14',
      'org.apache.httpcomponents:httpcore@4.4.16',
      'org.apache.maven.wagon:wagon-http-shared@3.5.3',
      'org.apache.maven.wagon:wagon-http@3.5.3',
    ],
  });
  // jansi.jar: no version in the file name; its manifest (org.fusesource from Bundle-SymbolicName)
  // restates the pom.properties artifact, which trivy would report a second time.
  assert.deepEqual(inventory(await lib('jansi.jar')), { 'usr/share/maven/lib/jansi.jar': ['org.fusesource.jansi:jansi@2.4.0'] });
  // aopalliance: a bare manifest and no pom.properties; named by its file (Debian's aopalliance-1.0.jar).
  assert.deepEqual(inventory(await analyze(join(mavenLib, 'aopalliance.jar'), 'lib/aopalliance-1.0.jar')), { 'lib/aopalliance-1.0.jar': ['aopalliance:aopalliance@1.0'] });
});

test('what is not a ZIP archive is a ParseError naming the file', async () => {
  await rejectsWithParseError(analyze(join(mavenLib, '..', 'bin', 'mvn'), 'bin/mvn.jar'), 'bin/mvn.jar');
  await rejectsWithParseError(analyze(sharedPath('fixtures/trivy-unit/fanal/analyzer/testdata/post-apps/jar/invalid.jar'), 'invalid.jar'), 'invalid.jar');
  await rejectsWithParseError(analyze(sharedPath('fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/java/archive/testdata/invalid_jar.jar'), 'invalid_jar.jar'), 'invalid_jar.jar');
});

test('a .par archive and two pom.properties of one artifact whose versions are equal as Maven versions', async () => {
  const dir = join(work, 'par');
  pomProperties(dir, 'org.example', 'dup', '2.17');
  pomProperties(join(dir, 'copy'), 'org.example', 'dup', '2.17.0');
  const par = makeJar(join(work, 'deploy/app.par'), dir);
  assert.deepEqual(inventory(await analyze(par)), { 'deploy/app.par': ['org.example:dup@2.17'] });
});
