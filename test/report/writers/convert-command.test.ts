/** `picket convert` in process: a saved JSON report re-rendered in other formats, and its errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runConvert } from '../../../src/cli/commands/convert.js';
import { UserError } from '../../../src/errors.js';
import { tempDir } from '../../support/temp.js';
import { trivyIntegration } from '../../support/fixture-db.js';
import { scanFixture } from './support.js';
import { cyclonedxErrors, sarifErrors } from './schemas.js';

const dir = tempDir();

test('a picket JSON report (npm scan) becomes CycloneDX 1.5, SARIF and a template output in one run', async () => {
  const report = join(dir, 'npm.json');
  writeFileSync(report, JSON.stringify(await scanFixture('npm')));
  const [bom, sarif, txt] = ['sbom.json', 'r.sarif', 'count.txt'].map((f) => join(dir, f));
  const code = await runConvert(report, { format: 'cyclonedx', output: [bom, `sarif=${sarif}`, `template=${txt}`], cyclonedxVersion: '1.5', template: '{{ range . }}{{ .Target }} {{ len .Packages }}{{ end }}', quiet: true });
  assert.equal(code, 0);
  const bomText = readFileSync(bom, 'utf8');
  assert.equal((JSON.parse(bomText) as { specVersion: string }).specVersion, '1.5');
  assert.deepEqual(await cyclonedxErrors(bomText, '1.5'), []);
  assert.deepEqual(sarifErrors(JSON.parse(readFileSync(sarif, 'utf8'))), []);
  assert.equal(readFileSync(txt, 'utf8'), 'package-lock.json 12');
});

test('trivy\'s own JSON (alpine-310 golden) converts: the GitLab report has its four findings', async () => {
  const out = join(dir, 'gl.json');
  await runConvert(trivyIntegration('alpine-310.json.golden'), { format: 'gitlab', output: [out], quiet: true });
  const gl = JSON.parse(readFileSync(out, 'utf8')) as { scan: { type: string }; vulnerabilities: unknown[] };
  assert.equal(gl.scan.type, 'container_scanning');
  assert.equal(gl.vulnerabilities.length, 4);
});

test('errors: missing file, not JSON, not a SchemaVersion 2 report, template without --template', async () => {
  const fails = (p: Promise<unknown>, re: RegExp) => assert.rejects(p, (e: Error) => e instanceof UserError && re.test(e.message));
  await fails(runConvert(join(dir, 'nope.json'), { quiet: true }), /cannot read report .*nope\.json: no such file/);
  writeFileSync(join(dir, 'bad.json'), '{"SchemaVersion": 2,');
  await fails(runConvert(join(dir, 'bad.json'), { quiet: true }), /bad\.json is not JSON/);
  writeFileSync(join(dir, 'sbom.cdx.json'), '{"bomFormat": "CycloneDX"}');
  await fails(runConvert(join(dir, 'sbom.cdx.json'), { quiet: true }), /is not a JSON report of SchemaVersion 2/);
  await fails(runConvert(trivyIntegration('alpine-310.json.golden'), { format: 'template', quiet: true }), /--format template needs --template/);
});
