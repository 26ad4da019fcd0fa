import type { ImageSource } from './types.js';

/**
 * The report's `Metadata` for an image, as trivy writes it: `ImageID`, `DiffIDs`, `RepoTags`,
 * `RepoDigests`, `ImageConfig`, and `Layers` (digest, DiffID, stored size where known).
 * `OS` is added by the report builder once the layers are analyzed.
 */
export function imageMetadata(source: ImageSource): Record<string, unknown> {
  const size = source.layers.reduce((sum, l) => sum + (l.size ?? 0), 0);
  return {
    ...(size > 0 ? { Size: size } : {}),
    ImageID: source.imageId,
    DiffIDs: source.layers.map((l) => l.diffId),
    ...(source.repoTags.length > 0 ? { RepoTags: source.repoTags } : {}),
    ...(source.repoDigests.length > 0 ? { RepoDigests: source.repoDigests } : {}),
    ImageConfig: source.config,
    Layers: source.layers.map((l) => ({ ...(l.size !== undefined ? { Size: l.size } : {}), ...(l.digest ? { Digest: l.digest } : {}), DiffID: l.diffId })),
  };
}
