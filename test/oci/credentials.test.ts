import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerConfigCredentials, dockerConfigPath, lookupDockerConfig } from '../../src/oci/docker-config.js';
import { resolveCredentials } from '../../src/oci/credentials.js';
import { UserError } from '../../src/errors.js';
import { tempDir } from '../support/temp.js';
import { writeCredentialHelper } from './credential-helper-script.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function writeConfig(auths: Record<string, unknown>, helpers: { credsStore?: string; credHelpers?: Record<string, string> } = {}): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths, ...helpers }));
  return dir;
}

test('docker config: $DOCKER_CONFIG/config.json, else ~/.docker/config.json', () => {
  assert.equal(dockerConfigPath({ DOCKER_CONFIG: '/x/conf' }, '/home/u'), '/x/conf/config.json');
  assert.equal(dockerConfigPath({}, '/home/u'), '/home/u/.docker/config.json');
});

test('docker config: auth (base64 user:password) and username/password entries, keys with scheme and path', async () => {
  const dir = writeConfig({
    '127.0.0.1:5001': { auth: b64('alice:pa:ss') },
    'https://registry.example.org/v2/': { username: 'bob', password: 'hunter2' },
    'https://index.docker.io/v1/': { auth: b64('hubuser:hubpass') },
    'empty.example.org': {},
  });
  const path = join(dir, 'config.json');
  assert.deepEqual(await dockerConfigCredentials('127.0.0.1:5001', path), { username: 'alice', password: 'pa:ss' });
  assert.deepEqual(await dockerConfigCredentials('registry.example.org', path), { username: 'bob', password: 'hunter2' });
  assert.deepEqual(await dockerConfigCredentials('docker.io', path), { username: 'hubuser', password: 'hubpass' });
  assert.equal(await dockerConfigCredentials('127.0.0.1:5002', path), undefined);
  assert.equal(await dockerConfigCredentials('empty.example.org', path), undefined);
  assert.equal(await dockerConfigCredentials('127.0.0.1:5001', join(dir, 'missing.json')), undefined);
});

test('docker config: an exact key wins over a normalised one', async () => {
  const dir = writeConfig({ 'https://ghcr.io': { auth: b64('normalised:x') }, 'ghcr.io': { auth: b64('exact:y') } });
  assert.deepEqual(await dockerConfigCredentials('ghcr.io', join(dir, 'config.json')), { username: 'exact', password: 'y' });
});

