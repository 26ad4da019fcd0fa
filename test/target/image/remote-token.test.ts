/**
 * Tokens with the registry image source against a real token-auth registry: `--registry-token`
 * (a bearer token used as is, no token server request) and docker identity tokens (a credential
 * helper's `<token>` user, exchanged at the token server with the OAuth2 refresh-token grant).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryError } from '../../../src/oci/errors.js';
import { openRemoteImage, type RemoteImageOptions } from '../../../src/target/image/sources/remote.js';
import { startRegistry } from '../../support/registry.js';
import { tempDir } from '../../support/temp.js';
import { writeCredentialHelper } from '../../oci/credential-helper-script.js';
import { buildTestLayout, diffIdOf, pushImage } from './remote-fixtures.js';

const registry = await startRegistry('token');
const tokenServer = registry.tokenServer!;
const layout = await buildTestLayout();
await pushImage(layout, 'amd64', `${registry.host}/private/img:1`, ['--dest-creds', `${registry.username}:${registry.password}`]);
const reference = `${registry.host}/private/img:1`;

const options = (env: NodeJS.ProcessEnv = {}, extra: Partial<RemoteImageOptions> = {}): RemoteImageOptions => ({
  tempDir: tempDir(),
  env: { DOCKER_CONFIG: tempDir(), ...env },
  retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
  ...extra,
});

/** A pull token for the repository, fetched from the token server as the user. */
async function pullToken(): Promise<string> {
  const url = new URL(tokenServer.realm);
  url.searchParams.set('service', 'picket-test-registry');
  url.searchParams.set('scope', 'repository:private/img:pull');
  const response = await fetch(url, { headers: { authorization: `Basic ${Buffer.from(`${registry.username}:${registry.password}`).toString('base64')}` } });
  assert.equal(response.status, 200);
  return ((await response.json()) as { token: string }).token;
}

test('--registry-token: sent as the bearer token as is, without asking the token server', async () => {
  const token = await pullToken();
  const before = tokenServer.requests.length;
  const image = await openRemoteImage(reference, options({}, { registryToken: token, username: 'ignored', password: 'ignored' }));
  assert.equal(image.layers.length, 2);
  for (const layer of image.layers) assert.equal(await diffIdOf(await layer.open()), layer.diffId);
  assert.equal(tokenServer.requests.length, before);

  const wrong = `${token.slice(0, -8)}AAAAAAAA`;
  await assert.rejects(openRemoteImage(reference, options({}, { registryToken: wrong })), (err: unknown) => {
    assert.ok(err instanceof RegistryError);
    assert.equal(err.kind, 'unauthorized');
    assert.match(err.message, new RegExp(`^${reference}: ${registry.host} refused the credentials from --registry-token \\(unauthorized: the registry refused the registry token \\(.*\\)\\); check --registry-token$`));
    assert.ok(!err.message.includes(wrong.slice(0, 20)), 'the token is not in the message');
    return true;
  });
});

test('identity token from a credential helper (<token> user): exchanged with the refresh-token grant', async () => {
  const bin = writeCredentialHelper('picket-test', [[registry.host, '<token>', registry.identityToken!]]);
  const dir = tempDir();
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ credHelpers: { [registry.host]: 'picket-test' } }));
  const before = tokenServer.requests.length;
  const image = await openRemoteImage(reference, options({ DOCKER_CONFIG: dir, PATH: `${bin}:${process.env.PATH ?? ''}` }));
  assert.equal(image.layers.length, 2);
  const exchanges = tokenServer.requests.slice(before);
  assert.ok(exchanges.length >= 1);
  assert.ok(exchanges.every((r) => r.grant === 'refresh_token' && r.user === registry.username && r.scopes.includes('repository:private/img:pull')), JSON.stringify(exchanges));
});
