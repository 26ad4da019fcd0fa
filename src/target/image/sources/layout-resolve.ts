import { UserError } from '../../../errors.js';
import { parseManifest, type Descriptor, type ImageIndex, type ImageManifest, type ParsedManifest } from '../../../oci/manifest.js';
import { MediaType } from '../../../oci/media-types.js';
import { readVerifiedBlob, type BlobStore } from './layout-blobs.js';
import { formatPlatform, parsePlatform, platformMatches, type Platform } from '../platform.js';
import { entryNames, isAttestation, nameMatches, quote } from './layout-select.js';

/** Which image of an OCI layout to open. */
export interface LayoutRequest {
  /** Matched against `org.opencontainers.image.ref.name` / `io.containerd.image.name` of index.json entries. */
  tag?: string;
  /** true: a tag that matches nothing is an error (`DIR:tag`); false: fall back to the first image. */
  strictTag?: boolean;
  /** A manifest or index digest (`DIR@sha256:…`); wins over the tag. */
  digest?: string;
  /** `os/arch[/variant]`, default linux/amd64. */
  platform?: string;
  onDebug?: (message: string) => void;
}

/** The image manifest chosen, and the index.json entry that led to it (for its annotations). */
export interface ResolvedManifest {
  manifest: ImageManifest;
  digest: string;
  /** The index.json entry the walk started from (undefined when opened by an unlisted digest). */
  entry?: Descriptor;
}

const SCHEMA1_TYPES = ['application/vnd.docker.distribution.manifest.v1+json', 'application/vnd.docker.distribution.manifest.v1+prettyjws'];
const MAX_NESTING = 4;

/**
 * Walks an OCI image layout from index.json (or from a digest) through nested indexes down to
 * one image manifest: by tag first, then by platform where the index lists platforms.
 */
export async function resolveLayoutManifest(store: BlobStore, request: LayoutRequest): Promise<ResolvedManifest> {
  const platform = parsePlatform(request.platform);
  const debug = request.onDebug ?? (() => {});
  const indexBytes = await store.readIndexJson();
  if (indexBytes === undefined) throw new UserError(`${store.label}: no index.json (not an OCI image layout)`);
  const top = parseDocument(indexBytes, MediaType.ociIndex, `${store.label}: index.json`);
  if (top.kind !== 'index') throw new UserError(`${store.label}: index.json is not an image index`);
  const entries = top.index.manifests;

  if (request.digest !== undefined) {
    const listed = entries.find((entry) => entry.digest === request.digest);
    const descriptor = listed ?? (await unlistedDescriptor(store, request.digest));
    return { ...(await descend(store, descriptor, platform, debug, 0)), ...(listed !== undefined ? { entry: listed } : {}) };
  }

  let candidates = entries.filter((entry) => !isAttestation(entry));
  if (request.tag !== undefined) {
    const tag = request.tag;
    const tagged = candidates.filter((entry) => entryNames(entry).some((name) => nameMatches(name, tag)));
    if (tagged.length > 0) candidates = tagged;
    else if (request.strictTag) throw new UserError(`${store.label}: no image tagged ${quote(tag)} (${describeTags(entries)})`);
    else debug(`${store.label}: no image named ${quote(tag)} in it (${describeTags(entries)}); choosing among all`);
  }
  if (candidates.length === 0) throw new UserError(`${store.label}: index.json lists no image`);
  const entry = candidates.length === 1 ? candidates[0] : chooseAmong(candidates, platform, `${store.label}: index.json`, debug);
  return { ...(await descend(store, entry, platform, debug, 0)), entry };
}

