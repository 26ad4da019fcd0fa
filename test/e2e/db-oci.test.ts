/**
 * `picket db push/pull oci://…` through the built CLI against a real registry (open, htpasswd,
 * token): the pulled DB gives the same findings, foreign artifacts are refused, and failures are
 * one line without the password.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryClient } from '../../src/oci/client.js';
import { sha256Digest } from '../../src/oci/digest.js';
import { encodeManifest, type ImageManifest } from '../../src/oci/manifest.js';
import { MediaType } from '../../src/oci/media-types.js';
import { runPicket, type CliResult } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { tempDir } from '../support/temp.js';

const osvDir = join(repoRoot, 'test/fixtures/osv');
const appDir = join(repoRoot, 'test/fixtures/projects/app');

const registries = { open: await startRegistry('open'), basic: await startRegistry('basic'), token: await startRegistry('token') };
/** No docker config.json of the machine leaks in; tests that want one write their own. */
const noDockerConfig = tempDir('picket-docker-config-');

const sourceCache = tempDir();
const built = await runPicket(['db', 'build', '--source', osvDir, '--cache-dir', sourceCache]);
assert.equal(built.code, 0, built.stderr);

async function findings(cacheDir: string): Promise<unknown> {
  const scan = await runPicket(['fs', appDir, '-f', 'json', '--cache-dir', cacheDir, '--skip-db-update']);
  assert.equal(scan.code, 0, scan.stderr);
  return (JSON.parse(scan.stdout) as { Results: unknown }).Results;
}
const expectedFindings = await findings(sourceCache);

function picket(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runPicket(args, { env: { DOCKER_CONFIG: noDockerConfig, ...env } });
}

function assertOneLineError(result: CliResult, pattern: RegExp, secret?: string): void {
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
  assert.match(result.stderr, pattern);
  if (secret !== undefined) assert.ok(!result.stderr.includes(secret) && !result.stdout.includes(secret), 'the password is not shown');
}

/** A docker config.json holding the registry's credentials, as `docker login` writes it. */
function dockerConfigFor(registry: TestRegistry): string {
  const dir = tempDir('picket-docker-config-');
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`${registry.username}:${registry.password}`).toString('base64') } } }));
  return dir;
}

test('open registry: push, pull into a fresh cache, same findings; pull by digest too', async () => {
  const location = `oci://${registries.open.host}/picket/db:1`;
  const pushed = await picket(['db', 'push', location, '--cache-dir', sourceCache]);
  assert.equal(pushed.code, 0, pushed.stderr);
  const digest = /digest (sha256:[0-9a-f]{64})/.exec(pushed.stdout)?.[1];
  assert.ok(digest, pushed.stdout);
  const cache = tempDir();
  const pulled = await picket(['db', 'pull', location, '--cache-dir', cache]);
  assert.equal(pulled.code, 0, pulled.stderr);
  assert.match(pulled.stdout, new RegExp(`pulled from ${location} \\(digest ${digest}, built .*, sha256 verified\\)`));
  assert.deepEqual(await findings(cache), expectedFindings);
  const byDigest = tempDir();
  const pulledByDigest = await picket(['db', 'pull', `oci://${registries.open.host}/picket/db@${digest}`, '--cache-dir', byDigest]);
  assert.equal(pulledByDigest.code, 0, pulledByDigest.stderr);
  assert.deepEqual(await findings(byDigest), expectedFindings);

  // The manifest is an OCI image manifest with picket's media types and annotations.
  const manifest = await new RegistryClient(registries.open.host).getManifest('picket/db', '1');
  assert.equal(manifest.parsed.kind, 'manifest');
  const { config, layers, annotations } = (manifest.parsed as { manifest: ImageManifest }).manifest;
  assert.equal(config.mediaType, 'application/vnd.picket.db.config.v1+json');
  assert.deepEqual(layers.map((l) => l.mediaType), ['application/vnd.picket.db.layer.v1.tar+gzip']);
  assert.ok(annotations?.['org.opencontainers.image.created']);
});

test('htpasswd registry: push with --username/--password, pull with docker config.json credentials', async () => {
  const { basic } = registries;
  const location = `oci://${basic.host}/picket/db:1`;
  const pushed = await picket(['db', 'push', location, '--cache-dir', sourceCache, '--username', basic.username, '--password', basic.password]);
  assert.equal(pushed.code, 0, pushed.stderr);
  assert.ok(!pushed.stdout.includes(basic.password) && !pushed.stderr.includes(basic.password));
  const cache = tempDir();
  const pulled = await picket(['db', 'pull', location, '--cache-dir', cache], { DOCKER_CONFIG: dockerConfigFor(basic) });
  assert.equal(pulled.code, 0, pulled.stderr);
  assert.deepEqual(await findings(cache), expectedFindings);
});

