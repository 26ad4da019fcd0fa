/** Several outputs from one report: `--output FILE` and trivy-style `--output FORMAT=FILE`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOutputs, writeOutputs } from '../../../src/report/writers/outputs.js';
import { formatNames, loadWriter } from '../../../src/report/writers/registry.js';
import { UserError } from '../../../src/errors.js';
import { tempDir } from '../../support/temp.js';
import { GOLDEN_NOW, goldenReport, scanFixture } from './support.js';

test('parseOutputs: plain file for --format, FORMAT=FILE for others, stdout when no file names --format', () => {
  assert.deepEqual(parseOutputs('table', undefined, []), [{ format: 'table' }]);
  assert.deepEqual(parseOutputs('json', 'r.json', []), [{ format: 'json', path: 'r.json' }]);
  assert.deepEqual(parseOutputs('table', undefined, ['cyclonedx=sbom.json', 'sarif=r.sarif']), [{ format: 'table' }, { format: 'cyclonedx', path: 'sbom.json' }, { format: 'sarif', path: 'r.sarif' }]);
  assert.deepEqual(parseOutputs('json', 'r.json', ['spdx-json=s.json']), [{ format: 'json', path: 'r.json' }, { format: 'spdx-json', path: 's.json' }]);
  assert.deepEqual(parseOutputs('sarif', 'sarif=r.sarif', []), [{ format: 'sarif', path: 'r.sarif' }], 'the --format report has its file');
  assert.deepEqual(parseOutputs('json', './a=b.json', []), [{ format: 'json', path: './a=b.json' }]);
});

test('parseOutputs: one clear error per mistake', () => {
  const fails = (f: () => unknown, re: RegExp) => assert.throws(f, (e: Error) => e instanceof UserError && re.test(e.message));
  fails(() => parseOutputs('yaml', undefined, []), /unknown format "yaml"/);
  fails(() => parseOutputs('json', 'cyclonedc=sbom.json', []), /unknown format "cyclonedc" in --output cyclonedc=sbom\.json .*write \.\/cyclonedc=sbom\.json/);
  fails(() => parseOutputs('json', 'a.json', ['b.json']), /the json report already goes to a\.json/);
  fails(() => parseOutputs('json', 'a.json', ['sarif=a.json']), /both json and sarif would be written to a\.json/);
  fails(() => parseOutputs('json', 'sarif=', []), /no file name after "="/);
});

test('writeOutputs: every file written, stdout last and the only one coloured', async () => {
  const dir = tempDir();
  const report = goldenReport('alpine-310.json.golden');
  const printed: string[] = [];
  const outputs = parseOutputs('table', undefined, [`json=${join(dir, 'r.json')}`, `cyclonedx=${join(dir, 'sbom.json')}`, `sarif=${join(dir, 'r.sarif')}`, `html=${join(dir, 'r.html')}`]);
  await writeOutputs(report, outputs, { color: true, now: GOLDEN_NOW }, async (t) => { printed.push(t); });
  assert.equal(printed.length, 1);
  assert.match(printed[0], /\u001b\[/, 'stdout table in colour');
  assert.equal((JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { ArtifactName: string }).ArtifactName, report.ArtifactName);
  assert.equal((JSON.parse(readFileSync(join(dir, 'sbom.json'), 'utf8')) as { bomFormat: string }).bomFormat, 'CycloneDX');
  assert.equal((JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')) as { version: string }).version, '2.1.0');
  assert.doesNotMatch(readFileSync(join(dir, 'r.html'), 'utf8'), /\u001b\[/);
  await assert.rejects(writeOutputs(report, parseOutputs('json', join(dir, 'no/such/dir/r.json'), []), { color: false }, async () => {}),
    (e: Error) => e instanceof UserError && /cannot write the json report to .*no\/such\/dir\/r\.json: no such directory/.test(e.message));
});

test('writeOutputs: every format, written in one run with shared SBOM data, has the bytes its writer renders alone', async () => {
  const dir = tempDir();
  const report = await scanFixture('npm');
  const options = { color: false, now: GOLDEN_NOW, template: '{{ range . }}{{ .Target }}{{ end }}' };
  await writeOutputs(report, formatNames.map((format) => ({ format, path: join(dir, format) })), options, async () => {});
  for (const format of formatNames) {
    const alone = (await loadWriter(format))!.render(report, options);
    assert.equal(readFileSync(join(dir, format), 'utf8'), alone, format);
  }
  assert.match(readFileSync(join(dir, 'spdx'), 'utf8'), /^PackageName: /m);
  assert.match(readFileSync(join(dir, 'table'), 'utf8'), /│ Library +│ Vulnerability +│/);
});

test('writeOutputs: a failing render fails the call with its UserError; the files rendered before it are written', async () => {
  const dir = tempDir();
  const report = goldenReport('alpine-310.json.golden');
  const outputs = [{ format: 'json', path: join(dir, 'r.json') }, { format: 'template', path: join(dir, 'r.txt') }, { format: 'sarif', path: join(dir, 'r.sarif') }];
  await assert.rejects(writeOutputs(report, outputs, { color: false, template: '{{ .Nope' }, async () => {}),
    (e: Error) => e instanceof UserError && /^template: /.test(e.message));
  assert.equal((JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { ArtifactName: string }).ArtifactName, report.ArtifactName);
  assert.equal(existsSync(join(dir, 'r.sarif')), false, 'nothing is rendered after the failure');
});

test('writeOutputs: a file that cannot be written stops the run with one UserError naming it; nothing goes to stdout', async () => {
  const dir = tempDir();
  const report = goldenReport('alpine-310.json.golden');
  const printed: string[] = [];
  const outputs = [{ format: 'html', path: join(dir, 'r.html') }, { format: 'json', path: join(dir, 'missing/r.json') }, { format: 'sarif', path: join(dir, 'r.sarif') }, { format: 'table' }];
  await assert.rejects(writeOutputs(report, outputs, { color: false }, async (t) => { printed.push(t); }),
    (e: Error) => e instanceof UserError && /cannot write the json report to .*missing\/r\.json: no such directory/.test(e.message));
  assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), /<html/i);
  assert.equal(existsSync(join(dir, 'r.sarif')), false);
  assert.deepEqual(printed, []);
});
