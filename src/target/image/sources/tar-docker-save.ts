import { posix } from 'node:path';
import { UserError } from '../../../errors.js';
import { isSha256Digest, sha256Digest } from '../../../oci/digest.js';
import type { Descriptor } from '../../../oci/manifest.js';
import type { ImageLayer, ImageSource } from '../types.js';
import { MAX_DOCUMENT_BYTES, verified } from './layout-blobs.js';
import { diffIdsOf, parseImageConfig, type ImageSourceFrame } from './layout-image.js';
import { parseDocument } from './layout-resolve.js';
import { quote } from './layout-select.js';
import { TarBlobStore } from './tar-blobs.js';
import { compressionOf } from './tar-compression.js';
import type { TarIndex } from './tar-index.js';

/**
 * One image of a `docker save` archive's manifest.json (the format Docker documents for
 * `docker load`): the config file, the tags, and the layer files bottom first. Written by
 * `docker save` (legacy `<id>/layer.tar` before Docker 25, `blobs/sha256/<hex>` since), podman,
 * skopeo `docker-archive:` and crane (`<digest hex>.tar.gz`).
 */
export interface DockerSaveItem {
  Config: string;
  RepoTags: string[];
  Layers: string[];
  /** Foreign (non-distributable) layers by diff ID, with their descriptors. */
  LayerSources?: Record<string, Descriptor>;
}

const OCI_BLOB_PATH = /^blobs\/sha256\/([a-f0-9]{64})$/;
/** crane names gzipped layers by their digest: `<hex>.tar.gz`. */
const DIGEST_NAMED = /^(?:sha256:)?([a-f0-9]{64})(?:\.tar\.gz|\.tgz|\.gz|\.tar\.zst|\.tar)?$/;

/** The images listed in manifest.json; UserError when it is not a docker save manifest. */
export function parseDockerSaveManifest(bytes: Buffer, label: string): DockerSaveItem[] {
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new UserError(`${label}: manifest.json is not valid JSON`);
  }
  if (!Array.isArray(document)) throw new UserError(`${label}: manifest.json is not a docker save manifest (expected a JSON list of images)`);
  if (document.length === 0) throw new UserError(`${label}: manifest.json lists no image`);
  return document.map((item: unknown, i) => {
    const record = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const layers = record.Layers;
    if (typeof record.Config !== 'string' || !Array.isArray(layers) || !layers.every((layer) => typeof layer === 'string')) {
      throw new UserError(`${label}: manifest.json entry ${i + 1} needs "Config" and "Layers"`);
    }
    const tags = Array.isArray(record.RepoTags) ? record.RepoTags.filter((tag): tag is string => typeof tag === 'string') : [];
    const sources = typeof record.LayerSources === 'object' && record.LayerSources !== null ? (record.LayerSources as Record<string, Descriptor>) : undefined;
    return { Config: record.Config, RepoTags: tags, Layers: layers as string[], ...(sources !== undefined ? { LayerSources: sources } : {}) };
  });
}

/**
 * An ImageSource for one manifest.json image. Layer digests follow trivy (which reads these
 * archives through go-containerregistry's tarball package): a compressed layer reports the digest
 * of its blob, an uncompressed one none (trivy leaves `Layer.Digest` empty there; the blob's
 * sha256 would just repeat the diff ID). Hashing every layer while indexing to learn the digest
 * would read the whole archive, so the digest is taken only where it is free: from a
 * content-addressed path (`blobs/sha256/<hex>`) or a crane-style `<hex>.tar.gz` name.
 * Every layer whose expected hash is known (those digests, or the diff ID for an uncompressed
 * layer) is verified while it streams.
 */
export async function imageFromDockerSave(tar: TarIndex, item: DockerSaveItem, frame: Omit<ImageSourceFrame, 'repoTags'>, debug: (message: string) => void): Promise<ImageSource> {
  const label = tar.label;
  const configEntry = tar.findFile(item.Config, 'config');
  if (configEntry === undefined) throw new UserError(`${label}: manifest.json names config ${quote(item.Config)}, which is not in the archive`);
  const configBytes = await tar.readBytes(configEntry, MAX_DOCUMENT_BYTES, 'config');
  const imageId = sha256Digest(configBytes);
  const config = parseImageConfig(configBytes, `${label}: config ${quote(item.Config)}`);
  const diffIds = diffIdsOf(config, item.Layers.length, `${label}: image ${imageId}`);
  const ociLayers = await ociLayersFor(tar, imageId, item.Layers.length, debug);

  const layers: ImageLayer[] = [];
  for (const [i, path] of item.Layers.entries()) {
    const entry = tar.findFile(path, 'layer');
    if (entry === undefined) throw new UserError(`${label}: manifest.json names layer ${quote(path)}, which is not in the archive`);
    const diffId = diffIds[i];
    const compressed = compressionOf(await tar.peek(entry, 6)) !== 'none';
    const addressed = OCI_BLOB_PATH.exec(posix.normalize(path));
    const named = DIGEST_NAMED.exec(posix.basename(path));
    const blobDigest = addressed !== null ? `sha256:${addressed[1]}` : compressed && named !== null && `sha256:${named[1]}` !== diffId ? `sha256:${named[1]}` : undefined;
    const expected = blobDigest ?? (compressed ? undefined : diffId);
    const sourceType: unknown = item.LayerSources?.[diffId]?.mediaType;
    const mediaType = typeof sourceType === 'string' ? sourceType : ociLayers?.[i]?.mediaType;
    const what = `${label}: layer ${i + 1} (${quote(path)})`;
    layers.push({
      ...(compressed && blobDigest !== undefined ? { digest: blobDigest } : {}),
      diffId,
      ...(mediaType !== undefined ? { mediaType } : {}),
      size: entry.size,
      open: async () => (expected !== undefined && isSha256Digest(expected) ? verified(tar.stream(entry), expected, entry.size, what) : tar.stream(entry)),
    });
  }
  return { ...frame, repoTags: item.RepoTags, imageId, config, layers };
}

/**
 * Docker 25+ archives carry an OCI layout beside manifest.json: the layer descriptors of the
 * manifest whose config is this image give the media types. Only an enrichment: any problem
 * there is logged and ignored.
 */
async function ociLayersFor(tar: TarIndex, configDigest: string, count: number, debug: (message: string) => void): Promise<Descriptor[] | undefined> {
  if (tar.entry('index.json') === undefined) return undefined;
  const store = new TarBlobStore(tar);
  try {
    const pending: Descriptor[] = [];
    const top = parseDocument((await store.readIndexJson()) ?? Buffer.from('{}'), undefined, `${tar.label}: index.json`);
    if (top.kind === 'index') pending.push(...top.index.manifests);
    for (let visited = 0; pending.length > 0 && visited < 64; visited++) {
      const descriptor = pending.shift()!;
      if ((await store.blobSize(descriptor.digest)) === undefined) continue;
      const parsed = parseDocument(await store.readBlob(descriptor.digest, MAX_DOCUMENT_BYTES), descriptor.mediaType, `${tar.label}: manifest ${descriptor.digest}`);
      if (parsed.kind === 'index') pending.push(...parsed.index.manifests);
      else if (parsed.manifest.config.digest === configDigest && parsed.manifest.layers.length === count) return parsed.manifest.layers;
    }
  } catch (error) {
    debug(`${tar.label}: index.json beside manifest.json not used (${error instanceof Error ? error.message : String(error)})`);
  }
  return undefined;
}
