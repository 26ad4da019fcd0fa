/**
 * What a scan reports and how it exits, with the built CLI on real inputs: a project holding a
 * vulnerable lockfile (trivy's npm fixture), a Dockerfile failing DS-0002 and a script with two
 * tokens (trivy's secrets fixture); trivy's gomod fixture with trivy's OpenVEX document; a root
 * filesystem of an end-of-life Debian; the Debian test image. Exit codes per finding class,
 * `--exit-on-eol`, `--vex`, the YAML ignore file, `--baseline`.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gateExitCode } from '../../src/report/filter.js';
import type { Report, Result } from '../../src/report/model.js';
import type { ResultWithSuppressed } from '../../src/report/vex/modified-finding.js';
import { runPicket, type CliResult } from '../support/cli.js';
import { buildTrivyFixtureDb, trivyIntegration } from '../support/fixture-db.js';
import { readGolden, vulnKey } from '../support/golden.js';
import { cacheDirWithDb } from '../support/image-db.js';
import { tempDir } from '../support/temp.js';
import { debianImage } from '../support/test-images.js';

const cacheDir = tempDir('picket-gates-cache-');
const repo = (name: string) => trivyIntegration(`fixtures/repo/${name}`);
const JQUERY = 'CVE-2019-11358';

before(async () => {
  await buildTrivyFixtureDb(cacheDir, ['nodejs.yaml', 'go.yaml']);
});

/** A project with one finding of each class: jquery (MEDIUM), DS-0002 (HIGH), two tokens (CRITICAL). */
function project(): string {
  const dir = tempDir('picket-gates-project-');
  copyFileSync(join(repo('npm'), 'package-lock.json'), join(dir, 'package-lock.json'));
  copyFileSync(join(repo('dockerfile'), 'Dockerfile'), join(dir, 'Dockerfile'));
  copyFileSync(join(repo('secrets'), 'deploy.sh'), join(dir, 'deploy.sh'));
  return dir;
}

const ALL_SCANNERS = ['--scanners', 'vuln,secret,misconfig'];

function scan(path: string, args: string[], options: { cwd?: string; env?: Record<string, string>; command?: string } = {}): Promise<CliResult> {
  return runPicket([options.command ?? 'fs', path, '--cache-dir', cacheDir, '--skip-db-update', '--no-progress', ...args], options);
}

function findings(stdout: string): string[] {
  const report = JSON.parse(stdout) as Report;
  return report.Results.flatMap((r) => [
    ...(r.Vulnerabilities ?? []).map((v) => `${r.Target} ${v.VulnerabilityID} ${v.PkgName}`),
    ...(r.Misconfigurations ?? []).filter((m) => m.Status === 'FAIL').map((m) => `${r.Target} ${m.ID}`),
    ...(r.Secrets ?? []).map((s) => `${r.Target} ${s.RuleID}`),
  ]).sort();
}

const suppressedOf = (stdout: string) => (JSON.parse(stdout) as Report).Results.flatMap((r) => ((r as ResultWithSuppressed).ExperimentalModifiedFindings ?? []).map((m) => {
  const f = m.Finding as { VulnerabilityID?: string; ID?: string; RuleID?: string };
  return `${r.Target} ${m.Type} ${m.Status} ${f.VulnerabilityID ?? f.ID ?? f.RuleID} | ${m.Statement}`;
})).sort();

test('exit codes: per class in the order vuln, secret, misconfig, license; else --exit-code; else 0', async () => {
  const dir = project();
  const classCodes = ['--exit-code-vuln', '11', '--exit-code-secret', '12', '--exit-code-misconfig', '13', '--exit-code-license', '14'];
  const cases: [string[], number][] = [
    [[...ALL_SCANNERS], 0],
    [[...ALL_SCANNERS, '--exit-code', '1'], 1],
    [[...ALL_SCANNERS, ...classCodes, '--exit-code', '1'], 11],
    [['--scanners', 'secret,misconfig', ...classCodes, '--exit-code', '1'], 12],
    [['--scanners', 'misconfig', ...classCodes], 13],
    // A class without a code of its own falls back to --exit-code.
    [['--scanners', 'secret', '--exit-code-vuln', '11', '--exit-code', '3'], 3],
    [['--scanners', 'vuln', '--exit-code-secret', '12'], 0],
    // Filtered-out findings do not gate: jquery's finding is MEDIUM.
    [['--scanners', 'vuln', '--severity', 'HIGH,CRITICAL', '--exit-code-vuln', '11'], 0],
  ];
  for (const [args, code] of cases) {
    const r = await scan(dir, ['-f', 'json', '-q', ...args]);
    assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
  }
  // The gates are options like any other: environment variables set them too.
  const env = await scan(dir, ['-f', 'json', '-q', '--scanners', 'vuln'], { env: { PICKET_EXIT_CODE_VULN: '21' } });
  assert.equal(env.code, 21, env.stderr);
});

