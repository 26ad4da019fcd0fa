import { posix } from 'node:path';
import type { AnalysisResult, Analyzer, FileInfo } from '../../analyzer/types.js';
import { ParseError } from '../../analyzer/parse-error.js';
import { readLayer } from './layer-reader.js';
import type { ImageLayer } from './types.js';

/** What one analyzer made of one file of a layer (an empty result counts: the file is there). */
export interface FileFacts {
  path: string;
  analyzer: string;
  result: AnalysisResult;
}

/**
 * Everything the scan needs from one layer, independent of the layers around it: the facts per
 * file and what the layer deletes. Plain JSON, so it can be cached by DiffID.
 */
export interface LayerFacts {
  files: FileFacts[];
  /** Paths (files or directories) deleted from lower layers by `.wh.` entries. */
  whiteouts: string[];
  /** Directories whose lower-layer content is hidden (`.wh..wh..opq`). */
  opaqueDirs: string[];
  /** Files that could not be analyzed, one line each. */
  warnings: string[];
}

export interface LayerAnalysisOptions {
  /** Names the image in errors. */
  imageName: string;
  maxFileBytes?: number;
  concurrency?: number;
  /** `--skip-dirs` / `--skip-files`: files never offered to analyzers. */
  skip?: (path: string) => boolean;
  /** Files skipped (too big, path outside the root): debug lines. */
  onDebug?: (message: string) => void;
}

/**
 * Streams a layer once and runs the analyzers on the files they want. Analyzers that read other
 * files of the layer (`companionNames`) run when the layer has been read, so a companion that
 * comes later in the tar is still found; the others run as their file arrives.
 */
export async function analyzeLayer(layer: ImageLayer, analyzers: readonly Analyzer[], options: LayerAnalysisOptions): Promise<LayerFacts> {
  const facts: LayerFacts = { files: [], whiteouts: [], opaqueDirs: [], warnings: [] };
  const companionNames = new Set(analyzers.flatMap((a) => a.companionNames ?? []));
  /** Contents of wanted files and companions, kept for the deferred analyzers' readFile. */
  const kept = new Map<string, Buffer>();
  const deferred: { analyzer: Analyzer; path: string }[] = [];
  const readKept = async (relativePath: string) => kept.get(posix.normalize(relativePath.replace(/^(\.?\/)+/, '')));

  const run = async (analyzer: Analyzer, path: string, content: Buffer): Promise<void> => {
    try {
      const result = await analyzer.analyze({ path, content, readFile: readKept });
      facts.files.push({ path, analyzer: analyzer.name, result });
    } catch (err) {
      facts.files.push({ path, analyzer: analyzer.name, result: {} });
      facts.warnings.push(`${analyzer.name}: cannot analyze ${err instanceof ParseError ? err.message : `${path}: ${(err as Error).message}`}`);
    }
  };

  const wanting = (info: FileInfo) => analyzers.filter((a) => a.wants(info));
  const what = `layer ${layer.diffId} of ${options.imageName}`;
  await readLayer(await layer.open(), {
    wants: (info) => !options.skip?.(info.path) && (companionNames.has(posix.basename(info.path)) || analyzers.some((a) => a.wants(info))),
    onFile: async (info, content) => {
      const interested = wanting(info);
      const keep = companionNames.has(posix.basename(info.path)) || interested.some((a) => a.companionNames);
      if (keep) kept.set(info.path, content);
      const now: Promise<void>[] = [];
      for (const analyzer of interested) {
        if (analyzer.companionNames) deferred.push({ analyzer, path: info.path });
        else now.push(run(analyzer, info.path, content));
      }
      await Promise.all(now);
    },
    onWhiteout: (path) => facts.whiteouts.push(path),
    onOpaqueDir: (dir) => facts.opaqueDirs.push(dir),
  }, {
    what,
    ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    onSkipped: (path, why) => options.onDebug?.(`${what}: ${path} skipped: ${why}`),
  });
  for (const { analyzer, path } of deferred) await run(analyzer, path, kept.get(path)!);
  // Analyses finish in any order: sort so cached and fresh facts are identical.
  facts.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.analyzer < b.analyzer ? -1 : a.analyzer > b.analyzer ? 1 : 0));
  facts.warnings.sort();
  return facts;
}
