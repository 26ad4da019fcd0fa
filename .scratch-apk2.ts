import { readCases } from './test/version/cases.js';
const INVALID = -1, DOZ = 0, DIGIT = 1, LETTER = 2, SUFFIX = 3, SUFFIX_NO = 4, REV = 5, END = 6;
type S = { s: string; t: number };
const isd = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const islow = (c: string | undefined) => c !== undefined && c >= 'a' && c <= 'z';
function nextToken(st: S) {
  let n = INVALID; const c = st.s[0];
  if (st.s.length === 0) n = END;
  else if ((st.t === DIGIT || st.t === DOZ) && islow(c)) n = LETTER;
  else if (st.t === LETTER && isd(c)) n = DIGIT;
  else if (st.t === SUFFIX && isd(c)) n = SUFFIX_NO;
  else {
    if (c === '.') n = DOZ; else if (c === '_') n = SUFFIX;
    else if (c === '-') { if (st.s.length > 1 && st.s[1] === 'r') { n = REV; st.s = st.s.slice(1); } else n = INVALID; }
    st.s = st.s.slice(1);
  }
  if (n < st.t) { if (!((n === DOZ && st.t === DIGIT) || (n === SUFFIX && st.t === SUFFIX_NO) || (n === DIGIT && st.t === LETTER))) n = INVALID; }
  st.t = n;
}
function getToken(st: S): bigint {
  let v = 0n, i = 0, nt = INVALID;
  if (st.s.length <= 0) { st.t = END; return 0n; }
  const s = st.s;
  switch (st.t) {
    case DOZ:
      if (s[0] === '0') { while (i < s.length && s[i] === '0') i++; nt = DIGIT; v = BigInt(-i); break; }
    // fallthrough
    case DIGIT: case SUFFIX_NO: case REV:
      while (i < s.length && isd(s[i])) { v = v * 10n + BigInt(s.charCodeAt(i) - 48); i++; }
      break;
    case LETTER: v = BigInt(s.charCodeAt(0)); i = 1; break;
    case SUFFIX: {
      const pre = ['alpha', 'beta', 'pre', 'rc'], post = ['cvs', 'svn', 'git', 'hg', 'p'];
      let k = pre.findIndex(p => s.startsWith(p));
      if (k >= 0) { v = BigInt(k - 4); i = pre[k].length; break; }
      k = post.findIndex(p => s.startsWith(p));
      if (k >= 0) { v = BigInt(k); i = post[k].length; break; }
      st.t = INVALID; return -1n;
    }
    default: st.t = INVALID; return -1n;
  }
  st.s = s.slice(i);
  if (st.s.length === 0) st.t = END; else if (nt !== INVALID) st.t = nt; else nextToken(st);
  return v;
}
function cmp(a0: string, b0: string) {
  const a: S = { s: a0, t: DIGIT }, b: S = { s: b0, t: DIGIT };
  let av = 0n, bv = 0n;
  while (a.t === b.t && a.t !== END && a.t !== INVALID && av === bv) { av = getToken(a); bv = getToken(b); }
  if (av < bv) return -1; if (av > bv) return 1;
  if (a.t === b.t) return 0;
  if (a.t === SUFFIX && getToken({ ...a }) < 0n) return -1;
  if (b.t === SUFFIX && getToken({ ...b }) < 0n) return 1;
  if (a.t > b.t) return -1; if (b.t > a.t) return 1; return 0;
}
let bad = 0;
for (const c of readCases('alpine-versions.txt')) { const r = cmp(c.a, c.b); if (r !== c.expected) { bad++; console.log(c.line, c.a, c.b, 'exp', c.expected, 'got', r); } }
console.log('bad', bad);
