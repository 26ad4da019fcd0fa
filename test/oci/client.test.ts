/**
 * The registry client against a real registry (Debian's docker-registry) in its three modes:
 * open, htpasswd Basic auth and Bearer tokens.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryClient } from '../../src/oci/client.js';
import { sha256Digest } from '../../src/oci/digest.js';
import { RegistryError } from '../../src/oci/errors.js';
import { encodeManifest, type ImageIndex, type ImageManifest } from '../../src/oci/manifest.js';
import { MediaType } from '../../src/oci/media-types.js';
import { startRegistry } from '../support/registry.js';
import { tempDir } from '../support/temp.js';

const fastRetry = { attempts: 2, baseDelayMs: 10, maxDelayMs: 50 };

/** A config blob, a layer blob (from a file) and a manifest for them, pushed under `tag`. */
async function pushSample(client: RegistryClient, repository: string, tag: string, layerText = `layer of ${tag}\n`) {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const layer = Buffer.from(layerText);
  const layerFile = join(tempDir(), 'layer.bin');
  writeFileSync(layerFile, layer);
  const configDescriptor = { mediaType: MediaType.ociImageConfig, digest: sha256Digest(config), size: config.length };
  const layerDescriptor = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256Digest(layer), size: layer.length };
  await client.pushBlob(repository, configDescriptor, config);
  await client.pushBlob(repository, layerDescriptor, { file: layerFile });
  const manifest: ImageManifest = { schemaVersion: 2, mediaType: MediaType.ociManifest, config: configDescriptor, layers: [layerDescriptor], annotations: { 'org.opencontainers.image.created': '2026-01-01T00:00:00Z' } };
  const bytes = encodeManifest(manifest);
  const digest = await client.putManifest(repository, tag, bytes, MediaType.ociManifest);
  return { config, layer, configDescriptor, layerDescriptor, manifest, bytes, digest };
}

const isRegistryError = (kind: RegistryError['kind'], pattern: RegExp, secret?: string) => (err: unknown) => {
  assert.ok(err instanceof RegistryError, `expected a RegistryError, got ${String(err)}`);
  assert.equal(err.kind, kind, err.message);
  assert.match(err.message, pattern);
  assert.ok(!err.message.includes('\n'), 'one line');
  if (secret !== undefined) assert.ok(!err.message.includes(secret), 'the password is not in the message');
  return true;
};

// Started at the top level: each registry (and its temp dirs) is stopped when this file ends.
const openRegistry = await startRegistry('open');
const basicRegistry = await startRegistry('basic');
const tokenRegistry = await startRegistry('token');

