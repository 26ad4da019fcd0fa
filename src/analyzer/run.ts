import type { Analyzer, Application } from './types.js';
import type { Target } from '../target/types.js';
import { ParseError } from './parse-error.js';

export interface AnalyzeOptions {
  /** Files analyzed at once. */
  concurrency?: number;
  /** One line per file that could not be analyzed. */
  onWarning?: (message: string) => void;
}

export interface Facts {
  applications: Application[];
}

/**
 * Walks the target once, hands each file to the analyzers that want it, and runs up to
 * `concurrency` analyses at a time. A file that fails to parse becomes a warning, not a failure.
 */
export async function analyzeTarget(target: Target, analyzers: readonly Analyzer[], options: AnalyzeOptions = {}): Promise<Facts> {
  const limit = Math.max(1, options.concurrency ?? 8);
  const applications: Application[] = [];
  const running = new Set<Promise<void>>();

  const analyzeOne = async (analyzer: Analyzer, path: string): Promise<void> => {
    try {
      const content = await target.read(path);
      if (content === undefined) return;
      const result = await analyzer.analyze({
        path,
        content,
        readFile: (rel) => target.read(rel.replace(/^(\.?\/)+/, '')),
      });
      applications.push(...(result.applications ?? []));
    } catch (err) {
      const reason = err instanceof ParseError ? err.message : `${path}: ${(err as Error).message}`;
      options.onWarning?.(`${analyzer.name}: cannot analyze ${reason}`);
    }
  };

  for await (const file of target.files()) {
    for (const analyzer of analyzers) {
      if (!analyzer.wants(file)) continue;
      const task: Promise<void> = analyzeOne(analyzer, file.path).finally(() => running.delete(task));
      running.add(task);
      if (running.size >= limit) await Promise.race(running);
    }
  }
  await Promise.all(running);
  applications.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : a.type < b.type ? -1 : 1));
  return { applications };
}
