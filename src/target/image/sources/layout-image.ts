import { UserError } from '../../../errors.js';
import { sha256Digest } from '../../../oci/digest.js';
import type { ImageManifest } from '../../../oci/manifest.js';
import { MediaType } from '../../../oci/media-types.js';
import type { ImageConfig, ImageLayer, ImageSource } from '../types.js';
import { readVerifiedBlob, verifiedBlobOpener, type BlobStore } from './layout-blobs.js';
import { quote } from './layout-select.js';

const IMAGE_CONFIG_TYPES: readonly string[] = [MediaType.ociImageConfig, MediaType.dockerImageConfig];

/** The parts of an ImageSource that the opener decides, not the manifest. */
export interface ImageSourceFrame {
  name: string;
  kind: ImageSource['kind'];
  repoTags: string[];
  repoDigests: string[];
  close(): Promise<void>;
}

/**
 * An ImageSource from an image manifest whose blobs are in `store`: the config read and verified
 * now, every layer blob checked to be present, each layer opened later as a verified stream.
 */
export async function imageFromManifest(store: BlobStore, manifest: ImageManifest, frame: ImageSourceFrame): Promise<ImageSource> {
  const configType = manifest.config.mediaType;
  if (!IMAGE_CONFIG_TYPES.includes(configType)) throw new UserError(`${store.label}: not a container image (its config has media type ${quote(configType)})`);
  const configBytes = await readVerifiedBlob(store, manifest.config.digest, manifest.config.size, 'config');
  const config = parseImageConfig(configBytes, `${store.label}: config ${manifest.config.digest}`);
  const diffIds = diffIdsOf(config, manifest.layers.length, `${store.label}: image ${manifest.config.digest}`);
  const layers: ImageLayer[] = [];
  for (const [i, descriptor] of manifest.layers.entries()) {
    const open = await verifiedBlobOpener(store, descriptor.digest, descriptor.size, `layer ${i + 1}`);
    layers.push({ digest: descriptor.digest, diffId: diffIds[i], mediaType: descriptor.mediaType, size: descriptor.size, open });
  }
  return { ...frame, imageId: sha256Digest(configBytes), config, layers };
}

/** The image config as JSON; UserError naming `what` when it is not a JSON object. */
export function parseImageConfig(bytes: Buffer, what: string): ImageConfig {
  let config: unknown;
  try {
    config = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new UserError(`${what}: not valid JSON`);
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new UserError(`${what}: not a JSON object`);
  return config as ImageConfig;
}

/** `rootfs.diff_ids`, checked to be strings and as many as the layers the manifest lists. */
export function diffIdsOf(config: ImageConfig, layerCount: number, what: string): string[] {
  const diffIds: unknown = config.rootfs?.diff_ids;
  if (!Array.isArray(diffIds) || !diffIds.every((id) => typeof id === 'string')) throw new UserError(`${what}: its config has no rootfs.diff_ids list`);
  if (diffIds.length !== layerCount) throw new UserError(`${what}: ${layerCount} layers but its config lists ${diffIds.length} diff_ids`);
  return diffIds;
}
