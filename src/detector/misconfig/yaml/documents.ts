/**
 * YAML (and JSON) documents as plain JavaScript values plus the source lines of every mapping,
 * sequence and key, for config parsers that must say where a problem is (Kubernetes today;
 * Compose, CloudFormation and rendered Helm charts reuse it).
 *
 * Built from js-yaml's event stream (fast, offsets only) instead of a full AST. Follows the YAML
 * 1.2 core schema, resolves anchors and aliases (an alias shares the anchored value), and applies
 * `<<` merge keys the way Kubernetes' YAML reader does (explicit keys win). A collection that is
 * the value of a key spans from the key's line to its last scalar's line.
 */
import { createRequire } from 'node:module';
import type { Event, ScalarEvent } from 'js-yaml';
import type { LineRange } from '../types.js';
import { SourceLines } from './source-lines.js';

type JsYaml = typeof import('js-yaml');
let jsYaml: JsYaml | undefined;

/** js-yaml, loaded on the first YAML parse (so loading the checks does not pay for it). */
function yamlLibrary(): JsYaml {
  return (jsYaml ??= createRequire(import.meta.url)('js-yaml') as JsYaml);
}

/** One document of a YAML stream. */
export interface YamlDocument {
  value: unknown;
  /** Lines of the document's content (0/0 for an empty document). */
  startLine: number;
  endLine: number;
}

/** A parsed YAML stream with a position index. */
export interface YamlFile {
  documents: YamlDocument[];
  lines: SourceLines;
  /** Lines of a mapping/sequence value (from its key's line when it is a key's value). */
  linesOf(node: unknown): LineRange | undefined;
  /** Lines of `key` in mapping `map`: the key's line to the end of its value. */
  linesOfKey(map: unknown, key: string): LineRange | undefined;
}

/** A YAML syntax error with its 1-based line. */
export class YamlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
  ) {
    super(reason);
    this.name = 'YamlSyntaxError';
  }
}

type Container = Record<string, unknown> | unknown[];

/** Start and end (exclusive) offsets; converted to lines only when asked. */
interface Span {
  start: number;
  end: number;
}

interface Frame {
  value: Container;
  isMap: boolean;
  /** Offset where this value's span starts (its key when it is a key's value). */
  start: number;
  /** Largest end offset of any scalar inside. */
  end: number;
  anchor: string | undefined;
  /** Map frames: whether a key waits for its value, which, where, and if it is a `<<` merge. */
  hasKey: boolean;
  keyName: string;
  keyStart: number;
  merge: boolean;
  /** Map frames: `[name, start, end, name, start, end, ...]` of the keys set. */
  keys: (string | number)[] | undefined;
}

