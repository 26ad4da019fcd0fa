import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { openArchiveImage } from '../../../src/target/image/sources/archive.js';
import type { ImageSource } from '../../../src/target/image/types.js';
import { tempDir } from '../../support/temp.js';
import {
  addIndexEntry,
  buildUmociImage,
  sha256,
  skopeo,
  writeBlob,
  writeCraneTarball,
  writeDocker25Archive,
  writeDockerSave,
  writeTar,
  type LayoutImage,
} from '../../support/umoci-image.js';

// One real image for the whole file: layer 1 adds files (one with a path over 100 bytes), layer 2
// deletes one (a real `.wh.` whiteout) and adds another.
const work = tempDir('picket-archive-');
const layout = join(work, 'layout');
const longPath = `opt/${'deep-directory/'.repeat(8)}file.txt`;
const image: LayoutImage = buildUmociImage(layout, {
  tag: 'v1',
  cmd: '/bin/sh',
  layers: [
    { files: { 'etc/os-release': 'ID=debian\nVERSION_ID="12"\n', 'usr/share/doc/readme': 'hello', [longPath]: 'deep' } },
    { remove: ['usr/share/doc/readme'], files: { 'etc/added.txt': 'added' } },
  ],
});
let fileNumber = 0;
const file = (name: string): string => join(work, `${++fileNumber}-${name}`);

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Same config, same layers (each stream's decompressed bytes hash to its diff ID), same whiteout. */
async function assertSameImage(source: ImageSource, expected: LayoutImage = image): Promise<Buffer[]> {
  assert.equal(source.imageId, expected.configDigest);
  assert.deepEqual(source.config.rootfs?.diff_ids, expected.diffIds);
  assert.equal(source.layers.length, expected.diffIds.length);
  const stored: Buffer[] = [];
  const tars: Buffer[] = [];
  for (const [i, layer] of source.layers.entries()) {
    assert.equal(layer.diffId, expected.diffIds[i]);
    const bytes = await readAll(await layer.open());
    assert.equal(bytes.length, layer.size);
    const tar = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
    assert.equal(sha256(tar), layer.diffId, `layer ${i + 1} decompresses to its diff ID`);
    assert.deepEqual(tar, expected.layerTars[i]);
    stored.push(bytes);
    tars.push(tar);
  }
  if (expected === image) assert.ok(tars[1].includes('usr/share/doc/.wh.readme'), 'layer 2 carries the whiteout');
  return stored;
}

test('skopeo docker-archive: manifest.json + repositories, layer.tar symlinks, uncompressed layers', async () => {
  const path = file('docker-archive.tar');
  skopeo('copy', `oci:${layout}:v1`, `docker-archive:${path}:test/img:1`);
  const source = await openArchiveImage(path, { tempDir: join(work, 'tmp') });
  try {
    assert.equal(source.kind, 'archive');
    assert.equal(source.name, path);
    assert.deepEqual(source.repoTags, ['docker.io/test/img:1']);
    assert.deepEqual(source.repoDigests, []);
    assert.equal(source.config.config?.Cmd?.[0], '/bin/sh');
    const stored = await assertSameImage(source);
    // Uncompressed layers: no blob digest (trivy leaves Layer.Digest empty for these too).
    assert.deepEqual(source.layers.map((l) => l.digest), [undefined, undefined]);
    assert.deepEqual(stored, image.layerTars);
  } finally {
    await source.close();
  }
});

test('skopeo oci-archive: OCI layout in a tar, descriptor digests and media types, ref.name as RepoTag', async () => {
  const path = file('oci-archive.tar');
  skopeo('copy', `oci:${layout}:v1`, `oci-archive:${path}:test/img:1`);
  const source = await openArchiveImage(path, { tempDir: join(work, 'tmp'), name: 'my-name' });
  assert.equal(source.name, 'my-name');
  assert.deepEqual(source.repoTags, ['test/img:1']);
  assert.deepEqual(source.layers.map((l) => l.digest), image.manifest.layers.map((l) => l.digest));
  assert.deepEqual(source.layers.map((l) => l.mediaType), image.manifest.layers.map((l) => l.mediaType));
  assert.deepEqual(await assertSameImage(source), image.layerBlobs);
  await source.close();
});

test('Docker 20.10 legacy docker save by hand (GNU tar, ./ names): two images sharing a symlinked layer, chosen by name', async () => {
  const baseConfig = JSON.parse(image.configBytes.toString('utf8')) as { rootfs: { diff_ids: string[] }; history: unknown[] };
  baseConfig.rootfs.diff_ids = [image.diffIds[0]];
  baseConfig.history = baseConfig.history.slice(0, 1);
  const base = { configBytes: Buffer.from(JSON.stringify(baseConfig)), diffIds: [image.diffIds[0]], layerTars: [image.layerTars[0]] };
  const path = file('docker-save.tar');
  writeDockerSave(path, [{ image, repoTags: ['localhost/app:1'] }, { image: base, repoTags: ['localhost/base:1', 'localhost/base:latest'] }], { dotPrefix: true });

  const debug: string[] = [];
  const first = await openArchiveImage(path, { tempDir: join(work, 'tmp'), onDebug: (line) => debug.push(line) });
  assert.deepEqual(first.repoTags, ['localhost/app:1']);
  await assertSameImage(first);
  assert.ok(debug.some((line) => line.includes('2 images') && line.includes('localhost/app:1')), debug.join('\n'));

  const chosen = await openArchiveImage(path, { tempDir: join(work, 'tmp'), name: 'localhost/base:latest' });
  assert.deepEqual(chosen.repoTags, ['localhost/base:1', 'localhost/base:latest']);
  assert.equal(chosen.imageId, sha256(base.configBytes));
  assert.equal(chosen.layers.length, 1);
  assert.equal(sha256(await readAll(await chosen.layers[0].open())), image.diffIds[0], 'the symlinked layer.tar reads the shared layer');
});

test('legacy docker save without a repositories file, PAX format', async () => {
  const path = file('docker-save-pax.tar');
  writeDockerSave(path, [{ image, repoTags: ['app:2'] }], { repositories: false, format: 'pax' });
  const source = await openArchiveImage(path, { tempDir: join(work, 'tmp') });
  assert.deepEqual(source.repoTags, ['app:2']);
  await assertSameImage(source);
});

test('crane tarball: gzipped <digest>.tar.gz layers, config named sha256:<hex>', async () => {
  const path = file('crane.tar');
  writeCraneTarball(path, image, 'registry.example/app:3');
  const source = await openArchiveImage(path, { tempDir: join(work, 'tmp') });
  assert.deepEqual(source.repoTags, ['registry.example/app:3']);
  assert.deepEqual(source.layers.map((l) => l.digest), image.manifest.layers.map((l) => l.digest), 'digests from the content-addressed names');
  assert.deepEqual(await assertSameImage(source), image.layerBlobs);
});

test('Docker 25+ docker save: manifest.json into an OCI layout; media types from index.json', async () => {
  const path = file('docker25.tar');
  writeDocker25Archive(path, image, 'app:25');
  const source = await openArchiveImage(path, { tempDir: join(work, 'tmp') });
  assert.deepEqual(source.repoTags, ['app:25']);
  assert.deepEqual(source.layers.map((l) => l.mediaType), ['application/vnd.oci.image.layer.v1.tar', 'application/vnd.oci.image.layer.v1.tar']);
  assert.deepEqual(source.layers.map((l) => l.digest), [undefined, undefined]);
  await assertSameImage(source);
});

test('gzipped archive (docker save | gzip): decompressed once into tempDir, removed by close()', async () => {
  const plain = file('to-gzip.tar');
  skopeo('copy', `oci:${layout}:v1`, `docker-archive:${plain}:test/img:gz`);
  const path = `${plain}.gz`;
  writeFileSync(path, gzipSync(readFileSync(plain)));
  const temp = join(work, 'tmp-gz');
  const source = await openArchiveImage(path, { tempDir: temp });
  assert.deepEqual(source.repoTags, ['docker.io/test/img:gz']);
  assert.equal(readdirSync(temp).length, 1);
  await assertSameImage(source);
  await source.close();
  assert.deepEqual(readdirSync(temp), []);
});

test('OCI archive with several images: the name picks by ref.name, a multi-platform index by platform', async () => {
  const multi = join(work, 'multi-layout');
  const amd = buildUmociImage(multi, { tag: 'amd', layers: [{ files: { 'etc/os-release': 'ID=debian\n' } }] });
  const arm = buildUmociImage(multi, { tag: 'arm', architecture: 'arm64', layers: [{ files: { 'etc/os-release': 'ID=debian\nARCH=arm\n' } }] });
  const manifest = 'application/vnd.oci.image.manifest.v1+json';
  const index = writeBlob(multi, JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [
      { mediaType: manifest, digest: amd.manifestDigest, size: amd.manifestBytes.length, platform: { os: 'linux', architecture: 'amd64' } },
      { mediaType: manifest, digest: arm.manifestDigest, size: arm.manifestBytes.length, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
    ],
  }));
  addIndexEntry(multi, { mediaType: 'application/vnd.oci.image.index.v1+json', ...index, annotations: { 'org.opencontainers.image.ref.name': 'localhost/multi:1' } });
  const path = file('multi.tar');
  writeTar(path, readdirSync(multi, { recursive: true, encoding: 'utf8' }).sort().map((name) => {
    const full = join(multi, name);
    return name === 'blobs' || name === 'blobs/sha256' ? { name, type: 'directory' as const } : { name, data: readFileSync(full) };
  }));

  const byTag = await openArchiveImage(path, { tempDir: join(work, 'tmp'), name: 'arm' });
  assert.equal(byTag.imageId, arm.configDigest);
  const byPlatform = await openArchiveImage(path, { tempDir: join(work, 'tmp'), name: 'localhost/multi:1', platform: 'linux/arm64' });
  assert.equal(byPlatform.imageId, arm.configDigest);
  assert.deepEqual(byPlatform.repoTags, ['localhost/multi:1']);
  const defaultPlatform = await openArchiveImage(path, { tempDir: join(work, 'tmp'), name: 'localhost/multi:1' });
  assert.equal(defaultPlatform.imageId, amd.configDigest);
  assert.equal(sha256(gunzipSync(await readAll(await defaultPlatform.layers[0].open()))), amd.diffIds[0]);
});

