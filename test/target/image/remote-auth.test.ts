/**
 * Credentials of the registry image source against real registries: htpasswd Basic auth and
 * Bearer tokens from a token server. Credentials come from the options (flags), the environment,
 * the docker config `auths`, or a real credential helper on PATH; wrong or missing ones give one
 * line naming the image and the registry, never the password.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryError } from '../../../src/oci/errors.js';
import { openRemoteImage, type RemoteImageOptions } from '../../../src/target/image/sources/remote.js';
import { UserError } from '../../../src/errors.js';
import { startRegistry } from '../../support/registry.js';
import { tempDir } from '../../support/temp.js';
import { writeCredentialHelper } from '../../oci/credential-helper-script.js';
import { buildTestLayout, diffIdOf, pushImage } from './remote-fixtures.js';

const basic = await startRegistry('basic');
const token = await startRegistry('token');
const layout = await buildTestLayout();
await pushImage(layout, 'amd64', `${basic.host}/private/img:1`, ['--dest-creds', `${basic.username}:${basic.password}`]);
await pushImage(layout, 'amd64', `${token.host}/private/img:1`, ['--dest-creds', `${token.username}:${token.password}`]);

const options = (env: NodeJS.ProcessEnv = {}, extra: Partial<RemoteImageOptions> = {}): RemoteImageOptions => ({
  tempDir: tempDir(),
  env: { DOCKER_CONFIG: tempDir(), ...env },
  retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
  ...extra,
});

/** A docker config directory holding this config.json. */
function dockerConfig(config: unknown): string {
  const dir = tempDir();
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

test('basic auth: --username/--password, PICKET_USERNAME/PICKET_PASSWORD, docker config auths, a credential helper', async () => {
  const reference = `${basic.host}/private/img:1`;
  const debug: string[] = [];
  const withFlags = await openRemoteImage(reference, options({}, { username: basic.username, password: basic.password, onDebug: (m) => debug.push(m) }));
  assert.equal(withFlags.layers.length, 2);
  assert.equal(await diffIdOf(await withFlags.layers[1].open()), withFlags.layers[1].diffId);
  assert.ok(debug.some((line) => line === `${reference}: registry ${basic.host}, credentials from --username/--password`), debug.join('\n'));
  assert.ok(!debug.some((line) => line.includes(basic.password)), 'the password is never logged');

  const fromEnv = await openRemoteImage(reference, options({ PICKET_USERNAME: basic.username, PICKET_PASSWORD: basic.password }));
  assert.equal(fromEnv.imageId, withFlags.imageId);

  const auths = dockerConfig({ auths: { [basic.host]: { auth: b64(`${basic.username}:${basic.password}`) } } });
  const fromAuths = await openRemoteImage(reference, options({ DOCKER_CONFIG: auths }));
  assert.equal(fromAuths.imageId, withFlags.imageId);

  const bin = writeCredentialHelper('picket-test', [[basic.host, basic.username, basic.password]]);
  const store = dockerConfig({ auths: { [basic.host]: {} }, credsStore: 'picket-test' });
  const helperDebug: string[] = [];
  const fromHelper = await openRemoteImage(reference, options({ DOCKER_CONFIG: store, PATH: `${bin}:${process.env.PATH ?? ''}` }, { onDebug: (m) => helperDebug.push(m) }));
  assert.equal(fromHelper.imageId, withFlags.imageId);
  assert.ok(helperDebug.includes(`${reference}: registry ${basic.host}, credentials from docker-credential-picket-test`), helperDebug.join('\n'));
});

test('basic auth: no credentials, or wrong ones, give one line naming the image and registry, never the password', async () => {
  const reference = `${basic.host}/private/img:1`;
  await assert.rejects(openRemoteImage(reference, options()), (err: unknown) => {
    assert.ok(err instanceof RegistryError);
    assert.equal(err.kind, 'unauthorized');
    assert.match(err.message, new RegExp(`^${reference}: ${basic.host} denied access without credentials \\(.*\\); if the image exists, give --username and --password \\(or --registry-token, PICKET_USERNAME/PICKET_PASSWORD, or docker login ${basic.host}\\)$`));
    return true;
  });
  const wrong = 'wrong-password-value';
  await assert.rejects(openRemoteImage(reference, options({}, { username: basic.username, password: wrong })), (err: unknown) => {
    assert.ok(err instanceof RegistryError);
    assert.equal(err.kind, 'unauthorized');
    assert.match(err.message, new RegExp(`^${reference}: ${basic.host} refused the credentials from --username/--password \\(.*\\); check --username/--password$`));
    assert.ok(!err.message.includes(wrong));
    assert.ok(!err.message.includes('\n'));
    return true;
  });
  await assert.rejects(openRemoteImage(reference, options({}, { username: basic.username })), (err: unknown) => err instanceof UserError && err.message === '--username is given without --password');
});

test('token auth: anonymous pull where the token server allows it, credentials where given, wrong ones refused', async () => {
  const reference = `${token.host}/private/img:1`;
  const before = token.tokenServer!.requests.length;
  const anonymous = await openRemoteImage(reference, options());
  assert.equal(anonymous.layers.length, 2);
  const anonymousRequests = token.tokenServer!.requests.slice(before);
  assert.ok(anonymousRequests.length >= 1);
  assert.ok(anonymousRequests.every((r) => r.user === undefined && r.scopes.includes('repository:private/img:pull')), JSON.stringify(anonymousRequests));

  const withUser = await openRemoteImage(reference, options({}, { username: token.username, password: token.password }));
  assert.equal(withUser.imageId, anonymous.imageId);
  assert.equal(token.tokenServer!.requests.at(-1)?.user, token.username);
  // Layers are read with the same token (no new token request per blob).
  const count = token.tokenServer!.requests.length;
  for (const layer of withUser.layers) assert.equal(await diffIdOf(await layer.open()), layer.diffId);
  assert.equal(token.tokenServer!.requests.length, count);

  const wrong = 'not-the-password';
  await assert.rejects(openRemoteImage(reference, options({}, { username: token.username, password: wrong })), (err: unknown) => {
    assert.ok(err instanceof RegistryError);
    assert.equal(err.kind, 'unauthorized');
    assert.match(err.message, new RegExp(`^${reference}: ${token.host} refused the credentials from --username/--password \\(unauthorized: the token server http://127\\.0\\.0\\.1:\\d+/token refused the credentials \\(HTTP 401\\)\\); check`));
    assert.ok(!err.message.includes(wrong));
    return true;
  });
});