describe('open registry', () => {
  const client = new RegistryClient(openRegistry.host, { retry: fastRetry });

  test('pushes blobs and a manifest, and reads them back by tag and by digest', async () => {
    await client.ping();
    const pushed = await pushSample(client, 'picket/client', 'v1');
    assert.equal(pushed.digest, sha256Digest(pushed.bytes));
    const byTag = await client.getManifest('picket/client', 'v1');
    assert.equal(byTag.digest, pushed.digest);
    assert.equal(byTag.mediaType, MediaType.ociManifest);
    assert.deepEqual(byTag.bytes, pushed.bytes);
    assert.equal(byTag.parsed.kind, 'manifest');
    const byDigest = await client.getManifest('picket/client', pushed.digest);
    assert.deepEqual(byDigest.bytes, pushed.bytes);
    assert.deepEqual(await client.getBlobBytes('picket/client', pushed.configDescriptor), pushed.config);
    const file = join(tempDir(), 'layer.out');
    await client.downloadBlob('picket/client', pushed.layerDescriptor, file);
    assert.deepEqual(readFileSync(file), pushed.layer);
    assert.equal(await client.hasBlob('picket/client', pushed.layerDescriptor.digest), true);
    assert.equal(await client.hasBlob('picket/client', sha256Digest(Buffer.from('absent'))), false);
    // Pushing what is there already is a no-op (HEAD first).
    await client.pushBlob('picket/client', pushed.layerDescriptor, pushed.layer);
  });

  test('an OCI index and a Docker v2 schema 2 manifest round-trip with their media types', async () => {
    const pushed = await pushSample(client, 'picket/multi', 'amd64');
    const index: ImageIndex = {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [{ mediaType: MediaType.ociManifest, digest: pushed.digest, size: pushed.bytes.length, platform: { architecture: 'amd64', os: 'linux' } }],
    };
    await client.putManifest('picket/multi', 'all', encodeManifest(index), MediaType.ociIndex);
    const fetchedIndex = await client.getManifest('picket/multi', 'all');
    assert.equal(fetchedIndex.mediaType, MediaType.ociIndex);
    assert.equal(fetchedIndex.parsed.kind === 'index' && fetchedIndex.parsed.index.manifests[0].digest, pushed.digest);

    const dockerManifest = {
      schemaVersion: 2 as const,
      mediaType: MediaType.dockerManifest,
      config: { ...pushed.configDescriptor, mediaType: MediaType.dockerImageConfig },
      layers: [{ ...pushed.layerDescriptor, mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip' }],
    };
    await client.putManifest('picket/multi', 'docker', encodeManifest(dockerManifest), MediaType.dockerManifest);
    const fetchedDocker = await client.getManifest('picket/multi', 'docker');
    assert.equal(fetchedDocker.mediaType, MediaType.dockerManifest);
  });

  test('missing manifests and blobs are "not found", naming what was asked for', async () => {
    await assert.rejects(client.getManifest('picket/client', 'no-such-tag'), isRegistryError('not-found', /not found: manifest picket\/client:no-such-tag/));
    const absent = sha256Digest(Buffer.from('absent'));
    await assert.rejects(client.getBlobBytes('picket/client', { digest: absent, size: 6 }), isRegistryError('not-found', /not found: blob sha256:/));
  });

  test('a blob whose size differs from its descriptor is refused', async () => {
    const pushed = await pushSample(client, 'picket/sizes', 't', 'twelve bytes');
    await assert.rejects(client.getBlobBytes('picket/sizes', { ...pushed.layerDescriptor, size: 5 }), isRegistryError('digest-mismatch', /more than the 5 bytes/));
    await assert.rejects(client.getBlobBytes('picket/sizes', { ...pushed.layerDescriptor, size: 50 }), isRegistryError('digest-mismatch', /12 bytes received, its descriptor gives 50/));
  });
});

describe('htpasswd (Basic) registry', () => {
  const registry = basicRegistry;

  test('without credentials: a clear "unauthorized" error', async () => {
    const anonymous = new RegistryClient(registry.host, { retry: fastRetry });
    await assert.rejects(anonymous.getManifest('picket/basic', 'v1'), isRegistryError('unauthorized', /^unauthorized: authentication required and no credentials given/));
  });

  test('with a wrong password: "unauthorized", the password not in the message', async () => {
    const wrong = new RegistryClient(registry.host, { retry: fastRetry, credentials: { username: registry.username, password: 'Wrong-Pass-123' } });
    await assert.rejects(pushSample(wrong, 'picket/basic', 'v1'), isRegistryError('unauthorized', /refused the credentials/, 'Wrong-Pass-123'));
  });

  test('with the right credentials: push and pull', async () => {
    const client = new RegistryClient(registry.host, { retry: fastRetry, credentials: { username: registry.username, password: registry.password } });
    const pushed = await pushSample(client, 'picket/basic', 'v1');
    assert.equal((await client.getManifest('picket/basic', 'v1')).digest, pushed.digest);
  });
});

describe('token (Bearer) registry', () => {
  const registry = tokenRegistry;

  test('fetches tokens per repository scope, reuses them, and asks for push only when writing', async () => {
    const requests = registry.tokenServer!.requests;
    const client = new RegistryClient(registry.host, { retry: fastRetry, credentials: { username: registry.username, password: registry.password } });
    const pushed = await pushSample(client, 'picket/token', 'v1');
    const scopes = requests.filter((r) => r.user === registry.username).flatMap((r) => r.scopes);
    assert.ok(scopes.includes('repository:picket/token:pull'), scopes.join(' '));
    assert.ok(scopes.includes('repository:picket/token:pull,push'), scopes.join(' '));
    assert.ok(requests.every((r) => r.service === 'picket-test-registry'));
    const before = requests.length;
    assert.equal((await client.getManifest('picket/token', 'v1')).digest, pushed.digest);
    await client.getBlobBytes('picket/token', pushed.configDescriptor);
    assert.equal(requests.length, before, 'the cached pull,push token serves reads of the same repository');
    await assert.rejects(client.getManifest('picket/other', 'v1'), isRegistryError('not-found', /not found/));
    assert.deepEqual(requests.at(-1)?.scopes, ['repository:picket/other:pull'], 'another repository gets its own scope');
  });

  test('anonymous clients may pull but not push', async () => {
    const owner = new RegistryClient(registry.host, { retry: fastRetry, credentials: { username: registry.username, password: registry.password } });
    const pushed = await pushSample(owner, 'picket/public', 'v1');
    const anonymous = new RegistryClient(registry.host, { retry: fastRetry });
    assert.equal((await anonymous.getManifest('picket/public', 'v1')).digest, pushed.digest);
    assert.ok(registry.tokenServer!.requests.some((r) => r.user === undefined && r.scopes.includes('repository:picket/public:pull')));
    await assert.rejects(pushSample(anonymous, 'picket/public', 'v2', 'another layer'), isRegistryError('unauthorized', /no credentials given/));
  });

  test('a wrong password is refused by the token server, the password not in the message', async () => {
    const wrong = new RegistryClient(registry.host, { retry: fastRetry, credentials: { username: registry.username, password: 'Wrong-Pass-456' } });
    await assert.rejects(wrong.getManifest('picket/token', 'v1'), isRegistryError('unauthorized', /token server .* refused the credentials \(HTTP 401\)/, 'Wrong-Pass-456'));
  });
});