test('docker config: broken JSON or a broken auth is an error naming the file, not the secret', async () => {
  const dir = tempDir();
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{"auths": {');
  await assert.rejects(dockerConfigCredentials('x.example.org', broken), /broken\.json: not valid JSON/);
  const badAuth = join(writeConfig({ 'x.example.org': { auth: b64('no-colon-secret') } }), 'config.json');
  await assert.rejects(dockerConfigCredentials('x.example.org', badAuth), (err: Error) => /not base64 of user:password/.test(err.message) && !err.message.includes('no-colon-secret'));
});

test('credentials: flags, then PICKET_USERNAME/PICKET_PASSWORD, then docker config, else anonymous', async () => {
  const dockerDir = writeConfig({ '127.0.0.1:5001': { auth: b64('docker:fromconfig') } });
  const env = { DOCKER_CONFIG: dockerDir, PICKET_USERNAME: 'envuser', PICKET_PASSWORD: 'envpass' };
  assert.deepEqual(await resolveCredentials('127.0.0.1:5001', { username: 'flaguser', password: 'flagpass' }, env), { credentials: { username: 'flaguser', password: 'flagpass' }, source: 'flags' });
  assert.deepEqual(await resolveCredentials('127.0.0.1:5001', {}, env), { credentials: { username: 'envuser', password: 'envpass' }, source: 'environment' });
  assert.deepEqual(await resolveCredentials('127.0.0.1:5001', {}, { DOCKER_CONFIG: dockerDir }), { credentials: { username: 'docker', password: 'fromconfig' }, source: 'docker config' });
  assert.deepEqual(await resolveCredentials('127.0.0.1:5009', {}, { DOCKER_CONFIG: dockerDir }), { source: 'none' });
  const home = tempDir();
  mkdirSync(join(home, 'nothing'));
  assert.deepEqual(await resolveCredentials('127.0.0.1:5001', {}, { DOCKER_CONFIG: join(home, 'nothing') }), { source: 'none' });
});

test('credentials: a user without a password (or the reverse) is refused, naming the flags only', async () => {
  await assert.rejects(resolveCredentials('r.example.org', { username: 'u' }, {}), /--username is given without --password/);
  await assert.rejects(resolveCredentials('r.example.org', { password: 'secret-value' }, {}), (err: Error) => /--password is given without --username/.test(err.message) && !err.message.includes('secret-value'));
  await assert.rejects(resolveCredentials('r.example.org', {}, { PICKET_USERNAME: 'u' }), /PICKET_USERNAME is given without PICKET_PASSWORD/);
});

// A real helper on PATH (a shell script speaking the `get` protocol); see credential-helper-script.ts.
const helperBin = writeCredentialHelper('picket-store', [
  ['127.0.0.1:5001', 'from-store', 'store-secret'],
  ['https://index.docker.io/v1/', 'hub-from-store', 'hub-store-secret'],
]);
const perRegistryBin = writeCredentialHelper('picket-per-registry', [['ghcr.io', 'from-helper', 'helper-secret']]);
const helperEnv = { PATH: `${helperBin}:${perRegistryBin}:${process.env.PATH ?? ''}` };

test('docker config: credHelpers for the registry, else credsStore, else auths', async () => {
  const dir = writeConfig(
    { '127.0.0.1:5001': {}, 'https://ghcr.io': { auth: b64('stale:auths') }, 'other.example.org': { auth: b64('carol:from-auths') } },
    { credsStore: 'picket-store', credHelpers: { 'https://ghcr.io/': 'picket-per-registry' } },
  );
  const path = join(dir, 'config.json');
  assert.deepEqual(await lookupDockerConfig('ghcr.io', path, { env: helperEnv }), { credentials: { username: 'from-helper', password: 'helper-secret' }, from: 'docker-credential-picket-per-registry' });
  assert.deepEqual(await lookupDockerConfig('127.0.0.1:5001', path, { env: helperEnv }), { credentials: { username: 'from-store', password: 'store-secret' }, from: 'docker-credential-picket-store' });
  // Docker Hub is asked for by the name docker gives it.
  assert.deepEqual(await dockerConfigCredentials('docker.io', path, { env: helperEnv }), { username: 'hub-from-store', password: 'hub-store-secret' });
  // The store has nothing for it: the auths entry.
  assert.deepEqual(await lookupDockerConfig('other.example.org', path, { env: helperEnv }), { credentials: { username: 'carol', password: 'from-auths' }, from: 'auths' });
  assert.equal(await lookupDockerConfig('none.example.org', path, { env: helperEnv }), undefined);
});

test('docker config: a configured helper that is not installed is a UserError naming it and the file', async () => {
  const dir = writeConfig({ '127.0.0.1:5001': { auth: b64('alice:x') } }, { credsStore: 'picket-not-installed' });
  const path = join(dir, 'config.json');
  await assert.rejects(lookupDockerConfig('127.0.0.1:5001', path, { env: helperEnv }), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.message, `docker credential helper docker-credential-picket-not-installed (credsStore in ${path}) is not installed or not on PATH; install it, or remove it from the docker config`);
    return true;
  });
});

test('docker config: an identitytoken replaces the password', async () => {
  const dir = writeConfig({ 'myregistry.example.org': { auth: b64('00000000-0000-0000-0000-000000000000:'), identitytoken: 'refresh-token' } });
  assert.deepEqual(await dockerConfigCredentials('myregistry.example.org', join(dir, 'config.json')), { username: '00000000-0000-0000-0000-000000000000', password: '', identityToken: 'refresh-token' });
});

test('credentials: from a credential helper, named for the logs', async () => {
  const dir = writeConfig({}, { credsStore: 'picket-store' });
  assert.deepEqual(await resolveCredentials('127.0.0.1:5001', {}, { ...helperEnv, DOCKER_CONFIG: dir }), {
    credentials: { username: 'from-store', password: 'store-secret' },
    source: 'credential helper',
    detail: 'docker-credential-picket-store',
  });
  // Flags and the environment come first: the helper is not run.
  assert.equal((await resolveCredentials('127.0.0.1:5001', {}, { PATH: helperEnv.PATH, DOCKER_CONFIG: dir, PICKET_USERNAME: 'e', PICKET_PASSWORD: 'p' })).source, 'environment');
});
