/**
 * The Terraform built-in functions the evaluator knows: collections, strings, numbers, encoding and
 * type conversions that configurations use to build names, tags, CIDR lists and policies. Functions
 * that need the world (timestamp, uuid, hashes of files, cidrsubnet, ...) and unknown functions give
 * an unknown value. `file()` reads files of the scanned tree through `readFile`.
 */
import { UNKNOWN, containsUnknown, isTfObject, isUnknown, tfEquals, toTfBool, toTfNumber, toTfString } from './values.js';
import type { TfObject, TfValue } from './values.js';

/** What functions may ask of the evaluator. */
export interface FunctionHost {
  /** Reads a file by the path the configuration gives (relative to the module or absolute in the tree). */
  readFile(path: string): string | undefined;
}

type Fn = (args: TfValue[], host: FunctionHost) => TfValue;

const str = (v: TfValue): string | undefined => toTfString(v);
const list = (v: TfValue): TfValue[] | undefined => (Array.isArray(v) ? v : isTfObject(v) ? undefined : undefined);
const known = (args: TfValue[]) => !args.some(containsUnknown);

function strict(fn: Fn): Fn {
  return (args, host) => (known(args) ? fn(args, host) : UNKNOWN);
}

function orUnknown<T extends TfValue>(value: T | undefined): TfValue {
  return value === undefined ? UNKNOWN : value;
}

function goFormat(format: string, args: TfValue[]): TfValue {
  let index = 0;
  let failed = false;
  const out = format.replace(/%([-+# 0]*)(\d*)(?:\.(\d+))?([%vsdtqfbeEgGxXo])/g, (_m, flags: string, width: string, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    const value = args[index++];
    if (value === undefined) {
      failed = true;
      return '';
    }
    const text = formatOne(verb, value, precision);
    if (!width) return text;
    return flags.includes('-') ? text.padEnd(Number(width)) : flags.includes('0') && verb !== 's' ? text.padStart(Number(width), '0') : text.padStart(Number(width));
  });
  return failed ? UNKNOWN : out;
}

function formatOne(verb: string, value: TfValue, precision: string | undefined): string {
  switch (verb) {
    case 'd':
      return String(Math.trunc(toTfNumber(value) ?? NaN));
    case 'f':
      return (toTfNumber(value) ?? NaN).toFixed(precision === undefined ? 6 : Number(precision));
    case 'q':
      return JSON.stringify(str(value) ?? '');
    case 't':
      return String(toTfBool(value));
    case 'x':
      return (toTfNumber(value) ?? 0).toString(16);
    default:
      return str(value) ?? JSON.stringify(value);
  }
}

function flatten(value: TfValue[]): TfValue[] {
  return value.flatMap((item) => (Array.isArray(item) ? flatten(item) : [item]));
}

function toJson(value: TfValue): unknown {
  return value;
}

function fromJson(value: unknown): TfValue {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(fromJson);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromJson(v)]));
  return null;
}