/** Follows a descriptor to an image manifest, choosing by platform in each index on the way. */
async function descend(store: BlobStore, descriptor: Descriptor, platform: Platform, debug: (message: string) => void, depth: number): Promise<{ manifest: ImageManifest; digest: string }> {
  if (depth > MAX_NESTING) throw new UserError(`${store.label}: indexes nested more than ${MAX_NESTING} deep`);
  const parsed = await readDocument(store, descriptor);
  if (parsed.kind === 'manifest') return { manifest: parsed.manifest, digest: descriptor.digest };
  const where = `${store.label}: index ${descriptor.digest}`;
  const usable = parsed.index.manifests.filter((entry) => !isAttestation(entry));
  if (usable.length === 0) throw new UserError(`${where} lists no image`);
  const child = chooseAmong(usable, platform, where, debug, true);
  return descend(store, child, platform, debug, depth + 1);
}

/**
 * One entry of several: the first whose platform matches; without platforms, the first (logged).
 * In a multi-platform index (`strict`) an entry of another platform is never taken.
 */
function chooseAmong(entries: Descriptor[], platform: Platform, where: string, debug: (message: string) => void, strict = false): Descriptor {
  const withPlatform = entries.filter((entry) => entry.platform !== undefined);
  const match = withPlatform.find((entry) => platformMatches(entry.platform, platform));
  if (match !== undefined) return match;
  if (withPlatform.length > 0 && (strict || withPlatform.length === entries.length)) {
    if (entries.length === 1 && !strict) {
      debug(`${where}: the only image is ${formatPlatform(entries[0].platform!)}, not ${formatPlatform(platform)}; using it`);
      return entries[0];
    }
    const available = [...new Set(withPlatform.map((entry) => quote(formatPlatform(entry.platform!))))].join(', ');
    throw new UserError(`${where}: no ${formatPlatform(platform)} image (platforms: ${available}); choose one with --platform`);
  }
  const chosen = entries.find((entry) => entry.platform === undefined) ?? entries[0];
  if (entries.length > 1) debug(`${where}: ${entries.length} images and none chosen by tag or platform; using ${chosen.digest}`);
  return chosen;
}

/** A descriptor for a digest that index.json does not list: read the blob to learn its type. */
async function unlistedDescriptor(store: BlobStore, digest: string): Promise<Descriptor> {
  const bytes = await readVerifiedBlob(store, digest, undefined, 'manifest');
  return { mediaType: guessMediaType(bytes), digest, size: bytes.length };
}

async function readDocument(store: BlobStore, descriptor: Descriptor): Promise<ParsedManifest> {
  const what = `${store.label}: manifest ${descriptor.digest}`;
  if (SCHEMA1_TYPES.includes(descriptor.mediaType)) throw schema1(what);
  const bytes = await readVerifiedBlob(store, descriptor.digest, descriptor.size, 'manifest');
  return parseDocument(bytes, descriptor.mediaType, what);
}

/** parseManifest with the layout's own wording for Docker schema 1 and for non-JSON content. */
export function parseDocument(bytes: Buffer, mediaType: string | undefined, what: string): ParsedManifest {
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new UserError(`${what}: not valid JSON`);
  }
  if (typeof document === 'object' && document !== null && (document as { schemaVersion?: unknown }).schemaVersion === 1) throw schema1(what);
  const hinted = mediaType === undefined || mediaType === '' ? guessMediaType(bytes) : mediaType;
  return parseManifest(bytes, hinted, what);
}

function schema1(what: string): UserError {
  return new UserError(`${what}: Docker schema 1 manifests are not supported (convert the image with: skopeo copy --format v2s2)`);
}

/** Media type of a manifest document that does not carry one: by its shape. */
function guessMediaType(bytes: Buffer): string {
  try {
    const document = JSON.parse(bytes.toString('utf8')) as Partial<ImageIndex & ImageManifest>;
    if (typeof document.mediaType === 'string') return document.mediaType;
    if (Array.isArray(document.manifests)) return MediaType.ociIndex;
    if (document.config !== undefined) return MediaType.ociManifest;
  } catch {
    // parseDocument reports it
  }
  return '';
}

function describeTags(entries: Descriptor[]): string {
  const names = [...new Set(entries.flatMap(entryNames))];
  return names.length === 0 ? 'it has no tagged image' : `tags: ${names.map(quote).join(', ')}`;
}
