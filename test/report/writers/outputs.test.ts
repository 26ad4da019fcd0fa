/** Several outputs from one report: `--output FILE` and trivy-style `--output FORMAT=FILE`. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOutputs, writeOutputs } from '../../../src/report/writers/outputs.js';
import { UserError } from '../../../src/errors.js';
import { tempDir } from '../../support/temp.js';
import { GOLDEN_NOW, goldenReport } from './support.js';

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
