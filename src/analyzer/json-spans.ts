import { parseTree, printParseErrorCode, type ParseError as JsonSyntaxError } from 'jsonc-parser';
import { LineIndex } from './lines.js';
import { ParseError } from './parse-error.js';
import type { Location } from './types.js';

/**
 * Strict JSON with the place of every object and array in it, for analyzers whose packages are
 * JSON objects (composer.lock, installed.json, packages.lock.json, *.deps.json): a package points
 * back at the lines of its object.
 *
 * Values come from JSON.parse, which also validates. Places come from one pass over the text that
 * only follows strings, brackets and commas, keyed the way the value is: by property name in
 * objects, by index in arrays. jsonc-parser places syntax errors on their line.
 */

/** Where an object or array sits: offsets of its opening and closing bracket, and of its containers. */
export interface JsonSpan {
  start: number;
  end: number;
  /** Objects: the spans of the properties whose values are objects or arrays, by key. */
  fields?: Map<string, JsonSpan>;
  /** Arrays: the spans of the elements that are objects or arrays, by index (sparse). */
  items?: JsonSpan[];
}

export interface LocatedJson {
  value: unknown;
  /** Span of the top-level value; undefined when it is not an object or array. */
  span: JsonSpan | undefined;
  lines: LineIndex;
}

export type JsonObject = Record<string, unknown>;

/** Parses `text` (a leading BOM is ignored); throws ParseError with the line of the first syntax error. */
export function parseLocatedJson(file: string, text: string): LocatedJson {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineIndex(source);
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    throw syntaxError(file, source, lines, error);
  }
  return { value, span: scanSpans(source), lines };
}

/** Line range of a span: from the line of its opening bracket to the line of its closing one. */
export function spanLocation(span: JsonSpan, lines: LineIndex): Location {
  return { startLine: lines.lineAt(span.start), endLine: lines.lineAt(span.end) };
}

export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** A non-empty string, else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

// ---------------------------------------------------------------------------------------------
// the structural scan
// ---------------------------------------------------------------------------------------------

const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \
const COLON = 0x3a; // :
const COMMA = 0x2c; // ,
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACE = 0x7d; // }
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]

interface Frame {
  span: JsonSpan;
  isObject: boolean;
  /** Arrays: index of the element being read (commas seen so far). */
  index: number;
  /** Where this container sits in its parent: the property key, or the element index. */
  slot: string | number | undefined;
}

/** Records the span of every container. Runs on text JSON.parse accepted, so it does not validate. */
function scanSpans(text: string): JsonSpan | undefined {
  const stack: Frame[] = [];
  let root: JsonSpan | undefined;
  let stringStart = -1; // the last string token, a key when a colon follows
  let stringEnd = -1;
  let keyStart = -1; // the key waiting for its value (decoded only when the value is a container)
  let keyEnd = -1;

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      stringStart = i;
      i = stringEnd = endOfString(text, i);
    } else if (c === COLON) {
      keyStart = stringStart;
      keyEnd = stringEnd;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const parent = stack[stack.length - 1];
      const slot = parent ? (parent.isObject ? (keyStart >= 0 ? decodeKey(text, keyStart, keyEnd) : undefined) : parent.index) : undefined;
      stack.push({ span: { start: i, end: -1 }, isObject: c === OPEN_BRACE, index: 0, slot });
      keyStart = -1;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      const frame = stack.pop();
      if (!frame) continue;
      frame.span.end = i;
      attach(frame, stack[stack.length - 1]);
      root ??= stack.length === 0 ? frame.span : undefined;
    } else if (c === COMMA) {
      keyStart = -1;
      const top = stack[stack.length - 1];
      if (top && !top.isObject) top.index++;
    }
  }
  return root;
}

function attach(frame: Frame, parent: Frame | undefined): void {
  if (!parent || frame.slot === undefined) return;
  if (typeof frame.slot === 'string') (parent.span.fields ??= new Map()).set(frame.slot, frame.span);
  else (parent.span.items ??= [])[frame.slot] = frame.span;
}

/** Offset of the quote that closes the string opened at `start`. */
function endOfString(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return text.length;
}

function decodeKey(text: string, start: number, end: number): string {
  const raw = text.slice(start + 1, end);
  return raw.includes('\\') ? (JSON.parse(text.slice(start, end + 1)) as string) : raw;
}

/** Locates the first syntax error with jsonc-parser, which reports offsets (JSON.parse's message format varies). */
function syntaxError(file: string, text: string, lines: LineIndex, cause: unknown): ParseError {
  const errors: JsonSyntaxError[] = [];
  parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (first) return new ParseError(file, `invalid JSON: ${printParseErrorCode(first.error)}`, lines.lineAt(first.offset));
  return new ParseError(file, `invalid JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
}
