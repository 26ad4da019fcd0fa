/**
 * Reads txtar archives (the `-- name --` format trivy's analyzer tests keep their inputs in) and
 * runs an analyzer on one of their files, the others being what `readFile` finds.
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import type { AnalysisResult, Analyzer } from '../../src/analyzer/types.js';

export function readTxtar(path: string): Map<string, string> {
  const files = new Map<string, string>();
  let name: string | undefined;
  let body: string[] = [];
  const flush = () => {
    if (name !== undefined) files.set(name, body.join('\n'));
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const header = /^-- (.+) --$/.exec(line);
    if (header) {
      flush();
      name = header[1];
      body = [];
    } else if (name !== undefined) body.push(line);
  }
  flush();
  return files;
}

/** Analyzes `file` of the archive; other archive files are readable beside it. */
export function analyzeTxtarFile(analyzer: Analyzer, files: Map<string, string>, file: string): Promise<AnalysisResult> {
  const text = files.get(file);
  if (text === undefined) throw new Error(`${file} is not in the archive`);
  return analyzer.analyze({
    path: file,
    content: Buffer.from(text),
    readFile: async (rel) => {
      const other = files.get(posix.normalize(rel.replace(/^\/+/, '')));
      return other === undefined ? undefined : Buffer.from(other);
    },
  });
}
