/**
 * Secrets in misconfiguration code excerpts are masked in every output: `picket config` on a
 * Dockerfile whose ENV holds a token (DS-0031 quotes that line), a live Kubernetes object whose
 * env holds one (the KSV checks quote the container), and the excerpt lines placed at their own
 * numbers so the masked lines land where they belong.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createMisconfigAnalyzer } from '../../../src/analyzer/scanners/misconfig.js';
import { maskCode, maskedLines, secretsInCode } from '../../../src/detector/secret/mask-code.js';
import { createSecretScanner } from '../../../src/detector/secret/scanner.js';
import { checkObject } from '../../../src/k8s/object-checks.js';
import type { K8sObject } from '../../../src/k8s/objects.js';
import type { MisconfigFinding } from '../../../src/detector/misconfig/types.js';
import { scanFilesystem } from '../../../src/scan.js';
import { tempDir } from '../../support/temp.js';

/** A Slack bot token shape, assembled here so no scanner flags this file. */
const TOKEN = ['xoxb', '210987654321', '3210987654321', 'ZYXWVUTSRQzyxwvutsrqPONM'].join('-');

test('picket config: the ENV line DS-0031 quotes is masked; the rest of the excerpt stays', async () => {
  const dir = tempDir('picket-mask-code-');
  writeFileSync(join(dir, 'Dockerfile'), `FROM alpine:3.19\nENV GITHUB_TOKEN=${TOKEN}\nRUN echo built\n`);
  const report = await scanFilesystem(dir, {
    openStore: () => Promise.reject(new Error('no DB needed')), version: 't', scanPackages: false, extraAnalyzers: [createMisconfigAnalyzer()], misconfig: {},
  });
  const text = JSON.stringify(report);
  assert.ok(!text.includes(TOKEN), 'no token in the report');
  const ds031 = report.Results.flatMap((r) => r.Misconfigurations ?? []).find((m) => m.ID === 'DS-0031');
  assert.ok(ds031, 'DS-0031 fails');
  const lines = ds031.CauseMetadata.Code!.Lines;
  const env = lines.find((l) => l.Number === 2)!;
  assert.match(env.Content, /^ENV GITHUB_TOKEN=\*+$/);
});

test('picket k8s / operator: the checks\' excerpts of a live object are masked, reported or not', () => {
  const pod: K8sObject = {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' },
    spec: { containers: [{ name: 'c', image: 'registry.example.org/app:1', env: [{ name: 'SLACK_TOKEN', value: TOKEN }] }] },
  };
  const scanner = createSecretScanner({});
  for (const options of [{ misconfig: {}, mask: scanner }, { misconfig: {}, secrets: scanner }]) {
    const results = checkObject(pod, options);
    const config = results.find((r) => r.Class === 'config')!;
    assert.ok(config.Misconfigurations!.some((m) => m.CauseMetadata.Code?.Lines.some((l) => l.Content.includes('value: ****'))));
    assert.ok(!JSON.stringify(results).includes(TOKEN));
    assert.equal(results.some((r) => r.Class === 'secret'), 'secrets' in options, 'a secret result only when the secret scanner runs');
  }
});

test('excerpts are scanned at their own line numbers; a finding without the line is left alone', () => {
  const line = (Number: number, Content: string) => ({ Number, Content, IsCause: true, Annotation: '', Truncated: false, FirstCause: false, LastCause: false });
  const finding = (lines: ReturnType<typeof line>[]) => ({ ID: 'X', CauseMetadata: { Provider: 'p', Service: 's', Code: { Lines: lines } } }) as unknown as MisconfigFinding;
  const a = finding([line(7, 'env:'), line(8, `  token: ${TOKEN}`)]);
  const b = finding([line(3, 'kind: Pod')]);
  const masked = maskedLines(secretsInCode([a, b], createSecretScanner({})));
  assert.deepEqual([...masked.keys()], [8]);
  const [ma, mb] = maskCode([a, b], masked);
  assert.match(ma.CauseMetadata.Code!.Lines[1].Content, /^ {2}token: \*+$/);
  assert.equal(ma.CauseMetadata.Code!.Lines[0].Content, 'env:');
  assert.equal(mb, b, 'untouched findings are the same objects');
});
