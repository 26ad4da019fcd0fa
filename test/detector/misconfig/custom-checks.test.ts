import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCustomChecks, scanConfigFile } from '../../../src/detector/misconfig/index.js';
import { UserError } from '../../../src/errors.js';
import { repoRoot, sharedPath } from '../../support/paths.js';
import { tempDir } from '../../support/temp.js';

const dir = (name: string) => join(repoRoot, 'test/fixtures/misconfig/custom-checks', name);
const trivyExample = (rel: string) => readFileSync(sharedPath(`fixtures/misconfig-trivy-checks/examples/${rel}`));

test('user checks load from a directory with their metadata and defaults', async () => {
  const checks = await loadCustomChecks(dir('trivy-custom-policy'));
  assert.deepEqual(
    checks.map((c) => [c.id, c.avdId, c.namespace, c.severity, c.provider, c.service, c.type, c.custom]),
    [
      ['AVD-BAR-0001', 'AVD-BAR-0001', 'user.bar', 'LOW', 'Custom', 'custom', 'dockerfile', true],
      ['AVD-FOO-0001', 'AVD-FOO-0001', 'user.foo', 'LOW', 'Custom', 'custom', 'dockerfile', true],
    ],
  );
});

test("trivy-checks' example custom checks, ported: Dockerfile with the shell helper, Kubernetes with lines", async () => {
  const checks = await loadCustomChecks(dir('trivy-examples'));
  const dockerfile = await scanConfigFile('Dockerfile', trivyExample('dockerfile/Dockerfile'), { customChecks: checks, disableBuiltinChecks: true });
  assert.deepEqual(dockerfile?.failures.map((f) => [f.ID, f.Message, f.CauseMetadata.StartLine]), [
    ['USR-DF-0001', 'Avoid installing package "curl" without specifying a version.', 3],
  ]);
  const pinned = await scanConfigFile('Dockerfile', 'FROM ubuntu:20.04\nRUN apt-get update && apt-get install curl=7.68.0-1ubuntu2.6\n', { customChecks: checks, disableBuiltinChecks: true });
  assert.deepEqual([pinned?.failures, pinned?.successes], [[], 1]);

  const deployment = await scanConfigFile('deployment.yaml', trivyExample('kubernetes/deployment.yaml'), { customChecks: checks });
  const found = deployment?.failures.find((f) => f.ID === 'USR-KUBE-0001');
  assert.deepEqual([found?.Message, found?.CauseMetadata.StartLine, found?.CauseMetadata.EndLine, found?.Severity, found?.Type], [
    "Found deployment 'web-app-deployment' but deployments are not allowed",
    3,
    4,
    'HIGH',
    'Kubernetes Security Check',
  ]);
  const statefulSet = await scanConfigFile('sts.yaml', 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n', { customChecks: checks, disableBuiltinChecks: true });
  assert.deepEqual([statefulSet?.failures, statefulSet?.successes], [[], 0], 'kinds limits where a check applies');
});

test('module forms: an array named checks, CommonJS, nested folders; other files ignored', async () => {
  const checks = await loadCustomChecks(dir('mixed'));
  assert.deepEqual(checks.map((c) => [c.id, c.severity, c.namespace]), [
    ['ACME-0003', 'LOW', 'user.commonjs'],
    ['ACME-0001', 'MEDIUM', 'user.two-checks'],
    ['ACME-0002', 'LOW', 'user.two-checks'],
  ]);
  const result = await scanConfigFile('Dockerfile', 'FROM alpine:3.19\nEXPOSE 80\n', { customChecks: checks, disableBuiltinChecks: true });
  assert.deepEqual(result?.failures.map((f) => [f.ID, f.CauseMetadata.StartLine]), [['ACME-0001', 1], ['ACME-0003', 2]]);
  const pod = await scanConfigFile('pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n', { customChecks: checks, disableBuiltinChecks: true });
  assert.deepEqual(pod?.failures.map((f) => f.Message), ['Pod p has no owner label']);
});

test('user checks can be skipped and ignored like built-in ones', async () => {
  const checks = await loadCustomChecks(dir('trivy-custom-policy'));
  const skipped = await scanConfigFile('Dockerfile', 'FROM alpine:3.19\n', { customChecks: checks, disableBuiltinChecks: true, skipChecks: new Set(['avd-foo-0001']) });
  assert.deepEqual(skipped?.failures.map((f) => f.ID), ['AVD-BAR-0001']);
  const ignored = await scanConfigFile('Dockerfile', '# trivy:ignore:AVD-BAR-0001\nFROM alpine:3.19\n', { customChecks: checks, disableBuiltinChecks: true });
  assert.deepEqual([ignored?.failures.map((f) => f.ID), ignored?.exceptions], [['AVD-FOO-0001'], 1]);
});

const userError = (pattern: RegExp) => (error: unknown) => error instanceof UserError && pattern.test(error.message) && !error.message.includes('\n');

test('bad check modules are user errors naming the file and the problem', async () => {
  await assert.rejects(loadCustomChecks(dir('does-not-exist')), userError(/does-not-exist: check directory not found/));
  await assert.rejects(loadCustomChecks(dir('invalid/bad-severity')), userError(/bad-severity\/check\.mjs: 'severity' must be one of/));
  await assert.rejects(loadCustomChecks(dir('invalid/no-export')), userError(/no-export\/check\.mjs: no check exported/));
  await assert.rejects(loadCustomChecks(dir('invalid/syntax')), userError(/syntax\/check\.mjs: cannot load check module/));
  const dup = tempDir();
  for (const name of ['a.mjs', 'b.mjs']) {
    writeFileSync(join(dup, name), "export default { id: 'DUP-1', severity: 'LOW', type: 'kubernetes', check: () => [] };\n");
  }
  await assert.rejects(loadCustomChecks(dup), userError(/DUP-1 is defined twice/));
});

test('a user check that throws or returns garbage is a user error at scan time', async () => {
  const [throws] = await loadCustomChecks(dir('invalid/throws'));
  await assert.rejects(scanConfigFile('Dockerfile', 'FROM alpine:3.19\n', { customChecks: [throws] }), userError(/custom check X-2 \(.*throws\/check\.mjs\) failed: /));
  const [badReturn] = await loadCustomChecks(dir('invalid/bad-return'));
  await assert.rejects(scanConfigFile('Dockerfile', 'FROM alpine:3.19\n', { customChecks: [badReturn] }), userError(/custom check X-3 .* returned a failure that is neither/));
});

test('the examples of docs/custom-checks.md load and work', async () => {
  const docs = readFileSync(join(repoRoot, 'docs/custom-checks.md'), 'utf8');
  // the cloud example is tested in cloud-custom-checks.test.ts
  const modules = [...docs.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]).filter((code) => code.includes('export default') && !code.includes("type: 'cloud'"));
  assert.equal(modules.length, 3);
  const out = tempDir();
  modules.forEach((code, i) => writeFileSync(join(out, `example-${i}.mjs`), code));
  const checks = await loadCustomChecks(out);
  assert.deepEqual(checks.map((c) => c.id), ['ACME-0001', 'ACME-0002', 'ACME-0003']);

  const dockerfile = 'FROM alpine\nRUN apt-get update && apt-get install -y curl git=1:2.43.0-1\n';
  const result = await scanConfigFile('Dockerfile', dockerfile, { customChecks: checks, disableBuiltinChecks: true });
  assert.deepEqual(result?.failures.map((f) => [f.ID, f.Message, f.CauseMetadata.StartLine]), [
    ['ACME-0001', 'FROM alpine has no tag', 1],
    ['ACME-0003', 'Package curl is installed without a version', 2],
  ]);
  const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app: web\nspec: {}\n';
  const k8s = await scanConfigFile('web.yaml', deployment, { customChecks: checks, disableBuiltinChecks: true });
  assert.deepEqual(k8s?.failures.map((f) => [f.ID, f.Message, f.CauseMetadata.StartLine, f.CauseMetadata.EndLine]), [
    ['ACME-0002', "Deployment 'web' has no owner label", 3, 6],
  ]);
  assert.equal((await scanConfigFile('Dockerfile', '# picket:ignore:ACME-0001\nFROM alpine\n', { customChecks: checks, disableBuiltinChecks: true }))?.exceptions, 1);
});
