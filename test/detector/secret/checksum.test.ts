import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSecretScanner } from '../../../src/detector/secret/index.js';
import { crc32Base62, hasCrc32Base62Checksum } from '../../../src/detector/secret/validators/crc32-base62.js';
import { isPypiMacaroon } from '../../../src/detector/secret/validators/pypi-macaroon.js';
import { isBech32 } from '../../../src/detector/secret/validators/bech32.js';
import { isJwt, isPemBody } from '../../../src/detector/secret/validators/structure.js';
import { TokenFactory } from './token-factory.js';

const tokens = new TokenFactory(99);
const scanner = createSecretScanner();
const dropping = createSecretScanner({ lowConfidence: 'drop' });

/** The token with one character in its body replaced by another of the same alphabet. */
function altered(token: string, at: number): string {
  const c = token[at];
  const swap = /[0-9]/.test(c) ? String((Number(c) + 1) % 10) : c === 'z' ? 'a' : c === 'Z' ? 'A' : String.fromCharCode(c.charCodeAt(0) + 1);
  return token.slice(0, at) + swap + token.slice(at + 1);
}

function confidenceOf(text: string, ruleId: string, s = scanner) {
  const f = s.scan('deploy/run.sh', Buffer.from(text + '\n')).filter((x) => x.RuleID === ruleId);
  return f.length === 0 ? 'none' : f[0].Confidence;
}

test('the base-62 CRC32 checksum matches the published GitHub example', () => {
  // From GitHub's token-format description: ghp_ + zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ + 0mLq17.
  assert.equal(crc32Base62('zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ'), '0mLq17');
  assert.equal(hasCrc32Base62Checksum('zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq17'), true);
  assert.equal(hasCrc32Base62Checksum('zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq18'), false);
});

for (const [prefix, rule] of [['ghp_', 'github-pat'], ['gho_', 'github-oauth-token'], ['ghu_', 'github-user-to-server-token'], ['ghs_', 'github-app-token'], ['ghr_', 'github-refresh-token']] as const) {
  test(`${rule}: a token with its checksum is high confidence; any changed character makes it low, and dropped on request`, () => {
    const token = tokens.github(prefix);
    assert.equal(confidenceOf(`GITHUB_TOKEN=${token}`, rule), 'high');
    for (const at of [4, 17, 33, 38, 39]) {
      const bad = altered(token, at);
      assert.equal(confidenceOf(`GITHUB_TOKEN=${bad}`, rule), 'low', bad);
      assert.equal(confidenceOf(`GITHUB_TOKEN=${bad}`, rule, dropping), 'none', bad);
    }
    assert.equal(confidenceOf(`GITHUB_TOKEN=${token}`, rule, dropping), 'high');
  });
}

test('npm tokens: the same CRC32 scheme, checked the same way', () => {
  const token = tokens.npm();
  assert.equal(confidenceOf(`NPM_TOKEN=${token}`, 'npm-access-token'), 'high');
  for (const at of [4, 20, 34, 39]) assert.equal(confidenceOf(`NPM_TOKEN=${altered(token, at)}`, 'npm-access-token'), 'low');
});

test('PyPI tokens: the macaroon after pypi-AgEIcHlwaS5vcmc must decode with its framing and a 32-byte signature', () => {
  const token = tokens.pypi();
  assert.ok(token.startsWith('pypi-AgEIcHlwaS5vcmc'));
  assert.equal(isPypiMacaroon(token), true);
  assert.equal(confidenceOf(`password = ${token}`, 'pypi-upload-token'), 'high');
  // Truncated, extended, or with a field length changed: the framing no longer adds up.
  assert.equal(isPypiMacaroon(token.slice(0, -4)), false);
  assert.equal(isPypiMacaroon(token + 'AAAA'), false);
  const bytes = Buffer.from(token.slice(5), 'base64url');
  bytes[bytes.length - 33] -= 1; // the signature's length
  const reframed = 'pypi-' + bytes.toString('base64url');
  assert.equal(isPypiMacaroon(reframed), false);
  assert.equal(confidenceOf(`password = ${token.slice(0, -4)}`, 'pypi-upload-token'), 'low');
  assert.equal(isPypiMacaroon(tokens.pypi('test.pypi.org')), true);
});

test('age secret keys carry a Bech32 checksum', () => {
  const key = tokens.age();
  assert.equal(isBech32(key), true);
  assert.equal(confidenceOf(key, 'age-secret-key'), 'high');
  const bad = key.slice(0, 30) + (key[30] === 'Q' ? 'P' : 'Q') + key.slice(31);
  assert.equal(isBech32(bad), false);
  assert.equal(confidenceOf(bad, 'age-secret-key'), 'low');
});

test('JWTs and PEM bodies are checked for structure', () => {
  const jwt = tokens.jwt();
  assert.equal(isJwt(jwt), true);
  assert.equal(isJwt('eyJub3RqcyI6.' + jwt.split('.').slice(1).join('.')), false);
  assert.equal(confidenceOf(`token: ${jwt}`, 'jwt'), 'high');
  const pem = tokens.pem('RSA PRIVATE KEY');
  const body = pem.split('\n').slice(1, -1).join('\n');
  assert.equal(isPemBody('RSA PRIVATE KEY', body), true);
  assert.equal(isPemBody('OPENSSH PRIVATE KEY', body), false);
  assert.equal(confidenceOf(pem.replace(/\n[A-Za-z0-9+/]{10}/, '\nAAAAAAAAAA'), 'rsa-private-key'), 'low');
});

test('Slack tokens must keep their structure (ids, then a fixed-length secret part)', () => {
  const ok = 'xoxb-' + '1'.repeat(12) + '-' + '2'.repeat(13) + '-' + 'aB3'.repeat(8);
  assert.equal(confidenceOf(`SLACK_BOT_TOKEN=${ok}`, 'slack-bot-token'), undefined);
  for (const bad of [ok.replace('-1', '-x'), ok + 'Z', ok.slice(0, -1), 'xoxb-12345-' + ok.slice(18)]) assert.equal(confidenceOf(`SLACK_BOT_TOKEN=${bad}`, 'slack-bot-token'), 'none', bad);
});
