import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { basename, dirname, posix, resolve } from 'node:path';
import type { AnalysisResult, Analyzer } from '../../src/analyzer/types.js';
import { ParseError } from '../../src/analyzer/parse-error.js';

/**
 * Runs one analyzer on a fixture file as if a scan had found it.
 *
 * - `relPath` is the path the analyzer sees (relative to the scan root, `/` separators). It
 *   defaults to the file's base name; give another one to present a fixture under the name the
 *   analyzer expects (`bun_happy.lock` as `bun.lock`) or in a subdirectory.
 * - The fixture's directory stands for the directory of `relPath`: `readFile(rel)` reads other
 *   files of the scan from there (a sibling package.json is `<fixture dir>/package.json`) and
 *   answers undefined when they are absent, like a real target does.
 */
export async function analyzeFixture(analyzer: Analyzer, absPath: string, relPath = basename(absPath)): Promise<AnalysisResult> {
  const fixtureDir = dirname(absPath);
  const relDir = posix.dirname(relPath);
  return analyzer.analyze({
    path: relPath,
    content: await readFile(absPath),
    readFile: async (rel) => readFile(resolve(fixtureDir, posix.relative(relDir, rel))).catch(() => undefined),
  });
}

/** Asserts that the promise rejects with a ParseError naming the file (and the line, when given). */
export async function rejectsWithParseError(promise: Promise<unknown>, file: string, line?: number): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof ParseError, `expected a ParseError, got ${String(err)}`);
    assert.equal(err.file, file);
    if (line !== undefined) assert.equal(err.line, line);
    return true;
  });
}
