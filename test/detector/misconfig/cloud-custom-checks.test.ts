import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCustomChecks, scanConfigTree } from '../../../src/detector/misconfig/index.js';
import type { Check, CloudState } from '../../../src/detector/misconfig/index.js';
import { repoRoot } from '../../support/paths.js';
import { tempDir } from '../../support/temp.js';

const KEY = 'resource "aws_kms_key" "k" {\n  enable_key_rotation = false\n}\n';

test('a built-in-shaped cloud check given directly runs on Terraform and points at the file it names', async () => {
  const check: Check<CloudState> = {
    id: 'ACME-0004',
    aliases: [],
    namespace: 'user.kms',
    title: 'KMS keys must rotate',
    description: 'KMS keys must rotate',
    resolution: '',
    severity: 'HIGH',
    references: [],
    provider: 'Custom',
    service: 'custom',
    type: 'cloud',
    custom: true,
    check: (state) =>
      state.aws.kms.keys.filter((key) => !key.rotation.value).map((key) => ({ message: 'Key rotation is off', filePath: key.rotation.loc.file, startLine: key.rotation.loc.startLine, endLine: key.rotation.loc.endLine })),
  };
  const scan = await scanConfigTree(new Map([['infra/main.tf', KEY]]), { customChecks: [check], disableBuiltinChecks: true });
  assert.deepEqual(
    scan.results.map((r) => [r.filePath, r.failures.map((f) => [f.ID, f.CauseMetadata.StartLine, f.CauseMetadata.Code?.Lines[0].Content])]),
    [['infra/main.tf', [['ACME-0004', 2, '  enable_key_rotation = false']]]],
  );
});

test(
  'the cloud example of docs/custom-checks.md loads and works',
  async () => {
    const docs = readFileSync(join(repoRoot, 'docs/custom-checks.md'), 'utf8');
    const code = [...docs.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).find((c) => c.includes("type: 'cloud'"));
    assert.ok(code);
    const dir = tempDir('picket-cloud-check-');
    writeFileSync(join(dir, 'kms.mjs'), code);
    const checks = await loadCustomChecks(dir);
    const scan = await scanConfigTree(new Map([['infra/main.tf', KEY]]), { customChecks: checks, disableBuiltinChecks: true });
    assert.deepEqual(scan.results.map((r) => [r.filePath, r.failures.map((f) => [f.ID, f.CauseMetadata.StartLine])]), [['infra/main.tf', [['ACME-0004', 2]]]]);
  },
);
