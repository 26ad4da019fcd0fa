/**
 * The HCL2 native-syntax tokenizer: identifiers, numbers, quoted templates and heredocs (kept as
 * source ranges; the parser reads their parts), operators and significant newlines. Works on a
 * range of the file's text so template interpolations are tokenized in place (their lines stay right).
 */

/** A token; `start`/`end` are offsets into the whole file text. */
export interface Token {
  kind: 'ident' | 'number' | 'string' | 'heredoc' | 'punct' | 'newline' | 'eof';
  value: string;
  start: number;
  end: number;
  /** string: the offsets of the content between the quotes; heredoc: of the body lines. */
  contentStart?: number;
  contentEnd?: number;
  /** heredoc: `<<-` (indented) form. */
  indented?: boolean;
}

/** An HCL syntax error at an offset of the text. */
export class HclSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
    this.name = 'HclSyntaxError';
  }
}

const PUNCT3 = ['...'];
const PUNCT2 = ['==', '!=', '<=', '>=', '&&', '||', '=>', '.*', '[*'];
const PUNCT1 = '{}[]()=<>!+-*/%?:,.';

const isIdentStart = (c: string) => /[A-Za-z_\u0080-\uffff]/.test(c);
const isIdentPart = (c: string) => /[A-Za-z0-9_\-\u0080-\uffff]/.test(c);

/** Tokenizes `text` between `from` and `to`. */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\n') {
      tokens.push({ kind: 'newline', value: '\n', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < to && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      if (close < 0 || close >= to) throw new HclSyntaxError('unterminated comment', i);
      // a block comment spanning lines still ends the line it started on when it holds a newline
      if (text.slice(i, close).includes('\n')) tokens.push({ kind: 'newline', value: '\n', start: i, end: i + 1 });
      i = close + 2;
      continue;
    }
    if (c === '"') {
      const end = skipString(text, i, to);
      tokens.push({ kind: 'string', value: '', start: i, end, contentStart: i + 1, contentEnd: end - 1 });
      i = end;
      continue;
    }
    if (c === '<' && text[i + 1] === '<' && /[-A-Za-z_]/.test(text[i + 2] ?? '')) {
      const token = heredoc(text, i, to);
      if (token) {
        tokens.push(token);
        i = token.end;
        continue;
      }
    }
    if (/[0-9]/.test(c)) {
      const match = /^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/.exec(text.slice(i, Math.min(to, i + 64)));
      const raw = match ? match[0] : c;
      tokens.push({ kind: 'number', value: raw, start: i, end: i + raw.length });
      i += raw.length;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < to && isIdentPart(text[j])) j++;
      tokens.push({ kind: 'ident', value: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    const three = text.slice(i, i + 3);
    const two = text.slice(i, i + 2);
    if (PUNCT3.includes(three)) {
      tokens.push({ kind: 'punct', value: three, start: i, end: i + 3 });
      i += 3;
    } else if (PUNCT2.includes(two) && !(two === '.*' && /[0-9]/.test(text[i + 2] ?? ''))) {
      if (two === '[*') {
        // full splat `[*]`, allowing spaces: `[ * ]` is rare; only the compact form is recognised
        if (text[i + 2] === ']') {
          tokens.push({ kind: 'punct', value: '[*]', start: i, end: i + 3 });
          i += 3;
          continue;
        }
        tokens.push({ kind: 'punct', value: '[', start: i, end: i + 1 });
        i += 1;
        continue;
      }
      tokens.push({ kind: 'punct', value: two, start: i, end: i + 2 });
      i += 2;
    } else if (PUNCT1.includes(c)) {
      tokens.push({ kind: 'punct', value: c, start: i, end: i + 1 });
      i += 1;
    } else {
      throw new HclSyntaxError(`unexpected character ${JSON.stringify(c)}`, i);
    }
  }
  tokens.push({ kind: 'eof', value: '', start: to, end: to });
  return tokens;
}

/** The offset just past the closing quote of the string starting at `start`. */
export function skipString(text: string, start: number, to: number): number {
  let i = start + 1;
  while (i < to) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '"') return i + 1;
    if (c === '\n') throw new HclSyntaxError('unterminated string', start);
    if ((c === '$' || c === '%') && text[i + 1] === '{') {
      if (text[i - 1] === c && text[i - 2] !== c) {
        // `$${` / `%%{` escapes: literal
        i += 2;
        continue;
      }
      i = skipInterpolation(text, i + 2, to);
      continue;
    }
    i++;
  }
  throw new HclSyntaxError('unterminated string', start);
}

/** From just inside `${`, the offset just past the matching `}`. */
export function skipInterpolation(text: string, from: number, to: number): number {
  let depth = 1;
  let i = from;
  while (i < to) {
    const c = text[i];
    if (c === '"') {
      i = skipString(text, i, to);
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  throw new HclSyntaxError('unterminated interpolation', from);
}

function heredoc(text: string, start: number, to: number): Token | undefined {
  const match = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(text.slice(start, Math.min(to, start + 256)));
  if (!match) return undefined;
  const marker = match[2];
  const contentStart = start + match[0].length;
  let lineStart = contentStart;
  while (lineStart <= to) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > to) lineEnd = to;
    if (text.slice(lineStart, lineEnd).trim() === marker) {
      return { kind: 'heredoc', value: marker, start, end: lineEnd, contentStart, contentEnd: lineStart, indented: match[1] === '-' };
    }
    if (lineEnd >= to) break;
    lineStart = lineEnd + 1;
  }
  throw new HclSyntaxError(`heredoc ${marker} is not closed`, start);
}
