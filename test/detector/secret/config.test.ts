import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../../src/errors.js';
import { createSecretScanner, loadSecretConfig, parseSecretConfig } from '../../../src/detector/secret/index.js';
import { translateGoRegexp } from '../../../src/detector/secret/go-regexp.js';
import { sharedPath } from '../../support/paths.js';
import { tempDir } from '../../support/temp.js';

const testdata = sharedPath('fixtures/trivy-unit/fanal/secret/testdata');

/** Scans a trivy testdata file with a trivy testdata config: `rule@line` per finding, or SKIPPED. */
async function run(config: string, file: string): Promise<string[] | 'SKIPPED'> {
  const scanner = createSecretScanner(await loadSecretConfig(join(testdata, config)));
  if (!scanner.wants(file, 1)) return 'SKIPPED';
  return scanner.scan(file, readFileSync(join(testdata, file))).map((f) => `${f.RuleID}@${f.StartLine}`);
}

test('trivy-secret.yaml custom rules: regex with a named secret group, run over the whole file', async () => {
  assert.deepEqual(await run('config.yaml', 'secret.txt'), ['rule1@2', 'rule1@4']);
  const scanner = createSecretScanner(await loadSecretConfig(join(testdata, 'config.yaml')));
  const [first] = scanner.scan('secret.txt', readFileSync(join(testdata, 'secret.txt')));
  assert.deepEqual([first.Category, first.Title, first.Severity, first.Match], ['general', 'Generic Rule', 'HIGH', 'generic secret line secret="*********"']);
});

test('keywords gate a custom rule: it runs only when one occurs', async () => {
  assert.deepEqual(await run('config-happy-keywords.yaml', 'secret.txt'), ['rule1@2', 'rule1@4']);
  assert.deepEqual(await run('config-sad-keywords.yaml', 'secret.txt'), []);
});

test('allow rules: per rule and global, by path (the file is skipped) and by regex on the secret', async () => {
  assert.deepEqual(await run('allow-path.yaml', 'secret.txt'), []);
  assert.deepEqual(await run('allow-regex.yaml', 'secret.txt'), ['rule1@2']);
  // The allow regex is tested against the secret, so a word elsewhere in the match does not allow it.
  assert.deepEqual(await run('allow-regex-outside-group.yaml', 'secret.txt'), ['rule1@2']);
  assert.equal(await run('global-allow-path.yaml', 'secret.txt'), 'SKIPPED');
  assert.deepEqual(await run('global-allow-regex.yaml', 'secret.txt'), ['rule1@2']);
});

test('exclude-block, per rule and global, drops secrets inside the matched block', async () => {
  assert.deepEqual(await run('exclude-block.yaml', 'secret.txt'), ['rule1@4']);
  assert.deepEqual(await run('global-exclude-block.yaml', 'secret.txt'), ['rule1@4']);
});

test('disable-rules, enable-builtin-rules and disable-allow-rules', async () => {
  assert.deepEqual(await run('config-disable-rule1.yaml', 'secret.txt'), []);
  assert.deepEqual(await run('config-enable-ghp.yaml', 'builtin-rule-secret.txt'), ['github-pat@1']);
  assert.deepEqual(await run('config-disable-ghp.yaml', 'builtin-rule-secret.txt'), ['aws-access-key-id@2']);
  assert.equal(await run('config.yaml', 'secret.md'), 'SKIPPED');
  assert.deepEqual(await run('config-disable-allow-rule-md.yaml', 'secret.md'), ['rule1@2', 'rule1@4']);
});

test('severity: upper-cased; missing or unknown becomes UNKNOWN, the latter with a warning', async () => {
  for (const config of ['config-with-incorrect-severity.yaml', 'config-with-non-uppercase-severity.yaml', 'config-without-severity.yaml']) {
    const loaded = await loadSecretConfig(join(testdata, config));
    assert.equal(loaded.rules?.[0].severity, 'UNKNOWN', config);
    assert.deepEqual(await run(config, 'secret.txt'), ['rule1@2'], config);
  }
  assert.match((await loadSecretConfig(join(testdata, 'config-with-incorrect-severity.yaml'))).warnings!.join(), /unknown severity "bad"/);
});

test('a secret-group-name used twice reports each group; (?m) makes ^ and $ match at lines', async () => {
  assert.deepEqual(await run('multiple-secret-groups.yaml', 'secret.txt'), ['rule1@5', 'rule1@5']);
  assert.deepEqual(await run('multi-line-on.yaml', 'multi-line.txt'), ['multi-line-secret@2']);
  assert.deepEqual(await run('multi-line-off.yaml', 'multi-line.txt'), []);
});

test('skip-patterns (globs) and path allow rules are applied by wants()', async () => {
  const config = await loadSecretConfig(sharedPath('fixtures/trivy-unit/fanal/analyzer/secret/testdata/custom-skip-config.yaml'));
  const scanner = createSecretScanner(config);
  assert.equal(scanner.wants('testdata/vendor/secret.txt', 10), false);
  assert.equal(scanner.wants('custom.lock', 10), false);
  assert.equal(scanner.wants('secret.xyz', 10), false);
  assert.equal(scanner.wants('secret.txt', 10), true);
});

