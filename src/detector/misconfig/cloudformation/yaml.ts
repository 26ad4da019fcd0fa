/**
 * CloudFormation templates in YAML or JSON → plain values with the lines of every mapping,
 * sequence and key. Short-form intrinsic tags are turned into their long form as CloudFormation
 * does (`!Ref X` → `{ Ref: X }`, `!GetAtt A.B` → `{ 'Fn::GetAtt': ['A', 'B'] }`, `!Sub s` →
 * `{ 'Fn::Sub': s }`, ...). Built on js-yaml's event stream like yaml/documents.ts, which drops tags.
 */
import { createRequire } from 'node:module';
import type { Event, ScalarEvent } from 'js-yaml';
import type { LineRange } from '../types.js';
import { SourceLines } from '../yaml/source-lines.js';
import { YamlSyntaxError } from '../yaml/documents.js';

type JsYaml = typeof import('js-yaml');
let jsYaml: JsYaml | undefined;
const yamlLibrary = (): JsYaml => (jsYaml ??= createRequire(import.meta.url)('js-yaml') as JsYaml);

/** A parsed template with a position index. */
export interface TemplateFile {
  value: unknown;
  lines: SourceLines;
  /** Lines of a mapping/sequence value (from its key's line when it is a key's value). */
  linesOf(node: unknown): LineRange | undefined;
  /** Lines of `key` in mapping `map`: the key's line to the end of its value. */
  linesOfKey(map: unknown, key: string): LineRange | undefined;
}

interface Frame {
  value: Record<string, unknown> | unknown[];
  isMap: boolean;
  start: number;
  end: number;
  tag: string;
  anchor: string | undefined;
  hasKey: boolean;
  keyName: string;
  keyStart: number;
  keys: (string | number)[];
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Parses the first document of a template. Throws `YamlSyntaxError` on invalid YAML/JSON. */
export function parseTemplateYaml(text: string): TemplateFile {
  const { EVENT_ID, SCALAR_STYLE, parseEvents, getScalarValue, YAMLException } = yamlLibrary();
  const lines = new SourceLines(text);
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch (error) {
    if (error instanceof YAMLException) throw new YamlSyntaxError(error.reason, error.mark ? error.mark.line + 1 : undefined);
    throw new YamlSyntaxError(error instanceof Error ? error.message : String(error));
  }
  const spans = new WeakMap<object, [number, number]>();
  const keySpans = new WeakMap<object, (string | number)[]>();
  const anchors = new Map<string, unknown>();
  const stack: Frame[] = [];
  let root: unknown = null;
  let documents = 0;
  const toLines = (start: number, end: number): LineRange => ({ startLine: lines.lineAt(start), endLine: lines.lineAt(Math.max(start, end - 1)) });

  const place = (value: unknown, start: number, end: number): void => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (documents === 1) root = value;
      return;
    }
    if (end > parent.end) parent.end = end;
    if (!parent.isMap) {
      (parent.value as unknown[]).push(value);
      return;
    }
    if (!parent.hasKey) {
      parent.hasKey = true;
      parent.keyName = typeof value === 'string' ? value : String(value);
      parent.keyStart = start;
      return;
    }
    parent.hasKey = false;
    (parent.value as Record<string, unknown>)[parent.keyName] = value;
    parent.keys.push(parent.keyName, parent.keyStart, end);
    if (value !== null && typeof value === 'object' && !spans.has(value)) spans.set(value, [parent.keyStart, end]);
  };

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        documents++;
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const parent = stack[stack.length - 1];
        stack.push({
          value: event.type === EVENT_ID.MAPPING ? {} : [],
          isMap: event.type === EVENT_ID.MAPPING,
          start: parent?.isMap && parent.hasKey ? parent.keyStart : event.start,
          end: event.start + 1,
          tag: event.tagStart >= 0 ? text.slice(event.tagStart, event.tagEnd) : '',
          anchor: event.anchorStart >= 0 ? text.slice(event.anchorStart, event.anchorEnd) : undefined,
          hasKey: false,
          keyName: '',
          keyStart: 0,
          keys: [],
        });
        break;
      }
      case EVENT_ID.SCALAR: {
        const value = scalar(text, event, SCALAR_STYLE.PLAIN, getScalarValue);
        if (event.anchorStart >= 0) anchors.set(text.slice(event.anchorStart, event.anchorEnd), value);
        const parent = stack[stack.length - 1];
        const start = event.valueStart >= 0 ? event.valueStart : event.tagStart >= 0 ? event.tagStart : (parent?.start ?? 0);
        place(value, start, Math.max(event.valueEnd, event.tagEnd, start + 1));
        break;
      }
      case EVENT_ID.ALIAS:
        place(anchors.get(text.slice(event.anchorStart, event.anchorEnd)) ?? null, event.anchorStart, event.anchorEnd);
        break;
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (!frame) break;
        keySpans.set(frame.value, frame.keys);
        if (!spans.has(frame.value)) spans.set(frame.value, [frame.start, frame.end]);
        const value = frame.tag ? intrinsic(frame.tag, frame.value) : frame.value;
        if (value !== frame.value) spans.set(value as object, [frame.start, frame.end]);
        if (frame.anchor !== undefined) anchors.set(frame.anchor, value);
        place(value, frame.start, frame.end);
        break;
      }
    }
  }
  return {
    value: root,
    lines,
    linesOf(node) {
      const span = node !== null && typeof node === 'object' ? spans.get(node) : undefined;
      return span ? toLines(span[0], span[1]) : undefined;
    },
    linesOfKey(map, key) {
      const keys = map !== null && typeof map === 'object' ? keySpans.get(map) : undefined;
      if (!keys) return undefined;
      for (let i = keys.length - 3; i >= 0; i -= 3) if (keys[i] === key) return toLines(keys[i + 1] as number, keys[i + 2] as number);
      return undefined;
    },
  };
}

/** The long form of a short-form intrinsic. */
function intrinsic(tag: string, value: unknown): unknown {
  if (!tag.startsWith('!') || tag.startsWith('!!')) return value;
  const name = tag.slice(1);
  if (name === 'Ref' || name === 'Condition') return { [name]: value };
  if (name === 'GetAtt' && typeof value === 'string') {
    const dot = value.indexOf('.');
    return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [`Fn::${name}`]: value };
}

function scalar(text: string, event: ScalarEvent, plainStyle: number, getScalarValue: JsYaml['getScalarValue']): unknown {
  const tag = event.tagStart >= 0 ? text.slice(event.tagStart, event.tagEnd) : '';
  const raw = event.valueStart < 0 ? '' : event.fast ? text.slice(event.valueStart, event.valueEnd) : getScalarValue(text, event);
  if (tag === '!!str' || tag === '!') return raw;
  if (tag.startsWith('!') && !tag.startsWith('!!')) return intrinsic(tag, raw);
  if (event.valueStart < 0) return tag ? '' : null;
  if (event.style !== plainStyle) return raw;
  if (['', '~', 'null', 'Null', 'NULL'].includes(raw)) return null;
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  if (['false', 'False', 'FALSE'].includes(raw)) return false;
  if (INT.test(raw) || FLOAT.test(raw)) return Number(raw);
  return raw;
}
