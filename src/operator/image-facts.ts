import type { Facts } from '../analyzer/run.js';
import type { LayeredTarget } from '../target/image/image-target.js';

/**
 * What the operator keeps of an analyzed image so it can be judged again when the advisory DB
 * changes without pulling a layer: the merged facts of its layers (packages, OS, secrets) and
 * the target's report metadata. Plain JSON: files owned by OS packages are applied once here
 * (their applications dropped) instead of keeping the whole owned-file list.
 */
export interface ImageFacts {
  name: string;
  metadata: Record<string, unknown>;
  facts: Omit<Facts, 'ownedFiles'>;
}

/** Analyzes the image target with the analyzers given and keeps what a later evaluation needs. */
export async function recordImageFacts(target: LayeredTarget, analyzers: Parameters<LayeredTarget['analyze']>[0], options: Parameters<LayeredTarget['analyze']>[1]): Promise<ImageFacts> {
  const facts = await target.analyze(analyzers, options);
  const { ownedFiles, ...rest } = facts;
  // The target's metadata is read after analysis: a secret found in the config masks ImageConfig there.
  return {
    name: target.name,
    metadata: structuredClone(target.metadata),
    facts: { ...rest, applications: rest.applications.filter((app) => !ownedFiles.has(app.filePath)) },
  };
}

/** A layered target that answers with recorded facts: the scan pipeline runs its detectors on them again. */
export function replayTarget(recorded: ImageFacts, name = recorded.name): LayeredTarget {
  return {
    kind: 'layered',
    name,
    artifactType: 'container_image',
    contents: 'installed',
    metadata: structuredClone(recorded.metadata),
    analyze: async () => ({ ...structuredClone(recorded.facts), ownedFiles: new Set<string>() }),
  };
}
