import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, posix, resolve } from 'node:path';
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

/**
 * For analyzers with a fast line reader and a full YAML parser behind it (pubspec.lock,
 * Podfile.lock): every fixture gives the same packages (or the same error) both ways. A final
 * `key: &anchor value` line, outside the fast reader's subset and ignored by the analyzers, sends
 * the same text to the YAML parser.
 */
export async function assertFastReaderMatchesYaml(analyzer: Analyzer, path: string, dirs: string[], minFiles: number): Promise<void> {
  const analyze = (text: string) => analyzer.analyze({ path, content: Buffer.from(text), readFile: async () => undefined });
  const outcome = async (text: string) => analyze(text).then((r) => r.applications![0].packages, (e: Error) => e.name);
  let compared = 0;
  for (const dir of dirs) {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (!statSync(file).isFile()) continue;
      const text = readFileSync(file, 'utf8');
      assert.deepEqual(await outcome(text), await outcome(`${text}\nzz_fallback: &anchor x\n`), file);
      compared++;
    }
  }
  assert.ok(compared >= minFiles, `only ${compared} fixtures compared`);
}
