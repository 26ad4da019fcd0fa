import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createSecretScanner } from '../../../src/detector/secret/index.js';
import { sharedPath } from '../../support/paths.js';
import { TokenFactory } from './token-factory.js';

const scanner = createSecretScanner({ disableAllowRules: ['tests'] });
const tokens = new TokenFactory(11);
const awsKey = 'AKIAQ3EGRT5NZBVJMC7W';
const stars = (n: number) => '*'.repeat(n);

test('the secret is replaced by one * per byte in Match and in every code line; the rest of the line is kept', () => {
  const gh = tokens.github('ghp_');
  const text = `#!/bin/sh\n# deploy\nexport AWS_ACCESS_KEY_ID=${awsKey}\nexport GH=${gh}\necho done\n`;
  const findings = scanner.scan('deploy.sh', Buffer.from(text));
  assert.deepEqual(findings.map((f) => [f.RuleID, f.StartLine, f.Offset]), [['aws-access-key-id', 3, text.indexOf(awsKey)], ['github-pat', 4, text.indexOf(gh)]]);
  assert.equal(findings[0].Match, `export AWS_ACCESS_KEY_ID=${stars(20)}`);
  // Context lines mask every secret found in the file, not only the finding's own.
  const context = findings[0].Code.Lines.map((l) => l.Content);
  assert.deepEqual(context, ['#!/bin/sh', '# deploy', `export AWS_ACCESS_KEY_ID=${stars(20)}`, `export GH=${stars(40)}`]);
  for (const f of findings) for (const l of f.Code.Lines) assert.ok(!l.Content.includes(awsKey) && !l.Content.includes(gh));
  assert.deepEqual(findings[1].Code.Lines.map((l) => [l.Number, l.IsCause, l.FirstCause, l.LastCause]), [[2, false, false, false], [3, false, false, false], [4, true, true, true], [5, false, false, false]]);
});

test('two secrets on one line: both masked in both findings', () => {
  const text = `creds ${awsKey} and ${tokens.github('ghp_')}\n`;
  const findings = scanner.scan('a.txt', Buffer.from(text));
  assert.equal(findings.length, 2);
  for (const f of findings) assert.equal(f.Match, `creds ${stars(20)} and ${stars(40)}`);
});

test('long lines are cut around the secret (30 bytes before, 20 after) and marked Truncated', () => {
  const file = sharedPath('fixtures/trivy-unit/fanal/secret/testdata/long-line-secret.txt');
  const [f] = scanner.scan('long-line-secret.txt', readFileSync(file));
  assert.equal(f.RuleID, 'github-pat');
  assert.equal(f.Match, `${'a'.repeat(18)} GITHUB_PAT=${stars(40)} ${'b'.repeat(19)}`);
  assert.equal(f.Code.Lines[0].Truncated, true);
  assert.equal(f.Code.Lines[0].Content, f.Match);
});

test('CRLF line endings: no carriage return in Match or code lines; line numbers count lines', () => {
  const file = sharedPath('fixtures/trivy-unit/fanal/secret/testdata/crlf-line-endings.txt');
  const [f] = scanner.scan('crlf-line-endings.txt', readFileSync(file));
  assert.equal(f.StartLine, 2);
  assert.equal(f.Match, `AWS Access Key ID: ${stars(20)}`);
  for (const l of f.Code.Lines) assert.ok(!l.Content.includes('\r'));
});

test('a private key spans its body lines; every body line is masked, BEGIN/END lines are not', () => {
  const pem = tokens.pem('RSA PRIVATE KEY');
  const text = `key: |\n${pem}\nnext: 1\n`;
  const [f] = scanner.scan('values.yaml', Buffer.from(text));
  const bodyLines = pem.split('\n').length - 2;
  assert.deepEqual([f.RuleID, f.StartLine, f.EndLine, f.Confidence], ['rsa-private-key', 3, 2 + bodyLines, 'high']);
  const cause = f.Code.Lines.filter((l) => l.IsCause);
  assert.equal(cause.length, bodyLines);
  for (const l of cause) assert.match(l.Content, /^\*+$/);
  assert.ok(f.Code.Lines.some((l) => l.Content === '-----BEGIN RSA PRIVATE KEY-----'));
  assert.ok(f.Code.Lines.some((l) => l.Content === '-----END RSA PRIVATE KEY-----'));
  assert.ok(cause[0].FirstCause && cause[cause.length - 1].LastCause);
});

test('UTF-8 around a secret: offsets are byte offsets, lines decode as UTF-8, invalid bytes do not break lines', () => {
  const text = `# пароль для деплоя\nKEY=${awsKey}\n`;
  const [f] = scanner.scan('a.sh', Buffer.from(text));
  assert.equal(f.Offset, Buffer.byteLength(text.slice(0, text.indexOf(awsKey))));
  assert.equal(f.Code.Lines[0].Content, '# пароль для деплоя');
  const invalid = readFileSync(sharedPath('fixtures/trivy-unit/fanal/secret/testdata/invalid-utf8.txt'));
  const found = scanner.scan('invalid-utf8.txt', invalid);
  assert.deepEqual(found.map((x) => [x.RuleID, x.StartLine]), [['github-pat', 1]]);
  assert.equal(found[0].Match, `token=${stars(40)}`);
});

test('empty context lines carry no Highlighted field; non-empty ones repeat Content', () => {
  const [f] = scanner.scan('a.sh', Buffer.from(`a\n\nKEY=${awsKey}\n`));
  assert.deepEqual(f.Code.Lines.map((l) => 'Highlighted' in l), [true, false, true, false]);
  assert.deepEqual(f.Code.Lines.map((l) => l.Content), ['a', '', `KEY=${stars(20)}`, '']);
});