const FUNCTIONS: Record<string, Fn> = {
  // collections
  concat: strict((args) => args.flatMap((a) => list(a) ?? [])),
  merge: strict((args) => Object.assign({}, ...args.filter(isTfObject)) as TfObject),
  lookup: (args) => {
    const [map, key, fallback] = args;
    if (isUnknown(map) || isUnknown(key)) return UNKNOWN;
    const k = str(key);
    if (isTfObject(map) && k !== undefined && k in map) return map[k];
    return fallback === undefined ? UNKNOWN : fallback;
  },
  length: strict(([v]) => (Array.isArray(v) ? v.length : isTfObject(v) ? Object.keys(v).length : typeof v === 'string' ? [...v].length : UNKNOWN)),
  keys: strict(([v]) => (isTfObject(v) ? Object.keys(v).sort() : UNKNOWN)),
  values: strict(([v]) => (isTfObject(v) ? Object.keys(v).sort().map((k) => v[k]) : UNKNOWN)),
  element: strict(([l, i]) => {
    const items = list(l);
    const n = toTfNumber(i);
    return items && items.length > 0 && n !== undefined ? items[((Math.trunc(n) % items.length) + items.length) % items.length] : UNKNOWN;
  }),
  coalesce: (args) => {
    for (const a of args) {
      if (isUnknown(a)) return UNKNOWN;
      if (a !== null && a !== '') return a;
    }
    return UNKNOWN;
  },
  coalescelist: (args) => {
    for (const a of args) {
      if (isUnknown(a)) return UNKNOWN;
      if (Array.isArray(a) && a.length > 0) return a;
    }
    return [];
  },
  compact: strict(([l]) => (list(l) ?? []).filter((v) => v !== null && v !== '')),
  contains: strict(([l, v]) => (list(l) ?? []).some((item) => tfEquals(item, v))),
  distinct: strict(([l]) => (list(l) ?? []).filter((v, i, all) => all.findIndex((o) => tfEquals(o, v)) === i)),
  flatten: strict(([l]) => flatten(list(l) ?? [])),
  slice: strict(([l, a, b]) => (list(l) ?? []).slice(toTfNumber(a), toTfNumber(b))),
  reverse: strict(([l]) => [...(list(l) ?? [])].reverse()),
  sort: strict(([l]) => [...(list(l) ?? [])].map((v) => str(v) ?? '').sort()),
  index: strict(([l, v]) => orUnknown((list(l) ?? []).findIndex((item) => tfEquals(item, v)))),
  zipmap: strict(([k, v]) => Object.fromEntries((list(k) ?? []).map((key, i) => [str(key) ?? '', (list(v) ?? [])[i] ?? null]))),
  one: strict(([l]) => {
    const items = list(l) ?? [];
    return items.length === 0 ? null : items.length === 1 ? items[0] : UNKNOWN;
  }),
  range: strict((args) => {
    const n = args.map((a) => toTfNumber(a) ?? 0);
    const [start, end, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? (n[0] <= n[1] ? 1 : -1)];
    const out: number[] = [];
    if (step === 0) return UNKNOWN;
    for (let i = start; step > 0 ? i < end : i > end; i += step) {
      out.push(i);
      if (out.length > 1024) return UNKNOWN;
    }
    return out;
  }),
  chunklist: strict(([l, size]) => {
    const items = list(l) ?? [];
    const n = toTfNumber(size) ?? 0;
    if (n <= 0) return [items];
    const out: TfValue[] = [];
    for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
    return out;
  }),
  setunion: strict((args) => FUNCTIONS.distinct([args.flatMap((a) => list(a) ?? [])], { readFile: () => undefined })),
  setintersection: strict(([first, ...rest]) => (list(first) ?? []).filter((v) => rest.every((r) => (list(r) ?? []).some((o) => tfEquals(o, v))))),
  setsubtract: strict(([a, b]) => (list(a) ?? []).filter((v) => !(list(b) ?? []).some((o) => tfEquals(o, v)))),
  alltrue: strict(([l]) => (list(l) ?? []).every((v) => toTfBool(v) === true)),
  anytrue: strict(([l]) => (list(l) ?? []).some((v) => toTfBool(v) === true)),
  sum: strict(([l]) => (list(l) ?? []).reduce<number>((a, v) => a + (toTfNumber(v) ?? 0), 0)),
  tolist: strict(([v]) => (Array.isArray(v) ? v : UNKNOWN)),
  toset: strict(([v]) => (Array.isArray(v) ? FUNCTIONS.distinct([v], { readFile: () => undefined }) : UNKNOWN)),
  tomap: strict(([v]) => (isTfObject(v) ? v : UNKNOWN)),
  list: (args) => args,
  map: strict((args) => {
    const out: TfObject = {};
    for (let i = 0; i + 1 < args.length; i += 2) out[str(args[i]) ?? ''] = args[i + 1];
    return out;
  }),
  // strings
  format: strict(([f, ...rest]) => goFormat(str(f) ?? '', rest)),
  formatlist: strict(([f, ...rest]) => {
    const n = Math.max(0, ...rest.map((r) => (Array.isArray(r) ? r.length : 0)));
    return Array.from({ length: n }, (_, i) => goFormat(str(f) ?? '', rest.map((r) => (Array.isArray(r) ? r[i] : r))));
  }),
  join: strict(([sep, ...lists]) => lists.flatMap((l) => list(l) ?? []).map((v) => str(v) ?? '').join(str(sep) ?? '')),
  split: strict(([sep, s]) => (str(s) ?? '').split(str(sep) ?? '')),
  lower: strict(([s]) => orUnknown(str(s)?.toLowerCase())),
  upper: strict(([s]) => orUnknown(str(s)?.toUpperCase())),
  title: strict(([s]) => orUnknown(str(s)?.replace(/\b\w/g, (c) => c.toUpperCase()))),
  replace: strict(([s, find, rep]) => {
    const text = str(s) ?? '';
    const pattern = str(find) ?? '';
    const replacement = str(rep) ?? '';
    if (pattern.length > 1 && pattern.startsWith('/') && pattern.endsWith('/')) {
      try {
        return text.replace(new RegExp(pattern.slice(1, -1), 'g'), replacement.replace(/\$\{?(\d+)\}?/g, '$$$1'));
      } catch {
        return UNKNOWN;
      }
    }
    return text.split(pattern).join(replacement);
  }),
  substr: strict(([s, off, len]) => {
    const chars = [...(str(s) ?? '')];
    let o = toTfNumber(off) ?? 0;
    if (o < 0) o = Math.max(0, chars.length + o);
    const l = toTfNumber(len) ?? -1;
    return chars.slice(o, l < 0 ? undefined : o + l).join('');
  }),
  trimspace: strict(([s]) => orUnknown(str(s)?.trim())),
  trim: strict(([s, cut]) => {
    const set = [...(str(cut) ?? '')];
    let text = str(s) ?? '';
    while (text && set.includes(text[0])) text = text.slice(1);
    while (text && set.includes(text[text.length - 1])) text = text.slice(0, -1);
    return text;
  }),
  trimprefix: strict(([s, p]) => {
    const text = str(s) ?? '';
    const prefix = str(p) ?? '';
    return text.startsWith(prefix) ? text.slice(prefix.length) : text;
  }),
  trimsuffix: strict(([s, p]) => {
    const text = str(s) ?? '';
    const suffix = str(p) ?? '';
    return suffix && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
  }),
  chomp: strict(([s]) => (str(s) ?? '').replace(/[\r\n]+$/, '')),
  indent: strict(([n, s]) => (str(s) ?? '').replace(/\n/g, `\n${' '.repeat(toTfNumber(n) ?? 0)}`)),
  strrev: strict(([s]) => [...(str(s) ?? '')].reverse().join('')),
  startswith: strict(([s, p]) => (str(s) ?? '').startsWith(str(p) ?? '')),
  endswith: strict(([s, p]) => (str(s) ?? '').endsWith(str(p) ?? '')),
  strcontains: strict(([s, p]) => (str(s) ?? '').includes(str(p) ?? '')),
  // numbers
  min: strict((args) => Math.min(...args.map((a) => toTfNumber(a) ?? NaN))),
  max: strict((args) => Math.max(...args.map((a) => toTfNumber(a) ?? NaN))),
  abs: strict(([n]) => Math.abs(toTfNumber(n) ?? NaN)),
  ceil: strict(([n]) => Math.ceil(toTfNumber(n) ?? NaN)),
  floor: strict(([n]) => Math.floor(toTfNumber(n) ?? NaN)),
  parseint: strict(([s, base]) => orUnknown(Number.isNaN(parseInt(str(s) ?? '', toTfNumber(base) ?? 10)) ? undefined : parseInt(str(s) ?? '', toTfNumber(base) ?? 10))),
  // conversions and encoding
  tostring: strict(([v]) => (v === null ? null : orUnknown(str(v)))),
  tonumber: strict(([v]) => (v === null ? null : orUnknown(toTfNumber(v)))),
  tobool: strict(([v]) => (v === null ? null : orUnknown(toTfBool(v)))),
  jsonencode: strict(([v]) => JSON.stringify(toJson(v))),
  jsondecode: strict(([v]) => {
    try {
      return fromJson(JSON.parse(str(v) ?? ''));
    } catch {
      return UNKNOWN;
    }
  }),
  yamlencode: () => UNKNOWN,
  base64encode: strict(([v]) => Buffer.from(str(v) ?? '', 'utf8').toString('base64')),
  base64decode: strict(([v]) => Buffer.from(str(v) ?? '', 'base64').toString('utf8')),
  sensitive: ([v]) => v,
  nonsensitive: ([v]) => v,
  type: () => UNKNOWN,
  file: strict(([p], host) => orUnknown(host.readFile(str(p) ?? ''))),
  fileexists: strict(([p], host) => host.readFile(str(p) ?? '') !== undefined),
  abspath: ([p]) => p,
  dirname: strict(([p]) => (str(p) ?? '').replace(/\/[^/]*$/, '')),
  basename: strict(([p]) => (str(p) ?? '').replace(/^.*\//, '')),
  pathexpand: ([p]) => p,
};

/** Calls a built-in function; unknown functions (and provider functions) give an unknown. */
export function callFunction(name: string, args: TfValue[], host: FunctionHost): TfValue {
  const fn = FUNCTIONS[name.replace(/^core::/, '')];
  if (!fn) return UNKNOWN;
  try {
    const value = fn(args, host);
    return typeof value === 'number' && !Number.isFinite(value) ? UNKNOWN : value;
  } catch {
    return UNKNOWN;
  }
}