test('--exit-code-license gates licence findings, after vulnerabilities, secrets and checks', () => {
  const report = JSON.parse(readFileSync(trivyIntegration('alpine-310.json.golden'), 'utf8')) as Report;
  const licenses: Result = { Target: 'OS Packages', Class: 'license', Licenses: [{ Severity: 'HIGH', Category: 'restricted', PkgName: 'musl', FilePath: '', Name: 'GPL-3.0-only', Text: '', Confidence: 1, Link: '' }] } as Result;
  const gates = { any: 0, vuln: 0, secret: 0, misconfig: 0, license: 14, eol: 0 };
  assert.equal(gateExitCode(report, gates), 0, 'vulnerabilities only');
  report.Results.push(licenses);
  assert.equal(gateExitCode(report, gates), 14);
  assert.equal(gateExitCode(report, { ...gates, vuln: 11 }), 11);
  report.Results = [licenses];
  assert.equal(gateExitCode(report, { ...gates, license: 0, any: 1 }), 1);
});

test('--exit-on-eol: the code when the OS is past its end of support and no finding set one', async () => {
  const root = tempDir('picket-gates-rootfs-');
  mkdirSync(join(root, 'etc'));
  writeFileSync(join(root, 'etc', 'os-release'), 'PRETTY_NAME="Debian GNU/Linux 9 (stretch)"\nNAME="Debian GNU/Linux"\nVERSION_ID="9"\nVERSION="9 (stretch)"\nID=debian\n');
  writeFileSync(join(root, 'etc', 'debian_version'), '9.13\n');
  const plain = await scan(root, ['-f', 'json'], { command: 'rootfs' });
  assert.equal(plain.code, 0, plain.stderr);
  assert.deepEqual((JSON.parse(plain.stdout) as Report).Metadata?.OS, { Family: 'debian', Name: '9.13', EOSL: true });
  assert.equal((await scan(root, ['-f', 'json', '-q', '--exit-on-eol', '7'], { command: 'rootfs' })).code, 7);
  // An installed npm package with a finding: --exit-code comes first.
  mkdirSync(join(root, 'usr', 'lib', 'node_modules', 'jquery'), { recursive: true });
  writeFileSync(join(root, 'usr', 'lib', 'node_modules', 'jquery', 'package.json'), JSON.stringify({ name: 'jquery', version: '3.3.9', license: 'MIT' }));
  const both = await scan(root, ['-f', 'json', '-q', '--exit-on-eol', '7', '--exit-code', '1'], { command: 'rootfs' });
  assert.equal(both.code, 1, both.stderr);
  assert.deepEqual(findings(both.stdout), [`Node.js ${JQUERY} jquery`]);
  // A current release does not trigger it.
  writeFileSync(join(root, 'etc', 'debian_version'), '12.5\n');
  writeFileSync(join(root, 'etc', 'os-release'), 'NAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n');
  assert.equal((await scan(root, ['-f', 'json', '-q', '--exit-on-eol', '7'], { command: 'rootfs' })).code, 0);
});

