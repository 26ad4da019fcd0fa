import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createSecretScanner, loadSecretConfig } from '../../../src/detector/secret/index.js';
import { sharedPath } from '../../support/paths.js';

test("trivy's integration golden: picket reports exactly trivy's secrets for fixtures/repo/secrets", async () => {
  const dir = sharedPath('fixtures/trivy-integration/fixtures/repo/secrets');
  const golden = JSON.parse(readFileSync(sharedPath('fixtures/trivy-integration/secrets.json.golden'), 'utf8')) as { Results: unknown[] };
  const configFile = join(dir, 'trivy-secret.yaml');
  const scanner = createSecretScanner(await loadSecretConfig(configFile));
  const results = [];
  for (const name of readdirSync(dir).sort()) {
    const file = join(dir, name);
    // The secret config itself is not scanned (its rules would match their own regexes).
    if (file === configFile || !scanner.wants(name, statSync(file).size)) continue;
    const secrets = scanner.scan(name, readFileSync(file));
    if (secrets.length) results.push({ Target: name, Class: 'secret', Secrets: secrets });
  }
  assert.deepEqual(results, golden.Results);
});

/**
 * trivy's secret-scanner testdata, read the way picket reads it (the files sit under testdata/, so
 * the `tests` allow rule is off, as in trivy's own tests): for each file, the category and lines
 * of every finding, or SKIPPED when an allow rule or the extension skips the file. Where picket
 * differs from trivy on purpose: a `ghp_` run of 38 characters is not a 36-character token
 * (crlf-line-endings.txt), and a 40-character AWS secret of one repeated word fails the entropy
 * check (aws-secrets.txt line 5).
 */
const expected: Record<string, [string, number, number][] | 'SKIPPED'> = {
  'alibaba-access-key-id.txt': [['Alibaba', 2, 2]],
  'asymmetric-private-key.txt': [['AsymmetricPrivateKey', 2, 3], ['AsymmetricPrivateKey', 9, 9]],
  'asymmetric-private-secret.json': [['AsymmetricPrivateKey', 1, 1]],
  'asymmetric-private-secret.txt': [['AsymmetricPrivateKey', 2, 4]],
  'aws-secrets.txt': [['AWS', 1, 1], ['AWS', 2, 2]],
  'azure-ai-services-key.txt': [['Azure', 1, 1]],
  'azure-app-config-connection-string.txt': [['Azure', 1, 1]],
  'azure-container-registry-credential.txt': [['Azure', 1, 1]],
  'azure-container-registry-password.txt': [['Azure', 1, 1]],
  'azure-devops-pat.txt': [['Azure', 1, 1]],
  'azure-entra-client-secret.txt': [['Azure', 1, 1]],
  'azure-sas-token.txt': [['Azure', 1, 1]],
  'azure-storage-account-key.txt': [['Azure', 1, 1]],
  'builtin-rule-secret.txt': [['GitHub', 1, 1], ['AWS', 2, 2]],
  'crlf-line-endings.txt': [['AWS', 2, 2]],
  'docker-secrets.txt': [['Docker', 2, 2], ['Docker', 4, 4]],
  'example-secret.txt': 'SKIPPED',
  'github-app-token.txt': [['GitHub', 1, 1]],
  'github-token.txt': [['GitHub', 1, 1]],
  'grafana-env.txt': [['Grafana', 1, 1], ['Grafana', 2, 2]],
  'hugging-face-secret.txt': [['HuggingFace', 1, 1]],
  'invalid-aws-secrets.txt': [],
  'invalid-utf8.txt': [['GitHub', 1, 1]],
  'jwt-secret.txt': [['JWT', 3, 3]],
  'long-line-secret.txt': [['GitHub', 1, 1]],
  'multi-line.txt': [],
  'obfuscated.js': [],
  'openai-admin-api-key.txt': [['OpenAI', 1, 1]],
  'openai-invalid.txt': [],
  'openai-legacy-api-key.txt': [['OpenAI', 1, 1]],
  'openai-project-api-key.txt': [['OpenAI', 1, 1]],
  'openai-realtime-client-secret.txt': [['OpenAI', 1, 1]],
  'openai-service-account-key.txt': [['OpenAI', 1, 1]],
  'openai-service-api-key.txt': [['OpenAI', 1, 1]],
  'private-packagist.txt': [['Packagist', 1, 1], ['Packagist', 2, 2], ['Packagist', 3, 3]],
  'secret.md': 'SKIPPED',
  'secret.txt': [],
  'settings-encrypted.xml': [],
  'settings-security.xml': [['Generic', 2, 2]],
  'settings.xml': [['Generic', 2, 2], ['Generic', 3, 3]],
  'symfony-secret.yaml': [],
  'wrapped-secrets-sensitive.txt': [['AWS', 1, 1]],
  'wrapped-secrets.txt': [],
};

test("trivy's secret testdata (fanal/secret): categories and lines of what picket finds, file by file", () => {
  const dir = sharedPath('fixtures/trivy-unit/fanal/secret/testdata');
  const scanner = createSecretScanner({ disableAllowRules: ['tests'] });
  const inputs = readdirSync(dir).filter((f) => !/^(?:config|allow|global|exclude|multi-line-o|multiple|skip-test)/.test(f) || f.endsWith('.txt'));
  assert.deepEqual(inputs.sort(), Object.keys(expected).sort());
  for (const name of inputs) {
    const got = scanner.wants(name, 1) ? scanner.scan(name, readFileSync(join(dir, name))).map((f) => [f.Category, f.StartLine, f.EndLine]) : 'SKIPPED';
    assert.deepEqual(got, expected[name], name);
  }
});

test("trivy's secret analyzer testdata: binaries, lockfiles, vendored and empty files are not read", async () => {
  const dir = sharedPath('fixtures/trivy-unit/fanal/analyzer/secret/testdata');
  const scanner = createSecretScanner(await loadSecretConfig(join(dir, 'config.yaml')));
  const read = (name: string) => (scanner.wants(name, statSync(join(dir, name)).size) ? scanner.scan(name, readFileSync(join(dir, name))).map((f) => `${f.RuleID}@${f.StartLine}`) : 'SKIPPED');
  assert.deepEqual(read('secret.txt'), ['rule1@2', 'rule1@4']);
  for (const skipped of ['secret.doc', 'package-lock.json', 'vendor/secret.txt', 'emptyfile']) assert.equal(read(skipped), 'SKIPPED', skipped);
});
