/**
 * The registry image source against a real registry (Debian's docker-registry): small images made
 * with umoci and pushed with skopeo as OCI, as Docker v2s2, with zstd layers and as a
 * multi-platform index; opened by tag and by digest, layers checked against their diff ids.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryClient } from '../../../src/oci/client.js';
import { sha256Digest } from '../../../src/oci/digest.js';
import { RegistryError } from '../../../src/oci/errors.js';
import { encodeManifest, type ImageManifest } from '../../../src/oci/manifest.js';
import { MediaType } from '../../../src/oci/media-types.js';
import { parseReference } from '../../../src/oci/reference.js';
import { openRemoteImage, remoteRepoNames, type RemoteImageOptions } from '../../../src/target/image/sources/remote.js';
import type { ImageSource } from '../../../src/target/image/types.js';
import { UserError } from '../../../src/errors.js';
import { startRegistry } from '../../support/registry.js';
import { tempDir } from '../../support/temp.js';
import { buildTestLayout, diffIdOf, pushImage, readAll } from './remote-fixtures.js';

const registry = await startRegistry('open');
const layout = await buildTestLayout();
// zstd first: skopeo would otherwise reuse the gzip blobs it just pushed to this registry.
await pushImage(layout, 'amd64', `${registry.host}/test/zstd:1`, ['--format', 'oci', '--dest-compress-format', 'zstd']);
await pushImage(layout, 'amd64', `${registry.host}/test/oci:1`);
await pushImage(layout, 'amd64', `${registry.host}/test/docker:1`, ['--format', 'v2s2']);
await pushImage(layout, 'multi', `${registry.host}/test/multi:1`, ['--all']);

const options = (extra: Partial<RemoteImageOptions> = {}): RemoteImageOptions => ({
  tempDir: tempDir(),
  // No credentials from the developer's environment or docker config.
  env: { DOCKER_CONFIG: tempDir() },
  retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
  ...extra,
});

/** The layout's image manifest for a tag, as umoci wrote it. */
function layoutManifest(digest: string): ImageManifest {
  return JSON.parse(readFileSync(join(layout.dir, 'blobs', 'sha256', digest.slice(7)), 'utf8')) as ImageManifest;
}

/** Every layer's blob decompressed hashes to its diff id, which is the config's. */
async function assertLayersMatchDiffIds(image: ImageSource): Promise<void> {
  assert.deepEqual(image.layers.map((l) => l.diffId), image.config.rootfs?.diff_ids);
  for (const layer of image.layers) {
    assert.equal(await diffIdOf(await layer.open()), layer.diffId, `layer ${layer.digest}`);
  }
}

test('an OCI image by tag: config, layers with digest, size, media type and diff id, names as trivy shows them', async () => {
  const image = await openRemoteImage(`${registry.host}/test/oci:1`, options());
  const manifest = layoutManifest(layout.digests.amd64);
  assert.equal(image.name, `${registry.host}/test/oci:1`);
  assert.equal(image.kind, 'remote');
  assert.equal(image.imageId, manifest.config.digest);
  assert.equal(image.config.architecture, 'amd64');
  assert.equal(image.config.os, 'linux');
  assert.deepEqual(image.config.config?.Cmd, ['/bin/tool']);
  assert.deepEqual(image.repoTags, [`${registry.host}/test/oci:1`]);
  assert.deepEqual(image.repoDigests, [`${registry.host}/test/oci@${layout.digests.amd64}`]);
  assert.deepEqual(image.layers.map((l) => [l.digest, l.size, l.mediaType]), manifest.layers.map((l) => [l.digest, l.size, 'application/vnd.oci.image.layer.v1.tar+gzip']));
  await assertLayersMatchDiffIds(image);
  // open() is the blob as stored: its bytes hash to the layer digest.
  assert.equal(sha256Digest(await readAll(await image.layers[0].open())), image.layers[0].digest);
  await image.close();
});

