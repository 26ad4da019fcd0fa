import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPicket } from '../support/cli.js';
import { sharedPath } from '../support/paths.js';
import { tempDir } from '../support/temp.js';
import { buildUmociImage } from '../support/umoci-image.js';
import type { Report } from '../../src/report/model.js';

const cacheDir = tempDir('picket-scanners-cache-');
const dockerfileRepo = sharedPath('fixtures/trivy-integration/fixtures/repo/dockerfile');
// Made-up credentials of the right shape (not real keys).
const AWS_KEY = 'AKIAQ3T5W7Y9B2D4F6H8';
const AWS_SECRET = 'k7Rz2Qv9Xw4Lp8Nc3Ty6Bm1Hd5Jf0Gs2Ae7Ui9Ok';

function parse(stdout: string): Report {
  return JSON.parse(stdout) as Report;
}

test('picket config: a Dockerfile without USER fails DS-0002 (HIGH) with its message, and --exit-code gates on it', async () => {
  const r = await runPicket(['config', dockerfileRepo, '-f', 'json', '--exit-code', '3', '--cache-dir', cacheDir]);
  assert.equal(r.code, 3, r.stderr);
  const result = parse(r.stdout).Results.find((x) => x.Target === 'Dockerfile')!;
  assert.equal(result.Class, 'config');
  assert.equal(result.Type, 'dockerfile');
  assert.deepEqual(result.MisconfSummary, { Successes: 26, Failures: 1 });
  const [failure] = result.Misconfigurations!;
  assert.equal(failure.ID, 'DS-0002');
  assert.equal(failure.Severity, 'HIGH');
  assert.equal(failure.Status, 'FAIL');
  assert.match(failure.Message, /USER/);
  assert.equal(failure.PrimaryURL, 'https://avd.aquasec.com/misconfig/ds-0002');
  // No DB is needed for config checks: nothing was built in the cache.
  assert.doesNotMatch(r.stderr, /advisory DB/);
});

test('picket config: a check is skipped by any of its ids (--skip-check, .trivyignore), and --severity filters failures', async () => {
  for (const id of ['DS002', 'DS-0002', 'AVD-DS-0002']) {
    const skipped = await runPicket(['config', dockerfileRepo, '-f', 'json', '--exit-code', '1', '--skip-check', id, '--cache-dir', cacheDir]);
    assert.equal(skipped.code, 0, `${id}: ${skipped.stderr}`);
    assert.equal(parse(skipped.stdout).Results[0].Misconfigurations, undefined);
  }
  const dir = tempDir();
  const ignore = join(dir, '.trivyignore');
  writeFileSync(ignore, '# old trivy id spelling\nAVD-DS-0002\n');
  const ignored = await runPicket(['config', dockerfileRepo, '-f', 'json', '--exit-code', '1', '--ignorefile', ignore, '--cache-dir', cacheDir]);
  assert.equal(ignored.code, 0, ignored.stderr);
  assert.deepEqual(parse(ignored.stdout).Results[0].MisconfSummary, { Successes: 26, Failures: 0 });
  const critical = await runPicket(['config', dockerfileRepo, '-f', 'json', '--exit-code', '1', '--severity', 'CRITICAL', '--cache-dir', cacheDir]);
  assert.equal(critical.code, 0, critical.stderr);
});

test('picket config: Kubernetes manifests are checked; a file that is not a config file is left alone', async () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'pod.yaml'), [
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: web',
    'spec:',
    '  hostNetwork: true',
    '  containers:',
    '    - name: web',
    '      image: registry.example.org/web:latest',
    '      securityContext:',
    '        privileged: true',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'values.yaml'), 'replicas: 3\n');
  const r = await runPicket(['config', dir, '-f', 'json', '--cache-dir', cacheDir]);
  assert.equal(r.code, 0, r.stderr);
  const results = parse(r.stdout).Results;
  assert.deepEqual(results.map((x) => `${x.Target} ${x.Type}`), ['pod.yaml kubernetes']);
  const ids = new Set(results[0].Misconfigurations!.map((m) => m.ID));
  for (const expected of ['KSV-0009', 'KSV-0017']) assert.ok(ids.has(expected), `${expected} in ${[...ids].join(', ')}`);
});

