import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { UserError } from '../../../src/errors.js';
import { openArchiveImage } from '../../../src/target/image/sources/archive.js';
import { tempDir } from '../../support/temp.js';
import { buildUmociImage, sha256, skopeo, writeBlob, writeDockerSave, writeTar, type LayoutImage, type TarMember } from '../../support/umoci-image.js';

const work = tempDir('picket-archive-errors-');
const layout = join(work, 'layout');
const image: LayoutImage = buildUmociImage(layout, {
  tag: 'v1',
  layers: [{ files: { 'etc/os-release': 'ID=debian\n', 'etc/gone': 'x' } }, { remove: ['etc/gone'], files: { 'etc/added.txt': 'added' } }],
});
const tmp = join(work, 'tmp');
let fileNumber = 0;
const file = (name: string): string => join(work, `${++fileNumber}-${name}`);

/** Rejects with a one-line UserError that starts with the file's path and matches `pattern`. */
async function rejectsWith(path: string, pattern: RegExp, options: { name?: string } = {}): Promise<void> {
  await assert.rejects(openArchiveImage(path, { tempDir: tmp, ...options }), (error: unknown) => {
    assert.ok(error instanceof UserError, `a UserError, got ${String(error)}`);
    assert.ok(error.message.startsWith(path), `names the file: ${error.message}`);
    assert.ok(!error.message.includes('\n'), 'one line');
    assert.match(error.message, pattern);
    return true;
  });
}

/** The layout as tar members, blobs by their paths, with changes applied. */
function layoutMembers(dir: string, change: (members: Map<string, Buffer>) => void = () => {}): TarMember[] {
  const members = new Map<string, Buffer>();
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (statSync(join(dir, name)).isFile()) members.set(name, readFileSync(join(dir, name)));
  }
  change(members);
  return [...members].map(([name, data]) => ({ name, data }));
}

function blob(digest: string): string {
  return `blobs/sha256/${digest.slice(7)}`;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A docker-save tar from members plus a manifest.json listing `layers` with config `config`. */
function dockerSave(name: string, members: TarMember[], layers: string[], config: Buffer | string = image.configBytes): string {
  const path = file(name);
  writeTar(path, [{ name: 'config.json', data: config }, ...members, { name: 'manifest.json', data: JSON.stringify([{ Config: 'config.json', RepoTags: ['x:1'], Layers: layers }]) }]);
  return path;
}

test('missing path, a directory, an empty file, a file that is no tar', async () => {
  await rejectsWith(join(work, 'nope.tar'), /no such file/);
  await rejectsWith(layout, /is a directory/);
  const empty = file('empty.tar');
  writeFileSync(empty, '');
  await rejectsWith(empty, /not a tar archive \(empty\)/);
  const text = file('text.tar');
  writeFileSync(text, 'just some text, not a tar archive at all\n'.repeat(40));
  await rejectsWith(text, /not a tar archive/);
  const zstd = file('image.tar.zst');
  writeFileSync(zstd, Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]));
  await rejectsWith(zstd, /zstd-compressed; decompress it first/);
});

test('truncated tar, truncated gzip, gzipped non-tar: errors, and no temporary file left behind', async () => {
  const whole = file('whole.tar');
  skopeo('copy', `oci:${layout}:v1`, `docker-archive:${whole}:test/img:1`);
  const bytes = readFileSync(whole);
  const cut = file('cut.tar');
  writeFileSync(cut, bytes.subarray(0, 2048 + 700));
  await rejectsWith(cut, /truncated tar archive/);

  const gzTmp = join(work, 'gz-tmp');
  const cutGz = file('cut.tar.gz');
  const gz = gzipSync(bytes);
  writeFileSync(cutGz, gz.subarray(0, gz.length - 40));
  await assert.rejects(openArchiveImage(cutGz, { tempDir: gzTmp }), /cut\.tar\.gz: damaged gzip data/);
  assert.deepEqual(readdirSync(gzTmp), []);
  const junkGz = file('junk.tar.gz');
  writeFileSync(junkGz, gzipSync(Buffer.from('{"not":"a tar"}\n'.repeat(100))));
  await assert.rejects(openArchiveImage(junkGz, { tempDir: gzTmp }), /junk\.tar\.gz: not a tar archive/);
  assert.deepEqual(readdirSync(gzTmp), []);
});

