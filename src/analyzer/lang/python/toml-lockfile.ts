import { parse, TomlError } from 'smol-toml';
import { LineIndex } from '../../lines.js';
import type { Location } from '../../types.js';
import { ParseError } from '../../parse-error.js';

/**
 * Shared reading of the TOML lockfiles of Python tools (poetry.lock, uv.lock, pylock.toml) and
 * of pyproject.toml.
 *
 * A lockfile is mostly one array of tables (`[[package]]`), each element a block of lines with its
 * sub-tables (`[package.dependencies]`, `[[packages.wheels]]`). A light scan of the header lines
 * cuts the text into those blocks, which gives every element its line range (a TOML parser does
 * not report positions), and each block is parsed on its own with smol-toml: parsing one large
 * array of tables costs more than linearly, and the blocks are independent. Within a block, what
 * an analyzer never reads (file lists with hashes, descriptions, metadata sub-tables: most of the
 * text) is blanked out before parsing, lines kept so that error lines stay right. The rest of the document (other
 * tables, top-level keys) is parsed as one document.
 */

export type TomlRecord = Record<string, unknown>;

/** Parses a TOML document; malformed input is a ParseError at the line the parser names. */
export function parseTomlDocument(text: string, file: string): TomlRecord {
  try {
    return parse(text);
  } catch (err) {
    if (err instanceof TomlError) {
      throw new ParseError(file, `invalid TOML: ${err.message.split('\n')[0]}`, err.line);
    }
    throw err;
  }
}

export function asRecord(value: unknown): TomlRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as TomlRecord) : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** How to read one lockfile format: which array of tables, and what in a block is never read. */
export interface LockfileLayout {
  /** The array of tables: `package` (poetry, uv) or `packages` (pylock). */
  key: string;
  /** Keys of an element that are read (`name`, `version`, ...); the others are skipped. */
  keys: readonly string[];
  /** Sub-tables of an element that are read (`dependencies`); the others are skipped. */
  subTables: readonly string[];
}

/** One element of the array of tables, with the line range of its block when it has one. */
export interface TableEntry {
  record: TomlRecord;
  location?: Location;
}

export interface TomlLockfile {
  /** Everything but the blocks: top-level keys and other tables. */
  document: TomlRecord;
  /** The elements in order (from an inline `key = [...]` array when there are no blocks). */
  entries: TableEntry[];
}

