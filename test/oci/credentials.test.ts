import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dockerConfigCredentials, dockerConfigPath } from '../../src/oci/docker-config.js';
import { resolveCredentials } from '../../src/oci/credentials.js';
import { tempDir } from '../support/temp.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function writeConfig(auths: Record<string, unknown>): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths, credsStore: 'desktop' }));
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
