/**
 * `picket convert` as a user runs it (built CLI): a scan's JSON saved, then re-rendered in every
 * format, and several at once with --output FORMAT=FILE.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPicket } from '../support/cli.js';
import { tempDir } from '../support/temp.js';
import { trivyIntegration } from '../support/fixture-db.js';

const dir = tempDir();
const golden = trivyIntegration('alpine-310.json.golden');

test('every format from one saved report, to stdout', async () => {
  for (const format of ['table', 'json', 'sarif', 'cyclonedx', 'spdx-json', 'spdx', 'gitlab', 'gitlab-codequality', 'junit', 'github', 'html']) {
    const r = await runPicket(['convert', '--format', format, golden]);
    assert.equal(r.code, 0, `${format}: ${r.stderr}`);
    // github lists packages only, and this report has none (not scanned with --list-all-pkgs).
    if (format === 'github') assert.match(r.stderr, /lists no packages/);
    else assert.ok(r.stdout.includes('CVE-2019-1549') || r.stdout.includes('libcrypto1.1'), `${format} shows the findings`);
  }
});

test('several outputs at once, a template from a file, CycloneDX 1.5', async () => {
  writeFileSync(join(dir, 'ids.tpl'), '{{ range . }}{{ range .Vulnerabilities }}{{ .VulnerabilityID }} {{ end }}{{ end }}');
  const r = await runPicket(['convert', '-f', 'cyclonedx', '--cyclonedx-version', '1.5', '-o', join(dir, 'sbom.json'), '-o', `sarif=${join(dir, 'r.sarif')}`, '-o', `template=${join(dir, 'ids.txt')}`, '--template', `@${join(dir, 'ids.tpl')}`, golden]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal((JSON.parse(readFileSync(join(dir, 'sbom.json'), 'utf8')) as { specVersion: string }).specVersion, '1.5');
  assert.equal((JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')) as { version: string }).version, '2.1.0');
  assert.equal(readFileSync(join(dir, 'ids.txt'), 'utf8'), 'CVE-2019-1549 CVE-2019-1551 CVE-2019-1549 CVE-2019-1551 ');
});

test('a file that is not a report: one line on stderr, exit 1', async () => {
  const r = await runPicket(['convert', '--format', 'sarif', join(dir, 'missing.json')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^picket: cannot read report .*missing\.json: no such file\n$/);
});
