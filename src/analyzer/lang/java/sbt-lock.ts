import { parseTree, printParseErrorCode, type ParseError as JsonSyntaxError } from 'jsonc-parser';
import { posix } from 'node:path';
import { LineIndex } from '../../lines.js';
import { ParseError } from '../../parse-error.js';
import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';

/**
 * sbt-dependency-lock lockfiles (`build.sbt.lock`, format version 1: JSON with a `dependencies`
 * array of `{org, name, version, artifacts, configurations}`), Type `sbt`.
 *
 * Each dependency is the package `org:name` (Scala artifacts keep their `_2.12` suffix, as Maven
 * Central and the advisories name them), located on the lines of its JSON object. As in trivy,
 * dependencies in the `compile` or `runtime` configuration are the project's; the others (only
 * `test`, `provided`, `optional`) are kept as `dev` packages (trivy leaves them out). The
 * lockfile is flat: no relationships, no graph.
 */
export const sbtLockAnalyzer: Analyzer = {
  name: 'sbt-lockfile',
  version: 1,
  wants: (info) => posix.basename(info.path).endsWith('.sbt.lock'),
  analyze,
};

const RUNTIME_CONFIGURATIONS = new Set(['compile', 'runtime']);

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const text = stripBom(input.content.toString('utf8'));
  const lines = new LineIndex(text);
  const lockfile = parseJson(input.path, text, lines);
  const dependencies = lockfile.dependencies ?? [];
  if (!Array.isArray(dependencies)) throw new ParseError(input.path, '"dependencies" must be an array');
  const spans = dependencyObjectSpans(text);
  const packages = new Map<string, Package>();
  let objectIndex = 0;
  for (const value of dependencies) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const span = spans[objectIndex++];
    const entry = readDependency(value as Record<string, unknown>);
    if (!entry || !span) continue;
    const id = `${entry.name}@${entry.version}`;
    const location = { startLine: lines.lineAt(span.start), endLine: lines.lineAt(span.end) };
    const dev = !entry.configurations.some((c) => RUNTIME_CONFIGURATIONS.has(c));
    const existing = packages.get(id);
    if (existing) {
      existing.locations!.push(location);
      existing.dev = existing.dev && dev;
    } else {
      packages.set(id, { id, name: entry.name, version: entry.version, dev, locations: [location] });
    }
  }
  return {
    applications: [{ type: 'sbt', ecosystem: 'Maven', purlType: 'maven', filePath: input.path, packages: [...packages.values()] }],
  };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** JSON.parse validates and gives the values; jsonc-parser places a syntax error on its line. */
function parseJson(file: string, text: string, lines: LineIndex): { dependencies?: unknown } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const errors: JsonSyntaxError[] = [];
    parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
    const first = errors[0];
    if (first) throw new ParseError(file, `invalid JSON: ${printParseErrorCode(first.error)}`, lines.lineAt(first.offset));
    throw new ParseError(file, `invalid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ParseError(file, 'not an sbt lockfile: expected a JSON object', 1);
  return value as { dependencies?: unknown };
}

interface Span {
  start: number;
  end: number;
}

/**
 * Offsets of the braces of each object in the top-level `dependencies` array, in order: one pass
 * over text JSON.parse accepted, following only strings and brackets.
 */
function dependencyObjectSpans(text: string): Span[] {
  const spans: Span[] = [];
  let depth = 0;
  let lastString = '';
  let key = '';
  let inDependencies = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const end = endOfString(text, i);
      if (depth === 1) lastString = text.slice(i + 1, end);
      i = end;
    } else if (c === 0x3a /* : */) {
      if (depth === 1) key = lastString;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth === 2 && c === 0x5b && key === 'dependencies') inDependencies = true;
      else if (inDependencies && depth === 3 && c === 0x7b) start = i;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (inDependencies && depth === 3 && c === 0x7d) spans.push({ start, end: i });
      if (depth === 2) inDependencies = false;
      depth--;
    }
  }
  return spans;
}

function endOfString(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return text.length;
}

interface Dependency {
  name: string;
  version: string;
  configurations: string[];
}

/** A `dependencies` element; undefined when it lacks its org, name or version. */
function readDependency(value: Record<string, unknown>): Dependency | undefined {
  const { org, name, version, configurations } = value;
  if (typeof org !== 'string' || typeof name !== 'string' || typeof version !== 'string' || !org || !name || !version) return undefined;
  const configs = Array.isArray(configurations) ? configurations.filter((c): c is string => typeof c === 'string') : [];
  return { name: `${org}:${name}`, version, configurations: configs };
}