test('--vex with trivy\'s OpenVEX document on trivy\'s gomod fixture gives gomod-vex.json.golden; --show-suppressed lists what it took out', async () => {
  const vex = trivyIntegration('fixtures/vex/file/openvex.json');
  const without = await scan(repo('gomod'), ['-f', 'json', '-q']);
  assert.ok(findings(without.stdout).includes('go.mod CVE-2022-23628 github.com/open-policy-agent/opa'));
  const r = await scan(repo('gomod'), ['-f', 'json', '-q', '--vex', vex, '--show-suppressed']);
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as Report;
  const golden = readGolden('gomod-vex.json.golden');
  for (const exp of golden.Results!) {
    const act = report.Results.find((x) => x.Target === exp.Target)!;
    assert.deepEqual(act.Vulnerabilities!.map(vulnKey).sort(), exp.Vulnerabilities!.map(vulnKey).sort(), exp.Target);
  }
  assert.deepEqual(suppressedOf(r.stdout), ['go.mod vulnerability not_affected CVE-2022-23628 | vulnerable_code_not_in_execute_path']);
  const modified = (report.Results.find((x) => x.Target === 'go.mod') as ResultWithSuppressed).ExperimentalModifiedFindings![0];
  assert.equal(modified.Source, vex);
  assert.equal((modified.Finding as { PkgIdentifier: { PURL: string } }).PkgIdentifier.PURL, 'pkg:golang/github.com/open-policy-agent/opa@v0.35.0');
  // Without --show-suppressed the report does not list them.
  const quiet = await scan(repo('gomod'), ['-f', 'json', '-q', '--vex', vex]);
  assert.deepEqual(suppressedOf(quiet.stdout), []);
});

test('--vex is repeatable and takes CycloneDX VEX; a suppressed finding no longer gates; a bad VEX file is one line', async () => {
  const dir = tempDir();
  const cdx = join(dir, 'jquery.cdx.json');
  writeFileSync(cdx, JSON.stringify({
    bomFormat: 'CycloneDX', specVersion: '1.5', version: 1,
    vulnerabilities: [{ id: JQUERY, analysis: { state: 'not_affected', justification: 'code_not_reachable', detail: '$.extend is never called with user input' }, affects: [{ ref: 'urn:cdx:f08a6ccd-4dce-4759-bd84-c626675d60a7/1#pkg:npm/jquery@3.3.9' }] }],
  }));
  const gomodVex = trivyIntegration('fixtures/vex/file/openvex.json');
  const gated = await scan(repo('npm'), ['-f', 'json', '-q', '--exit-code', '1']);
  assert.equal(gated.code, 1);
  const r = await scan(repo('npm'), ['-f', 'json', '-q', '--exit-code', '1', '--vex', gomodVex, '--vex', cdx, '--show-suppressed']);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(findings(r.stdout), []);
  assert.deepEqual(suppressedOf(r.stdout), [`package-lock.json vulnerability not_affected ${JQUERY} | code_not_reachable`]);

  writeFileSync(join(dir, 'bad.json'), '{"statements": []}');
  for (const [file, message] of [[join(dir, 'none.json'), /^picket: cannot read VEX .*none\.json: no such file$/], [join(dir, 'bad.json'), /^picket: VEX .*bad\.json: neither OpenVEX/]] as const) {
    const bad = await scan(repo('npm'), ['-q', '--vex', file]);
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr.trimEnd().split('\n').length, 1, bad.stderr);
    assert.match(bad.stderr.trimEnd(), message);
  }
});

test('.trivyignore.yaml in the working directory is read: ignores by purl, file and rule; an expired entry warns and gates again', async () => {
  const dir = project();
  writeFileSync(join(dir, '.trivyignore.yaml'), `vulnerabilities:
  - id: ${JQUERY}
    purls: [pkg:npm/jquery]
    statement: jquery is only used by the docs site
misconfigurations:
  - id: AVD-DS-0002
    paths: [Dockerfile]
secrets:
  - id: aws-access-key-id
    paths: ["*.sh"]
  - id: github-pat
    expired_at: 2020-01-01
`);
  const r = await scan('.', ['-f', 'json', ...ALL_SCANNERS, '--exit-code', '1', '--show-suppressed'], { cwd: dir });
  assert.equal(r.code, 1, r.stderr);
  assert.deepEqual(findings(r.stdout), ['deploy.sh github-pat']);
  assert.match(r.stderr, /WARN\t\.trivyignore\.yaml:11: the entry for github-pat expired on 2020-01-01: it no longer suppresses findings/);
  assert.deepEqual(suppressedOf(r.stdout), [
    'Dockerfile misconfiguration ignored DS-0002 | ',
    `package-lock.json vulnerability ignored ${JQUERY} | jquery is only used by the docs site`,
    'deploy.sh secret ignored aws-access-key-id | ',
  ].sort());
  // A YAML file named with --ignorefile (.yml) is read as YAML; the line-form .trivyignore too, by id.
  const rules = join(dir, 'rules.yml');
  writeFileSync(rules, 'secrets:\n  - paths: ["**/*.sh"]\n');
  const named = await scan(dir, ['-f', 'json', '-q', ...ALL_SCANNERS, '--ignorefile', rules]);
  assert.deepEqual(findings(named.stdout), [`Dockerfile DS-0002`, `package-lock.json ${JQUERY} jquery`]);
});

