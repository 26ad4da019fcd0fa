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
 *
 * Fast path: the blocks the tools themselves write (`key = "string"`, booleans, one-line inline
 * tables, arrays of those over several lines, no comments, no numbers or dates) are read directly
 * by a small scanner that follows the same skipping rules as the smol-toml path; anything it does
 * not know (or any doubt: duplicate keys, dotted keys, multi-line strings, unknown escapes) sends
 * the block to smol-toml, so results, errors included, are the same.
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

const HEADER = /^[ \t]*\[(\[)?[ \t]*([A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*'))*)[ \t]*\]\]?[ \t]*(?:#[^\n]*)?\r?$/my;

interface Header {
  offset: number;
  array: boolean;
  /** Dotted name without spaces: `package.dependencies`. */
  name: string;
}

/** `fastPath: false` parses every block with smol-toml (for tests comparing the two). */
export interface ReadOptions {
  fastPath?: boolean;
}

export function readTomlLockfile(text: string, file: string, layout: LockfileLayout, options: ReadOptions = {}): TomlLockfile {
  const scanner = options.fastPath !== false ? new BlockScanner(text, layout) : undefined;
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
    rest.push(text.slice(restFrom, from), '\n'.repeat(lines.lineAt(to) - lines.lineAt(from)));
    restFrom = to;
    const startLine = lines.lineAt(from);
    const subHeaders = headers.slice(i + 1, end);
    const record =
      scanner?.readBlock(from, to, subHeaders) ??
      parseBlock(keepReadParts(text.slice(from, to), subHeaders, from, layout), layout.key, file, startLine);
    entries.push({ record, location: { startLine, endLine: startLine + lastContentLine(text, from, to, lines) } });
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
  // A header starts a line with `[ \t]*[`: the regex is tried only where a line does (the same
  // matches as a global search, much faster than trying every offset).
  let searchFrom = 0;
  for (let bracket = text.indexOf('['); bracket !== -1; bracket = text.indexOf('[', bracket + 1)) {
    let start = bracket;
    while (start > 0 && (text.charCodeAt(start - 1) === 0x20 || text.charCodeAt(start - 1) === 0x09)) start--;
    if (start < searchFrom || (start > 0 && !isLineTerminator(text.charCodeAt(start - 1)))) continue;
    HEADER.lastIndex = start;
    const match = HEADER.exec(text);
    if (!match) continue;
    searchFrom = HEADER.lastIndex;
    if (strings.some(([from, to]) => match.index > from && match.index < to)) continue;
    const name = match[2].includes(' ') || match[2].includes('\t') ? match[2].replace(/[ \t]*\.[ \t]*/g, '.') : match[2];
    headers.push({ offset: match.index, array: match[1] !== undefined, name });
  }
  return headers;
}

/** What `^` follows in a multiline regex. */
function isLineTerminator(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
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

/** Index (0-based) of the block text[from, to)'s last line that is neither blank nor a comment. */
function lastContentLine(text: string, from: number, to: number, lines: LineIndex): number {
  let end = to;
  let start = text.lastIndexOf('\n', to - 1) + 1;
  if (start < from) start = from;
  // Walk back over trailing blank and comment lines (never the first line).
  while (start > from) {
    const line = text.slice(start, end).trim();
    if (line !== '' && !line.startsWith('#')) break;
    end = start - 1;
    start = text.lastIndexOf('\n', end - 1) + 1;
    if (start < from) start = from;
  }
  return start === from ? 0 : lines.lineAt(start) - lines.lineAt(from);
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
  if (!text.includes('\\') && !text.includes("'")) {
    // Without escapes or literal strings, the strings are pairs of `"` in order (an unclosed
    // one is no string): the same count without building the bare text.
    let balance = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        const close = text.indexOf('"', i + 1);
        if (close !== -1) i = close;
      } else if (c === 0x5b || c === 0x7b) balance++;
      else if (c === 0x5d || c === 0x7d) balance--;
      else if (c === 0x23) break; // a comment
    }
    return balance;
  }
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

// ---------------------------------------------------------------------------------------------
// Fast path
// ---------------------------------------------------------------------------------------------

/**
 * Lines (each with its line break) holding one `{...}` with strings without escapes and no `'`,
 * `#` or other brackets outside them: each has a bracketBalance of 0, and none is a header.
 */
const SIMPLE_LINES = /(?:[ \t]*\{(?:[^\n[\]{}"'\\#]|"[^"\n\\]*")*\}(?:[^\n[\]{}"'\\#]|"[^"\n\\]*")*\n)*/y;

/**
 * A line `key = "string"` or `key = true|false` (bare or quoted key, strings without escapes or
 * control characters), with its line break.
 */
const SIMPLE_KEY_VALUE =
  /[ \t]*(?:([A-Za-z0-9_-]+)|"([^"\\\x00-\x08\x0a-\x1f\x7f]*)")[ \t]*=[ \t]*(?:"([^"\\\x00-\x08\x0a-\x1f\x7f]*)"|(true|false))[ \t]*(?:\r?\n|$)/y;

/** Thrown inside the fast path: the block goes to smol-toml. */
const BAIL = Symbol('bail');

function bail(): never {
  throw BAIL;
}

class BlockScanner {
  private readonly text: string;
  private readonly layout: LockfileLayout;
  private pos = 0;
  private to = 0;
  private subHeaders: Header[] = [];

  constructor(text: string, layout: LockfileLayout) {
    this.text = text;
    this.layout = layout;
  }

  /**
   * The element of text[from, to) as smol-toml would read the block keepReadParts leaves (same
   * skipped keys and sub-tables, same null-prototype objects), or undefined when the block has
   * anything the scanner does not know.
   */
  readBlock(from: number, to: number, subHeaders: Header[]): TomlRecord | undefined {
    this.to = to;
    this.subHeaders = subHeaders;
    try {
      return this.read(from);
    } catch (err) {
      if (err === BAIL) return undefined;
      throw err;
    }
  }

  private read(from: number): TomlRecord {
    const { text, to, subHeaders, layout } = this;
    const record: TomlRecord = Object.create(null);
    // The header line: exactly `[[key]]`.
    const header = `[[${layout.key}]]`;
    if (!text.startsWith(header, from)) bail();
    this.pos = from + header.length;
    this.endOfLine();
    let nextHeader = 0;
    let table: TomlRecord | undefined; // the kept sub-table being read, if any
    let inTable = false;
    let skippingTable = false;
    let openBrackets = 0;
    while (this.pos < to) {
      const lineStart = this.pos;
      let lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd === -1 || lineEnd > to) lineEnd = to;
      if (nextHeader < subHeaders.length && subHeaders[nextHeader].offset < lineStart) bail(); // a header inside a value
      if (nextHeader < subHeaders.length && subHeaders[nextHeader].offset === lineStart) {
        const sub = subHeaders[nextHeader++];
        const name = sub.name.slice(layout.key.length + 1);
        const first = name.split('.')[0];
        inTable = true;
        openBrackets = 0;
        skippingTable = !layout.subTables.includes(first);
        if (!skippingTable) {
          if (sub.array || name !== first || first === '__proto__' || first in record) bail();
          if (!this.lineIs(lineStart, lineEnd, `[${sub.name}]`)) bail();
          table = Object.create(null) as TomlRecord;
          record[first] = table;
        }
        this.pos = lineEnd + 1;
        continue;
      }
      if (skippingTable) {
        this.pos = lineEnd + 1;
        continue;
      }
      if (openBrackets > 0) {
        // A run of lines like `{file = "...", hash = "..."},` balances to 0 and is skipped at once.
        SIMPLE_LINES.lastIndex = lineStart;
        const run = SIMPLE_LINES.exec(text)![0].length;
        if (run > 0) {
          this.pos = lineStart + run;
          continue;
        }
        openBrackets += this.lineBalance(lineStart, lineEnd);
        this.pos = lineEnd + 1;
        continue;
      }
      // The common line, `key = "string"` or `key = true`, in one match.
      SIMPLE_KEY_VALUE.lastIndex = lineStart;
      const simple = SIMPLE_KEY_VALUE.exec(text);
      if (simple && (inTable || simple[1] !== undefined)) {
        const key = simple[1] ?? simple[2];
        this.pos = lineStart + simple[0].length;
        if (!inTable && !layout.keys.includes(key)) continue; // skipped, and its value balances to 0
        const target = inTable ? table! : record;
        if (key === '__proto__' || key in target) bail();
        target[key] = simple[3] ?? simple[4] === 'true';
        continue;
      }
      let p = lineStart;
      while (p < lineEnd && (text.charCodeAt(p) === 0x20 || text.charCodeAt(p) === 0x09)) p++;
      if (p === lineEnd || (p === lineEnd - 1 && text.charCodeAt(p) === 0x0d)) {
        this.pos = lineEnd + 1; // blank line
        continue;
      }
      if (!inTable) {
        // Same test as keepReadParts: a bare key, then `=`.
        const keyStart = p;
        while (p < lineEnd && isBareKeyChar(text.charCodeAt(p))) p++;
        const keyEnd = p;
        while (p < lineEnd && (text.charCodeAt(p) === 0x20 || text.charCodeAt(p) === 0x09)) p++;
        if (keyEnd === keyStart || text.charCodeAt(p) !== 0x3d) bail();
        const key = text.slice(keyStart, keyEnd);
        if (!layout.keys.includes(key)) {
          p++;
          while (p < lineEnd && (text.charCodeAt(p) === 0x20 || text.charCodeAt(p) === 0x09)) p++;
          if (text.startsWith('"""', p) || text.startsWith("'''", p)) bail();
          openBrackets = Math.max(0, this.lineBalance(p, lineEnd));
          this.pos = lineEnd + 1;
          continue;
        }
        this.pos = lineStart;
        this.keyValue(record);
      } else {
        this.pos = lineStart;
        this.keyValue(table!);
      }
      this.endOfLine();
    }
    if (nextHeader < subHeaders.length) bail();
    return record;
  }

  /** Offsets of the next `\` and `'` at or after the lines read (-1: none left). */
  private nextBackslash = -2;
  private nextApostrophe = -2;

  /**
   * bracketBalance(text.slice(start, end)), in one pass when the line has no escapes or `'`
   * (then the strings are pairs of `"` in order).
   */
  private lineBalance(start: number, end: number): number {
    const { text } = this;
    if (this.nextBackslash !== -1 && this.nextBackslash < start) this.nextBackslash = text.indexOf('\\', start);
    if (this.nextApostrophe !== -1 && this.nextApostrophe < start) this.nextApostrophe = text.indexOf("'", start);
    if ((this.nextBackslash !== -1 && this.nextBackslash < end) || (this.nextApostrophe !== -1 && this.nextApostrophe < end)) {
      return bracketBalance(text.slice(start, end));
    }
    let balance = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        const close = text.indexOf('"', i + 1);
        if (close === -1 || close >= end) return bracketBalance(text.slice(start, end)); // an unclosed string
        i = close;
      } else if (c === 0x5b || c === 0x7b) balance++;
      else if (c === 0x5d || c === 0x7d) balance--;
      else if (c === 0x23) break; // a comment
    }
    return balance;
  }

  /** text[start, end) is exactly `expected`, maybe with a final `\r`. */
  private lineIs(start: number, end: number, expected: string): boolean {
    if (end > start && this.text.charCodeAt(end - 1) === 0x0d) end--;
    return end - start === expected.length && this.text.startsWith(expected, start);
  }

  private spaces(): void {
    const { text } = this;
    while (this.pos < this.to) {
      const c = text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09) break;
      this.pos++;
    }
  }

  /** Spaces, then the end of the line (consumed) or of the block. */
  private endOfLine(): void {
    this.spaces();
    if (this.pos >= this.to) return;
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x0d && this.text.charCodeAt(this.pos + 1) === 0x0a) this.pos += 2;
    else if (c === 0x0a) this.pos++;
    else bail();
  }

  /** Spaces and line breaks (inside arrays); comments are not read. */
  private blanks(): void {
    const { text } = this;
    while (this.pos < this.to) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09 || c === 0x0a) this.pos++;
      else if (c === 0x0d && text.charCodeAt(this.pos + 1) === 0x0a) this.pos += 2;
      else break;
    }
  }

  /** `key = value` into target: the key bare or a basic string, not dotted, not already there. */
  private keyValue(target: TomlRecord): void {
    this.spaces();
    const { text } = this;
    if (this.pos >= this.to) bail();
    let key: string;
    if (text.charCodeAt(this.pos) === 0x22) {
      key = this.basicString();
    } else {
      const start = this.pos;
      while (this.pos < this.to && isBareKeyChar(text.charCodeAt(this.pos))) this.pos++;
      if (this.pos === start) bail();
      key = text.slice(start, this.pos);
    }
    this.spaces();
    if (this.pos >= this.to || text.charCodeAt(this.pos) !== 0x3d) bail();
    this.pos++;
    this.spaces();
    if (key === '__proto__' || key in target) bail();
    target[key] = this.value();
  }

  private value(): unknown {
    const { text } = this;
    if (this.pos >= this.to) bail();
    const c = text.charCodeAt(this.pos);
    if (c === 0x22) return this.basicString();
    if (c === 0x27) return this.literalString();
    if (c === 0x5b) return this.array();
    if (c === 0x7b) return this.inlineTable();
    if (text.startsWith('true', this.pos)) {
      this.pos += 4;
      this.valueEnd();
      return true;
    }
    if (text.startsWith('false', this.pos)) {
      this.pos += 5;
      this.valueEnd();
      return false;
    }
    return bail();
  }

  /** After a bare value: a delimiter must follow. */
  private valueEnd(): void {
    if (this.pos >= this.to) return;
    const c = this.text.charCodeAt(this.pos);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x2c && c !== 0x5d && c !== 0x7d) bail();
  }

  private array(): unknown[] {
    const { text } = this;
    this.pos++; // [
    const out: unknown[] = [];
    for (;;) {
      this.blanks();
      if (this.pos >= this.to) bail();
      if (text.charCodeAt(this.pos) === 0x5d) break;
      out.push(this.value());
      this.blanks();
      if (this.pos >= this.to) bail();
      const c = text.charCodeAt(this.pos);
      if (c === 0x2c) this.pos++;
      else if (c === 0x5d) break;
      else bail();
    }
    this.pos++; // ]
    return out;
  }

  private inlineTable(): TomlRecord {
    const { text } = this;
    this.pos++; // {
    const out: TomlRecord = Object.create(null);
    this.spaces();
    if (text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.keyValue(out);
      this.spaces();
      if (this.pos >= this.to) bail();
      const c = text.charCodeAt(this.pos);
      if (c === 0x2c) this.pos++;
      else if (c === 0x7d) break;
      else bail();
    }
    this.pos++; // }
    return out;
  }

  /** A one-line basic string; simple escapes only. */
  private basicString(): string {
    const { text, to } = this;
    if (text.startsWith('"""', this.pos)) bail();
    let start = ++this.pos;
    let out = '';
    while (this.pos < to) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x22) {
        out += text.slice(start, this.pos);
        this.pos++;
        return out;
      }
      if (c === 0x5c) {
        out += text.slice(start, this.pos);
        const e = text.charCodeAt(this.pos + 1);
        if (e === 0x22) out += '"';
        else if (e === 0x5c) out += '\\';
        else if (e === 0x6e) out += '\n';
        else if (e === 0x74) out += '\t';
        else if (e === 0x72) out += '\r';
        else if (e === 0x62) out += '\b';
        else if (e === 0x66) out += '\f';
        else bail();
        this.pos += 2;
        start = this.pos;
        continue;
      }
      if ((c < 0x20 && c !== 0x09) || c === 0x7f) bail();
      this.pos++;
    }
    return bail();
  }

  /** A one-line literal string. */
  private literalString(): string {
    const { text, to } = this;
    if (text.startsWith("'''", this.pos)) bail();
    const start = ++this.pos;
    while (this.pos < to) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x27) return text.slice(start, this.pos++);
      if ((c < 0x20 && c !== 0x09) || c === 0x7f) bail();
      this.pos++;
    }
    return bail();
  }
}

function isBareKeyChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d;
}
