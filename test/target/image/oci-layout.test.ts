import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { UserError } from '../../../src/errors.js';
import { openOciLayoutImage } from '../../../src/target/image/sources/oci-layout.js';
import type { ImageSource } from '../../../src/target/image/types.js';
import { tempDir } from '../../support/temp.js';
import { addIndexEntry, buildUmociImage, sha256, writeBlob, type LayoutImage } from '../../support/umoci-image.js';

// One layout for the file: two tagged images, an arm64 one, and a multi-platform index over them.
const work = tempDir('picket-oci-layout-');
const layout = join(work, 'layout');
const v1 = buildUmociImage(layout, {
  tag: 'v1',
  cmd: '/bin/sh',
  layers: [{ files: { 'etc/os-release': 'ID=debian\n', 'etc/gone': 'x' } }, { remove: ['etc/gone'], files: { 'etc/added.txt': 'added' } }],
});
const v2 = buildUmociImage(layout, { tag: 'v2', layers: [{ files: { 'etc/os-release': 'ID=alpine\n' } }] });
const arm = buildUmociImage(layout, { tag: 'arm', architecture: 'arm64', layers: [{ files: { 'etc/os-release': 'ID=debian\nARM=1\n' } }] });
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const INDEX = 'application/vnd.oci.image.index.v1+json';
const entry = (image: LayoutImage, extra: Record<string, unknown> = {}) => ({ mediaType: MANIFEST, digest: image.manifestDigest, size: image.manifestBytes.length, ...extra });
const attestation = writeBlob(layout, JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...writeBlob(layout, '{}') }, layers: [] }));
const multiIndex = writeBlob(layout, JSON.stringify({
  schemaVersion: 2,
  mediaType: INDEX,
  manifests: [
    { mediaType: MANIFEST, ...attestation, platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
    entry(v1, { platform: { os: 'linux', architecture: 'amd64' } }),
    entry(arm, { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }),
  ],
}));
addIndexEntry(layout, { mediaType: INDEX, ...multiIndex, annotations: { 'org.opencontainers.image.ref.name': 'multi', 'io.containerd.image.name': 'docker.io/library/multi:1' } });

const options = (extra: { platform?: string; onDebug?: (line: string) => void } = {}) => ({ tempDir: join(work, 'tmp'), ...extra });

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function assertImage(source: ImageSource, image: LayoutImage): Promise<void> {
  assert.equal(source.kind, 'oci-layout');
  assert.equal(source.imageId, image.configDigest);
  assert.deepEqual(source.layers.map((l) => l.diffId), image.diffIds);
  assert.deepEqual(source.layers.map((l) => l.digest), image.manifest.layers.map((l) => l.digest));
  assert.deepEqual(source.layers.map((l) => l.mediaType), image.manifest.layers.map((l) => l.mediaType));
  for (const [i, layer] of source.layers.entries()) {
    const bytes = await readAll(await layer.open());
    assert.deepEqual(bytes, image.layerBlobs[i]);
    assert.equal(sha256(gunzipSync(bytes)), image.diffIds[i]);
  }
}

async function rejectsWith(spec: string, pattern: RegExp, extra: { platform?: string } = {}): Promise<void> {
  await assert.rejects(openOciLayoutImage(spec, options(extra)), (error: unknown) => {
    assert.ok(error instanceof UserError, `a UserError, got ${String(error)}`);
    assert.ok(!error.message.includes('\n'), 'one line');
    assert.match(error.message, pattern);
    return true;
  });
}

test('DIR:tag opens the image whose ref.name is the tag; layers stream the stored blobs', async () => {
  const source = await openOciLayoutImage(`${layout}:v1`, options());
  assert.equal(source.name, `${layout}:v1`);
  assert.deepEqual(source.repoTags, [], 'a bare tag names no repository');
  assert.deepEqual(source.repoDigests, []);
  assert.equal(source.config.config?.Cmd?.[0], '/bin/sh');
  await assertImage(source, v1);
  assert.ok(gunzipSync(v1.layerBlobs[1]).includes('etc/.wh.gone'));
  await source.close();
  await assertImage(await openOciLayoutImage(`${layout}:v2`, options()), v2);
});

test('DIR@sha256: a listed manifest, a manifest only inside a nested index, an index chosen by platform', async () => {
  await assertImage(await openOciLayoutImage(`${layout}@${v2.manifestDigest}`, options()), v2);
  const armLayout = join(work, 'arm-only');
  cpSync(layout, armLayout, { recursive: true });
  writeFileSync(join(armLayout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: INDEX, ...multiIndex }] }));
  assert.equal((await openOciLayoutImage(`${armLayout}@${arm.manifestDigest}`, options())).imageId, arm.configDigest);
  const byIndex = await openOciLayoutImage(`${layout}@${multiIndex.digest}`, options({ platform: 'linux/arm64' }));
  assert.equal(byIndex.imageId, arm.configDigest);
  assert.deepEqual(byIndex.repoTags, ['docker.io/library/multi:1']);
});

