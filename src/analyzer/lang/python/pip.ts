import { posix } from 'node:path';
import { valid as validPep440 } from '@renovatebot/pep440';
import type { Analyzer, AnalyzerInput, AnalysisResult, Location, Package } from '../../types.js';

/**
 * requirements.txt analyzer (pip requirements files: `requirements.txt`, `requirements-dev.txt`,
 * `requirements_test.txt`, ... anywhere in the tree).
 *
 * As trivy does, only pinned requirements are packages: `name==version` (with `===` too), the
 * version a valid PEP 440 version. Ranges (`>=`, `~=`, `!=`), wildcards (`==1.*`) and bare names
 * say nothing about the installed version and are skipped, like `-e`/`--editable` lines, other
 * options, URLs, paths and `name @ url` references. Each requirement keeps its declared name.
 *
 * What the file format allows around a requirement is handled as pip reads it:
 * - line continuations: a line ending in `\` is joined with the next one (the backslashes at both
 *   ends of a continued line are dropped), before comments are stripped;
 * - comments: from the first `#` on (trivy also strips `name==1.0#comment`);
 * - per-requirement options (`--hash=...`, `--global-option=...`), environment markers (`; ...`)
 *   and extras (`name[extra1,extra2]`) are dropped;
 * - byte order marks: UTF-8, and UTF-16 files (Windows editors) are decoded;
 * - `-r other.txt` / `--requirement other.txt`: the included file is read relative to this one
 *   (recursively, each file once). Its pins belong to this application, as pip installs them
 *   from here (trivy does not follow includes); they carry no line range, since a range names a
 *   line of this file. A pin repeated here and in an included file keeps this file's line.
 *
 * Location: the line of the requirement's name to the line where its version ends (one line
 * unless the pin itself is split by continuations).
 */
export const pipRequirementsAnalyzer: Analyzer = {
  name: 'pip',
  version: 1,
  wants: (info) => isRequirementsFile(info.path),
  analyze,
};

export function isRequirementsFile(path: string): boolean {
  return /^requirements.*\.txt$/.test(posix.basename(path));
}

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const packages = new Map<string, Package>();
  const visited = new Set<string>([posix.normalize(input.path)]);
  const own = parseRequirements(decode(input.content));
  for (const pin of own.pins) addPin(packages, pin, true);
  await addIncludes(input, input.path, own.includes, packages, visited);
  return {
    applications: [{ type: 'pip', ecosystem: 'PyPI', purlType: 'pypi', filePath: input.path, packages: [...packages.values()] }],
  };
}

/** The pins of included files, depth first in file order; a file already read is not read again. */
async function addIncludes(input: AnalyzerInput, from: string, includes: string[], packages: Map<string, Package>, visited: Set<string>): Promise<void> {
  for (const include of includes) {
    const path = posix.normalize(posix.join(posix.dirname(from), include));
    if (visited.has(path)) continue;
    visited.add(path);
    const content = await input.readFile(path);
    if (!content) continue; // pip would fail; a missing include hides nothing that is here
    const parsed = parseRequirements(decode(content));
    for (const pin of parsed.pins) addPin(packages, pin, false);
    await addIncludes(input, path, parsed.includes, packages, visited);
  }
}

function addPin(packages: Map<string, Package>, pin: Pin, withLocation: boolean): void {
  const id = `${pin.name}@${pin.version}`;
  const existing = packages.get(id);
  if (!existing) {
    packages.set(id, { id, name: pin.name, version: pin.version, ...(withLocation ? { locations: [pin.location] } : {}) });
  } else if (withLocation) {
    existing.locations = [...(existing.locations ?? []), pin.location];
  }
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

function decode(content: Buffer): string {
  if (content[0] === 0xff && content[1] === 0xfe) return content.subarray(2).toString('utf16le');
  if (content[0] === 0xfe && content[1] === 0xff) {
    const swapped = Buffer.from(content.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = content.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A logical line: physical lines joined at continuations, with where each piece came from. */
interface LogicalLine {
  text: string;
  /** Offsets in `text` where a piece starts, and the 1-based physical line of that piece. */
  pieces: Array<{ offset: number; line: number }>;
}

function lineAt(logical: LogicalLine, offset: number): number {
  let line = logical.pieces[0].line;
  for (const piece of logical.pieces) {
    if (piece.offset > offset) break;
    line = piece.line;
  }
  return line;
}

/** pip's joining: a line ending in `\` continues, unless it is a comment line. */
function logicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let pending: LogicalLine | undefined;
  const lines = text.split(/\r?\n|\r/);
  lines.forEach((raw, i) => {
    const continues = raw.endsWith('\\') && !/^\s*#/.test(raw);
    const piece = continues ? raw.replace(/^\\+|\\+$/g, '') : raw;
    const current: LogicalLine = pending ?? { text: '', pieces: [] };
    current.pieces.push({ offset: current.text.length, line: i + 1 });
    current.text += piece;
    if (continues) {
      pending = current;
    } else {
      out.push(current);
      pending = undefined;
    }
  });
  if (pending) out.push(pending);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Requirements
// ---------------------------------------------------------------------------------------------

interface Pin {
  name: string;
  version: string;
  location: Location;
}

interface Requirements {
  pins: Pin[];
  includes: string[];
}

const INCLUDE = /^(?:-r|--requirement)(?:\s*=\s*|\s*)(\S+)/;
const NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?/;
const CLAUSE = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*([^\s,]+)\s*$/;

export function parseRequirements(text: string): Requirements {
  const result: Requirements = { pins: [], includes: [] };
  for (const logical of logicalLines(text)) {
    const hash = logical.text.indexOf('#');
    const line = hash === -1 ? logical.text : logical.text.slice(0, hash);
    const start = line.length - line.trimStart().length;
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (trimmed.startsWith('-')) {
      const include = INCLUDE.exec(trimmed);
      if (include) result.includes.push(include[1]);
      continue;
    }
    const pin = parsePin(trimmed);
    if (pin) {
      result.pins.push({
        name: pin.name,
        version: pin.version,
        location: { startLine: lineAt(logical, start), endLine: lineAt(logical, start + pin.versionEnd - 1) },
      });
    }
  }
  return result;
}

/**
 * `name[extras] ==version ; marker --option` → name and version, with the offset (in the
 * trimmed line) just past the version. Undefined for anything that is not one pinned version.
 */
function parsePin(line: string): { name: string; version: string; versionEnd: number } | undefined {
  const name = NAME.exec(line);
  if (!name) return undefined;
  let rest = line.slice(name[0].length);
  // Markers and per-requirement options end the version specifier.
  const cut = rest.search(/;|(?:^|\s)--?[A-Za-z]/);
  if (cut !== -1) rest = rest.slice(0, cut);
  const parenthesised = /^\s*\((.*)\)\s*$/.exec(rest);
  const specifier = parenthesised ? parenthesised[1] : rest;
  if (specifier.trim() === '' || /[@:/]/.test(specifier)) return undefined; // bare name, `name @ url`
  const clauses = specifier.split(',').map((c) => CLAUSE.exec(c));
  if (clauses.some((c) => c === null)) return undefined;
  const pinned = clauses.find((c) => c![1] === '==' || c![1] === '===');
  if (!pinned) return undefined;
  const version = pinned[2];
  if (version.includes('*') || validPep440(version) === null) return undefined;
  const versionEnd = line.indexOf(version, name[0].length) + version.length;
  return { name: name[1], version, versionEnd };
}