test('--baseline: only findings new since that report are reported and gate; the same tree against its own report is clean', async () => {
  const dir = project();
  const baseline = join(tempDir(), 'baseline.json');
  const first = await scan(dir, [...ALL_SCANNERS, '-f', 'json', '-o', baseline, '-q']);
  assert.equal(first.code, 0, first.stderr);
  const same = await scan(dir, [...ALL_SCANNERS, '-f', 'json', '--baseline', baseline, '--exit-code', '1']);
  assert.equal(same.code, 0, same.stderr);
  assert.deepEqual(findings(same.stdout), []);
  assert.match(same.stderr, /INFO\tbaseline: 4 findings already in the baseline report left out/);

  // New since the baseline: a go.mod with findings, a second script with a token, a second Dockerfile.
  mkdirSync(join(dir, 'svc'));
  copyFileSync(join(repo('gomod'), 'go.mod'), join(dir, 'svc', 'go.mod'));
  copyFileSync(join(repo('gomod'), 'go.sum'), join(dir, 'svc', 'go.sum'));
  copyFileSync(join(repo('secrets'), 'deploy.sh'), join(dir, 'svc', 'release.sh'));
  copyFileSync(join(repo('dockerfile'), 'Dockerfile'), join(dir, 'svc', 'Dockerfile'));
  const next = await scan(dir, [...ALL_SCANNERS, '-f', 'json', '-q', '--baseline', baseline, '--exit-code', '1']);
  assert.equal(next.code, 1, next.stderr);
  assert.deepEqual(findings(next.stdout), [
    'svc/Dockerfile DS-0002',
    'svc/go.mod CVE-2021-38561 golang.org/x/text',
    'svc/go.mod CVE-2022-23628 github.com/open-policy-agent/opa',
    'svc/go.mod GMS-2022-20 github.com/docker/distribution',
    'svc/release.sh aws-access-key-id',
    'svc/release.sh github-pat',
  ]);
  // A finding whose package version changed is new too.
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8')) as { dependencies: Record<string, { version: string }> };
  lock.dependencies.jquery.version = '3.3.1';
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
  const bumped = await scan(dir, ['--scanners', 'vuln', '-f', 'json', '-q', '--baseline', baseline]);
  assert.ok(findings(bumped.stdout).includes(`package-lock.json ${JQUERY} jquery`), bumped.stdout);

  const bad = await scan(dir, ['-q', '--baseline', join(dir, 'Dockerfile')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr.trimEnd(), /^picket: .*Dockerfile is not JSON/);
});

test('--baseline across names of one image: OS findings are matched whatever the artifact is called', async () => {
  const imageCache = await cacheDirWithDb();
  const image = await debianImage();
  const baseline = join(tempDir(), 'image.json');
  const common = ['--cache-dir', imageCache, '--skip-db-update', '-q', '-f', 'json'];
  const first = await runPicket(['image', '--input', image.dockerArchive!, ...common, '-o', baseline], { timeoutMs: 120_000 });
  assert.equal(first.code, 0, first.stderr);
  assert.ok(findings(readFileSync(baseline, 'utf8')).length > 0);
  const again = await runPicket(['image', '--input', `${image.ociLayout}:${image.ociTag}`, ...common, '--baseline', baseline, '--exit-code', '1'], { timeoutMs: 120_000 });
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(findings(again.stdout), []);
});