const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Parses a YAML stream. Throws `YamlSyntaxError` (with the line) on invalid YAML. */
export function parseYamlDocuments(text: string): YamlFile {
  const { EVENT_ID, SCALAR_STYLE, parseEvents } = yamlLibrary();
  const lines = new SourceLines(text);
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch (error) {
    throw toSyntaxError(error);
  }
  const spans = new WeakMap<object, Span>();
  const keySpans = new WeakMap<object, (string | number)[]>();
  const documents: YamlDocument[] = [];
  const anchors = new Map<string, unknown>();
  const stack: Frame[] = [];
  let doc: { value: unknown; start: number; end: number } | undefined;
  const toLines = (start: number, end: number): LineRange => ({ startLine: lines.lineAt(start), endLine: lines.lineAt(Math.max(start, end - 1)) });

  const place = (value: unknown, start: number, end: number): void => {
    const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
    if (!parent) {
      if (doc) {
        doc.value = value;
        doc.start = start;
        doc.end = end;
      }
      return;
    }
    if (end > parent.end) parent.end = end;
    if (!parent.isMap) {
      (parent.value as unknown[]).push(value);
      return;
    }
    if (!parent.hasKey) {
      // a key: scalars in practice; complex keys are keyed by their JSON text
      parent.hasKey = true;
      parent.keyName = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null');
      parent.keyStart = start;
      parent.merge = false;
      return;
    }
    parent.hasKey = false;
    const map = parent.value as Record<string, unknown>;
    if (parent.merge) {
      mergeInto(map, value);
      return;
    }
    map[parent.keyName] = value;
    (parent.keys ??= []).push(parent.keyName, parent.keyStart, end);
    if (value !== null && typeof value === 'object' && !spans.has(value)) spans.set(value, { start: parent.keyStart, end });
  };

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        doc = { value: null, start: -1, end: -1 };
        anchors.clear();
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const isMap = event.type === EVENT_ID.MAPPING;
        const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
        stack.push({
          value: isMap ? {} : [],
          isMap,
          start: parent?.isMap && parent.hasKey ? parent.keyStart : event.start,
          end: event.start + 1,
          anchor: event.anchorStart >= 0 ? text.slice(event.anchorStart, event.anchorEnd) : undefined,
          hasKey: false,
          keyName: '',
          keyStart: 0,
          merge: false,
          keys: undefined,
        });
        break;
      }
      case EVENT_ID.SCALAR: {
        const value = scalarValue(text, event, SCALAR_STYLE.PLAIN);
        if (event.anchorStart >= 0) anchors.set(text.slice(event.anchorStart, event.anchorEnd), value);
        const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
        if (parent?.isMap && !parent.hasKey && value === '<<' && event.style === SCALAR_STYLE.PLAIN) {
          parent.hasKey = true;
          parent.keyName = '<<';
          parent.keyStart = event.valueStart;
          parent.merge = true;
          break;
        }
        // an empty scalar has no offsets: it sits where its collection starts (or nowhere, at the root)
        const start = event.valueStart >= 0 ? event.valueStart : (parent?.start ?? -1);
        place(value, start, start < 0 ? -1 : Math.max(event.valueEnd, start + 1));
        break;
      }
      case EVENT_ID.ALIAS: {
        const value = anchors.get(text.slice(event.anchorStart, event.anchorEnd)) ?? null;
        place(value, event.anchorStart, event.anchorEnd);
        break;
      }
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (frame) {
          if (frame.anchor !== undefined) anchors.set(frame.anchor, frame.value);
          if (frame.keys) keySpans.set(frame.value, frame.keys);
          if (!spans.has(frame.value)) spans.set(frame.value, { start: frame.start, end: frame.end });
          place(frame.value, frame.start, frame.end);
        } else if (doc) {
          documents.push(doc.start < 0 ? { value: doc.value, startLine: 0, endLine: 0 } : { value: doc.value, ...toLines(doc.start, doc.end) });
          doc = undefined;
        }
        break;
      }
    }
  }
  return {
    documents,
    lines,
    linesOf(node) {
      const span = node !== null && typeof node === 'object' ? spans.get(node) : undefined;
      return span ? toLines(span.start, span.end) : undefined;
    },
    linesOfKey(map, key) {
      const keys = map !== null && typeof map === 'object' ? keySpans.get(map) : undefined;
      if (!keys) return undefined;
      for (let i = keys.length - 3; i >= 0; i -= 3) {
        if (keys[i] === key) return toLines(keys[i + 1] as number, keys[i + 2] as number);
      }
      return undefined;
    },
  };
}

/** `<<` merge: copies the keys the mapping does not have yet (explicit keys, before or after, win). */
function mergeInto(map: Record<string, unknown>, source: unknown): void {
  const sources = Array.isArray(source) ? source : [source];
  for (const item of sources) {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      if (Object.prototype.hasOwnProperty.call(map, key)) continue;
      map[key] = value;
    }
  }
}

function scalarValue(text: string, event: ScalarEvent, plainStyle: number): unknown {
  if (event.valueStart < 0) return event.tagStart >= 0 ? '' : null;
  const raw = event.fast ? text.slice(event.valueStart, event.valueEnd) : yamlLibrary().getScalarValue(text, event);
  const tag = event.tagStart >= 0 ? text.slice(event.tagStart, event.tagEnd) : '';
  if (tag !== '') return taggedValue(tag, raw);
  if (event.style !== plainStyle) return raw;
  return plainValue(raw);
}

/** YAML 1.2 core schema resolution of a plain scalar. */
function plainValue(raw: string): unknown {
  if (NULLS.has(raw)) return null;
  switch (raw) {
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    case '.inf':
    case '.Inf':
    case '.INF':
    case '+.inf':
    case '+.Inf':
    case '+.INF':
      return Infinity;
    case '-.inf':
    case '-.Inf':
    case '-.INF':
      return -Infinity;
    case '.nan':
    case '.NaN':
    case '.NAN':
      return NaN;
  }
  const first = raw.charCodeAt(0);
  const numeric = (first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46;
  if (!numeric) return raw;
  if (INT.test(raw)) return Number(raw);
  if (/^0o[0-7]+$/.test(raw)) return parseInt(raw.slice(2), 8);
  if (/^0x[0-9a-fA-F]+$/.test(raw)) return parseInt(raw.slice(2), 16);
  if (FLOAT.test(raw)) return Number(raw);
  return raw;
}

function taggedValue(tag: string, raw: string): unknown {
  switch (tag) {
    case '!!str':
    case '!':
      return raw;
    case '!!int':
    case '!!float': {
      const value = plainValue(raw);
      return typeof value === 'number' ? value : raw;
    }
    case '!!bool': {
      const value = plainValue(raw);
      return typeof value === 'boolean' ? value : raw;
    }
    case '!!null':
      return null;
    default:
      return raw;
  }
}

function toSyntaxError(error: unknown): YamlSyntaxError {
  if (error instanceof yamlLibrary().YAMLException) {
    const mark = error.mark;
    return new YamlSyntaxError(error.reason, mark ? mark.line + 1 : undefined);
  }
  return new YamlSyntaxError(error instanceof Error ? error.message : String(error));
}
