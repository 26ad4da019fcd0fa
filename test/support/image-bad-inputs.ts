/**
 * Broken and hostile images for the `picket image` error tests, each written into a directory the
 * test owns: a docker-archive cut in the middle of a layer blob, an OCI layout whose layer blob
 * is cut short, layers with `../` entries, a layer whose symlinks form loops (one of them on
 * `etc/os-release`, which the scan must read), and a manifest of an unknown media type. Layers
 * are crafted byte by byte with `writeTar` (umoci-image.ts) where no tool writes such a shape;
 * otherwise umoci and skopeo make them.
 */
import { closeSync, copyFileSync, cpSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { addIndexEntry, buildUmociImage, sha256, skopeo, writeBlob, writeTar, type TarMember } from './umoci-image.js';

const OS_RELEASE = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.0\nPRETTY_NAME="Alpine Linux v3.19"\n';
const APK_INSTALLED = 'P:musl\nV:1.2.4_git20230717-r4\nA:x86_64\no:musl\nF:lib\nR:ld-musl-x86_64.so.1\n\n';
const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';

/** Bytes that compress badly, so a layer blob is big enough to be cut in its middle. */
function noise(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * A valid two-layer image (Alpine release files and apk DB, then a 2 MB file) as an OCI layout
 * in `dir/layout` (tag `ok`), and as a docker-archive `dir/ok-docker.tar`.
 */
export function writeGoodSmallImage(dir: string): { layout: string; dockerArchive: string } {
  const layout = join(dir, 'layout');
  buildUmociImage(layout, {
    tag: 'ok',
    layers: [
      { files: { 'etc/os-release': OS_RELEASE, 'etc/alpine-release': '3.19.0\n', 'lib/apk/db/installed': APK_INSTALLED } },
      { files: { 'opt/blob.bin': noise(2 * 1024 * 1024, 7) } },
    ],
  });
  const dockerArchive = join(dir, 'ok-docker.tar');
  skopeo('copy', '-q', `oci:${layout}:ok`, `docker-archive:${dockerArchive}:test/small:1`);
  return { layout, dockerArchive };
}

/**
 * The docker-archive cut in the middle of its biggest member (the 2 MB layer's `.tar`): finds
 * the member by walking the outer tar's headers.
 */
export function writeTruncatedDockerArchive(goodArchive: string, out: string): { cutAt: number; member: string } {
  copyFileSync(goodArchive, out);
  const fd = openSync(out, 'r');
  let offset = 0;
  let best = { name: '', start: 0, size: 0 };
  const header = Buffer.alloc(512);
  const total = statSync(out).size;
  try {
    while (offset + 512 <= total) {
      readSync(fd, header, 0, 512, offset);
      if (header.every((b) => b === 0)) break;
      const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const size = parseInt(header.toString('latin1', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
      if (size > best.size) best = { name, start: offset + 512, size };
      offset += 512 + Math.ceil(size / 512) * 512;
    }
  } finally {
    closeSync(fd);
  }
  if (best.size === 0) throw new Error(`${goodArchive}: no member found to cut`);
  const cutAt = best.start + Math.floor(best.size / 2);
  truncateSync(out, cutAt);
  return { cutAt, member: best.name };
}

/** A copy of the layout with the biggest layer blob cut to half its length (a gzip stream that ends early). */
export function writeTruncatedLayerLayout(goodLayout: string, out: string): string {
  cpSync(goodLayout, out, { recursive: true });
  const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
  const blob = (digest: string) => join(out, 'blobs', 'sha256', digest.slice('sha256:'.length));
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8')) as { layers: { digest: string; size: number }[] };
  const biggest = [...manifest.layers].sort((a, b) => b.size - a.size)[0];
  truncateSync(blob(biggest.digest), Math.floor(biggest.size / 2));
  return biggest.digest;
}

/**
 * Writes an OCI layout by hand: each layer tar gzipped as a blob, a config whose diff_ids are the
 * tars' digests, a manifest (of `manifestMediaType`, default the OCI one) and index.json.
 */
export function writeHandMadeLayout(layout: string, layers: TarMember[][], options: { manifestMediaType?: string } = {}): { manifestDigest: string } {
  mkdirSync(layout, { recursive: true });
  writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const diffIds: string[] = [];
  const descriptors: { mediaType: string; digest: string; size: number }[] = [];
  for (const [i, members] of layers.entries()) {
    const tarFile = join(layout, `layer-${i}.tar`);
    writeTar(tarFile, members);
    const tar = readFileSync(tarFile);
    diffIds.push(sha256(tar));
    descriptors.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...writeBlob(layout, gzipSync(tar)) });
    rmSync(tarFile);
  }
  const config = writeBlob(layout, JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['/bin/sh'] }, rootfs: { type: 'layers', diff_ids: diffIds }, history: layers.map(() => ({ created_by: 'hand-made layer' })) }));
  const mediaType = options.manifestMediaType ?? MANIFEST_TYPE;
  const manifest = writeBlob(layout, JSON.stringify({ schemaVersion: 2, mediaType, config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers: descriptors }));
  writeFileSync(join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [] }));
  addIndexEntry(layout, { mediaType, ...manifest, annotations: { 'org.opencontainers.image.ref.name': 'bad' } });
  return { manifestDigest: manifest.digest };
}

/** The release files and apk DB every hand-made image starts with, so the scan has an OS to read. */
export function baseMembers(): TarMember[] {
  return [
    { name: 'etc/', type: 'directory' },
    { name: 'etc/alpine-release', data: '3.19.0\n' },
    { name: 'lib/', type: 'directory' },
    { name: 'lib/apk/', type: 'directory' },
    { name: 'lib/apk/db/', type: 'directory' },
    { name: 'lib/apk/db/installed', data: APK_INSTALLED },
  ];
}

/**
 * Entries that climb out of the root: `../evil`, and one whose `../` chain resolves to
 * `<escapeTarget>/evil-escaped` when extracted anywhere under / (the test checks it never appears).
 */
export function traversalMembers(escapeTarget: string): TarMember[] {
  return [
    { name: 'etc/os-release', data: OS_RELEASE },
    { name: '../evil', data: 'written outside the layer root\n' },
    { name: `${'../'.repeat(40)}${escapeTarget.replace(/^\/+/, '')}/evil-escaped`, data: 'written outside the layer root\n' },
    { name: 'usr/../../evil-2', data: 'written outside the layer root\n' },
  ];
}

/** Symlinks that loop: `etc/os-release` ⇄ `etc/os-release.d/current`, and `loop/a` ⇄ `loop/b`. */
export function symlinkLoopMembers(): TarMember[] {
  return [
    { name: 'etc/os-release.d/', type: 'directory' },
    { name: 'etc/os-release', type: 'symlink', linkName: 'os-release.d/current' },
    { name: 'etc/os-release.d/current', type: 'symlink', linkName: '../os-release' },
    { name: 'loop/', type: 'directory' },
    { name: 'loop/a', type: 'symlink', linkName: 'b' },
    { name: 'loop/b', type: 'symlink', linkName: 'a' },
    { name: 'loop/self', type: 'symlink', linkName: 'self' },
  ];
}

/** A plain valid layer with an os-release file. */
export function osReleaseMembers(): TarMember[] {
  return [{ name: 'etc/os-release', data: OS_RELEASE }];
}

/** The unknown media type the bad manifest declares. */
export const UNKNOWN_MANIFEST_TYPE = 'application/vnd.example.unknown.manifest.v1+json';
