/**
 * Real container images for tests, built without Docker: umoci writes an OCI image layout from
 * tiny root filesystems (one `umoci repack` per layer, so deletions become real `.wh.` whiteouts),
 * skopeo converts it to the other formats, and `writeTar` crafts archives byte by byte where a test
 * needs a shape no tool writes (hand-made docker save layouts, hostile entry names).
 *
 * API:
 * - `buildUmociImage(layout, spec)`: adds image `spec.tag` to the OCI layout dir `layout` (created
 *   when missing); returns a `LayoutImage` with its manifest, config, diff IDs and layer bytes.
 * - `readLayoutImage(layout, tagOrDigest)`: the same facts for an image already in a layout.
 * - `skopeo(...args)`: runs skopeo (throws with its stderr on failure), e.g.
 *   `skopeo('copy', 'oci:L:v1', 'docker-archive:/tmp/x.tar:test/img:1')`.
 * - `writeBlob(layout, bytes)`: stores a blob, returns `{ digest, size }`;
 *   `addIndexEntry(layout, descriptor)`: appends a descriptor to the layout's index.json.
 * - `writeTar(file, members, { longNames })`: a tar from `TarMember`s (files, dirs, symlinks,
 *   hard links, any name at all), long names as PAX (default) or GNU `L` records.
 * - `writeDockerSave(file, [{ image, repoTags }], options)`: the legacy `docker save` format
 *   (Docker < 25, podman), packed by GNU tar; `writeCraneTarball(file, image, tag)`: what
 *   `crane pull --format tarball` writes (checked byte-for-byte in layout against crane 0.20.7);
 *   `writeDocker25Archive(file, image, tag)`: Docker 25+'s OCI layout + manifest.json.
 * - `readBlob(layout, digest)`, `sha256(bytes)`: small conveniences for assertions.
 *
 * Needs `umoci` and `skopeo` on PATH (Debian packages of those names). Everything is synchronous
 * and fast (a few ms per umoci call, ~0.1 s per skopeo copy).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One layer of a test image: files to write (path in the rootfs -> content) and paths to delete. */
export interface LayerSpec {
  files?: Record<string, string | Buffer>;
  /** Deleted before packing: the layer carries a `.wh.<name>` whiteout for each. */
  remove?: string[];
}

export interface ImageSpec {
  tag: string;
  /** Bottom first; each becomes one layer. */
  layers: LayerSpec[];
  cmd?: string;
  /** `amd64` (umoci's default on this machine), `arm64`, … */
  architecture?: string;
}

/** An image as stored in an OCI layout, with everything a test compares against. */
export interface LayoutImage {
  layout: string;
  tag: string;
  manifestDigest: string;
  manifestBytes: Buffer;
  manifest: { config: { mediaType: string; digest: string; size: number }; layers: { mediaType: string; digest: string; size: number }[] };
  /** `sha256:` of the config blob: the image ID. */
  configDigest: string;
  configBytes: Buffer;
  config: { architecture?: string; os?: string; rootfs: { diff_ids: string[] } };
  diffIds: string[];
  /** Layer blobs as stored (gzip). */
  layerBlobs: Buffer[];
  /** Layer blobs decompressed (the tars the diff IDs hash). */
  layerTars: Buffer[];
}