test('by digest: no tag to show, the digest asked for in RepoDigests', async () => {
  const image = await openRemoteImage(`${registry.host}/test/oci@${layout.digests.amd64}`, options());
  assert.deepEqual(image.repoTags, []);
  assert.deepEqual(image.repoDigests, [`${registry.host}/test/oci@${layout.digests.amd64}`]);
  assert.equal(image.layers.length, 2);
});

test('a Docker v2 schema 2 image: Docker media types, same config and diff ids', async () => {
  const oci = await openRemoteImage(`${registry.host}/test/oci:1`, options());
  const image = await openRemoteImage(`${registry.host}/test/docker:1`, options());
  assert.equal(image.imageId, oci.imageId);
  assert.deepEqual(image.layers.map((l) => l.mediaType), ['application/vnd.docker.image.rootfs.diff.tar.gzip', 'application/vnd.docker.image.rootfs.diff.tar.gzip']);
  assert.deepEqual(image.layers.map((l) => l.diffId), oci.layers.map((l) => l.diffId));
  assert.notEqual(image.repoDigests[0], oci.repoDigests[0]);
  await assertLayersMatchDiffIds(image);
});

test('zstd layers: the blob as stored (zstd), its decompressed content hashing to the diff id', async () => {
  const oci = await openRemoteImage(`${registry.host}/test/oci:1`, options());
  const image = await openRemoteImage(`${registry.host}/test/zstd:1`, options());
  assert.deepEqual(image.layers.map((l) => l.mediaType), ['application/vnd.oci.image.layer.v1.tar+zstd', 'application/vnd.oci.image.layer.v1.tar+zstd']);
  assert.notDeepEqual(image.layers.map((l) => l.digest), oci.layers.map((l) => l.digest));
  assert.deepEqual(image.layers.map((l) => l.diffId), oci.layers.map((l) => l.diffId));
  const first = await readAll(await image.layers[0].open());
  assert.equal(first.readUInt32LE(0), 0xfd2fb528, 'zstd magic');
  await assertLayersMatchDiffIds(image);
});

test('a multi-platform index: linux/amd64 by default, --platform picks the entry, RepoDigests has the index digest', async () => {
  const reference = `${registry.host}/test/multi:1`;
  const amd64 = await openRemoteImage(reference, options());
  assert.equal(amd64.config.architecture, 'amd64');
  assert.equal(amd64.imageId, layoutManifest(layout.digests.amd64).config.digest);
  assert.deepEqual(amd64.repoDigests, [`${registry.host}/test/multi@${layout.digests.multi}`]);
  assert.deepEqual(amd64.repoTags, [reference]);

  for (const platform of ['linux/arm64', 'linux/arm64/v8', 'linux/aarch64']) {
    const arm64 = await openRemoteImage(reference, options({ platform }));
    assert.equal(arm64.config.architecture, 'arm64', platform);
    assert.equal(arm64.imageId, layoutManifest(layout.digests.arm64).config.digest, platform);
    assert.equal(arm64.layers.length, 1);
    assert.deepEqual(arm64.repoDigests, amd64.repoDigests);
    await assertLayersMatchDiffIds(arm64);
  }
  const arm = await openRemoteImage(reference, options({ platform: 'linux/arm' }));
  assert.equal(arm.imageId, layoutManifest(layout.digests.arm).config.digest, 'linux/arm means arm/v7');

  await assert.rejects(openRemoteImage(reference, options({ platform: 'linux/s390x' })), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.message, `${reference}: no linux/s390x image in the index (available platforms: linux/amd64, linux/arm64/v8, linux/arm/v7); choose one with --platform`);
    return true;
  });
  await assert.rejects(openRemoteImage(reference, options({ platform: 'linux/arm/v6' })), /no linux\/arm\/v6 image in the index/);
  await assert.rejects(openRemoteImage(reference, options({ platform: 'linux' })), /invalid --platform "linux": expected os\/arch\[\/variant\]/);
});