test('nested index: platform picks the child (default linux/amd64), attestations are skipped, unknown platform lists the available ones', async () => {
  await assertImage(await openOciLayoutImage(`${layout}:multi`, options()), v1);
  const arm64 = await openOciLayoutImage(`${layout}:docker.io/library/multi:1`, options({ platform: 'linux/arm64/v8' }));
  assert.equal(arm64.imageId, arm.configDigest);
  assert.equal(arm64.config.architecture, 'arm64');
  assert.equal((await openOciLayoutImage(`${layout}:multi`, options({ platform: 'linux/aarch64' }))).imageId, arm.configDigest);
  await rejectsWith(`${layout}:multi`, /index sha256:[0-9a-f]{64}: no linux\/s390x image \(platforms: "linux\/amd64", "linux\/arm64\/v8"\); choose one with --platform/, { platform: 'linux/s390x' });
  await rejectsWith(`${layout}:multi`, /invalid --platform "linux"/, { platform: 'linux' });
});

test('DIR alone: its only image; with several and no platforms, the first (logged); top-level platforms choose', async () => {
  const single = join(work, 'single');
  const only = buildUmociImage(single, { tag: 'latest', layers: [{ files: { 'a.txt': 'a' } }] });
  const source = await openOciLayoutImage(single, options());
  assert.equal(source.imageId, only.configDigest);
  assert.equal(source.name, single);

  const debug: string[] = [];
  const first = await openOciLayoutImage(layout, options({ onDebug: (line) => debug.push(line) }));
  assert.equal(first.imageId, v1.configDigest);
  assert.ok(debug.some((line) => line.includes('none chosen by tag or platform')), debug.join('\n'));

  // containerd's `ctr images export` lists platforms in index.json itself.
  const ctr = join(work, 'ctr');
  cpSync(layout, ctr, { recursive: true });
  writeFileSync(join(ctr, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [entry(v1, { platform: { os: 'linux', architecture: 'amd64' } }), entry(arm, { platform: { os: 'linux', architecture: 'arm64' } })] }));
  assert.equal((await openOciLayoutImage(ctr, options({ platform: 'linux/arm64' }))).imageId, arm.configDigest);
  assert.equal((await openOciLayoutImage(ctr, options())).imageId, v1.configDigest);
});

test('a directory whose name has a colon is taken whole when it exists', async () => {
  const colon = join(work, 'with:colon');
  cpSync(layout, colon, { recursive: true });
  assert.equal((await openOciLayoutImage(`${colon}:v2`, options())).imageId, v2.configDigest);
  writeFileSync(join(colon, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [entry(v2)] }));
  assert.equal((await openOciLayoutImage(colon, options())).imageId, v2.configDigest);
});

test('errors: unknown tag lists the tags; no such dir; a file; no index.json; bad digest; unknown digest', async () => {
  await rejectsWith(`${layout}:nope`, /no image tagged "nope" \(tags: "v1", "v2", "arm", "docker\.io\/library\/multi:1", "multi"\)/);
  await rejectsWith(join(work, 'missing'), /missing: no such OCI layout directory/);
  await rejectsWith(`${join(work, 'missing')}:v1`, /no such OCI layout directory/);
  const file = join(work, 'file.tar');
  writeFileSync(file, 'x');
  await rejectsWith(file, /not a directory/);
  const empty = join(work, 'empty');
  mkdirSync(empty);
  await rejectsWith(empty, /empty: no index\.json \(not an OCI image layout\)/);
  await rejectsWith(`${layout}@sha256:abc`, /"sha256:abc" is not a digest/);
  await rejectsWith(`${layout}@sha256:${'0'.repeat(64)}`, /manifest sha256:0{64} is missing/);
});

