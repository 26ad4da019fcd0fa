import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinAllowRules, createSecretScanner } from '../../../src/detector/secret/index.js';
import { TokenFactory } from './token-factory.js';

const tokens = new TokenFactory(3);
const awsKey = 'AKIAQ3EGRT5NZBVJMC7W';

test('wants(): binaries by extension, noisy paths by built-in allow rules, empty files', () => {
  const scanner = createSecretScanner();
  const skipped = [
    'img/logo.png', 'dist/app.jar', 'lib/x.so', 'fonts/a.woff2', 'archive.tar.gz', 'py/__pycache__/m.pyc',
    'package-lock.json', 'web/yarn.lock', 'go.sum', 'Cargo.lock', 'poetry.lock', 'composer.lock',
    'node_modules/left-pad/index.js', 'vendor/github.com/x/y.go', 'lib/python3.12/site-packages/requests/api.py',
    'static/app.min.js', 'static/app.js.map', 'src/app.test.ts', 'test/unit/a.js', 'spec/__fixtures__/keys.txt',
    'docs/examples/deploy.sh', 'README.md', '.git/config', 'usr/share/doc/x/copyright',
  ];
  for (const path of skipped) assert.equal(scanner.wants(path, 100), false, path);
  for (const path of ['deploy.sh', 'config/app.env', 'src/settings.py', '.npmrc', 'k8s/secret.yaml', 'Dockerfile']) assert.equal(scanner.wants(path, 100), true, path);
  assert.equal(scanner.wants('deploy.sh', 0), false);
});

test('each built-in path allow rule can be switched off by id', () => {
  const byRule: Record<string, string> = {
    tests: 'test/unit/a.js', examples: 'docs/examples/deploy.sh', fixtures: 'spec/__fixtures__/keys.txt', vendor: 'vendor/x/y.go',
    'node-modules': 'node_modules/a/index.js', 'python-packages': 'lib/python3.12/site-packages/a.py', 'git-dir': '.git/config',
    lockfiles: 'package-lock.json', minified: 'static/app.min.js', sourcemaps: 'static/app.js.map', markdown: 'README.md',
    'locale-dir': 'app/locale/de.po', 'usr-dirs': 'usr/share/doc/x/copyright', 'node.js': 'opt/yarn-v1.22.19/lib/cli.js',
    golang: 'usr/local/go/src/net/http/server.go', python: 'usr/local/lib/python3.12/ssl.py', rubygems: 'usr/lib/gems/x.rb',
    wordpress: 'usr/src/wordpress/wp-config.php', anaconda: 'opt/conda/lib/x.py',
  };
  for (const rule of builtinAllowRules.filter((r) => r.path)) {
    const path = byRule[rule.id];
    assert.ok(path, `no sample path for allow rule ${rule.id}`);
    assert.equal(createSecretScanner().wants(path, 10), false, `${rule.id} should skip ${path}`);
    const others = builtinAllowRules.filter((r) => r.path && r.path.test(path)).map((r) => r.id);
    assert.equal(createSecretScanner({ disableAllowRules: others }).wants(path, 10), true, `${rule.id} off: ${path}`);
  }
});

test('scan() skips content with a NUL byte in its first 8 KiB, and paths under allow rules', () => {
  const scanner = createSecretScanner();
  assert.deepEqual(scanner.scan('blob.dat2', Buffer.concat([Buffer.from(`KEY=${awsKey}\n`), Buffer.from([0, 1, 2])])), []);
  assert.deepEqual(scanner.scan('node_modules/a/config.js', Buffer.from(`KEY=${awsKey}\n`)), []);
  assert.equal(scanner.scan('config.js', Buffer.from(`KEY=${awsKey}\n`)).length, 1);
});

test('example-values: secrets that say they are examples are allowed unless the rule is off', () => {
  const text = Buffer.from('AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n');
  assert.deepEqual(createSecretScanner().scan('deploy.sh', text), []);
  assert.equal(createSecretScanner({ disableAllowRules: ['example-values'] }).scan('deploy.sh', text)[0].RuleID, 'aws-access-key-id');
});

test('inline picket:ignore and gitleaks:allow on the line suppress the finding; on another line they do not', () => {
  const scanner = createSecretScanner();
  const scan = (text: string) => scanner.scan('deploy.sh', Buffer.from(text)).map((f) => f.StartLine);
  assert.deepEqual(scan(`KEY=${awsKey} # picket:ignore\n`), []);
  assert.deepEqual(scan(`KEY=${awsKey} // gitleaks:allow\n`), []);
  assert.deepEqual(scan(`# picket:ignore\nKEY=${awsKey}\n`), [2]);
});

test('a generic rule gives way to a specific rule that found the same secret', () => {
  const token = tokens.github('ghp_');
  const findings = createSecretScanner().scan('app.py', Buffer.from(`GITHUB_TOKEN = "${token}"\n`));
  assert.deepEqual(findings.map((f) => f.RuleID), ['github-pat']);
});

test('disable-rules removes built-in rules by id; enable-builtin-rules keeps only those', () => {
  const text = Buffer.from(`KEY=${awsKey}\nT=${tokens.github('ghp_')}\n`);
  assert.deepEqual(createSecretScanner({ disableRules: ['aws-access-key-id'] }).scan('a.sh', text).map((f) => f.RuleID), ['github-pat']);
  assert.deepEqual(createSecretScanner({ enableBuiltinRules: ['aws-access-key-id'] }).scan('a.sh', text).map((f) => f.RuleID), ['aws-access-key-id']);
  assert.deepEqual(createSecretScanner({ enableBuiltinRules: [] }).ruleIds, []);
});
