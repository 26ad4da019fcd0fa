import { readCases } from './test/version/cases.js';
// quick experiment: apk-tools 3 algorithm
const T = { INIT: 0, DIGIT: 1, LETTER: 2, SUFFIX: 3, SUFFIX_NO: 4, HASH: 5, REV: 6, END: 7, INVALID: 8 };
const SUF: Record<string, number> = { alpha: 1, beta: 2, pre: 3, rc: 4, cvs: 6, svn: 7, git: 8, hg: 9, p: 10 };
type Tok = { t: number; v: string; n: bigint; s: number };
function tokens(str: string): Tok[] {
  const out: Tok[] = []; let i = 0; let prev = T.INIT;
  const digits = (t: number) => { const m = /^\d*/.exec(str.slice(i))![0]; i += m.length; if (!m) return { t: T.INVALID, v: '', n: 0n, s: 0 }; return { t, v: m, n: BigInt(m), s: 0 }; };
  let tok = digits(T.INIT); out.push(tok); prev = tok.t;
  while (prev < T.END) {
    if (i >= str.length) { out.push({ t: T.END, v: '', n: 0n, s: 0 }); break; }
    const c = str[i];
    if (c >= 'a' && c <= 'z') { if (prev > T.DIGIT) tok = { t: T.INVALID, v: '', n: 0n, s: 0 }; else { tok = { t: T.LETTER, v: c, n: 0n, s: 0 }; i++; } }
    else if (c === '.' || (c >= '0' && c <= '9')) {
      if (c === '.') { if (prev > T.DIGIT) { tok = { t: T.INVALID, v: '', n: 0n, s: 0 }; out.push(tok); break; } i++; }
      const t = prev === T.INIT || prev === T.DIGIT ? T.DIGIT : prev === T.SUFFIX ? T.SUFFIX_NO : T.INVALID;
      tok = t === T.INVALID ? { t, v: '', n: 0n, s: 0 } : digits(t);
    } else if (c === '_') { if (prev > T.SUFFIX_NO) tok = { t: T.INVALID, v: '', n: 0n, s: 0 }; else { i++; const m = /^[a-z]*/.exec(str.slice(i))![0]; i += m.length; tok = SUF[m] ? { t: T.SUFFIX, v: m, n: 0n, s: SUF[m] } : { t: T.INVALID, v: '', n: 0n, s: 0 }; } }
    else if (c === '~') { if (prev >= T.HASH) tok = { t: T.INVALID, v: '', n: 0n, s: 0 }; else { i++; const m = /^[0-9a-f]*/.exec(str.slice(i))![0]; i += m.length; tok = m ? { t: T.HASH, v: m, n: 0n, s: 0 } : { t: T.INVALID, v: '', n: 0n, s: 0 }; } }
    else if (c === '-') { if (prev >= T.REV || str[i + 1] !== 'r') tok = { t: T.INVALID, v: '', n: 0n, s: 0 }; else { i += 2; tok = digits(T.REV); } }
    else tok = { t: T.INVALID, v: '', n: 0n, s: 0 };
    out.push(tok); prev = tok.t;
  }
  return out;
}
function cmp(a: string, b: string) {
  const ta = tokens(a), tb = tokens(b);
  let k = 0;
  for (; k < Math.min(ta.length, tb.length); k++) {
    const x = ta[k], y = tb[k];
    if (x.t !== y.t || x.t >= T.END) break;
    let r = 0;
    if (x.t === T.DIGIT && (x.v[0] === '0' || y.v[0] === '0')) r = x.v < y.v ? -1 : x.v > y.v ? 1 : 0;
    else if (x.t === T.INIT || x.t === T.DIGIT || x.t === T.SUFFIX_NO || x.t === T.REV) r = x.n < y.n ? -1 : x.n > y.n ? 1 : 0;
    else if (x.t === T.LETTER) r = x.v < y.v ? -1 : x.v > y.v ? 1 : 0;
    else if (x.t === T.SUFFIX) r = Math.sign(x.s - y.s);
    else r = x.v < y.v ? -1 : x.v > y.v ? 1 : 0;
    if (r) return r;
  }
  const x = ta[k], y = tb[k];
  if (x.t === y.t) return 0;
  if (x.t === T.SUFFIX && x.s < 5) return -1;
  if (y.t === T.SUFFIX && y.s < 5) return 1;
  if (x.t > y.t) return -1;
  return 1;
}
let bad = 0;
for (const c of readCases('alpine-versions.txt')) { const r = cmp(c.a, c.b); if (r !== c.expected) { bad++; console.log(c.line, c.a, c.b, 'exp', c.expected, 'got', r); } }
console.log('bad', bad);
