import { createHash } from 'node:crypto';
import type { Analyzer } from '../../analyzer/types.js';
import type { SecretFinding } from '../../detector/secret/types.js';
import type { Facts } from '../../analyzer/run.js';
import { analyzeLayer, type LayerFacts } from './analyze-layer.js';
import { mergeLayers } from './merge-layers.js';
import type { ImageLayer, ImageSource } from './types.js';
import { imageMetadata } from './image-metadata.js';
import { dockerfileFromHistory } from './history-dockerfile.js';

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
  /**
   * Analyzers run on the image config itself: the secret analyzer reads it as `config.json` (ENV,
   * labels, history commands), the misconfig analyzer a `Dockerfile` rebuilt from its history.
   */
  configAnalyzers?: Analyzer[];
}

/** Bumped when the shape of cached layer facts changes. */
const LAYER_FACTS_FORMAT = 1;

export function imageTarget(source: ImageSource, options: ImageTargetOptions = {}): LayeredTarget {
  const metadata = imageMetadata(source);
  return {
    kind: 'layered',
    name: source.name,
    artifactType: 'container_image',
    contents: 'installed',
    metadata,
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
      const facts = mergeLayers(layers);
      for (const analyzer of options.configAnalyzers ?? []) {
        const configText = `${JSON.stringify(source.config, null, 2)}\n`;
        const file = analyzer.name === 'misconfig'
          ? { path: 'Dockerfile', content: Buffer.from(dockerfileFromHistory(source.config)) }
          : { path: 'config.json', content: Buffer.from(configText) };
        try {
          const result = await analyzer.analyze({ ...file, readFile: async () => undefined });
          facts.secrets.push(...(result.secrets ?? []));
          // The report shows the config (ImageConfig): never with the secrets just found in it.
          const found = (result.secrets ?? []).flatMap((f) => f.findings);
          if (found.length > 0) metadata.ImageConfig = maskedConfig(configText, found);
          facts.misconfigs.push(...(result.misconfigs ?? []));
          (facts.configFiles ??= []).push(...(result.configFiles ?? []));
        } catch (err) {
          analyzeOptions.onWarning?.(`${analyzer.name}: cannot analyze the image config: ${(err as Error).message}`);
        }
      }
      return facts;
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

/**
 * The image config with the lines holding secrets replaced by their masked form (the secret
 * engine's `Code` lines, `*` in place of each secret). A line the engine cut short, or a result
 * that is no longer JSON, masks the whole `config` and `history` instead.
 */
function maskedConfig(text: string, findings: readonly SecretFinding[]): unknown {
  const lines = text.split('\n');
  let whole = false;
  for (const finding of findings) {
    for (const line of finding.Code.Lines) {
      if (!line.IsCause) continue;
      if (line.Truncated) whole = true;
      else lines[line.Number - 1] = line.Content;
    }
  }
  if (!whole) {
    try {
      return JSON.parse(lines.join('\n'));
    } catch {
      // fall through to masking everything a secret can be in
    }
  }
  const config = JSON.parse(text) as Record<string, unknown>;
  return { ...config, config: '[masked: holds a secret]', history: '[masked: holds a secret]' };
}
