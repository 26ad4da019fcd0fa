/**
 * Docker credential helpers through their real protocol: `docker-credential-<name> get` is an
 * executable on PATH (a small shell script written by the test) that reads the server on stdin
 * and prints `{"ServerURL","Username","Secret"}`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { credentialsFromHelper } from '../../src/oci/credential-helper.js';
import { UserError } from '../../src/errors.js';
import { tempDir } from '../support/temp.js';
import { writeCredentialHelper } from './credential-helper-script.js';

const bin = writeCredentialHelper('picket-test', [
  ['127.0.0.1:5001', 'alice', 's3cret-alice'],
  ['https://index.docker.io/v1/', 'hubuser', 'hub-secret'],
  ['ghcr.io', '<token>', 'identity-token-value'],
]);
const env = { PATH: `${bin}:${process.env.PATH ?? ''}` };

/** A helper named `docker-credential-<name>` with this shell body, in a fresh PATH directory. */
function scriptHelper(name: string, body: string): NodeJS.ProcessEnv {
  const dir = tempDir('picket-helper-');
  writeFileSync(join(dir, `docker-credential-${name}`), `#!/bin/sh\n${body}\n`);
  chmodSync(join(dir, `docker-credential-${name}`), 0o755);
  return { PATH: `${dir}:${process.env.PATH ?? ''}` };
}

const noSecret = (secret: string) => (err: unknown) => {
  assert.ok(err instanceof UserError, String(err));
  assert.ok(!err.message.includes(secret), `the secret is not in: ${err.message}`);
  assert.ok(!err.message.includes('\n'), 'one line');
  return true;
};

test('credential helper: user and secret for the server written on stdin', async () => {
  assert.deepEqual(await credentialsFromHelper('picket-test', '127.0.0.1:5001', { env }), { username: 'alice', password: 's3cret-alice' });
  assert.deepEqual(await credentialsFromHelper('picket-test', 'https://index.docker.io/v1/', { env }), { username: 'hubuser', password: 'hub-secret' });
  // The protocol: the server alone on stdin, no newline.
  assert.deepEqual(readFileSync(join(bin, 'requests.log'), 'utf8').split('\n').slice(0, 2), ['127.0.0.1:5001', 'https://index.docker.io/v1/']);
});

test('credential helper: the <token> user means an identity token', async () => {
  assert.deepEqual(await credentialsFromHelper('picket-test', 'ghcr.io', { env }), { username: '', password: '', identityToken: 'identity-token-value' });
});

test('credential helper: "credentials not found" means none', async () => {
  assert.equal(await credentialsFromHelper('picket-test', 'unknown.example.org', { env }), undefined);
});

test('credential helper: a missing helper is a UserError naming it and where it was configured', async () => {
  await assert.rejects(
    credentialsFromHelper('picket-absent', '127.0.0.1:5001', { env, configuredIn: 'credsStore in /x/config.json' }),
    (err: unknown) => err instanceof UserError && err.message === 'docker credential helper docker-credential-picket-absent (credsStore in /x/config.json) is not installed or not on PATH; install it, or remove it from the docker config',
  );
});

test('credential helper: a failing helper is a UserError with its complaint, never its JSON', async () => {
  const failing = scriptHelper('picket-fails', 'echo "keychain is locked" >&2; exit 3');
  await assert.rejects(credentialsFromHelper('picket-fails', 'r.example.org', { env: failing }), (err: unknown) => err instanceof UserError && err.message === 'docker-credential-picket-fails failed for r.example.org (exit code 3): keychain is locked');
  const leaky = scriptHelper('picket-leaky', 'echo \'{"Username":"u","Secret":"leaked-secret"}\'; exit 1');
  await assert.rejects(credentialsFromHelper('picket-leaky', 'r.example.org', { env: leaky }), noSecret('leaked-secret'));
  const garbage = scriptHelper('picket-garbage', 'echo "Secret: garbage-secret {"');
  await assert.rejects(credentialsFromHelper('picket-garbage', 'r.example.org', { env: garbage }), noSecret('garbage-secret'));
});

test('credential helper: one that never answers is stopped after the timeout', async () => {
  const hanging = scriptHelper('picket-hangs', 'exec sleep 600');
  await assert.rejects(credentialsFromHelper('picket-hangs', 'r.example.org', { env: hanging, timeoutMs: 200 }), (err: unknown) => err instanceof UserError && err.message === 'docker-credential-picket-hangs did not answer within 0.2 s');
});

test('credential helper: a name that is not a plain word is refused without running anything', async () => {
  await assert.rejects(credentialsFromHelper('../../bin/sh', 'r.example.org', { env }), /not a valid helper name/);
});