test('errors: a missing layer blob or a size that disagrees fail the open; changed content fails the stream', async () => {
  const broken = join(work, 'broken');
  cpSync(layout, broken, { recursive: true });
  const layerFile = (image: LayoutImage, i: number) => join(broken, 'blobs', 'sha256', image.manifest.layers[i].digest.slice(7));
  rmSync(layerFile(v1, 1));
  await rejectsWith(`${broken}:v1`, new RegExp(`layer 2 ${v1.manifest.layers[1].digest} is missing \\(no blobs/sha256/`));

  writeFileSync(layerFile(v2, 0), Buffer.concat([readFileSync(layerFile(v2, 0)), Buffer.from('x')]));
  await rejectsWith(`${broken}:v2`, /layer 1 blobs\/sha256\/[0-9a-f]{64} is \d+ bytes, its descriptor says \d+/);

  const corrupt = Buffer.from(arm.layerBlobs[0]);
  corrupt[20] ^= 0xff;
  writeFileSync(layerFile(arm, 0), corrupt);
  const source = await openOciLayoutImage(`${broken}:arm`, options());
  await assert.rejects(readAll(await source.layers[0].open()), (error: unknown) => error instanceof UserError && error.message.includes(`expected ${arm.manifest.layers[0].digest}`));

  writeFileSync(join(broken, 'blobs', 'sha256', v1.configDigest.slice(7)), 'changed');
  await rejectsWith(`${broken}:multi`, /config blobs\/sha256\/[0-9a-f]{64} is 7 bytes, its descriptor says \d+/);
});

test('errors: schema 1, unknown media type, config not JSON, layer count mismatch', async () => {
  const odd = join(work, 'odd');
  mkdirSync(odd);
  const schema1 = writeBlob(odd, JSON.stringify({ schemaVersion: 1, name: 'x', fsLayers: [] }));
  const weird = writeBlob(odd, JSON.stringify({ schemaVersion: 2, mediaType: 'application/x-weird' }));
  const config = writeBlob(odd, 'not json');
  const configOk = writeBlob(odd, JSON.stringify({ os: 'linux', architecture: 'amd64', rootfs: { type: 'layers', diff_ids: ['sha256:'.padEnd(71, 'a')] } }));
  const layer = writeBlob(odd, 'layer');
  const manifest = (cfg: { digest: string; size: number }, layers: unknown[]) => writeBlob(odd, JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST, config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...cfg }, layers }));
  const badConfig = manifest(config, [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }]);
  const twoLayers = manifest(configOk, [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }, { mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }]);
  writeFileSync(join(odd, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [
      { mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws', ...schema1, annotations: { 'org.opencontainers.image.ref.name': 'schema1' } },
      { mediaType: 'application/x-weird', ...weird, annotations: { 'org.opencontainers.image.ref.name': 'weird' } },
      { mediaType: MANIFEST, ...badConfig, annotations: { 'org.opencontainers.image.ref.name': 'bad-config' } },
      { mediaType: MANIFEST, ...twoLayers, annotations: { 'org.opencontainers.image.ref.name': 'two-layers' } },
    ],
  }));
  await rejectsWith(`${odd}:schema1`, /Docker schema 1 manifests are not supported/);
  await rejectsWith(`${odd}@${schema1.digest}`, /Docker schema 1 manifests are not supported/);
  await rejectsWith(`${odd}:weird`, /unsupported manifest media type "application\/x-weird"/);
  await rejectsWith(`${odd}:bad-config`, /config sha256:[0-9a-f]{64}: not valid JSON/);
  await rejectsWith(`${odd}:two-layers`, /2 layers but its config lists 1 diff_ids/);
});