test('no manifest.json or index.json; manifest.json that is not JSON or not a docker save list', async () => {
  const other = file('other.tar');
  writeTar(other, [{ name: 'etc/passwd', data: 'root:x:0:0::/root:/bin/sh\n' }]);
  await rejectsWith(other, /no manifest\.json or index\.json/);
  const notJson = file('not-json.tar');
  writeTar(notJson, [{ name: 'manifest.json', data: '{oops' }]);
  await rejectsWith(notJson, /manifest\.json is not valid JSON/);
  const object = file('object.tar');
  writeTar(object, [{ name: 'manifest.json', data: '{"Config":"x"}' }]);
  await rejectsWith(object, /not a docker save manifest/);
  const noLayers = file('no-layers.tar');
  writeTar(noLayers, [{ name: 'manifest.json', data: '[{"Config":"x"}]' }]);
  await rejectsWith(noLayers, /entry 1 needs "Config" and "Layers"/);
});

test('manifest.json naming a missing layer or config; config not JSON; layer count mismatch', async () => {
  const layers = image.layerTars.map((data, i) => ({ name: `${i}/layer.tar`, data }));
  await rejectsWith(dockerSave('missing-layer.tar', layers, ['0/layer.tar', 'nope/layer.tar']), /names layer "nope\/layer\.tar", which is not in the archive/);
  const noConfig = file('missing-config.tar');
  writeTar(noConfig, [...layers, { name: 'manifest.json', data: JSON.stringify([{ Config: 'abc.json', Layers: ['0/layer.tar'] }]) }]);
  await rejectsWith(noConfig, /names config "abc\.json", which is not in the archive/);
  await rejectsWith(dockerSave('config-not-json.tar', layers, ['0/layer.tar', '1/layer.tar'], 'not json {'), /config "config\.json": not valid JSON/);
  await rejectsWith(dockerSave('no-diff-ids.tar', layers, ['0/layer.tar'], '{"os":"linux"}'), /no rootfs\.diff_ids/);
  await rejectsWith(dockerSave('count.tar', layers, ['0/layer.tar']), /1 layers but its config lists 2 diff_ids/);
});

test('OCI archives: missing blob, unknown manifest media type, Docker schema 1, an artifact that is no image', async () => {
  const missing = file('oci-missing-blob.tar');
  writeTar(missing, layoutMembers(layout, (m) => m.delete(blob(image.manifest.layers[1].digest))));
  await rejectsWith(missing, new RegExp(`layer 2 ${image.manifest.layers[1].digest} is missing`));

  const weird = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.example.thing+json', blobs: [] });
  const weirdArchive = file('oci-weird.tar');
  writeTar(weirdArchive, layoutMembers(layout, (m) => {
    m.set(blob(sha256(Buffer.from(weird))), Buffer.from(weird));
    m.set('index.json', Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.example.thing+json', digest: sha256(Buffer.from(weird)), size: weird.length }] })));
  }));
  await rejectsWith(weirdArchive, /unsupported manifest media type "application\/vnd\.example\.thing\+json"/);

  const schema1 = JSON.stringify({ schemaVersion: 1, name: 'library/old', tag: 'latest', architecture: 'amd64', fsLayers: [], history: [] });
  for (const mediaType of ['application/vnd.docker.distribution.manifest.v1+prettyjws', 'application/vnd.oci.image.manifest.v1+json']) {
    const path = file('oci-schema1.tar');
    writeTar(path, layoutMembers(layout, (m) => {
      m.set(blob(sha256(Buffer.from(schema1))), Buffer.from(schema1));
      m.set('index.json', Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType, digest: sha256(Buffer.from(schema1)), size: schema1.length }] })));
    }));
    await rejectsWith(path, /Docker schema 1 manifests are not supported/);
  }

  const artifactLayout = join(work, 'artifact');
  writeBlob(artifactLayout, '{}');
  const layer = writeBlob(artifactLayout, 'db bytes');
  const manifest = writeBlob(artifactLayout, JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.aquasec.trivy.config.v1+json', digest: sha256(Buffer.from('{}')), size: 2 }, layers: [{ mediaType: 'application/vnd.aquasec.trivy.db.layer.v1.tar+gzip', ...layer }] }));
  writeFileSync(join(artifactLayout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest }] }));
  const artifact = file('artifact.tar');
  writeTar(artifact, layoutMembers(artifactLayout));
  await rejectsWith(artifact, /not a container image \(its config has media type "application\/vnd\.aquasec\.trivy\.config\.v1\+json"\)/);
});

test('blob content that does not match its digest fails the layer stream, not the open', async () => {
  const oci = file('oci-corrupt.tar');
  writeTar(oci, layoutMembers(layout, (m) => {
    const original = m.get(blob(image.manifest.layers[0].digest))!;
    const corrupt = Buffer.from(original);
    corrupt[corrupt.length - 5] ^= 0xff;
    m.set(blob(image.manifest.layers[0].digest), corrupt);
  }));
  const source = await openArchiveImage(oci, { tempDir: tmp });
  await assert.rejects(readAll(await source.layers[0].open()), (error: unknown) => error instanceof UserError && error.message.includes(`has digest sha256:`) && error.message.includes(`expected ${image.manifest.layers[0].digest}`));
  assert.equal((await readAll(await source.layers[1].open())).length, image.layerBlobs[1].length);

  const corruptTar = Buffer.from(image.layerTars[0]);
  corruptTar[600] ^= 0xff;
  const legacy = dockerSave('legacy-corrupt.tar', [{ name: '0/layer.tar', data: corruptTar }, { name: '1/layer.tar', data: image.layerTars[1] }], ['0/layer.tar', '1/layer.tar']);
  const legacySource = await openArchiveImage(legacy, { tempDir: tmp });
  await assert.rejects(readAll(await legacySource.layers[0].open()), new RegExp(`expected ${image.diffIds[0]}`));
});