test('a single-platform image is used whatever --platform says, and the debug log says so', async () => {
  const debug: string[] = [];
  const image = await openRemoteImage(`${registry.host}/test/oci:1`, options({ platform: 'linux/arm64', onDebug: (m) => debug.push(m) }));
  assert.equal(image.config.architecture, 'amd64');
  assert.ok(debug.includes(`${registry.host}/test/oci:1: a single-platform image for linux/amd64, not linux/arm64; using it`), debug.join('\n'));
});

test('RepoTags and RepoDigests as trivy names them, Docker Hub in its short form', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  assert.deepEqual(remoteRepoNames(parseReference('alpine'), digest), { repoTags: ['alpine:latest'], repoDigests: [`alpine@${digest}`] });
  assert.deepEqual(remoteRepoNames(parseReference('docker.io/library/alpine:3.19'), digest), { repoTags: ['alpine:3.19'], repoDigests: [`alpine@${digest}`] });
  assert.deepEqual(remoteRepoNames(parseReference('index.docker.io/bitnami/nginx:1'), digest), { repoTags: ['bitnami/nginx:1'], repoDigests: [`bitnami/nginx@${digest}`] });
  assert.deepEqual(remoteRepoNames(parseReference('127.0.0.1:5000/test/debian:12'), digest), { repoTags: ['127.0.0.1:5000/test/debian:12'], repoDigests: [`127.0.0.1:5000/test/debian@${digest}`] });
  assert.deepEqual(remoteRepoNames(parseReference(`ghcr.io/o/r:1@${digest}`), digest), { repoTags: [], repoDigests: [`ghcr.io/o/r@${digest}`] });
});

test('an image that does not exist: not-found naming the image and the registry', async () => {
  const reference = `${registry.host}/test/missing:1`;
  await assert.rejects(openRemoteImage(reference, options()), (err: unknown) => {
    assert.ok(err instanceof RegistryError);
    assert.equal(err.kind, 'not-found');
    assert.match(err.message, new RegExp(`^${reference}: not found in ${registry.host} \\(`));
    return true;
  });
});

test('an OCI artifact that is not an image is refused, naming its config type', async () => {
  const client = new RegistryClient(registry.host);
  const config = Buffer.from('{"kind":"db"}');
  const layer = Buffer.from('not a tar');
  const configDescriptor = { mediaType: 'application/vnd.example.picket.db.config.v1+json', digest: sha256Digest(config), size: config.length };
  const layerDescriptor = { mediaType: 'application/vnd.example.picket.db.layer.v1+gzip', digest: sha256Digest(layer), size: layer.length };
  await client.pushBlob('test/artifact', configDescriptor, config);
  await client.pushBlob('test/artifact', layerDescriptor, layer);
  const manifest: ImageManifest = { schemaVersion: 2, mediaType: MediaType.ociManifest, config: configDescriptor, layers: [layerDescriptor] };
  await client.putManifest('test/artifact', '1', encodeManifest(manifest), MediaType.ociManifest);
  await assert.rejects(openRemoteImage(`${registry.host}/test/artifact:1`, options()), /test\/artifact:1: not a container image \(its config is application\/vnd\.example\.picket\.db\.config\.v1\+json\)/);
});

test('a config whose diff_ids do not match the layers is refused', async () => {
  const client = new RegistryClient(registry.host);
  const layer = Buffer.from('one layer');
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const configDescriptor = { mediaType: MediaType.ociImageConfig, digest: sha256Digest(config), size: config.length };
  const layerDescriptor = { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256Digest(layer), size: layer.length };
  await client.pushBlob('test/mismatch', configDescriptor, config);
  await client.pushBlob('test/mismatch', layerDescriptor, layer);
  await client.putManifest('test/mismatch', '1', encodeManifest({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: configDescriptor, layers: [layerDescriptor] }), MediaType.ociManifest);
  await assert.rejects(openRemoteImage(`${registry.host}/test/mismatch:1`, options()), /test\/mismatch:1: the manifest has 1 layers but the config lists 0 diff_ids/);
});
