import { createHash } from 'node:crypto';
import { compare, equal, field, lengthOf, show, truthy, type Value } from './values.js';
import { formatGoTime } from './go-time.js';
import { escapeXml } from '../xml.js';

/** What template functions may read besides their arguments. */
export interface FuncContext {
  now: Date;
  appVersion: string;
  env: Readonly<Record<string, string | undefined>>;
}

export type TemplateFunc = (args: Value[], ctx: FuncContext) => Value;

const str = (v: Value): string => show(v);
const num = (v: Value): number => {
  const n = typeof v === 'number' ? v : Number(show(v));
  if (Number.isNaN(n)) throw new Error(`not a number: ${show(v)}`);
  return n;
};
const list = (v: Value): Value[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const arity = (name: string, args: Value[], n: number) => {
  if (args.length !== n) throw new Error(`wrong number of args for ${name}: want ${n} got ${args.length}`);
};

/** Go's regexp syntax in a JS RegExp: named groups `(?P<n>` and leading inline flags `(?i)`. */
function goRegExp(pattern: string, global = false): RegExp {
  let flags = global ? 'gu' : 'u';
  const m = /^\(\?([imsU]+)\)/.exec(pattern);
  if (m) {
    pattern = pattern.slice(m[0].length);
    flags += m[1].replace(/U/g, '');
  }
  return new RegExp(pattern.replace(/\(\?P</g, '(?<'), flags);
}

/** printf with Go's common verbs: %s %v %d %f %q %t %x %%, with width and precision. */
export function sprintf(format: string, args: Value[]): string {
  let i = 0;
  return format.replace(/%([-+# 0]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g, (_, flags: string, width: string | undefined, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    const a = args[i++];
    let s: string;
    switch (verb) {
      case 'q': s = JSON.stringify(show(a)); break;
      case 'd': s = String(Math.trunc(num(a))); break;
      case 'f': case 'F': s = num(a).toFixed(prec === undefined ? 6 : Number(prec)); break;
      case 'g': s = String(num(a)); break;
      case 'x': s = typeof a === 'number' ? a.toString(16) : Buffer.from(show(a)).toString('hex'); break;
      case 'X': s = (typeof a === 'number' ? a.toString(16) : Buffer.from(show(a)).toString('hex')).toUpperCase(); break;
      case 't': s = String(truthy(a)); break;
      default: s = show(a); if (prec !== undefined && (verb === 's' || verb === 'v')) s = s.slice(0, Number(prec));
    }
    if (width) s = flags.includes('-') ? s.padEnd(Number(width)) : s.padStart(Number(width), flags.includes('0') && verb !== 's' ? '0' : ' ');
    return s;
  });
}

const hash = (alg: string) => (args: Value[]) => createHash(alg).update(str(args[0])).digest('hex');

/**
 * The functions templates can call: Go's built-ins, the sprig functions trivy's templates use, and
 * trivy's own (`escapeXML`, `escapeString`, `endWithPeriod`, `sourceID`, `appVersion`, `now`).
 */
export const functions: Readonly<Record<string, TemplateFunc>> = {
  // Go built-ins
  and: (a) => { let v: Value = a[0]; for (const x of a) { v = x; if (!truthy(x)) return x; } return v; },
  or: (a) => { let v: Value = a[0]; for (const x of a) { v = x; if (truthy(x)) return x; } return v; },
  not: (a) => !truthy(a[0]),
  len: (a) => lengthOf(a[0]),
  index: (a) => a.slice(1).reduce((v: Value, k) => (Array.isArray(v) ? v[num(k)] : field(v, str(k))), a[0]),
  slice: (a) => { const v = a[0]; const s = a[1] === undefined ? 0 : num(a[1]); const e = a[2] === undefined ? undefined : num(a[2]); return typeof v === 'string' || Array.isArray(v) ? v.slice(s, e) : v; },
  print: (a) => a.map(str).join(''),
  println: (a) => `${a.map(str).join(' ')}\n`,
  printf: (a) => sprintf(str(a[0]), a.slice(1)),
  eq: (a) => a.slice(1).some((b) => equal(a[0], b)),
  ne: (a) => { arity('ne', a, 2); return !equal(a[0], a[1]); },
  lt: (a) => compare(a[0], a[1]) < 0,
  le: (a) => compare(a[0], a[1]) <= 0,
  gt: (a) => compare(a[0], a[1]) > 0,
  ge: (a) => compare(a[0], a[1]) >= 0,
  html: (a) => escapeXml(a.map(str).join('')),
  js: (a) => JSON.stringify(a.map(str).join('')).slice(1, -1),
  urlquery: (a) => encodeURIComponent(a.map(str).join('')),
  // strings (sprig)
  toString: (a: Value[]) => str(a[0]),
  lower: (a) => str(a[0]).toLowerCase(),
  upper: (a) => str(a[0]).toUpperCase(),
  title: (a) => str(a[0]).replace(/\b\w/g, (c) => c.toUpperCase()),
  trim: (a) => str(a[0]).trim(),
  trimAll: (a) => { const c = str(a[0]); let s = str(a[1]); while (c && s.startsWith(c)) s = s.slice(c.length); while (c && s.endsWith(c)) s = s.slice(0, -c.length); return s; },
  trimPrefix: (a) => { const p = str(a[0]); const s = str(a[1]); return s.startsWith(p) ? s.slice(p.length) : s; },
  trimSuffix: (a) => { const p = str(a[0]); const s = str(a[1]); return p && s.endsWith(p) ? s.slice(0, -p.length) : s; },
  replace: (a) => str(a[2]).split(str(a[0])).join(str(a[1])),
  contains: (a) => str(a[1]).includes(str(a[0])),
  hasPrefix: (a) => str(a[1]).startsWith(str(a[0])),
  hasSuffix: (a) => str(a[1]).endsWith(str(a[0])),
  repeat: (a) => str(a[1]).repeat(num(a[0])),
  substr: (a) => { const s = str(a[2]); const start = Math.max(0, num(a[0])); const end = num(a[1]); return end < 0 || end > s.length ? s.slice(start) : s.slice(start, end); },
  trunc: (a) => { const n = num(a[0]); const s = str(a[1]); return n >= 0 ? s.slice(0, n) : s.slice(n); },
  abbrev: (a) => { const n = num(a[0]); const s = str(a[1]); return n < 4 || s.length <= n ? s : `${s.slice(0, n - 3)}...`; },
  indent: (a) => str(a[1]).split('\n').map((l) => ' '.repeat(num(a[0])) + l).join('\n'),
  nindent: (a) => `\n${str(a[1]).split('\n').map((l) => ' '.repeat(num(a[0])) + l).join('\n')}`,
  quote: (a) => a.map((x) => JSON.stringify(str(x))).join(' '),
  squote: (a) => a.map((x) => `'${str(x)}'`).join(' '),
  nospace: (a) => str(a[0]).replace(/\s+/g, ''),
  split: (a) => Object.fromEntries(str(a[1]).split(str(a[0])).map((p, i) => [`_${i}`, p])),
  splitList: (a) => str(a[1]).split(str(a[0])),
  join: (a) => list(a[1]).map(str).join(str(a[0])),
  regexFind: (a) => goRegExp(str(a[0])).exec(str(a[1]))?.[0] ?? '',
  regexFindAll: (a) => { const all = [...str(a[1]).matchAll(goRegExp(str(a[0]), true))].map((m) => m[0]); const n = num(a[2] ?? -1); return n < 0 ? all : all.slice(0, n); },
  regexMatch: (a) => goRegExp(str(a[0])).test(str(a[1])),
  regexReplaceAll: (a) => str(a[1]).replace(goRegExp(str(a[0]), true), str(a[2]).replace(/\$\{?(\w+)\}?/g, (_, g: string) => (/^\d+$/.test(g) ? `$${g}` : `$<${g}>`))),
  regexReplaceAllLiteral: (a) => str(a[1]).replace(goRegExp(str(a[0]), true), () => str(a[2])),
  regexSplit: (a) => { const parts = str(a[1]).split(goRegExp(str(a[0]), true)); const n = num(a[2] ?? -1); return n < 0 ? parts : parts.slice(0, n); },
  // lists and maps
  list: (a) => [...a],
  dict: (a) => { const o: Record<string, Value> = {}; for (let i = 0; i + 1 < a.length; i += 2) o[str(a[i])] = a[i + 1]; return o; },
  first: (a) => list(a[0])[0],
  last: (a) => { const l = list(a[0]); return l[l.length - 1]; },
  rest: (a) => list(a[0]).slice(1),
  initial: (a) => list(a[0]).slice(0, -1),
  append: (a) => [...list(a[0]), a[1]],
  uniq: (a) => [...new Set(list(a[0]))],
  sortAlpha: (a) => list(a[0]).map(str).sort(),
  reverse: (a) => [...list(a[0])].reverse(),
  has: (a) => list(a[1]).some((x) => equal(x, a[0])),
  keys: (a) => a.flatMap((m) => (m && typeof m === 'object' && !Array.isArray(m) ? Object.keys(m) : [])).sort(),
  hasKey: (a) => field(a[0], str(a[1])) !== undefined,
  get: (a) => field(a[0], str(a[1])) ?? '',
  // logic and defaults
  default: (a) => (truthy(a[1]) ? a[1] : a[0]),
  empty: (a) => !truthy(a[0]),
  coalesce: (a) => a.find(truthy),
  ternary: (a) => (truthy(a[2]) ? a[0] : a[1]),
  // numbers
  add: (a) => a.reduce((s: number, x) => s + num(x), 0),
  sum: (a) => a.reduce((s: number, x) => s + num(x), 0),
  add1: (a) => num(a[0]) + 1,
  sub: (a) => num(a[0]) - num(a[1]),
  mul: (a) => a.reduce((s: number, x) => s * num(x), 1),
  div: (a) => Math.trunc(num(a[0]) / num(a[1])),
  mod: (a) => num(a[0]) % num(a[1]),
  max: (a) => Math.max(...a.map(num)),
  min: (a) => Math.min(...a.map(num)),
  int: (a) => Math.trunc(num(a[0])),
  atoi: (a) => Math.trunc(num(a[0])),
  float64: (a) => num(a[0]),
  // encodings
  toJson: (a) => JSON.stringify(a[0] ?? null),
  toRawJson: (a) => JSON.stringify(a[0] ?? null),
  toPrettyJson: (a) => JSON.stringify(a[0] ?? null, null, 2),
  b64enc: (a) => Buffer.from(str(a[0])).toString('base64'),
  b64dec: (a) => Buffer.from(str(a[0]), 'base64').toString('utf8'),
  sha1sum: hash('sha1'),
  sha256sum: hash('sha256'),
  // time and environment
  now: (_, ctx) => ctx.now,
  date: (a) => formatGoTime(a[1] instanceof Date ? a[1] : new Date(str(a[1])), str(a[0])),
  dateInZone: (a) => formatGoTime(a[1] instanceof Date ? a[1] : new Date(str(a[1])), str(a[0])),
  env: (a, ctx) => ctx.env[str(a[0])] ?? '',
  // trivy's own
  escapeXML: (a) => escapeXml(str(a[0])),
  escapeString: (a) => JSON.stringify(str(a[0])).slice(1, -1),
  endWithPeriod: (a) => { const s = str(a[0]); return s.endsWith('.') ? s : `${s}.`; },
  sourceID: (a) => str(a[0]),
  appVersion: (_, ctx) => ctx.appVersion,
};