test('names with ../ or a leading / are never used; links out of the archive are refused', async () => {
  const good = { name: '1/layer.tar', data: image.layerTars[1] };
  // The entry exists under the hostile name, but the manifest path leaves the archive: refused.
  await rejectsWith(dockerSave('dotdot.tar', [{ name: '../outside/layer.tar', data: image.layerTars[0] }, good], ['../outside/layer.tar', '1/layer.tar']), /layer "\.\.\/outside\/layer\.tar" points outside the archive/);
  await rejectsWith(dockerSave('dotdot-inner.tar', [{ name: 'a/../../x.tar', data: image.layerTars[0] }, good], ['a/../../x.tar', '1/layer.tar']), /points outside the archive/);
  // An absolute entry name is not indexed, so the relative name does not reach it.
  await rejectsWith(dockerSave('absolute.tar', [{ name: '/abs/layer.tar', data: image.layerTars[0] }, good], ['abs/layer.tar', '1/layer.tar']), /names layer "abs\/layer\.tar", which is not in the archive/);
  await rejectsWith(dockerSave('absolute-ref.tar', [good], ['/etc/passwd', '1/layer.tar']), /layer "\/etc\/passwd" points outside the archive/);
  // Links: relative out, absolute, hard link out, and a loop.
  const link = (name: string, members: TarMember[]) => dockerSave(name, [...members, good], ['x/layer.tar', '1/layer.tar']);
  await rejectsWith(link('symlink-out.tar', [{ name: 'x/layer.tar', type: 'symlink', linkName: '../../etc/passwd' }]), /is a link to "\.\.\/\.\.\/etc\/passwd", outside the archive/);
  await rejectsWith(link('symlink-abs.tar', [{ name: 'x/layer.tar', type: 'symlink', linkName: '/etc/passwd' }]), /is a link to "\/etc\/passwd", outside the archive/);
  await rejectsWith(link('hardlink-out.tar', [{ name: 'x/layer.tar', type: 'hardlink', linkName: '../etc/passwd' }]), /outside the archive/);
  await rejectsWith(link('loop.tar', [{ name: 'x/layer.tar', type: 'symlink', linkName: 'y.tar' }, { name: 'x/y.tar', type: 'symlink', linkName: 'layer.tar' }]), /is a link loop/);
  // Only a hostile manifest.json: it is not the archive's manifest.json.
  const debug: string[] = [];
  const hostile = file('hostile-only.tar');
  writeTar(hostile, [{ name: '../manifest.json', data: '[]' }, { name: '/index.json', data: '{}' }]);
  await assert.rejects(openArchiveImage(hostile, { tempDir: tmp, onDebug: (line) => debug.push(line) }), /no manifest\.json or index\.json/);
  assert.ok(debug.some((line) => line.includes('ignored 2 tar entries')), debug.join('\n'));
});

test('a hand-made docker save still opens when the hostile entries are only extra members', async () => {
  const path = file('extra-hostile.tar');
  writeDockerSave(path, [{ image, repoTags: ['x:1'] }]);
  const withExtra = file('with-extra.tar');
  const original = readFileSync(path);
  // Prepend a hostile entry: the archive still reads, the hostile name stays unreachable.
  const hostile = file('hostile.tar');
  writeTar(hostile, [{ name: '../../../../tmp/evil', data: 'evil' }]);
  writeFileSync(withExtra, Buffer.concat([readFileSync(hostile).subarray(0, 1024), original]));
  const source = await openArchiveImage(withExtra, { tempDir: tmp });
  assert.deepEqual(source.repoTags, ['x:1']);
  assert.equal(sha256(await readAll(await source.layers[1].open())), image.diffIds[1]);
});

test('a docker save from before Docker 1.10 (repositories, no manifest.json) is named as such', async () => {
  const old = file('pre-1.10.tar');
  writeTar(old, [{ name: 'repositories', data: '{"app":{"1":"abc"}}' }, { name: 'abc/layer.tar', data: image.layerTars[0] }, { name: 'abc/json', data: '{"id":"abc"}' }]);
  await rejectsWith(old, /a docker save from before Docker 1\.10/);
});
