import { parseTree, printParseErrorCode, type ParseError as JsonSyntaxError } from 'jsonc-parser';
import { LineIndex } from './lines.js';
import { ParseError } from './parse-error.js';
import type { Location } from './types.js';

/**
 * JSON with the place of every object and array in it, for the analyzers whose packages are JSON
 * values (package-lock.json, bun.lock, composer.lock, installed.json, packages.lock.json,
 * *.deps.json, Pipfile.lock, conan.lock, Package.resolved, build.sbt.lock): a package points back
 * at the lines that declare it.
 *
 * Values come from JSON.parse, which also validates. Places come from one pass over the text that
 * only follows strings, brackets, colons and commas, keyed the way the value is: by property name
 * in objects, by index in arrays. On the 600 kB lockfiles of real projects this is several times
 * faster than building jsonc-parser's full syntax tree (~20 ms against ~70 ms); jsonc-parser still
 * places syntax errors on their line.
 *
 * Line fast path, for callers that say how deep they read spans (`spanDepth`): package managers
 * write their lockfiles pretty-printed, one member or element per line, a multi-line container's
 * closing bracket on its own line at the indentation of the line that opened it. The upper levels
 * are then read line by line, and each container at `spanDepth` (a package entry: most of the text)
 * is found in one search for its closing line and parsed on its own; the rest, with those
 * containers replaced by `{}` or `[]`, is parsed once. Every line of the upper levels must be fully
 * read as one member, element or closing bracket, and every parse must succeed, or the general path
 * runs: when the fast path answers, the text is valid JSON and the values and spans are those of the
 * general path (test/analyzer/json-spans-fast-path.test.ts compares both on every fixture).
 */

/** Where a value sits: offsets of its first and last character (an object's or array's brackets). */
export interface JsonSpan {
  start: number;
  end: number;
  /** Objects: the spans of the properties whose values are objects or arrays, by key. */
  fields?: Map<string, JsonSpan>;
  /** Arrays: the spans of the elements that are objects or arrays (all elements with `scalarItems`), by index (sparse). */
  items?: JsonSpan[];
}

export interface JsonOptions {
  /** JSONC, as bun.lock is: comments and trailing commas allowed. Default: strict JSON. */
  jsonc?: boolean;
  /** Also record the spans of array elements that are strings, numbers, booleans or null (conan.lock's reference lists). */
  scalarItems?: boolean;
  /**
   * How deep the caller reads spans, the top-level value being depth 0: containers at this depth
   * get their span without `fields` or `items`, deeper ones are not recorded. composer.lock's
   * package objects (`span.fields.get('packages').items[i]`) are at depth 2. Enables the line fast
   * path (strict JSON without `scalarItems` only). Default: every depth, general path.
   */
  spanDepth?: number;
  /** false: never the line fast path (for tests comparing it with the general path). */
  fastPath?: boolean;
  /**
   * With `spanDepth`: replaces every object or array at that depth by what the caller keeps of it
   * (composer.lock's analyzer keeps a package's name, version, require and license). The fast path
   * applies it as each entry is parsed, so the rest of the entry is garbage at once instead of
   * surviving collections until the analysis ends; the general path applies it after parsing. The
   * value is the same either way.
   */
  reduceEntry?: (entry: object) => unknown;
}

export interface LocatedJson {
  value: unknown;
  /** Span of the top-level value; undefined when it is not an object or array. */
  span: JsonSpan | undefined;
  lines: LineIndex;
}

/** A JSON text whose top-level value is an object. */
export interface JsonDocument {
  value: JsonObject;
  /** Its span: `span.fields.get('packages')?.fields?.get(key)` is where `value.packages[key]` is written. */
  span: JsonSpan;
  lines: LineIndex;
}

export type JsonObject = Record<string, unknown>;

