/**
 * The template functions charts use: Go's built-ins (`and`, `or`, `not`, `eq`, `len`, `index`,
 * `printf`, ...), the sprig functions common in charts (strings, lists, dicts, math, defaults,
 * encoding, semver, regex) and Helm's own (`include`, `tpl`, `required`, `toYaml`, `fromYaml`,
 * `toJson`, `lookup` → empty). Functions that depend on time or randomness return fixed values,
 * so a rendering is reproducible. The full list is in docs/helm.md.
 */
import { createRequire } from 'node:module';
import { Renderer, TemplateRenderError } from './execute.js';
import type { TemplateFunction } from './execute.js';
import { parseTemplate } from './parse.js';
import { formatNumber, isMapping, kindOf, printValue, truth } from './values.js';

type JsYaml = typeof import('js-yaml');
type Semver = typeof import('semver');
let jsYaml: JsYaml | undefined;
let semverLibrary: Semver | undefined;
// loaded on first use, so loading the engine does not pay for them
const yaml = (): JsYaml => (jsYaml ??= createRequire(import.meta.url)('js-yaml') as JsYaml);
const semver = (): Semver => (semverLibrary ??= createRequire(import.meta.url)('semver') as Semver);

const str = (v: unknown): string => printValue(v);
const num = (v: unknown): number => {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = Number(typeof v === 'string' ? v.trim() : NaN);
  return Number.isNaN(n) ? 0 : n;
};
const int = (v: unknown): number => Math.trunc(num(v));
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const dictOf = (v: unknown): Record<string, unknown> => (isMapping(v) ? v : {});

/** Go's `fmt.Sprintf` for the verbs templates use. */
export function sprintf(format: string, args: unknown[]): string {
  let i = 0;
  return format.replace(/%([-+# 0]*)(\d+)?(?:\.(\d+))?([%vsdqftxXTbeEgGco])/g, (_whole, flags: string, width: string | undefined, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) return `%!${verb}(MISSING)`;
    const value = args[i++];
    let out: string;
    switch (verb) {
      case 'd':
        out = String(int(value));
        break;
      case 'f':
        out = num(value).toFixed(precision === undefined ? 6 : Number(precision));
        break;
      case 'q':
        out = JSON.stringify(str(value));
        break;
      case 'x':
        out = typeof value === 'string' ? Buffer.from(value).toString('hex') : int(value).toString(16);
        break;
      case 'X':
        out = (typeof value === 'string' ? Buffer.from(value).toString('hex') : int(value).toString(16)).toUpperCase();
        break;
      case 'T':
        out = kindOf(value) === 'map' ? 'map[string]interface {}' : kindOf(value) === 'slice' ? '[]interface {}' : kindOf(value);
        break;
      case 'g':
      case 'e':
        out = formatNumber(num(value));
        break;
      default:
        out = str(value);
    }
    if (width) out = flags.includes('-') ? out.padEnd(Number(width)) : out.padStart(Number(width), flags.includes('0') ? '0' : ' ');
    return out;
  });
}

/** Go's `==` for template values (numbers compare by value, collections by content). */
function equal(a: unknown, b: unknown): boolean {
  if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Masterminds-style constraint (`>=1.18-0`, `^1.2`, `~1.2.3`, `1.x`) against a version (`v1.20.0`). */
function semverCompare(constraint: string, version: string): boolean {
  const v = semver().coerce(version.replace(/^v/, ''), { includePrerelease: true });
  const full = semver().valid(version.replace(/^v/, '')) ?? v?.version;
  if (!full) throw new TemplateRenderError(`semverCompare: invalid version ${JSON.stringify(version)}`);
  const range = constraint
    .split('||')
    .map((part) =>
      part
        .trim()
        .split(/\s*,\s*|\s+(?=[<>=!~^])/)
        .map((c) => c.replace(/^([<>=!~^]*)\s*v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?(-[0-9A-Za-z.-]+)?$/, (_m, op: string, a: string, b?: string, c?: string, pre?: string) => `${op === '=' ? '' : op}${a}.${b ?? (op ? '0' : 'x')}.${c ?? (op ? '0' : 'x')}${pre ?? ''}`))
        .join(' '),
    )
    .join(' || ');
  return semver().satisfies(full, range, { includePrerelease: true, loose: true });
}

function toYaml(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  return yaml()
    .dump(value, { sortKeys: true, seqNoIndent: true, lineWidth: -1, noRefs: true, quoteStyle: 'double', skipInvalid: true })
    .replace(/\n$/, '');
}

function merge(target: Record<string, unknown>, source: Record<string, unknown>, overwrite: boolean): Record<string, unknown> {
  for (const [k, v] of Object.entries(source)) {
    if (isMapping(target[k]) && isMapping(v)) merge(target[k] as Record<string, unknown>, v, overwrite);
    else if (overwrite || !(k in target) || target[k] === undefined || target[k] === null) target[k] = v;
  }
  return target;
}

const typeOf = (v: unknown): string => (kindOf(v) === 'map' ? 'map[string]interface {}' : kindOf(v) === 'slice' ? '[]interface {}' : kindOf(v));

const caseWords = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_\-]+/).filter(Boolean);