test('low-confidence: drop removes tokens that fail their checksum', () => {
  const text = Buffer.from('GITHUB_PAT=ghp_012345678901234567890123456789abcdef\n');
  assert.equal(createSecretScanner(parseSecretConfig('low-confidence: report', 'x.yaml')).scan('a.sh', text)[0].Confidence, 'low');
  assert.deepEqual(createSecretScanner(parseSecretConfig('low-confidence: drop', 'x.yaml')).scan('a.sh', text), []);
});

test('bad config files are one-line user errors naming the file and the problem', async () => {
  const dir = tempDir();
  const cases: [string, RegExp][] = [
    ['rules: [', /not valid YAML/],
    ['- a\n- b', /mapping at the top level/],
    ['rules:\n  - category: x\n    regex: a', /rules\[0\] has no id/],
    ['rules:\n  - id: r\n    regex: "(unclosed"', /rule "r": invalid regex "\(unclosed"/],
    ['rules:\n  - id: r\n    regex: "\\\\pL+"', /Unicode classes/],
    ['rules:\n  - id: r\n    regex: "a(?P<x>b)"\n    secret-group-name: secret', /secret-group-name "secret" is not a group/],
    ['allow-rules:\n  - id: a\n    description: nothing to match', /needs a regex or a path/],
    ['disable-rules: 3', /disable-rules must be a list of strings/],
    ['low-confidence: maybe', /low-confidence must be "report" or "drop"/],
  ];
  for (const [i, [text, message]] of cases.entries()) {
    const file = join(dir, `bad-${i}.yaml`);
    writeFileSync(file, text);
    await assert.rejects(loadSecretConfig(file), (err: unknown) => {
      assert.ok(err instanceof UserError, `${text}: ${String(err)}`);
      assert.match(err.message, new RegExp(`^secret config ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
      assert.match(err.message, message);
      assert.ok(!err.message.includes('\n'), 'one line');
      return true;
    });
  }
  await assert.rejects(loadSecretConfig(join(dir, 'missing.yaml')), /secret config .*missing\.yaml: no such file/);
  assert.deepEqual(parseSecretConfig('', 'empty.yaml').rules ?? [], []);
  assert.match(parseSecretConfig('colour: blue', 'x.yaml').warnings!.join(), /unknown key "colour"/);
});

test('Go regular expressions are carried over to JavaScript', () => {
  const t = (p: string) => translateGoRegexp(p);
  assert.deepEqual([t('(?i)(?P<key>a)(?P<secret>b)').source, t('(?i)(?P<key>a)').flags], ['(?<key>a)(?<secret>b)', 'i']);
  const dup = t('(?P<secret>a)-(?P<secret>b)');
  assert.equal(dup.source, '(?<secret>a)-(?<secret__2>b)');
  assert.deepEqual(dup.groupCopies.get('secret'), ['secret', 'secret__2']);
  assert.equal(new RegExp(t('\\Aab\\z').source).test('ab'), true);
  assert.equal(new RegExp(t('\\Aab\\z').source, 'm').test('ab\nc'), false);
  assert.equal(new RegExp(t('[[:alnum:]_]+').source).exec('x-ab_9!')?.[0], 'x');
  assert.equal(new RegExp(t('\\Qa.b\\E').source).test('a.b'), true);
  assert.equal(new RegExp(t('\\Qa.b\\E').source).test('axb'), false);
  const inline = t('(^test|/(?i)test)');
  assert.equal(inline.flags, 'i');
  assert.match(inline.notes.join(), /applies to the whole pattern/);
  assert.equal(t('--- start ---(.|\\s)*--- stop ---').source, '--- start ---[\\s\\S]*--- stop ---');
  // Non-ASCII literals match their UTF-8 bytes (the scanner reads text as latin1).
  const pw = new RegExp(t('пароль=(?P<secret>\\w+)').source);
  assert.equal(pw.exec(Buffer.from('пароль=abc123').toString('latin1'))?.groups?.secret, 'abc123');
});

test('a custom rule whose keyword is longer than the prefilter keeps runs only when the whole keyword occurs', () => {
  const config = parseSecretConfig('rules:\n  - id: long\n    category: c\n    title: t\n    severity: LOW\n    regex: "token-[0-9]+"\n    keywords: [internal-token]\n', 'k.yaml');
  const scanner = createSecretScanner({ ...config, enableBuiltinRules: [] });
  assert.deepEqual(scanner.scan('a.txt', Buffer.from('INTERNAL-TOKEN: token-42\n')).map((f) => f.RuleID), ['long']);
  assert.deepEqual(scanner.scan('a.txt', Buffer.from('internal-tokxx: token-42\n')).map((f) => f.RuleID), []);
});