/** Parses `text` (a leading BOM is ignored); throws ParseError with the line of the first syntax error. */
export function parseLocatedJson(file: string, text: string, options: JsonOptions = {}): LocatedJson {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineIndex(source);
  const jsonc = options.jsonc === true;
  const scalarItems = options.scalarItems === true;
  const maxDepth = options.spanDepth ?? Infinity;
  if (options.spanDepth !== undefined && options.fastPath !== false && !jsonc && !scalarItems) {
    const fast = readIndented(source, options.spanDepth, options.reduceEntry);
    if (fast) return { value: fast.value, span: fast.span, lines };
  }
  const { root, json } = scanSpans(source, jsonc, scalarItems, maxDepth);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw syntaxError(file, source, jsonc, lines, error);
  }
  if (options.reduceEntry && options.spanDepth !== undefined) value = reduceAtDepth(value, options.spanDepth, options.reduceEntry);
  return { value, span: root, lines };
}

/** Applies `reduce` to every object or array `depth` levels down in `value`. */
function reduceAtDepth(value: unknown, depth: number, reduce: (entry: object) => unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (depth === 0) return reduce(value);
  const container = value as Record<string, unknown>;
  for (const key of Object.keys(container)) container[key] = reduceAtDepth(container[key], depth - 1, reduce);
  return value;
}

/** parseLocatedJson for texts whose top-level value must be an object; anything else is a ParseError on line 1. */
export function parseJsonObject(file: string, text: string, options: JsonOptions = {}): JsonDocument {
  const { value, span, lines } = parseLocatedJson(file, text, options);
  const object = asObject(value);
  if (!object || !span) {
    throw new ParseError(file, `expected a JSON object, found ${Array.isArray(value) ? 'an array' : typeof value}`, 1);
  }
  return { value: object, span, lines };
}

/** Line range of a span: from the line of its first character to the line of its last one. */
export function spanLocation(span: JsonSpan, lines: LineIndex): Location {
  return { startLine: lines.lineAt(span.start), endLine: lines.lineAt(span.end) };
}

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** A string (possibly empty), else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A non-empty string, else undefined. */
export function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Keys of an object whose values are strings, e.g. of a `dependencies` map (name → range). */
export function stringMapKeys(value: unknown): string[] {
  const object = asObject(value);
  if (!object) return [];
  return Object.keys(object).filter((key) => typeof object[key] === 'string');
}

