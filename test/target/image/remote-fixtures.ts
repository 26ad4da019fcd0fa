/**
 * Test helper for the registry image source: small real images made without Docker. umoci packs
 * tiny root filesystems into an OCI layout (one two-layer linux/amd64 image, one-layer arm64 and
 * arm/v7 images), an index listing the three is written into the layout by hand, and skopeo
 * pushes them to a real registry in the format asked for (OCI, Docker v2s2, zstd, the index).
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { tempDir } from '../../support/temp.js';

const run = promisify(execFile);

/** Tags in the layout: `amd64` (two layers), `arm64`, `arm` (one layer each), `multi` (the index of the three). */
export interface TestLayout {
  dir: string;
  /** skopeo's environment: HOME in a temp dir (skopeo keeps state there). */
  env: NodeJS.ProcessEnv;
  /** Manifest digest per tag. */
  digests: Record<'amd64' | 'arm64' | 'arm' | 'multi', string>;
}

interface IndexJson {
  schemaVersion: number;
  manifests: { mediaType: string; digest: string; size: number; annotations?: Record<string, string>; platform?: Record<string, string> }[];
}

/** Builds the layout (about 0.1 s). */
export async function buildTestLayout(): Promise<TestLayout> {
  const root = tempDir('picket-remote-images-');
  const dir = join(root, 'layout');
  const home = join(root, 'home');
  mkdirSync(home);
  await run('umoci', ['init', '--layout', dir]);
  await packImage(dir, 'amd64', 'amd64', [{ 'etc/os-release': 'ID=picket\nVERSION_ID=1\n', 'bin/tool': 'tool v1\n' }, { 'etc/added.txt': 'added in layer 2\n' }]);
  await packImage(dir, 'arm64', 'arm64', [{ 'etc/arch': 'arm64\n' }]);
  await packImage(dir, 'arm', 'arm', [{ 'etc/arch': 'arm v7\n' }]);
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as IndexJson;
  const byTag = (tag: string) => index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === tag)!;
  const platforms: Record<string, Record<string, string>> = {
    amd64: { architecture: 'amd64', os: 'linux' },
    arm64: { architecture: 'arm64', os: 'linux', variant: 'v8' },
    arm: { architecture: 'arm', os: 'linux', variant: 'v7' },
  };
  const multi = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: ['amd64', 'arm64', 'arm'].map((tag) => ({ mediaType: byTag(tag).mediaType, digest: byTag(tag).digest, size: byTag(tag).size, platform: platforms[tag] })),
  }));
  const multiDigest = `sha256:${createHash('sha256').update(multi).digest('hex')}`;
  writeFileSync(join(dir, 'blobs', 'sha256', multiDigest.slice(7)), multi);
  index.manifests.push({ mediaType: 'application/vnd.oci.image.index.v1+json', digest: multiDigest, size: multi.length, annotations: { 'org.opencontainers.image.ref.name': 'multi' } });
  writeFileSync(join(dir, 'index.json'), JSON.stringify(index));
  return {
    dir,
    env: { ...process.env, HOME: home },
    digests: { amd64: byTag('amd64').digest, arm64: byTag('arm64').digest, arm: byTag('arm').digest, multi: multiDigest },
  };
}

/** One image: each entry of `layers` is a set of files added in one more layer; then the architecture. */
async function packImage(layout: string, tag: string, architecture: string, layers: Record<string, string>[]): Promise<void> {
  const bundle = join(tempDir('picket-remote-bundle-'), 'b');
  await run('umoci', ['new', '--image', `${layout}:${tag}`]);
  for (const files of layers) {
    // repack diffs against the last unpack: unpack afresh before each layer.
    await run('rm', ['-rf', bundle]);
    await run('umoci', ['unpack', '--rootless', '--image', `${layout}:${tag}`, bundle]);
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(join(bundle, 'rootfs', path, '..'), { recursive: true });
      writeFileSync(join(bundle, 'rootfs', path), content);
    }
    await run('umoci', ['repack', '--image', `${layout}:${tag}`, bundle]);
  }
  await run('umoci', ['config', '--image', `${layout}:${tag}`, '--architecture', architecture, '--os', 'linux', '--config.cmd', '/bin/tool']);
}

/** `skopeo copy` from the layout to `127.0.0.1:PORT/REPO:TAG` over plain http, with extra flags (`--format v2s2`, `--all`, `--dest-creds u:p`). */
export async function pushImage(layout: TestLayout, tag: string, destination: string, flags: string[] = []): Promise<void> {
  await run('skopeo', ['--insecure-policy', 'copy', '-q', '--dest-tls-verify=false', ...flags, `oci:${layout.dir}:${tag}`, `docker://${destination}`], { env: layout.env });
}

/** sha256 of a layer blob once decompressed (gzip by zlib, zstd by the zstd tool, else as is): its diff id. */
export async function diffIdOf(blob: Readable): Promise<string> {
  const bytes = await readAll(blob);
  const hash = createHash('sha256');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    hash.update(gunzipSync(bytes));
  } else if (bytes.readUInt32LE(0) === 0xfd2fb528) {
    hash.update(await zstdDecompress(bytes));
  } else {
    hash.update(bytes);
  }
  return `sha256:${hash.digest('hex')}`;
}

/** The bytes of a blob stream. */
export async function readAll(blob: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of blob) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function zstdDecompress(bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('zstd', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`zstd -dc exited ${code}`))));
    child.stdin.end(bytes);
  });
}