/** `sha256:<hex>` of bytes. */
export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** Runs skopeo; throws an Error carrying its stderr when it fails. */
export function skopeo(...args: string[]): void {
  execFileSync('skopeo', ['--insecure-policy', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function umoci(...args: string[]): void {
  execFileSync('umoci', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Builds `spec` into the layout dir with umoci, one repack per layer; returns what it wrote. */
export function buildUmociImage(layout: string, spec: ImageSpec): LayoutImage {
  if (!existsSync(join(layout, 'index.json'))) umoci('init', '--layout', layout);
  const image = `${layout}:${spec.tag}`;
  umoci('new', '--image', image);
  const bundle = `${layout}.bundle-${spec.tag}`;
  const rootless = process.getuid?.() === 0 ? [] : ['--rootless'];
  for (const layer of spec.layers) {
    rmSync(bundle, { recursive: true, force: true });
    umoci('unpack', ...rootless, '--image', image, bundle); // repack diffs against the last unpack
    const rootfs = join(bundle, 'rootfs');
    for (const path of layer.remove ?? []) rmSync(join(rootfs, path), { recursive: true });
    for (const [path, content] of Object.entries(layer.files ?? {})) {
      mkdirSync(dirname(join(rootfs, path)), { recursive: true });
      writeFileSync(join(rootfs, path), content);
    }
    umoci('repack', '--image', image, bundle);
  }
  rmSync(bundle, { recursive: true, force: true });
  const config = [...(spec.cmd !== undefined ? [`--config.cmd=${spec.cmd}`] : []), ...(spec.architecture !== undefined ? [`--architecture=${spec.architecture}`] : [])];
  if (config.length > 0) umoci('config', '--image', image, ...config);
  umoci('gc', '--layout', layout);
  return readLayoutImage(layout, spec.tag);
}

/** The image tagged (ref.name) `tagOrDigest` in a layout, or the manifest with that digest. */
export function readLayoutImage(layout: string, tagOrDigest: string): LayoutImage {
  const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8')) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  const entry = tagOrDigest.startsWith('sha256:')
    ? { digest: tagOrDigest }
    : index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tagOrDigest);
  if (entry === undefined) throw new Error(`${layout}: no image tagged ${tagOrDigest}`);
  const manifestBytes = readBlob(layout, entry.digest);
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as LayoutImage['manifest'];
  const configBytes = readBlob(layout, manifest.config.digest);
  const config = JSON.parse(configBytes.toString('utf8')) as LayoutImage['config'];
  const layerBlobs = manifest.layers.map((layer) => readBlob(layout, layer.digest));
  const layerTars = layerBlobs.map((blob) => (blob[0] === 0x1f && blob[1] === 0x8b ? gunzipSync(blob) : blob));
  return {
    layout,
    tag: tagOrDigest,
    manifestDigest: entry.digest,
    manifestBytes,
    manifest,
    configDigest: manifest.config.digest,
    configBytes,
    config,
    diffIds: config.rootfs.diff_ids,
    layerBlobs,
    layerTars,
  };
}

/** The bytes of a blob of a layout. */
export function readBlob(layout: string, digest: string): Buffer {
  return readFileSync(join(layout, 'blobs', 'sha256', digest.replace(/^sha256:/, '')));
}

/** Stores bytes as a blob of the layout; returns its digest and size. */
export function writeBlob(layout: string, bytes: Buffer | string): { digest: string; size: number } {
  const content = Buffer.from(bytes);
  const digest = sha256(content);
  mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
  writeFileSync(join(layout, 'blobs', 'sha256', digest.slice('sha256:'.length)), content);
  return { digest, size: content.length };
}

/** Appends a descriptor (mediaType, digest, size, annotations, platform…) to the layout's index.json. */
export function addIndexEntry(layout: string, descriptor: Record<string, unknown>): void {
  const file = join(layout, 'index.json');
  const index: { manifests: unknown[] } = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { manifests: unknown[] }) : { schemaVersion: 2, manifests: [] } as { manifests: unknown[] };
  index.manifests.push(descriptor);
  writeFileSync(file, JSON.stringify(index));
}

/** A member of a hand-made tar. `name` is written as given: `../x`, `/abs` and long names included. */
export interface TarMember {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'hardlink';
  data?: Buffer | string;
  /** Target of a symlink or hard link. */
  linkName?: string;
}

/**
 * Writes a tar holding `members` in order, ending with the two zero blocks. Names or link targets
 * over 100 bytes go in a PAX extended header (`longNames: 'pax'`) or a GNU `././@LongLink` record
 * (`'gnu'`), as GNU tar and Go's archive/tar write them.
 */
export function writeTar(file: string, members: TarMember[], options: { longNames?: 'pax' | 'gnu' } = {}): void {
  const blocks: Buffer[] = [];
  for (const member of members) {
    const data = Buffer.from(member.data ?? '');
    const link = member.linkName ?? '';
    const long = Buffer.byteLength(member.name) > 100 || Buffer.byteLength(link) > 100;
    if (long && options.longNames === 'gnu') {
      if (Buffer.byteLength(member.name) > 100) blocks.push(...tarRecord({ name: '././@LongLink', typeflag: 'L', data: Buffer.from(`${member.name}\0`) }));
      if (Buffer.byteLength(link) > 100) blocks.push(...tarRecord({ name: '././@LongLink', typeflag: 'K', data: Buffer.from(`${link}\0`) }));
    } else if (long) {
      const records = [paxRecord('path', member.name), ...(link !== '' ? [paxRecord('linkpath', link)] : [])].join('');
      blocks.push(...tarRecord({ name: 'PaxHeaders/entry', typeflag: 'x', data: Buffer.from(records) }));
    }
    const typeflag = { file: '0', directory: '5', symlink: '2', hardlink: '1' }[member.type ?? 'file'];
    blocks.push(...tarRecord({ name: member.name, typeflag, data: member.type === undefined || member.type === 'file' ? data : Buffer.alloc(0), linkName: link }));
  }
  blocks.push(Buffer.alloc(1024));
  writeFileSync(file, Buffer.concat(blocks));
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

function tarRecord(entry: { name: string; typeflag: string; data: Buffer; linkName?: string }): Buffer[] {
  const header = Buffer.alloc(512);
  header.write(entry.name.slice(0, 100), 0, 100, 'utf8');
  header.write('0000644\0', 100, 'latin1');
  header.write('0000000\0', 108, 'latin1');
  header.write('0000000\0', 116, 'latin1');
  header.write(`${entry.data.length.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  header.write('00000000000\0', 136, 'latin1');
  header.write(entry.typeflag, 156, 'latin1');
  header.write((entry.linkName ?? '').slice(0, 100), 157, 100, 'utf8');
  header.write('ustar\0', 257, 'latin1');
  header.write('00', 263, 'latin1');
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  const padding = Buffer.alloc((512 - (entry.data.length % 512)) % 512);
  return [header, entry.data, padding];
}

/** An image to write into a hand-made archive: a LayoutImage, or one derived from it. */
export type ArchiveImage = Pick<LayoutImage, 'configBytes' | 'diffIds' | 'layerTars'> & Partial<Pick<LayoutImage, 'layerBlobs' | 'manifest'>>;

/**
 * Writes the `docker save` format of Docker before 25 (and podman save), as Docker documents it:
 * `manifest.json` (`Config`, `RepoTags`, `Layers`), `<config hex>.json`, one `<id>/` per layer
 * with `layer.tar` (uncompressed), `json` and `VERSION`, and `repositories` (`{repo: {tag: id}}`)
 * unless `repositories: false`. A layer already written for an earlier image becomes a symlink
 * `<id>/layer.tar -> ../<first id>/layer.tar`, as docker save does. Packed by GNU tar, with
 * `./`-prefixed names when `dotPrefix` (as `tar -C dir .` writes them).
 */
export function writeDockerSave(file: string, images: { image: ArchiveImage; repoTags: string[] }[], options: { repositories?: boolean; dotPrefix?: boolean; format?: 'gnu' | 'pax' } = {}): void {
  const staging = `${file}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const written = new Map<string, string>(); // diffId -> layer dir holding its layer.tar
  const manifest: { Config: string; RepoTags: string[]; Layers: string[] }[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  for (const { image, repoTags } of images) {
    const configName = `${sha256(image.configBytes).slice(7)}.json`;
    writeFileSync(join(staging, configName), image.configBytes);
    const layers: string[] = [];
    let parent = '';
    for (const [i, diffId] of image.diffIds.entries()) {
      const id = sha256(Buffer.from(`${parent}\n${diffId}\n${i === image.diffIds.length - 1 ? configName : ''}`)).slice(7);
      mkdirSync(join(staging, id), { recursive: true });
      writeFileSync(join(staging, id, 'VERSION'), '1.0');
      writeFileSync(join(staging, id, 'json'), JSON.stringify({ id, ...(parent !== '' ? { parent } : {}), created: '1970-01-01T00:00:00Z' }));
      const first = written.get(diffId);
      if (first === undefined) {
        writeFileSync(join(staging, id, 'layer.tar'), image.layerTars[i]);
        written.set(diffId, id);
      } else if (first !== id) {
        symlinkSync(`../${first}/layer.tar`, join(staging, id, 'layer.tar'));
      }
      layers.push(`${id}/layer.tar`);
      parent = id;
    }
    manifest.push({ Config: configName, RepoTags: repoTags, Layers: layers });
    for (const tag of repoTags) {
      const colon = tag.lastIndexOf(':');
      (repositories[tag.slice(0, colon)] ??= {})[tag.slice(colon + 1)] = parent;
    }
  }
  writeFileSync(join(staging, 'manifest.json'), JSON.stringify(manifest));
  if (options.repositories !== false) writeFileSync(join(staging, 'repositories'), JSON.stringify(repositories));
  const names = options.dotPrefix ? ['.'] : readdirSync(staging);
  execFileSync('tar', [`--format=${options.format ?? 'gnu'}`, '-cf', file, '-C', staging, ...names]);
  rmSync(staging, { recursive: true, force: true });
}

/**
 * Writes a tarball as `crane pull --format tarball` (go-containerregistry's tarball.Write) does:
 * `manifest.json` naming the config `sha256:<hex>` and gzipped layers `<blob digest hex>.tar.gz`.
 */
export function writeCraneTarball(file: string, image: LayoutImage, repoTag: string): void {
  const configName = image.configDigest;
  const layerNames = image.manifest.layers.map((layer) => `${layer.digest.slice(7)}.tar.gz`);
  writeTar(file, [
    { name: configName, data: image.configBytes },
    ...layerNames.map((name, i) => ({ name, data: image.layerBlobs[i] })),
    { name: 'manifest.json', data: JSON.stringify([{ Config: configName, RepoTags: [repoTag], Layers: layerNames }]) },
  ]);
}

/**
 * Writes the `docker save` format of Docker 25+: an OCI image layout (`oci-layout`, `index.json`
 * with `io.containerd.image.name` and `org.opencontainers.image.ref.name` annotations,
 * `blobs/sha256/…` with **uncompressed** layers) plus a `manifest.json` whose paths point into
 * `blobs/sha256/`. Returns the OCI manifest digest.
 */
export function writeDocker25Archive(file: string, image: LayoutImage, repoTag: string): string {
  const blobs = new Map<string, Buffer>();
  const put = (bytes: Buffer): { digest: string; size: number } => {
    const digest = sha256(bytes);
    blobs.set(digest, bytes);
    return { digest, size: bytes.length };
  };
  const config = put(image.configBytes);
  const layers = image.layerTars.map((tar) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...put(tar) }));
  const manifest = put(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers })));
  const tag = repoTag.slice(repoTag.lastIndexOf(':') + 1);
  const index = {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'io.containerd.image.name': `docker.io/library/${repoTag}`, 'org.opencontainers.image.ref.name': tag } }],
  };
  const path = (digest: string): string => `blobs/sha256/${digest.slice(7)}`;
  writeTar(file, [
    { name: 'blobs', type: 'directory' },
    { name: 'blobs/sha256', type: 'directory' },
    ...[...blobs].map(([digest, data]) => ({ name: path(digest), data })),
    { name: 'index.json', data: JSON.stringify(index) },
    { name: 'manifest.json', data: JSON.stringify([{ Config: path(config.digest), RepoTags: [repoTag], Layers: layers.map((layer) => path(layer.digest)) }]) },
    { name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' },
  ]);
  return manifest.digest;
}
