/**
 * The registry image source against real registries configured beyond the defaults (needs
 * startRegistry's options): https with a self-signed certificate (refused without --insecure,
 * read with it), schema 1 manifests (refused with a clear message), foreign layers with URLs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RegistryClient } from '../../../src/oci/client.js';
import { sha256Digest } from '../../../src/oci/digest.js';
import { RegistryError } from '../../../src/oci/errors.js';
import { encodeManifest, type ImageManifest } from '../../../src/oci/manifest.js';
import { MediaType } from '../../../src/oci/media-types.js';
import { openRemoteImage, type RemoteImageOptions } from '../../../src/target/image/sources/remote.js';
import { UserError } from '../../../src/errors.js';
import { startRegistry } from '../../support/registry.js';
import { tempDir } from '../../support/temp.js';
import { buildTestLayout, diffIdOf, pushImage, readAll } from './remote-fixtures.js';

const tls = await startRegistry('open', { tls: true });
const configured = await startRegistry('open', { schema1: true, foreignLayerUrls: ['^https://foreign\\.example\\.org/'] });
const layout = await buildTestLayout();
// skopeo with --dest-tls-verify=false speaks https to the TLS registry without checking its certificate.
await pushImage(layout, 'amd64', `${tls.host}/test/img:1`);
await pushImage(layout, 'amd64', `${configured.host}/test/schema1:1`, ['--format', 'v2s1']);

const options = (extra: Partial<RemoteImageOptions> = {}): RemoteImageOptions => ({
  tempDir: tempDir(),
  env: { DOCKER_CONFIG: tempDir() },
  retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
  ...extra,
});

test('https with a self-signed certificate: refused without --insecure (saying so), read with it', async () => {
  const reference = `${tls.host}/test/img:1`;
  await assert.rejects(openRemoteImage(reference, options()), (err: unknown) => {
    assert.ok(err instanceof RegistryError);
    assert.equal(err.kind, 'network');
    assert.equal(err.message, `${reference}: the TLS certificate of ${tls.host} is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT: self-signed certificate); use --insecure if you trust this registry`);
    return true;
  });
  const image = await openRemoteImage(reference, options({ insecure: true }));
  assert.equal(image.layers.length, 2);
  assert.deepEqual(image.repoTags, [reference]);
  for (const layer of image.layers) assert.equal(await diffIdOf(await layer.open()), layer.diffId);
});

test('a schema 1 manifest is refused with what to do about it', async () => {
  const reference = `${configured.host}/test/schema1:1`;
  await assert.rejects(openRemoteImage(reference, options()), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.message, `${reference}: schema 1 manifests are not supported, re-push the image with a current Docker/skopeo`);
    return true;
  });
});

test('foreign layers: read from the registry when it holds them, else an error saying so', async () => {
  const client = new RegistryClient(configured.host);
  const held = Buffer.from('foreign layer the registry holds');
  const absent = Buffer.from('foreign layer only at its URL');
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'windows', rootfs: { type: 'layers', diff_ids: [sha256Digest(held), sha256Digest(absent)] } }));
  const configDescriptor = { mediaType: MediaType.dockerImageConfig, digest: sha256Digest(config), size: config.length };
  const foreign = 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip';
  const layers = [
    { mediaType: foreign, digest: sha256Digest(held), size: held.length, urls: ['https://foreign.example.org/held.tar.gz'] },
    { mediaType: foreign, digest: sha256Digest(absent), size: absent.length, urls: ['https://foreign.example.org/absent.tar.gz'] },
  ];
  await client.pushBlob('test/foreign', configDescriptor, config);
  await client.pushBlob('test/foreign', layers[0], held);
  const manifest: ImageManifest = { schemaVersion: 2, mediaType: MediaType.dockerManifest, config: configDescriptor, layers };
  await client.putManifest('test/foreign', '1', encodeManifest(manifest), MediaType.dockerManifest);

  const reference = `${configured.host}/test/foreign:1`;
  const image = await openRemoteImage(reference, options());
  assert.deepEqual(image.layers.map((l) => l.mediaType), [foreign, foreign]);
  assert.deepEqual(await readAll(await image.layers[0].open()), held);
  await assert.rejects(image.layers[1].open(), (err: unknown) => {
    assert.ok(err instanceof RegistryError);
    assert.equal(err.kind, 'not-found');
    assert.equal(err.message, `${reference}: layer ${sha256Digest(absent)} is a foreign (non-distributable) layer that ${configured.host} does not hold (it is meant to be downloaded from foreign.example.org, which picket does not do)`);
    return true;
  });
});
