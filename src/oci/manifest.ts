import { RegistryError } from './errors.js';
import { IMAGE_MANIFEST_TYPES, INDEX_TYPES, baseMediaType } from './media-types.js';

/** A pointer to content: what it is, its digest and size (OCI image spec descriptor). */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  artifactType?: string;
  platform?: { architecture: string; os: string; variant?: string; 'os.version'?: string; 'os.features'?: string[] };
  urls?: string[];
}

/** An OCI image manifest or Docker v2 schema 2 manifest: one config, ordered layers. */
export interface ImageManifest {
  schemaVersion: 2;
  mediaType: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** An OCI image index or Docker manifest list: manifests per platform. */
export interface ImageIndex {
  schemaVersion: 2;
  mediaType: string;
  artifactType?: string;
  manifests: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

export type ParsedManifest = { kind: 'manifest'; manifest: ImageManifest } | { kind: 'index'; index: ImageIndex };

/**
 * Reads manifest bytes. The media type is the document's own `mediaType`, else the response's
 * Content-Type; unknown types and malformed documents are refused.
 */
export function parseManifest(body: Uint8Array, contentType: string | null, what: string): ParsedManifest {
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    throw new RegistryError('protocol', `${what}: not valid JSON`);
  }
  if (!isObject(document)) throw new RegistryError('protocol', `${what}: not a JSON object`);
  const mediaType = typeof document.mediaType === 'string' ? document.mediaType : baseMediaType(contentType);
  if (document.schemaVersion !== 2) throw new RegistryError('unsupported', `${what}: schemaVersion ${JSON.stringify(document.schemaVersion)} (only 2 is supported)`);
  if (IMAGE_MANIFEST_TYPES.includes(mediaType)) {
    if (!isDescriptor(document.config) || !Array.isArray(document.layers) || !document.layers.every(isDescriptor)) {
      throw new RegistryError('protocol', `${what}: malformed ${mediaType} (needs config and layers descriptors)`);
    }
    return { kind: 'manifest', manifest: { ...(document as unknown as ImageManifest), mediaType } };
  }
  if (INDEX_TYPES.includes(mediaType)) {
    if (!Array.isArray(document.manifests) || !document.manifests.every(isDescriptor)) throw new RegistryError('protocol', `${what}: malformed ${mediaType} (needs manifests descriptors)`);
    return { kind: 'index', index: { ...(document as unknown as ImageIndex), mediaType } };
  }
  throw new RegistryError('unsupported', `${what}: unsupported manifest media type "${mediaType || 'none'}"`);
}

/** Serialises a manifest or index the way it will be pushed (and hashed). */
export function encodeManifest(document: ImageManifest | ImageIndex): Buffer {
  return Buffer.from(JSON.stringify(document));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDescriptor(value: unknown): value is Descriptor {
  return isObject(value) && typeof value.mediaType === 'string' && typeof value.digest === 'string' && Number.isSafeInteger(value.size) && (value.size as number) >= 0;
}
