import { createHash } from 'node:crypto';
import type { Analyzer } from '../../analyzer/types.js';
import type { Facts } from '../../analyzer/run.js';
import { analyzeLayer, type LayerFacts } from './analyze-layer.js';
import { mergeLayers } from './merge-layers.js';
import type { ImageLayer, ImageSource } from './types.js';
import { imageMetadata } from './image-metadata.js';

/** Where layer facts are kept between scans (the scan cache); any key-value store of JSON. */
export interface LayerFactsCache {
  get(key: string): unknown;
  put(key: string, value: unknown): void;
}

export interface LayeredAnalyzeOptions {
  onWarning?: (message: string) => void;
  onDebug?: (message: string) => void;
  /** Files analyzed at once within a layer. */
  concurrency?: number;
}

/**
 * A target made of layers (a container image): it analyzes itself layer by layer, reusing the
 * facts of layers it has seen before, rather than offering files one by one.
 */
export interface LayeredTarget {
  kind: 'layered';
  name: string;
  artifactType: 'container_image';
  contents: 'installed';
  metadata: Record<string, unknown>;
  analyze(analyzers: readonly Analyzer[], options: LayeredAnalyzeOptions): Promise<Facts>;
}

export interface ImageTargetOptions {
  cache?: LayerFactsCache;
  /** Everything besides the analyzers that changes what a layer yields (skip globs, limits). */
  cacheSalt?: string;
  maxFileBytes?: number;
  skip?: (path: string) => boolean;
}

/** Bumped when the shape of cached layer facts changes. */
const LAYER_FACTS_FORMAT = 1;

export function imageTarget(source: ImageSource, options: ImageTargetOptions = {}): LayeredTarget {
  return {
    kind: 'layered',
    name: source.name,
    artifactType: 'container_image',
    contents: 'installed',
    metadata: imageMetadata(source),
    async analyze(analyzers, analyzeOptions) {
      const fingerprint = analyzerFingerprint(analyzers, options.cacheSalt ?? '');
      const layers: { ref: { digest?: string; diffId: string }; facts: LayerFacts }[] = [];
      for (const layer of source.layers) {
        const key = cacheKey(layer, fingerprint);
        let facts = options.cache?.get(key) as LayerFacts | undefined;
        if (facts) analyzeOptions.onDebug?.(`layer ${layer.diffId}: facts from the scan cache`);
        else {
          facts = await analyzeLayer(layer, analyzers, {
            imageName: source.name,
            ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}),
            ...(options.skip ? { skip: options.skip } : {}),
            ...(analyzeOptions.concurrency !== undefined ? { concurrency: analyzeOptions.concurrency } : {}),
            ...(analyzeOptions.onDebug ? { onDebug: analyzeOptions.onDebug } : {}),
          });
          options.cache?.put(key, facts);
        }
        for (const warning of facts.warnings) analyzeOptions.onWarning?.(warning);
        layers.push({ ref: { ...(layer.digest ? { digest: layer.digest } : {}), diffId: layer.diffId }, facts });
      }
      return mergeLayers(layers);
    },
  };
}

/**
 * The cache key of a layer: its DiffID and, where the source verified it, its blob digest (a
 * config cannot then pass off another layer's cached facts), plus what analyzes it.
 */
function cacheKey(layer: ImageLayer, fingerprint: string): string {
  return `layer:${layer.diffId}:${layer.digest ?? '-'}:${fingerprint}`;
}

function analyzerFingerprint(analyzers: readonly Analyzer[], salt: string): string {
  const hash = createHash('sha256').update(`format ${LAYER_FACTS_FORMAT}\n${salt}\n`);
  for (const a of analyzers) hash.update(`${a.name}@${a.version}${a.fingerprint ? `#${a.fingerprint}` : ''}\n`);
  return hash.digest('hex').slice(0, 16);
}