test('long member names: PAX and GNU ././@LongLink records both resolve', async () => {
  const dir = `${'layer-directory-with-a-long-name-'.repeat(4)}x`;
  for (const longNames of ['pax', 'gnu'] as const) {
    const path = file(`long-${longNames}.tar`);
    const layers = image.layerTars.map((_, i) => `${dir}/${i}/layer.tar`);
    writeTar(path, [
      { name: 'config.json', data: image.configBytes },
      ...layers.map((name, i) => ({ name, data: image.layerTars[i] })),
      { name: `${dir}/link-to-layer-0.tar`, type: 'symlink' as const, linkName: `${dir}/0/layer.tar`.replace(`${dir}/`, '') },
      { name: 'manifest.json', data: JSON.stringify([{ Config: 'config.json', RepoTags: null, Layers: [`${dir}/link-to-layer-0.tar`, layers[1]] }]) },
    ], { longNames });
    const source = await openArchiveImage(path, { tempDir: join(work, 'tmp') });
    assert.deepEqual(source.repoTags, []);
    await assertSameImage(source);
  }
});

test('a 16 MiB layer: found by its offset, streamed as a file range and verified against its diff ID', async () => {
  const big = Buffer.alloc(16 * 1024 * 1024, 7);
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256(big)] } });
  const path = file('big.tar');
  writeTar(path, [{ name: 'layer.tar', data: big }, { name: 'c.json', data: config }, { name: 'manifest.json', data: JSON.stringify([{ Config: 'c.json', Layers: ['layer.tar'] }]) }]);
  const source = await openArchiveImage(path, { tempDir: join(work, 'tmp') });
  assert.equal(source.layers[0].size, big.length);
  assert.equal(source.layers[0].diffId, sha256(big));
  assert.equal((await readAll(await source.layers[0].open())).length, big.length);
});