/** Throws ParseError when `key` is present but not a number, as for a malformed `lockfileVersion`. */
export function requireNumberIfPresent(file: string, document: JsonDocument, key: string): void {
  const value = document.value[key];
  if (value !== undefined && typeof value !== 'number') {
    throw new ParseError(file, `"${key}" must be a number, found ${JSON.stringify(value)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// the structural scan
// ---------------------------------------------------------------------------------------------

const SPACE = 0x20; // and below: whitespace (other control characters are not JSON outside strings)
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const COLON = 0x3a; // :
const COMMA = 0x2c; // ,
const SLASH = 0x2f; // /
const STAR = 0x2a; // *
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]

interface Frame {
  span: JsonSpan;
  isObject: boolean;
  /** Arrays: index of the element being read (commas seen so far). */
  index: number;
  /** Where this container sits in its parent: the property key, or the element index; undefined when not recorded. */
  slot: string | number | undefined;
  /** Whether the spans of its elements are recorded (it is less deep than `spanDepth`). */
  recordsItems: boolean;
}

/**
 * Records the span of every container down to `maxDepth` (and with `scalarItems`, of every scalar
 * array element). The scan does not validate (JSON.parse does): on malformed input its result is
 * simply not used. For JSONC it also returns the text with comments and trailing commas blanked out
 * (same length, so offsets hold) for JSON.parse to read.
 */
function scanSpans(text: string, jsonc: boolean, scalarItems: boolean, maxDepth: number): { root: JsonSpan | undefined; json: string } {
  const stack: Frame[] = [];
  const blanks: Array<[start: number, end: number]> = [];
  let root: JsonSpan | undefined;
  let stringStart = -1; // the last string token, a key when a colon follows
  let stringEnd = -1;
  let keyStart = -1; // the key waiting for its value (decoded only when the value is a container)
  let keyEnd = -1;
  let pendingComma = -1; // JSONC: a comma not yet followed by a value, trailing if a bracket closes next

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= SPACE) continue;
    if (c === QUOTE) {
      stringStart = i;
      i = stringEnd = endOfString(text, i);
      pendingComma = -1;
      if (scalarItems) addScalarItem(stack, stringStart, stringEnd);
    } else if (c === COLON) {
      keyStart = stringStart;
      keyEnd = stringEnd;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
      const slot = parent?.recordsItems ? (parent.isObject ? (keyStart >= 0 ? decodeKey(text, keyStart, keyEnd) : undefined) : parent.index) : undefined;
      stack.push({ span: { start: i, end: -1 }, isObject: c === OPEN_BRACE, index: 0, slot, recordsItems: stack.length < maxDepth });
      keyStart = pendingComma = -1;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (pendingComma >= 0) blanks.push([pendingComma, pendingComma + 1]);
      keyStart = pendingComma = -1;
      const frame = stack.pop();
      if (!frame) continue;
      frame.span.end = i;
      attach(frame, stack.length > 0 ? stack[stack.length - 1] : undefined);
      root ??= stack.length === 0 ? frame.span : undefined;
    } else if (c === COMMA) {
      keyStart = -1;
      const top = stack.length > 0 ? stack[stack.length - 1] : undefined;
      if (top && !top.isObject) top.index++;
      if (jsonc) pendingComma = i;
    } else if (c === SLASH && jsonc && isCommentStart(text, i)) {
      const end = endOfComment(text, i);
      blanks.push([i, end]);
      i = end - 1;
    } else {
      pendingComma = -1; // a number, true, false or null
      if (scalarItems) {
        const end = endOfLiteral(text, i);
        addScalarItem(stack, i, end);
        i = end;
      }
    }
  }
  return { root, json: blanks.length > 0 ? blankOut(text, blanks) : text };
}

function attach(frame: Frame, parent: Frame | undefined): void {
  if (!parent || frame.slot === undefined) return;
  if (typeof frame.slot === 'string') (parent.span.fields ??= new Map()).set(frame.slot, frame.span);
  else (parent.span.items ??= [])[frame.slot] = frame.span;
}

/** A scalar read inside an array is one of its elements. */
function addScalarItem(stack: Frame[], start: number, end: number): void {
  const top = stack.length > 0 ? stack[stack.length - 1] : undefined;
  if (top && !top.isObject && top.recordsItems) (top.span.items ??= [])[top.index] = { start, end };
}

/** Offset of the quote that closes the string opened at `start` (or the end of the text). */
function endOfString(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return text.length;
}

/** Offset of the last character of the number or literal starting at `start`. */
function endOfLiteral(text: string, start: number): number {
  let end = start;
  for (let c = text.charCodeAt(end + 1); c > SPACE && c !== COMMA && c !== CLOSE_BRACKET && c !== CLOSE_BRACE && c !== SLASH; c = text.charCodeAt(end + 1)) {
    end++;
  }
  return end;
}

function decodeKey(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(text.slice(start, end + 1)) as string;
  } catch {
    return raw; // malformed escape: JSON.parse rejects the whole document anyway
  }
}

function isCommentStart(text: string, i: number): boolean {
  const next = text.charCodeAt(i + 1);
  return next === SLASH || next === STAR;
}

/** End (exclusive) of the `//` or `/*` comment starting at `start`. */
function endOfComment(text: string, start: number): number {
  if (text.charCodeAt(start + 1) === SLASH) {
    const newline = text.indexOf('\n', start);
    return newline === -1 ? text.length : newline;
  }
  const close = text.indexOf('*/', start + 2);
  return close === -1 ? text.length : close + 2;
}

function blankOut(text: string, ranges: Array<[start: number, end: number]>): string {
  const parts: string[] = [];
  let from = 0;
  for (const [start, end] of ranges) {
    parts.push(text.slice(from, start), ' '.repeat(end - start));
    from = end;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** Locates the first syntax error with jsonc-parser, which reports offsets (JSON.parse's message format varies). */
function syntaxError(file: string, text: string, jsonc: boolean, lines: LineIndex, cause: unknown): ParseError {
  const errors: JsonSyntaxError[] = [];
  parseTree(text, errors, { allowTrailingComma: jsonc, disallowComments: !jsonc });
  const first = errors[0];
  if (first) return new ParseError(file, `invalid JSON: ${printParseErrorCode(first.error)}`, lines.lineAt(first.offset));
  return new ParseError(file, `invalid JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
}

// ---------------------------------------------------------------------------------------------
// the line fast path
// ---------------------------------------------------------------------------------------------

const TAB = 0x09;
const CR = 0x0d;
const LF = 0x0a;

/** A container at `spanDepth`, cut out of the text and parsed on its own. */
interface Slice {
  start: number;
  end: number;
  /** The container it is a member of (an index in `Walk.holders`), and its key or index there. */
  holder: number;
  key: string | number;
}

interface Walk {
  text: string;
  maxDepth: number;
  slices: Slice[];
  /** Keys and indices from the top-level value down to the container being read. */
  path: Array<string | number>;
  /** Paths of the containers that have slices as members. */
  holders: Array<Array<string | number>>;
}

/** A container being read: its index in `Walk.holders` once one of its members is a slice. */
interface Holder {
  index: number;
}

/**
 * The line fast path alone: the value and the spans down to `maxDepth` of a pretty-printed JSON
 * text (no BOM), or undefined when the text is laid out otherwise or is not valid JSON (the general
 * path then decides, and places any error). parseLocatedJson tries it when given `spanDepth`.
 */
export function readIndented(text: string, maxDepth: number, reduceEntry?: (entry: object) => unknown): { value: unknown; span: JsonSpan } | undefined {
  let open = 0;
  while (open < text.length && text.charCodeAt(open) <= SPACE) open++;
  const lineStart = text.lastIndexOf('\n', open) + 1;
  const walk: Walk = { text, maxDepth, slices: [], path: [], holders: [] };
  const root = maxDepth >= 1 ? readContainer(walk, open, text.slice(lineStart, open), 0) : undefined;
  if (!root) return undefined;
  try {
    const value: unknown = JSON.parse(withPlaceholders(text, walk.slices));
    const holders = walk.holders.map((path) => containerAt(value, path));
    for (const slice of walk.slices) {
      const holder = holders[slice.holder];
      const placeholder = holder?.[slice.key];
      if (typeof placeholder !== 'object' || placeholder === null) return undefined;
      const entry = JSON.parse(text.slice(slice.start, slice.end + 1)) as object;
      holder![slice.key] = reduceEntry ? reduceEntry(entry) : entry;
    }
    return { value, span: root.span };
  } catch {
    return undefined;
  }
}

/**
 * Reads the container opened at `open` (the last character of its line, or its closing bracket
 * follows at once), whose line is indented by `indent`; returns its span and the offset after its
 * closing bracket. At `maxDepth` the container is not read: its closing bracket is the next line
 * made of `indent` and the bracket, which holds when the container is one JSON value — its own
 * JSON.parse checks that.
 */
function readContainer(walk: Walk, open: number, indent: string, depth: number): { span: JsonSpan; next: number; sliced?: boolean } | undefined {
  const { text } = walk;
  const c = text.charCodeAt(open);
  if (c !== OPEN_BRACE && c !== OPEN_BRACKET) return undefined;
  const close = c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
  if (text.charCodeAt(open + 1) === close) return { span: { start: open, end: open + 1 }, next: open + 2, sliced: depth >= walk.maxDepth };
  let pos = afterLineEnd(text, open + 1);
  if (pos < 0) return undefined;
  if (depth >= walk.maxDepth) {
    const end = closingLine(text, pos, indent, close);
    return end < 0 ? undefined : { span: { start: open, end }, next: end + 1, sliced: true };
  }
  const span: JsonSpan = { start: open, end: -1 };
  const keys = c === OPEN_BRACE ? new Set<string>() : undefined;
  const holder: Holder = { index: -1 };
  for (let index = 0; ; index++) {
    const first = skipIndent(text, pos);
    if (text.charCodeAt(first) === close) {
      span.end = first;
      return { span, next: first + 1 };
    }
    const member = readMember(walk, pos, first, keys, index, depth, holder);
    if (!member) return undefined;
    if (member.span) {
      if (member.key !== undefined) (span.fields ??= new Map()).set(member.key, member.span);
      else (span.items ??= [])[index] = member.span;
    }
    let next = member.next;
    if (text.charCodeAt(next) === COMMA) next++;
    pos = afterLineEnd(text, next);
    if (pos < 0) return undefined;
  }
}

/**
 * One line of an object (`"key": value`) or of an array (`value`), starting at `lineStart`, its
 * first character at `first`; the value is a string, a literal, `{}`, `[]` or a container that
 * opens at the end of the line. Keys must not repeat nor be `__proto__`, so that the placed
 * values are where JSON.parse puts them.
 */
function readMember(
  walk: Walk,
  lineStart: number,
  first: number,
  keys: Set<string> | undefined,
  index: number,
  depth: number,
  holder: Holder,
): { key?: string; span?: JsonSpan; next: number } | undefined {
  const { text } = walk;
  let at = first;
  let key: string | undefined;
  if (keys) {
    if (text.charCodeAt(first) !== QUOTE) return undefined;
    const keyEnd = endOfString(text, first);
    key = decodeKey(text, first, keyEnd);
    if (keys.has(key) || key === '__proto__' || text.charCodeAt(keyEnd + 1) !== COLON) return undefined;
    keys.add(key);
    at = keyEnd + 2;
    if (text.charCodeAt(at) === SPACE) at++;
  }
  const c = text.charCodeAt(at);
  if (c === QUOTE) return { next: endOfString(text, at) + 1 };
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    walk.path.push(key ?? index);
    const container = readContainer(walk, at, text.slice(lineStart, first), depth + 1);
    walk.path.pop();
    if (!container) return undefined;
    if (container.sliced) {
      if (holder.index < 0) holder.index = walk.holders.push([...walk.path]) - 1;
      walk.slices.push({ start: container.span.start, end: container.span.end, holder: holder.index, key: key ?? index });
    }
    return { key, span: container.span, next: container.next };
  }
  const end = endOfLiteral(text, at) + 1;
  return isLiteral(text, at, end) ? { next: end } : undefined;
}

/** A number, true, false or null (checked by JSON.parse): letters, digits, `.`, `+`, `-`. */
function isLiteral(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) | 0x20; // lower case
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2b || c === 0x2d)) return false;
  }
  return true;
}

/**
 * Offset of the first `close` bracket from `pos` on that starts a line after exactly `indent`, or
 * -1. Found by searching the bracket itself (a single character: far faster than searching
 * `\n` + indent + bracket, whose first characters open almost every line).
 */
function closingLine(text: string, pos: number, indent: string, close: number): number {
  const bracket = String.fromCharCode(close);
  for (let at = text.indexOf(bracket, pos); at >= 0; at = text.indexOf(bracket, at + 1)) {
    if (text.charCodeAt(at - indent.length - 1) === LF && (indent.length === 0 || text.startsWith(indent, at - indent.length))) return at;
  }
  return -1;
}

function skipIndent(text: string, pos: number): number {
  let i = pos;
  for (let c = text.charCodeAt(i); c === SPACE || c === TAB; c = text.charCodeAt(i)) i++;
  return i;
}

/** Offset of the next line when `pos` ends a line (`\n` or `\r\n`), else -1. */
function afterLineEnd(text: string, pos: number): number {
  const c = text.charCodeAt(pos);
  if (c === LF) return pos + 1;
  if (c === CR && text.charCodeAt(pos + 1) === LF) return pos + 2;
  return -1;
}

/** The text with each slice replaced by an empty container of its kind. */
function withPlaceholders(text: string, slices: Slice[]): string {
  const parts: string[] = [];
  let from = 0;
  for (const slice of slices) {
    parts.push(text.slice(from, slice.start), text.charCodeAt(slice.start) === OPEN_BRACE ? '{}' : '[]');
    from = slice.end + 1;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/** The object or array at `path` in `root`, or undefined. */
function containerAt(root: unknown, path: Array<string | number>): Record<string | number, unknown> | undefined {
  let node = root;
  for (const step of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return typeof node === 'object' && node !== null ? (node as Record<string | number, unknown>) : undefined;
}