test('token registry: push with PICKET_USERNAME/PICKET_PASSWORD, anonymous pull', async () => {
  const { token } = registries;
  const location = `oci://${token.host}/picket/db:1`;
  const pushed = await picket(['db', 'push', location, '--cache-dir', sourceCache, '--debug'], { PICKET_USERNAME: token.username, PICKET_PASSWORD: token.password });
  assert.equal(pushed.code, 0, pushed.stderr);
  assert.ok(!pushed.stderr.includes(token.password), 'debug logs do not show the password');
  assert.match(pushed.stderr, /credentials from environment/);
  assert.ok(token.tokenServer!.requests.some((r) => r.user === token.username && r.scopes.includes('repository:picket/db:pull,push')));
  const cache = tempDir();
  const pulled = await picket(['db', 'pull', location, '--cache-dir', cache]);
  assert.equal(pulled.code, 0, pulled.stderr);
  assert.deepEqual(await findings(cache), expectedFindings);
});

test('wrong or missing credentials: one line naming the reference, never the password', async () => {
  const wrong = 'Wrong-Pass-789';
  for (const registry of [registries.basic, registries.token]) {
    const location = `oci://${registry.host}/picket/db:1`;
    const viaFlags = await picket(['db', 'push', location, '--cache-dir', sourceCache, '--username', registry.username, '--password', wrong]);
    assertOneLineError(viaFlags, new RegExp(`^picket: ${location}: unauthorized: .*refused the credentials`), wrong);
    const viaEnv = await picket(['db', 'pull', location, '--cache-dir', tempDir()], { PICKET_USERNAME: registry.username, PICKET_PASSWORD: wrong });
    assertOneLineError(viaEnv, /unauthorized: .*refused the credentials/, wrong);
  }
  const anonymous = await picket(['db', 'push', `oci://${registries.basic.host}/picket/db:1`, '--cache-dir', sourceCache]);
  assertOneLineError(anonymous, /unauthorized: authentication required and no credentials given .*; give --username and --password/);
  const half = await picket(['db', 'pull', `oci://${registries.basic.host}/picket/db:1`, '--cache-dir', tempDir(), '--password', wrong]);
  assertOneLineError(half, /--password is given without --username/, wrong);
});

test('an artifact that is not a picket DB is refused and installs nothing; missing tags are "not found"', async () => {
  const { open } = registries;
  const client = new RegistryClient(open.host);
  const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
  const layer = Buffer.from('not a database');
  const configDescriptor = { mediaType: MediaType.ociImageConfig, digest: sha256Digest(config), size: config.length };
  const layerDescriptor = { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: sha256Digest(layer), size: layer.length };
  await client.pushBlob('picket/other', configDescriptor, config);
  await client.pushBlob('picket/other', layerDescriptor, layer);
  await client.putManifest('picket/other', '1', encodeManifest({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: configDescriptor, layers: [layerDescriptor] }), MediaType.ociManifest);

  const cache = tempDir();
  const refused = await picket(['db', 'pull', `oci://${open.host}/picket/other:1`, '--cache-dir', cache]);
  assertOneLineError(refused, new RegExp(`^picket: oci://${open.host}/picket/other:1: not a picket DB artifact: config media type application/vnd\\.oci\\.image\\.config\\.v1\\+json`));
  assert.equal(existsSync(join(cache, 'db', 'picket.db')), false);

  const missing = await picket(['db', 'pull', `oci://${open.host}/picket/db:no-such-tag`, '--cache-dir', cache]);
  assertOneLineError(missing, /: not found: manifest picket\/db:no-such-tag/);
  const notOci = await picket(['db', 'pull', `${open.host}/picket/db:1`, '--cache-dir', cache]);
  assertOneLineError(notOci, /expected oci:\/\/REGISTRY\/REPOSITORY:TAG/);
  const nothingToPush = await picket(['db', 'push', `oci://${open.host}/picket/db:2`, '--cache-dir', tempDir()]);
  assertOneLineError(nothingToPush, /no advisory DB at .* to push: run "picket db build" first/);
});