/** The function table. `include` and `tpl` render through the calling renderer. */
export const FUNCTIONS: Record<string, TemplateFunction> = {
  // Go built-ins
  and: (...a) => a.find((v) => !truth(v)) ?? a[a.length - 1],
  or: (...a) => a.find((v) => truth(v)) ?? a[a.length - 1],
  not: (v) => !truth(v),
  eq: (a, ...b) => b.some((x) => equal(a, x)),
  ne: (a, b) => !equal(a, b),
  lt: (a, b) => (typeof a === 'string' ? str(a) < str(b) : num(a) < num(b)),
  le: (a, b) => (typeof a === 'string' ? str(a) <= str(b) : num(a) <= num(b)),
  gt: (a, b) => (typeof a === 'string' ? str(a) > str(b) : num(a) > num(b)),
  ge: (a, b) => (typeof a === 'string' ? str(a) >= str(b) : num(a) >= num(b)),
  len: (v) => (typeof v === 'string' ? Buffer.byteLength(v) : Array.isArray(v) ? v.length : isMapping(v) ? Object.keys(v).length : 0),
  index: (v, ...keys) => keys.reduce<unknown>((cur, k) => (Array.isArray(cur) ? cur[int(k)] : isMapping(cur) ? cur[str(k)] : undefined), v),
  print: (...a) => a.map(str).join(''),
  println: (...a) => `${a.map(str).join(' ')}\n`,
  printf: (f, ...a) => sprintf(str(f), a),
  html: (v) => str(v).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`),
  js: (v) => str(v).replace(/[\\'"<>&=]/g, (c) => `\\u00${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`),
  urlquery: (...a) => encodeURIComponent(a.map(str).join('')),
  slice: (v, ...i) => (typeof v === 'string' ? v.slice(int(i[0] ?? 0), i[1] === undefined ? undefined : int(i[1])) : list(v).slice(int(i[0] ?? 0), i[1] === undefined ? undefined : int(i[1]))),
  // Helm
  include(name, data) {
    return this.renderNamed(str(name), data);
  },
  tpl(text, data) {
    const parsed = parseTemplate('tpl', str(text));
    const renderer = new Renderer(new Map([...this.templates, ...parsed.defines]), this.functions);
    return renderer.render(parsed.body, data);
  },
  required: (message, value) => {
    if (value === undefined || value === null || value === '') throw new TemplateRenderError(str(message));
    return value;
  },
  fail: (message) => {
    throw new TemplateRenderError(str(message));
  },
  lookup: () => ({}),
  toYaml: (v) => toYaml(v),
  toYamlPretty: (v) => toYaml(v),
  mustToYaml: (v) => toYaml(v),
  fromYaml: (v) => {
    try {
      return yaml().load(str(v)) ?? {};
    } catch (error) {
      return { Error: error instanceof Error ? error.message : String(error) };
    }
  },
  fromYamlArray: (v) => {
    try {
      return list(yaml().load(str(v)));
    } catch {
      return [];
    }
  },
  toJson: (v) => JSON.stringify(v ?? null),
  mustToJson: (v) => JSON.stringify(v ?? null),
  toRawJson: (v) => JSON.stringify(v ?? null),
  toPrettyJson: (v) => JSON.stringify(v ?? null, null, 2),
  fromJson: (v) => {
    try {
      return JSON.parse(str(v)) as unknown;
    } catch {
      return {};
    }
  },
  fromJsonArray: (v) => {
    try {
      return list(JSON.parse(str(v)));
    } catch {
      return [];
    }
  },
  toToml: () => '',
  // defaults and flow
  default: (d, v) => (truth(v) ? v : d),
  empty: (v) => !truth(v),
  coalesce: (...a) => a.find(truth),
  ternary: (a, b, c) => (truth(c) ? a : b),
  all: (...a) => a.every(truth),
  any: (...a) => a.some(truth),
  // strings
  quote: (...a) => a.filter((v) => v !== undefined && v !== null).map((v) => JSON.stringify(str(v))).join(' '),
  squote: (...a) => a.filter((v) => v !== undefined && v !== null).map((v) => `'${str(v)}'`).join(' '),
  upper: (v) => str(v).toUpperCase(),
  lower: (v) => str(v).toLowerCase(),
  title: (v) => str(v).replace(/\b\w/g, (c) => c.toUpperCase()),
  untitle: (v) => str(v).replace(/\b\w/g, (c) => c.toLowerCase()),
  trim: (v) => str(v).trim(),
  trimAll: (cut, v) => {
    const set = [...str(cut)];
    let s = str(v);
    while (s && set.includes(s[0])) s = s.slice(1);
    while (s && set.includes(s[s.length - 1])) s = s.slice(0, -1);
    return s;
  },
  trimPrefix: (p, v) => (str(v).startsWith(str(p)) ? str(v).slice(str(p).length) : str(v)),
  trimSuffix: (p, v) => (str(p) && str(v).endsWith(str(p)) ? str(v).slice(0, -str(p).length) : str(v)),
  trunc: (n, v) => {
    const s = str(v);
    const c = int(n);
    return c >= 0 ? s.slice(0, c) : s.slice(Math.max(0, s.length + c));
  },
  abbrev: (n, v) => (str(v).length > int(n) ? `${str(v).slice(0, Math.max(0, int(n) - 3))}...` : str(v)),
  substr: (a, b, v) => str(v).slice(int(a), int(b) < 0 ? undefined : int(b)),
  replace: (a, b, v) => str(v).split(str(a)).join(str(b)),
  repeat: (n, v) => str(v).repeat(Math.max(0, int(n))),
  contains: (a, v) => str(v).includes(str(a)),
  hasPrefix: (p, v) => str(v).startsWith(str(p)),
  hasSuffix: (p, v) => str(v).endsWith(str(p)),
  indent: (n, v) => str(v).replace(/^/gm, ' '.repeat(int(n))),
  nindent: (n, v) => `\n${str(v).replace(/^/gm, ' '.repeat(int(n)))}`,
  nospace: (v) => str(v).replace(/\s/g, ''),
  cat: (...a) => a.filter((v) => v !== undefined && v !== null).map(str).join(' '),
  wrap: (_n, v) => str(v),
  camelcase: (v) => caseWords(str(v)).map((w) => w[0].toUpperCase() + w.slice(1)).join(''),
  snakecase: (v) => caseWords(str(v)).map((w) => w.toLowerCase()).join('_'),
  kebabcase: (v) => caseWords(str(v)).map((w) => w.toLowerCase()).join('-'),
  toString: (v: unknown) => str(v),
  toStrings: (v) => list(v).map((item) => str(item)),
  split: (sep, v) => Object.fromEntries(str(v).split(str(sep)).map((p, i) => [`_${i}`, p])),
  splitList: (sep, v) => str(v).split(str(sep)),
  splitn: (sep, n, v) => {
    const parts = str(v).split(str(sep));
    const head = parts.slice(0, int(n) - 1);
    const out = int(n) > 0 && parts.length > int(n) ? [...head, parts.slice(int(n) - 1).join(str(sep))] : parts;
    return Object.fromEntries(out.map((p, i) => [`_${i}`, p]));
  },
  join: (sep, v) => list(v).map(str).join(str(sep)),
  sortAlpha: (v) => list(v).map(str).sort(),
  regexMatch: (re, v) => new RegExp(str(re)).test(str(v)),
  mustRegexMatch: (re, v) => new RegExp(str(re)).test(str(v)),
  regexFind: (re, v) => new RegExp(str(re)).exec(str(v))?.[0] ?? '',
  regexFindAll: (re, v, n) => (str(v).match(new RegExp(str(re), 'g')) ?? []).slice(0, int(n) < 0 ? undefined : int(n)),
  regexReplaceAll: (re, v, rep) => str(v).replace(new RegExp(str(re), 'g'), str(rep).replace(/\$\{?(\d+)\}?/g, '$$$1')),
  regexReplaceAllLiteral: (re, v, rep) => str(v).replace(new RegExp(str(re), 'g'), () => str(rep)),
  regexSplit: (re, v, n) => str(v).split(new RegExp(str(re))).slice(0, int(n) < 0 ? undefined : int(n)),
  b64enc: (v) => Buffer.from(str(v)).toString('base64'),
  b64dec: (v) => Buffer.from(str(v), 'base64').toString('utf8'),
  b32enc: (v) => str(v),
  sha256sum: () => '0'.repeat(64),
  sha1sum: () => '0'.repeat(40),
  adler32sum: () => '0',
  randAlphaNum: (n) => 'x'.repeat(int(n)),
  randAlpha: (n) => 'x'.repeat(int(n)),
  randNumeric: (n) => '0'.repeat(int(n)),
  randAscii: (n) => 'x'.repeat(int(n)),
  uuidv4: () => '00000000-0000-4000-8000-000000000000',
  now: () => '1970-01-01T00:00:00Z',
  date: () => '1970-01-01',
  dateInZone: () => '1970-01-01',
  htmlDate: () => '1970-01-01',
  unixEpoch: () => '0',
  genCA: () => ({ Cert: '', Key: '' }),
  genSelfSignedCert: () => ({ Cert: '', Key: '' }),
  genSignedCert: () => ({ Cert: '', Key: '' }),
  genPrivateKey: () => '',
  derivePassword: () => '',
  htpasswd: () => '',
  base: (v) => str(v).replace(/\/+$/, '').replace(/^.*\//, ''),
  dir: (v) => str(v).replace(/\/[^/]*$/, '') || '.',
  ext: (v) => /\.[^./]*$/.exec(str(v))?.[0] ?? '',
  clean: (v) => str(v),
  // numbers
  add: (...a) => a.reduce<number>((s, v) => s + num(v), 0),
  add1: (v) => num(v) + 1,
  sub: (a, b) => num(a) - num(b),
  mul: (...a) => a.reduce<number>((s, v) => s * num(v), 1),
  div: (a, b) => (int(b) === 0 ? 0 : Math.trunc(num(a) / num(b))),
  mod: (a, b) => (int(b) === 0 ? 0 : int(a) % int(b)),
  max: (...a) => Math.max(...a.map(num)),
  min: (...a) => Math.min(...a.map(num)),
  floor: (v) => Math.floor(num(v)),
  ceil: (v) => Math.ceil(num(v)),
  round: (v, p) => Number(num(v).toFixed(int(p ?? 0))),
  int: (v) => int(v),
  int64: (v) => int(v),
  float64: (v) => num(v),
  atoi: (v) => int(v),
  toDecimal: (v) => parseInt(str(v), 8) || 0,
  until: (n) => Array.from({ length: Math.max(0, int(n)) }, (_, i) => i),
  untilStep: (start, stop, step) => {
    const out: number[] = [];
    for (let i = int(start); int(step) > 0 ? i < int(stop) : i > int(stop); i += int(step) || 1) {
      if (out.push(i) > 10000) break;
    }
    return out;
  },
  seq: (...a) => {
    const [start, end] = a.length === 1 ? [1, int(a[0])] : [int(a[0]), int(a[a.length - 1])];
    return Array.from({ length: Math.max(0, end - start + 1) }, (_, i) => start + i).join(' ');
  },
  // lists
  list: (...a) => a,
  tuple: (...a) => a,
  first: (v) => list(v)[0],
  last: (v) => list(v)[list(v).length - 1],
  rest: (v) => list(v).slice(1),
  initial: (v) => list(v).slice(0, -1),
  append: (l, v) => [...list(l), v],
  push: (l, v) => [...list(l), v],
  mustAppend: (l, v) => [...list(l), v],
  prepend: (l, v) => [v, ...list(l)],
  concat: (...a) => a.flatMap(list),
  reverse: (v) => [...list(v)].reverse(),
  uniq: (v) => list(v).filter((x, i, all) => all.findIndex((y) => equal(x, y)) === i),
  compact: (v) => list(v).filter(truth),
  has: (x, l) => list(l).some((y) => equal(x, y)),
  without: (l, ...x) => list(l).filter((y) => !x.some((z) => equal(y, z))),
  chunk: (n, l) => {
    const out: unknown[][] = [];
    for (let i = 0; i < list(l).length; i += Math.max(1, int(n))) out.push(list(l).slice(i, i + Math.max(1, int(n))));
    return out;
  },
  // dicts
  dict: (...a) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < a.length; i += 2) out[str(a[i])] = a[i + 1];
    return out;
  },
  get: (d, k) => dictOf(d)[str(k)] ?? '',
  set: (d, k, v) => {
    if (isMapping(d)) d[str(k)] = v;
    return d;
  },
  unset: (d, k) => {
    if (isMapping(d)) delete d[str(k)];
    return d;
  },
  hasKey: (d, k) => isMapping(d) && Object.prototype.hasOwnProperty.call(d, str(k)),
  keys: (...ds) => ds.flatMap((d) => Object.keys(dictOf(d))),
  values: (d) => Object.values(dictOf(d)),
  pluck: (k, ...ds) => ds.filter(isMapping).filter((d) => str(k) in d).map((d) => d[str(k)]),
  pick: (d, ...ks) => Object.fromEntries(ks.map(str).filter((k) => k in dictOf(d)).map((k) => [k, dictOf(d)[k]])),
  omit: (d, ...ks) => Object.fromEntries(Object.entries(dictOf(d)).filter(([k]) => !ks.map(str).includes(k))),
  merge: (d, ...s) => s.filter(isMapping).reduce<Record<string, unknown>>((t, x) => merge(t, x, false), dictOf(d)),
  mustMerge: (d, ...s) => s.filter(isMapping).reduce<Record<string, unknown>>((t, x) => merge(t, x, false), dictOf(d)),
  mergeOverwrite: (d, ...s) => s.filter(isMapping).reduce<Record<string, unknown>>((t, x) => merge(t, x, true), dictOf(d)),
  mustMergeOverwrite: (d, ...s) => s.filter(isMapping).reduce<Record<string, unknown>>((t, x) => merge(t, x, true), dictOf(d)),
  deepCopy: (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v))),
  mustDeepCopy: (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v))),
  dig: (...a) => {
    const d = a[a.length - 1];
    const fallback = a[a.length - 2];
    let cur: unknown = d;
    for (const k of a.slice(0, -2)) {
      if (!isMapping(cur) || !(str(k) in cur)) return fallback;
      cur = cur[str(k)];
    }
    return cur;
  },
  // types
  kindOf: (v) => kindOf(v),
  kindIs: (k, v) => kindOf(v) === str(k),
  typeOf: (v) => typeOf(v),
  typeIs: (t, v) => typeOf(v) === str(t),
  typeIsLike: (t, v) => typeOf(v).includes(str(t).replace(/^\*/, '')),
  deepEqual: (a, b) => equal(a, b),
  // semver
  semverCompare: (c, v) => semverCompare(str(c), str(v)),
  semver: (v) => {
    const parsed = semver().parse(str(v).replace(/^v/, ''), { loose: true });
    return parsed ? { Major: parsed.major, Minor: parsed.minor, Patch: parsed.patch, Prerelease: parsed.prerelease.join('.'), Original: str(v) } : {};
  },
};
