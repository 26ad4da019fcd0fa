import { stat } from 'node:fs/promises';
import { UserError } from '../../../errors.js';
import { isSha256Digest } from '../../../oci/digest.js';
import type { ImageSource, ImageSourceOptions } from '../types.js';
import { DirectoryBlobStore } from './layout-blobs.js';
import { imageFromManifest } from './layout-image.js';
import { resolveLayoutManifest } from './layout-resolve.js';
import { entryRepoTags, quote } from './layout-select.js';

/**
 * Opens an image from an OCI image layout directory: `DIR` (its only image, else the one for the
 * platform, else the first), `DIR:tag` (the index.json entry whose ref.name annotation is that tag)
 * or `DIR@sha256:<hex>` (a manifest or index in the layout). Nested indexes are resolved by
 * platform. Layers open as file streams verified against their digests; nothing is copied.
 */
export async function openOciLayoutImage(spec: string, options: ImageSourceOptions): Promise<ImageSource> {
  const { dir, tag, digest } = await parseLayoutSpec(spec);
  const store = new DirectoryBlobStore(dir, dir);
  const resolved = await resolveLayoutManifest(store, {
    ...(tag !== undefined ? { tag, strictTag: true } : {}),
    ...(digest !== undefined ? { digest } : {}),
    ...(options.platform !== undefined ? { platform: options.platform } : {}),
    ...(options.onDebug !== undefined ? { onDebug: options.onDebug } : {}),
  });
  options.onDebug?.(`${dir}: using manifest ${resolved.digest}`);
  return imageFromManifest(store, resolved.manifest, {
    name: spec,
    kind: 'oci-layout',
    repoTags: resolved.entry !== undefined ? entryRepoTags(resolved.entry) : [],
    repoDigests: [],
    close: async () => {},
  });
}

/**
 * `DIR`, `DIR:tag` or `DIR@sha256:<hex>`. The whole text is the directory when it exists; else
 * the directory is the longest existing prefix that ends before a colon, and the rest the tag.
 */
export async function parseLayoutSpec(spec: string): Promise<{ dir: string; tag?: string; digest?: string }> {
  if (await isDirectory(spec)) return { dir: spec };
  const at = spec.lastIndexOf('@');
  if (at > 0 && spec.slice(at + 1).includes(':')) {
    const digest = spec.slice(at + 1);
    if (!isSha256Digest(digest)) throw new UserError(`${spec}: ${quote(digest)} is not a digest like sha256:<64 hex digits>`);
    return { dir: await requireDirectory(spec.slice(0, at), spec), digest };
  }
  // The longest existing directory before a colon: `with:colon:v1`, and `L:registry/repo:tag` too
  // (a ref.name may be a whole reference).
  const colons = [...spec.matchAll(/:/g)].map((match) => match.index ?? 0).filter((index) => index > 0 && index < spec.length - 1);
  for (const colon of colons.reverse()) {
    if (await isDirectory(spec.slice(0, colon))) return { dir: spec.slice(0, colon), tag: spec.slice(colon + 1) };
  }
  const colon = spec.lastIndexOf(':');
  const dir = colon > 0 && colon > spec.lastIndexOf('/') ? spec.slice(0, colon) : spec;
  return { dir: await requireDirectory(dir, spec) };
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

async function requireDirectory(dir: string, spec: string): Promise<string> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined) throw new UserError(`${spec}: no such OCI layout directory${dir !== spec ? ` (${dir})` : ''}`);
  if (!info.isDirectory()) throw new UserError(`${spec}: not a directory (an OCI image layout is a directory with index.json; for a tar use the archive input)`);
  return dir;
}
