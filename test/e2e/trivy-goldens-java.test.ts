/**
 * Java against trivy's expected outputs: the fixture DB's Maven advisories (java.yaml) converted
 * to OSV, the fixture repos sbt, pom and gradle, and a war laid out as in trivy's spring4shell
 * image.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runPicket } from '../support/cli.js';
import { buildTrivyFixtureDb } from '../support/fixture-db.js';
import { assertMatchesGolden, readGolden, scanFixtureRepo, vulnKey, type JsonReport } from '../support/golden.js';
import { tempDir } from '../support/temp.js';

const cacheDir = tempDir();
before(async () => {
  await buildTrivyFixtureDb(cacheDir, ['java.yaml']);
});

const scan = (repo: string, extra: string[] = []) => scanFixtureRepo(repo, cacheDir, extra);

/** jackson-databind 2.9.1 in java.yaml: `>= 2.0.0, <= 2.9.10.3` (ghsa, patched 2.9.10.4) and `[2.9.0,2.9.10.7)` (GitLab). */
const jacksonFindings = [
  'CVE-2020-9548 | com.fasterxml.jackson.core:jackson-databind | 2.9.1 | 2.9.10.4 | CRITICAL',
  'CVE-2021-20190 | com.fasterxml.jackson.core:jackson-databind | 2.9.1 | 2.9.10.7 | HIGH',
];

const packageLines = (report: JsonReport) =>
  report.Results!.flatMap((r) => (r.Packages ?? []).map((p) => `${p.ID} ${p.Relationship ?? '-'} ${JSON.stringify(p.Locations ?? [])}`)).sort();

test('sbt matches sbt.json.golden (the golden lists findings only, no packages)', async () => {
  const report = await scan('sbt');
  for (const result of report.Results ?? []) delete result.Packages;
  assertMatchesGolden(report, readGolden('sbt.json.golden'));
});

test('pom (no JSON golden): the project and its one runtime dependency, located; test and provided scopes left out', async () => {
  // From fixtures/repo/pom/pom.xml and the fixture DB: the same two packages trivy lists for this
  // POM (pom-cyclonedx.json.golden, a CycloneDX rendering of the same scan), and jackson's two advisories.
  const report = await scan('pom');
  assert.deepEqual(report.Results!.map((r) => `${r.Target} ${r.Class} ${r.Type}`), ['pom.xml lang-pkgs pom']);
  assert.deepEqual(packageLines(report), [
    'com.example:log4shell@1.0-SNAPSHOT root []',
    'com.fasterxml.jackson.core:jackson-databind@2.9.1 direct [{"StartLine":41,"EndLine":45}]',
  ]);
  const [result] = report.Results!;
  assert.deepEqual(result.Vulnerabilities!.map(vulnKey).sort(), jacksonFindings);
  assert.ok(result.Vulnerabilities!.every((v) => v.Status === 'fixed'));

  // With --include-dev-deps the servlet API (provided) and JUnit (test) are listed too; none has an advisory.
  const all = await scan('pom', ['--include-dev-deps']);
  assert.equal(all.Results![0].Packages!.length, 5);
  assert.deepEqual(all.Results![0].Vulnerabilities!.map(vulnKey).sort(), jacksonFindings);
});

test('gradle (no golden): the one locked module on its line, jackson advisories', async () => {
  const report = await scan('gradle');
  assert.deepEqual(report.Results!.map((r) => `${r.Target} ${r.Class} ${r.Type}`), ['gradle.lockfile lang-pkgs gradle']);
  assert.deepEqual(packageLines(report), ['com.fasterxml.jackson.core:jackson-databind@2.9.1 - [{"StartLine":4,"EndLine":4}]']);
  assert.deepEqual(report.Results![0].Vulnerabilities!.map(vulnKey).sort(), jacksonFindings);
});

test('jar: a war laid out as in the spring4shell image gets the golden\'s spring-beans finding, on the nested jar', async () => {
  // spring4shell-jre11.json.golden scans an image with usr/local/tomcat/webapps/helloworld.war;
  // its Java result has one finding, on WEB-INF/lib/spring-beans-5.3.15.jar. The same layout is
  // built here: a war holding a spring-beans jar identified by its pom.properties, and a jar
  // without advisories.
  const root = tempDir('picket-spring4shell-');
  const work = tempDir('picket-war-');
  const file = (path: string, text: string) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  const jar = (out: string, dir: string) => {
    mkdirSync(dirname(out), { recursive: true });
    execFileSync('jar', ['--create', '--file', out, '-C', dir, '.']);
  };
  file(join(work, 'beans/META-INF/maven/org.springframework/spring-beans/pom.properties'), 'groupId=org.springframework\nartifactId=spring-beans\nversion=5.3.15\n');
  jar(join(work, 'war/WEB-INF/lib/spring-beans-5.3.15.jar'), join(work, 'beans'));
  file(join(work, 'other/META-INF/maven/org.example/other/pom.properties'), 'groupId=org.example\nartifactId=other\nversion=1.0\n');
  jar(join(work, 'war/WEB-INF/lib/other-1.0.jar'), join(work, 'other'));
  file(join(work, 'war/index.jsp'), '<html></html>\n');
  jar(join(root, 'usr/local/tomcat/webapps/helloworld.war'), join(work, 'war'));

  const r = await runPicket(['fs', root, '--format', 'json', '--cache-dir', cacheDir, '--skip-db-update']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as JsonReport;
  const golden = readGolden('spring4shell-jre11.json.golden').Results!.find((x) => x.Type === 'jar')!;
  const goldenVulns = golden.Vulnerabilities as Array<{ PkgPath: string } & Parameters<typeof vulnKey>[0]>;
  const withFindings = report.Results!.filter((x) => x.Vulnerabilities?.length);
  assert.deepEqual(withFindings.map((x) => `${x.Class} ${x.Type}`), ['lang-pkgs jar']);
  assert.deepEqual(withFindings[0].Vulnerabilities!.map(vulnKey), goldenVulns.map(vulnKey));
  // As trivy: every jar under one "Java" target, each finding with its PkgPath.
  assert.equal(withFindings[0].Target, golden.Target);
  assert.deepEqual(withFindings[0].Vulnerabilities!.map((v) => (v as { PkgPath?: string }).PkgPath), goldenVulns.map((v) => v.PkgPath));
});