const HEADER = /^[ \t]*\[(\[)?[ \t]*([A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'))*)[ \t]*\]\]?[ \t]*(?:#[^\n]*)?\r?$/gm;

interface Header {
  offset: number;
  array: boolean;
  /** Dotted name without spaces: `package.dependencies`. */
  name: string;
}

export function readTomlLockfile(text: string, file: string, layout: LockfileLayout): TomlLockfile {
  const lines = new LineIndex(text);
  const headers = findHeaders(text);
  const entries: TableEntry[] = [];
  const rest: string[] = [];
  let restFrom = 0;
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i];
    if (!header.array || header.name !== layout.key) continue;
    let end = i + 1;
    while (end < headers.length && headers[end].name.startsWith(`${layout.key}.`)) end++;
    const from = header.offset;
    const to = end < headers.length ? headers[end].offset : text.length;
    rest.push(text.slice(restFrom, from), blankLines(text, from, to));
    restFrom = to;
    const startLine = lines.lineAt(from);
    const block = text.slice(from, to);
    const record = parseBlock(keepReadParts(block, headers.slice(i + 1, end), from, layout), layout.key, file, startLine);
    entries.push({ record, location: { startLine, endLine: startLine + lastContentLine(block) } });
    i = end - 1;
  }
  rest.push(text.slice(restFrom));
  const document = parseTomlDocument(rest.join(''), file);
  if (entries.length === 0) {
    for (const element of asArray(document[layout.key])) {
      const record = asRecord(element);
      if (record) entries.push({ record });
    }
  }
  return { document, entries };
}

/** Header lines, except those inside multi-line strings. */
function findHeaders(text: string): Header[] {
  const strings = multilineStrings(text);
  const headers: Header[] = [];
  HEADER.lastIndex = 0;
  for (let match = HEADER.exec(text); match; match = HEADER.exec(text)) {
    if (strings.some(([from, to]) => match!.index > from && match!.index < to)) continue;
    headers.push({ offset: match.index, array: match[1] !== undefined, name: match[2].replace(/[ \t]*\.[ \t]*/g, '.') });
  }
  return headers;
}

/** Offsets of multi-line strings (`"""..."""`, `'''...'''`); lockfiles rarely have any. */
function multilineStrings(text: string): Array<[number, number]> {
  if (!text.includes('"""') && !text.includes("'''")) return [];
  const ranges: Array<[number, number]> = [];
  const delimiters = /"""|'''/g;
  for (let open = delimiters.exec(text); open; open = delimiters.exec(text)) {
    const close = text.indexOf(open[0], open.index + 3);
    if (close === -1) break;
    ranges.push([open.index, close]);
    delimiters.lastIndex = close + 3;
  }
  return ranges;
}

/** The same number of line breaks as text[from, to): keeps line numbers of what follows. */
function blankLines(text: string, from: number, to: number): string {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return '\n'.repeat(count);
}

/** Index (0-based) of the block's last line that is neither blank nor a comment. */
function lastContentLine(block: string): number {
  const blockLines = block.split('\n');
  for (let i = blockLines.length - 1; i > 0; i--) {
    const line = blockLines[i].trim();
    if (line !== '' && !line.startsWith('#')) return i;
  }
  return 0;
}

/**
 * The block with what is never read blanked out, line for line: sub-tables not in the layout,
 * and keys of the element not in the layout, whose values are on one line or a bracketed
 * multi-line array or table. A value opening a multi-line string is kept (and parsed): only what
 * is surely skipped is.
 */
function keepReadParts(block: string, subHeaders: Header[], blockOffset: number, layout: LockfileLayout): string {
  const blockLines = block.split('\n');
  const lengths = blockLines.map((l) => l.length); // offsets are of the original lines
  let offset = blockOffset + lengths[0] + 1;
  let inTable = false;
  let skippingTable = false;
  let openBrackets = 0;
  for (let i = 1; i < blockLines.length; offset += lengths[i] + 1, i++) {
    const line = blockLines[i];
    if (subHeaders.length > 0 && line.includes('[')) {
      const header = subHeaders.find((h) => h.offset === offset);
      if (header) {
        inTable = true;
        skippingTable = !layout.subTables.includes(header.name.slice(layout.key.length + 1).split('.')[0]);
        openBrackets = 0; // a skipped array ends at the next table in any case
        if (skippingTable) blockLines[i] = '';
        continue;
      }
    }
    if (skippingTable) {
      blockLines[i] = '';
    } else if (openBrackets > 0) {
      openBrackets += bracketBalance(line);
      blockLines[i] = '';
    } else if (!inTable) {
      const key = KEY.exec(line);
      if (!key || layout.keys.includes(key[1])) continue;
      const value = line.slice(key[0].length);
      if (value.startsWith('"""') || value.startsWith("'''")) continue;
      openBrackets = Math.max(0, bracketBalance(value));
      blockLines[i] = '';
    }
  }
  return blockLines.join('\n');
}

const KEY = /^[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*/;

/** Opening minus closing brackets and braces outside quoted strings. */
function bracketBalance(text: string): number {
  const bare = text.includes('"') || text.includes("'") ? text.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '') : text;
  let balance = 0;
  for (let i = 0; i < bare.length; i++) {
    const c = bare.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) balance++;
    else if (c === 0x5d || c === 0x7d) balance--;
    else if (c === 0x23) break; // a comment
  }
  return balance;
}

function parseBlock(block: string, key: string, file: string, startLine: number): TomlRecord {
  let parsed: TomlRecord;
  try {
    parsed = parse(block);
  } catch (err) {
    if (err instanceof TomlError) {
      throw new ParseError(file, `invalid TOML: ${err.message.split('\n')[0]}`, startLine + err.line - 1);
    }
    throw err;
  }
  return asRecord(asArray(parsed[key])[0]) ?? {};
}
