/**
 * The YAML ignore file (`.trivyignore.yaml` shape) next to the line form: parsing (with line
 * numbers in errors), discovery beside the default `.trivyignore`, and what its entries take out
 * of real reports (trivy's goldens: OS packages, a jar inside a war, a Dockerfile check, secrets).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { filterReport } from '../../src/report/filter.js';
import { activeIgnoredIds, loadIgnoreFile, parseIgnoreYaml, type IgnoreRule } from '../../src/report/ignore-file.js';
import type { Report } from '../../src/report/model.js';
import type { ResultWithSuppressed } from '../../src/report/vex/modified-finding.js';
import { sharedPath } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const ALL = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
const golden = (name: string) => JSON.parse(readFileSync(sharedPath(`fixtures/trivy-integration/${name}`), 'utf8')) as Report;
const NOW = new Date('2025-06-01T12:00:00Z');

function filtered(report: Report, rules: IgnoreRule[], warnings: string[] = []): Report {
  return filterReport(report, { severities: [...ALL], ignoreUnfixed: false, ignoredIds: activeIgnoredIds(rules, NOW), ignoreRules: rules, now: NOW, showSuppressed: true, onWarning: (m) => warnings.push(m) });
}

const suppressed = (r: Report) => r.Results.flatMap((x) => ((x as ResultWithSuppressed).ExperimentalModifiedFindings ?? []).map((m) => `${m.Type} ${m.Status} ${(m.Finding as { VulnerabilityID?: string; ID?: string; RuleID?: string }).VulnerabilityID ?? (m.Finding as { ID?: string }).ID ?? (m.Finding as { RuleID?: string }).RuleID} | ${m.Statement} | ${m.Source}`));

const YAML = `# .trivyignore.yaml
vulnerabilities:
  - id: CVE-2019-1549
    purls:
      - pkg:apk/alpine/libssl1.1
    statement: libssl is not used for TLS here
  - id: CVE-2022-22965
    paths:
      - "**/helloworld.war/**"
    expired_at: 2025-12-31
  - id: CVE-2019-1551
    expired_at: 2024-01-01
misconfigurations:
  - id: AVD-DS-0002
    paths:
      - Dockerfile
    statement: the image needs root
secrets:
  - id: aws-access-key-id
    paths: ["*.sh"]
licenses:
  - id: GPL-3.0
    paths: [usr/share/doc/**]
`;

test('parse: each section\'s entries with their kind, line, globs, purls, expiry and statement', () => {
  const rules = parseIgnoreYaml(YAML, '.trivyignore.yaml');
  assert.deepEqual(rules.map((r) => [r.kind, r.id, r.line, r.paths ?? null, (r.purls ?? []).map((p) => `${p.type}/${p.namespace}/${p.name}`), r.expires?.toISOString() ?? null, r.statement ?? null]), [
    ['vulnerability', 'CVE-2019-1549', 3, null, ['apk/alpine/libssl1.1'], null, 'libssl is not used for TLS here'],
    ['vulnerability', 'CVE-2022-22965', 7, ['**/helloworld.war/**'], [], '2025-12-31T23:59:59.999Z', null],
    ['vulnerability', 'CVE-2019-1551', 11, null, [], '2024-01-01T23:59:59.999Z', null],
    ['misconfiguration', 'AVD-DS-0002', 14, ['Dockerfile'], [], null, 'the image needs root'],
    ['secret', 'aws-access-key-id', 19, ['*.sh'], [], null, null],
    ['license', 'GPL-3.0', 22, ['usr/share/doc/**'], [], null, null],
  ]);
  // YAML entries are matched with their conditions; only line-form ids are unconditional.
  assert.deepEqual([...activeIgnoredIds(rules, NOW)], []);
});

test('vulnerabilities: by purl (any version), by a glob on the package\'s path; an expired entry warns and suppresses nothing', () => {
  const rules = parseIgnoreYaml(YAML, '.trivyignore.yaml');
  const warnings: string[] = [];
  const alpine = filtered(golden('alpine-310.json.golden'), rules, warnings);
  assert.deepEqual(alpine.Results[0].Vulnerabilities!.map((v) => `${v.VulnerabilityID} ${v.PkgName}`).sort(), ['CVE-2019-1549 libcrypto1.1', 'CVE-2019-1551 libcrypto1.1', 'CVE-2019-1551 libssl1.1']);
  assert.deepEqual(suppressed(alpine), ['vulnerability ignored CVE-2019-1549 | libssl is not used for TLS here | .trivyignore.yaml']);
  assert.deepEqual(warnings, ['.trivyignore.yaml:11: the entry for CVE-2019-1551 expired on 2024-01-01: it no longer suppresses findings']);

  const spring = filtered(golden('spring4shell-jre8.json.golden'), rules);
  const java = spring.Results.find((r) => r.Target === 'Java')!;
  assert.equal(java.Vulnerabilities, undefined);
  assert.deepEqual(suppressed(spring), ['vulnerability ignored CVE-2022-22965 |  | .trivyignore.yaml']);
  // The same entry after its day: the finding is back.
  const later = filterReport(golden('spring4shell-jre8.json.golden'), { severities: [...ALL], ignoreUnfixed: false, ignoredIds: new Set(), ignoreRules: rules, now: new Date('2026-01-01T00:00:01Z') });
  assert.equal(later.Results.find((r) => r.Target === 'Java')!.Vulnerabilities!.length, 1);
});

test('a glob or purl that does not match leaves the finding; an id-less entry ignores every finding its paths cover', () => {
  const rules = parseIgnoreYaml(`vulnerabilities:
  - id: CVE-2022-22965
    paths: ["other.war/**"]
  - id: CVE-2019-1549
    purls: ["pkg:apk/alpine/libssl1.1@1.1.1d-r0"]
  - purls: ["pkg:apk/alpine/libcrypto1.1"]
    statement: crypto is vendor-patched
`, 'ignore.yaml');
  const spring = filtered(golden('spring4shell-jre8.json.golden'), rules);
  assert.equal(spring.Results.find((r) => r.Target === 'Java')!.Vulnerabilities!.length, 1);
  const alpine = filtered(golden('alpine-310.json.golden'), rules);
  assert.deepEqual(alpine.Results[0].Vulnerabilities!.map((v) => `${v.VulnerabilityID} ${v.PkgName}`).sort(), ['CVE-2019-1549 libssl1.1', 'CVE-2019-1551 libssl1.1']);
});

test('misconfigurations by any spelling of the check id and the file; the summary no longer counts them as failures', () => {
  const rules = parseIgnoreYaml(YAML, '.trivyignore.yaml');
  const report = filtered(golden('dockerfile.json.golden'), rules);
  const [result] = report.Results;
  assert.equal(result.Misconfigurations, undefined);
  assert.deepEqual(result.MisconfSummary, { Successes: 26, Failures: 0 });
  assert.deepEqual(suppressed(report), ['misconfiguration ignored DS-0002 | the image needs root | .trivyignore.yaml']);
  const elsewhere = filtered(golden('dockerfile.json.golden'), parseIgnoreYaml('misconfigurations:\n  - id: DS002\n    paths: [docs/Dockerfile]\n', 'i.yaml'));
  assert.equal(elsewhere.Results[0].Misconfigurations!.length, 1);
  // An entry of another section does not apply to checks.
  const wrongSection = filtered(golden('dockerfile.json.golden'), parseIgnoreYaml('secrets:\n  - id: DS-0002\n', 'i.yaml'));
  assert.equal(wrongSection.Results[0].Misconfigurations!.length, 1);
});

test('secrets by rule id and file glob; a file whose secrets are all ignored keeps its result only to list them', () => {
  const rules = parseIgnoreYaml(YAML, '.trivyignore.yaml');
  const report = filtered(golden('secrets.json.golden'), rules);
  assert.deepEqual(report.Results[0].Secrets!.map((s) => s.RuleID), ['mysecret']);
  assert.deepEqual(suppressed(report), ['secret ignored aws-access-key-id |  | .trivyignore.yaml']);
  const all = filterReport(golden('secrets.json.golden'), { severities: [...ALL], ignoreUnfixed: false, ignoredIds: new Set(), ignoreRules: parseIgnoreYaml('secrets:\n  - paths: [deploy.sh]\n', 'i.yaml') });
  assert.deepEqual(all.Results, []);
});

test('the line form still works (ids for every kind, exp: dates), and both forms are read beside the default .trivyignore', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, '.trivyignore'), '# line form\nCVE-2019-1551 exp:2099-01-01\nCVE-2019-1549 exp:2020-01-01\n');
  writeFileSync(join(dir, '.trivyignore.yaml'), 'vulnerabilities:\n  - id: CVE-2019-1549\n    purls: [pkg:apk/alpine/libssl1.1]\n');
  const rules = await loadIgnoreFile(join(dir, '.trivyignore'), false);
  assert.deepEqual(rules.map((r) => `${r.file?.slice(dir.length + 1)}:${r.line} ${r.kind ?? 'any'} ${r.id}`), ['.trivyignore:2 any CVE-2019-1551', '.trivyignore:3 any CVE-2019-1549', '.trivyignore.yaml:2 vulnerability CVE-2019-1549']);
  assert.deepEqual([...activeIgnoredIds(rules, NOW)], ['CVE-2019-1551']);
  const report = filtered(golden('alpine-310.json.golden'), rules);
  assert.deepEqual(report.Results[0].Vulnerabilities!.map((v) => `${v.VulnerabilityID} ${v.PkgName}`), ['CVE-2019-1549 libcrypto1.1']);
  assert.deepEqual(suppressed(report).sort(), [
    `vulnerability ignored CVE-2019-1549 |  | ${join(dir, '.trivyignore.yaml')}`,
    `vulnerability ignored CVE-2019-1551 |  | ${join(dir, '.trivyignore')}`,
    `vulnerability ignored CVE-2019-1551 |  | ${join(dir, '.trivyignore')}`,
  ]);
  // A named file is read in its own form only; .yml is YAML too; a named file that is absent is an error.
  writeFileSync(join(dir, 'ignore.yml'), 'secrets:\n  - id: aws-access-key-id\n');
  assert.deepEqual((await loadIgnoreFile(join(dir, 'ignore.yml'), true)).map((r) => `${r.kind} ${r.id}`), ['secret aws-access-key-id']);
  assert.deepEqual(await loadIgnoreFile(join(dir, 'absent', '.trivyignore'), false), []);
  await assert.rejects(loadIgnoreFile(join(dir, 'absent.yaml'), true), /ignore file .*absent\.yaml: no such file/);
});

test('a malformed YAML ignore file is a UserError naming the file and line', () => {
  const cases: [string, RegExp][] = [
    ['vulnerabilities:\n  - id: [unclosed\n', /^ignore file i\.yaml:\d+: not valid YAML/],
    ['- CVE-2019-1549\n', /^ignore file i\.yaml: expected a map of vulnerabilities, misconfigurations, secrets, licenses$/],
    ['vulnerabilities:\n  - id: CVE-1\npackages:\n  - id: x\n', /^ignore file i\.yaml:3: unknown section "packages"/],
    ['vulnerabilities:\n  id: CVE-1\n', /^ignore file i\.yaml:1: vulnerabilities must be a list of entries$/],
    ['vulnerabilities:\n  - CVE-1\n', /^ignore file i\.yaml:2: an entry must be a map/],
    ['vulnerabilities:\n  - id: CVE-1\n    path: [a]\n', /^ignore file i\.yaml:2: unknown key "path"/],
    ['vulnerabilities:\n  - statement: why\n', /^ignore file i\.yaml:2: an entry needs an id, paths or purls$/],
    ['vulnerabilities:\n  - id: CVE-1\n    purls: [openssl]\n', /^ignore file i\.yaml:2: "openssl" is not a purl/],
    ['vulnerabilities:\n  - id: CVE-1\n    expired_at: next week\n', /^ignore file i\.yaml:2: expired_at "next week" is not a date/],
    ['vulnerabilities:\n  - id: CVE-1\n    expired_at: 2024-02-30\n', /^ignore file i\.yaml:2: invalid date "2024-02-30"/],
    ['vulnerabilities:\n  - id: CVE-1\n    paths: [1, 2]\n', /^ignore file i\.yaml:2: paths must be a list of strings$/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseIgnoreYaml(text, 'i.yaml'), (err: unknown) => err instanceof UserError && message.test(err.message), text);
  }
  assert.deepEqual(parseIgnoreYaml('', 'i.yaml'), []);
  assert.deepEqual(parseIgnoreYaml('vulnerabilities:\nsecrets: []\n', 'i.yaml'), []);
});
