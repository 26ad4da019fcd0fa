/**
 * GitLab (container and dependency scanning), GitLab Code Quality, JUnit and GitHub dependency
 * snapshots against trivy's goldens for alpine-310 and npm, field by field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { goldenJson, goldenReport, render, scanFixture, secretsAndMisconfigReport } from './support.js';
import { trivyIntegration } from '../../support/fixture-db.js';
import { readFileSync } from 'node:fs';
import { gitlabErrors } from './schemas.js';

interface GitlabReport { version: string; scan: { type: string; start_time: string }; vulnerabilities: Record<string, unknown>[]; remediations: unknown[] }

test('gitlab, image: container_scanning with trivy\'s findings (id, name, description, severity, solution, location, identifiers, links)', async () => {
  const ours = JSON.parse(await render('gitlab', goldenReport('alpine-310.json.golden'))) as GitlabReport;
  const theirs = goldenJson<GitlabReport>('alpine-310.gitlab.golden');
  assert.deepEqual(gitlabErrors(ours, 'container_scanning'), []);
  assert.equal(ours.version, theirs.version);
  assert.equal(ours.scan.type, 'container_scanning');
  assert.equal(ours.scan.start_time, theirs.scan.start_time);
  assert.deepEqual(ours.vulnerabilities, theirs.vulnerabilities);
  assert.deepEqual(ours.remediations, []);
});

test('gitlab, project tree: dependency_scanning, each finding in its lockfile; same findings as trivy\'s npm golden', async () => {
  const ours = JSON.parse(await render('gitlab', await scanFixture('npm'))) as GitlabReport;
  assert.deepEqual(gitlabErrors(ours, 'dependency_scanning'), []);
  const theirs = goldenJson<GitlabReport>('npm.gitlab.golden');
  const key = (v: Record<string, unknown>) => {
    const loc = v.location as { dependency: { package: { name: string }; version: string } };
    return `${v.id as string} ${loc.dependency.package.name}@${loc.dependency.version} ${v.solution as string} ${(v.identifiers as { type: string; value: string }[])[0].type}:${(v.identifiers as { value: string }[])[0].value}`;
  };
  assert.deepEqual(ours.vulnerabilities.map(key).sort(), theirs.vulnerabilities.map(key).sort());
  assert.ok(ours.vulnerabilities.every((v) => (v.location as { file: string }).file === 'package-lock.json'));
  const gomod = JSON.parse(await render('gitlab', await scanFixture('gomod'))) as GitlabReport;
  assert.deepEqual(gitlabErrors(gomod, 'dependency_scanning'), []);
});

test('gitlab-codequality: trivy\'s issues for alpine-310, fingerprints included; checks and secrets on their lines', async () => {
  const ours = JSON.parse(await render('gitlab-codequality', goldenReport('alpine-310.json.golden'))) as unknown[];
  assert.deepEqual(ours, goldenJson('alpine-310.gitlab-codequality.golden'));
  const mixed = JSON.parse(await render('gitlab-codequality', secretsAndMisconfigReport())) as { description: string; severity: string; location: { path: string; lines: { begin: number } } }[];
  assert.deepEqual(mixed.map((i) => `${i.location.path}:${i.location.lines.begin} ${i.severity} ${i.description}`), [
    'deploy.sh:3 critical aws-access-key-id: AWS Access Key ID',
    'deploy.sh:7 major mysecret: My Secret',
    "Dockerfile:0 major DS-0002: Image user should not be 'root'",
    "Dockerfile:1 minor DS-0001: ':latest' tag used",
  ]);
});

test('junit: trivy\'s test suites and cases for alpine-310; config checks counted from MisconfSummary', async () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true });
  const ours = parser.parse(await render('junit', goldenReport('alpine-310.json.golden'))) as { testsuites: { name: string; testsuite: unknown } };
  const theirs = parser.parse(readFileSync(trivyIntegration('alpine-310.junit.golden'), 'utf8')) as { testsuites: { name: string; testsuite: unknown } };
  assert.equal(ours.testsuites.name, 'picket');
  assert.deepEqual(ours.testsuites.testsuite, theirs.testsuites.testsuite);
  const mixed = parser.parse(await render('junit', secretsAndMisconfigReport())) as { testsuites: { testsuite: { tests: string; failures: string; skipped: string; name: string; testcase?: unknown }[] } };
  assert.deepEqual(mixed.testsuites.testsuite.map((s) => `${s.name} ${s.tests}/${s.failures}`), ['deploy.sh 0/0', 'deploy.sh 0/0', 'deploy.sh 2/2', 'Dockerfile 0/0', 'Dockerfile 27/2']);
  const checks = mixed.testsuites.testsuite[4].testcase as { name: string; failure?: { message: string } }[];
  assert.deepEqual(checks.map((c) => `${c.name} ${c.failure ? 'FAIL' : 'PASS'}`), ['[HIGH] DS-0002 FAIL', '[MEDIUM] DS-0001 FAIL', '[LOW] DS-0005 PASS']);
  assert.equal(checks[1].failure!.message, "':latest' tag used");
});

test('github: dependency snapshot of a scan with every package, CI job from the environment', async () => {
  const report = goldenReport('alpine-310.json.golden');
  // trivy's gsbom golden was made with --list-all-pkgs; alpine-310.json.golden lists none: take the
  // two vulnerable packages with what that golden says of them.
  const golden = goldenJson<{ manifests: Record<string, { name: string; resolved: Record<string, { package_url: string; relationship: string; dependencies?: string[]; scope: string }> }>; job: unknown; ref: string; sha: string; metadata: unknown; version: number; scanned: string }>('alpine-310.gsbom.golden');
  const target = report.Results[0].Target;
  const want = golden.manifests[target].resolved;
  report.Results[0].Packages = ['libcrypto1.1', 'libssl1.1'].map((name) => {
    const v = report.Results[0].Vulnerabilities!.find((x) => x.PkgName === name)!;
    return { ID: v.PkgID, Name: name, Identifier: v.PkgIdentifier, Version: v.InstalledVersion, DependsOn: want[name].dependencies, AnalyzedBy: 'apk' };
  });
  const env = { GITHUB_REF: '/ref/feature-1', GITHUB_SHA: '39da54a1ff04120a31df8cbc94ce9ede251d21a3', GITHUB_WORKFLOW: 'workflow-name', GITHUB_JOB: 'integration', GITHUB_RUN_ID: '1910764383' };
  const ours = JSON.parse(await render('github', report, { env })) as typeof golden;
  assert.deepEqual([ours.version, ours.ref, ours.sha, ours.job, ours.metadata, ours.scanned], [golden.version, golden.ref, golden.sha, golden.job, golden.metadata, golden.scanned]);
  assert.equal(ours.manifests[target].name, 'alpine');
  assert.deepEqual(ours.manifests[target].resolved, { 'libcrypto1.1': want['libcrypto1.1'], 'libssl1.1': want['libssl1.1'] });
  const npm = JSON.parse(await render('github', await scanFixture('npm'))) as { manifests: Record<string, { file?: { source_location: string }; resolved: Record<string, { package_url: string }> }> };
  assert.equal(npm.manifests['package-lock.json'].file?.source_location, 'package-lock.json');
  assert.equal(npm.manifests['package-lock.json'].resolved.jquery.package_url, 'pkg:npm/jquery@3.3.9');
});