test('secrets: found and masked in every line shown, suppressed by rule id, counted by --exit-code', async () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'deploy'));
  writeFileSync(join(dir, 'deploy', 'env.sh'), `#!/bin/sh\nexport AWS_ACCESS_KEY_ID=${AWS_KEY}\nexport AWS_SECRET_ACCESS_KEY=${AWS_SECRET}\n`);
  const r = await runPicket(['fs', dir, '--scanners', 'secret', '-f', 'json', '--exit-code', '5', '--cache-dir', cacheDir]);
  assert.equal(r.code, 5, r.stderr);
  assert.ok(!r.stdout.includes(AWS_KEY) && !r.stdout.includes(AWS_SECRET), 'the report never holds the secret');
  const result = parse(r.stdout).Results.find((x) => x.Class === 'secret')!;
  assert.equal(result.Target, 'deploy/env.sh');
  const key = result.Secrets!.find((s) => s.StartLine === 2)!;
  assert.equal(key.Category, 'AWS');
  assert.match(key.Match, /AWS_ACCESS_KEY_ID=\*+/);
  const table = await runPicket(['fs', dir, '--scanners', 'secret', '--cache-dir', cacheDir]);
  assert.ok(!table.stdout.includes(AWS_KEY) && !table.stdout.includes(AWS_SECRET), 'the table never holds the secret');

  const ignore = join(tempDir(), '.trivyignore');
  writeFileSync(ignore, `${result.Secrets!.map((s) => s.RuleID).join('\n')}\n`);
  const ignored = await runPicket(['fs', dir, '--scanners', 'secret', '-f', 'json', '--exit-code', '5', '--ignorefile', ignore, '--cache-dir', cacheDir]);
  assert.equal(ignored.code, 0, ignored.stderr);
  assert.deepEqual(parse(ignored.stdout).Results, []);
});

test('images: secrets name their layer, and a secret deleted by a later layer is gone', async () => {
  const work = tempDir();
  const layout = join(work, 'oci');
  const image = buildUmociImage(layout, {
    tag: 'secrets',
    layers: [
      { files: { 'app/old.env': `AWS_ACCESS_KEY_ID=${AWS_KEY}\n`, 'app/run.sh': 'echo hi\n' } },
      { files: { 'app/config.sh': `export AWS_ACCESS_KEY_ID=${AWS_KEY}\n` }, remove: ['app/old.env'] },
    ],
  });
  const r = await runPicket(['image', '--input', `${layout}:secrets`, '--scanners', 'secret', '-f', 'json', '--cache-dir', cacheDir]);
  assert.equal(r.code, 0, r.stderr);
  const secrets = parse(r.stdout).Results.filter((x) => x.Class === 'secret');
  assert.deepEqual(secrets.map((x) => x.Target), ['app/config.sh']);
  assert.deepEqual(secrets[0].Secrets![0].Layer, { Digest: image.manifest.layers[1].digest, DiffID: image.diffIds[1] });
  assert.ok(!r.stdout.includes(AWS_KEY));
});

test('images: the config is scanned too: secrets in ENV and history (config.json), and with --image-config-scanners misconfig a Dockerfile rebuilt from history', async () => {
  const work = tempDir();
  const layout = join(work, 'oci');
  buildUmociImage(layout, { tag: 'cfg', layers: [{ files: { 'app/run.sh': 'echo hi\n' } }] });
  execFileSync('umoci', ['config', '--image', `${layout}:cfg`, '--config.env', `AWS_ACCESS_KEY_ID=${AWS_KEY}`, '--history.created_by', `/bin/sh -c #(nop)  ENV AWS_ACCESS_KEY_ID=${AWS_KEY}`]);
  const plain = await runPicket(['image', '--input', `${layout}:cfg`, '--scanners', 'secret', '-f', 'json', '--cache-dir', cacheDir]);
  assert.equal(plain.code, 0, plain.stderr);
  const config = parse(plain.stdout).Results.find((x) => x.Target === 'config.json')!;
  assert.equal(config.Class, 'secret');
  assert.ok(config.Secrets!.length >= 1);
  assert.ok(!plain.stdout.includes(AWS_KEY));
  assert.equal(parse(plain.stdout).Results.find((x) => x.Class === 'config'), undefined);

  const withMisconfig = await runPicket(['image', '--input', `${layout}:cfg`, '--scanners', 'secret', '--image-config-scanners', 'misconfig', '-f', 'json', '--cache-dir', cacheDir]);
  assert.equal(withMisconfig.code, 0, withMisconfig.stderr);
  const dockerfile = parse(withMisconfig.stdout).Results.find((x) => x.Class === 'config')!;
  assert.equal(dockerfile.Target, 'Dockerfile');
  const ids = dockerfile.Misconfigurations!.map((m) => m.ID);
  assert.ok(ids.includes('DS-0002'), ids.join(', ')); // no USER: runs as root
  assert.ok(ids.includes('DS-0031'), ids.join(', ')); // a secret in ENV
});
