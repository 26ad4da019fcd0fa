import { TemplateError, type Arg, type Node, type Pipe, type Template } from './ast.js';

interface Action { src: string; line: number }
type Item = { kind: 'text'; text: string } | { kind: 'action'; action: Action };

/** Splits a template into text and `{{ }}` actions, applying `{{-`/`-}}` trimming and dropping comments. */
function scan(src: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let line = 1;
  let trimNext = false;
  while (pos < src.length) {
    const open = src.indexOf('{{', pos);
    let text = src.slice(pos, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^\s+/, '');
    trimNext = false;
    if (open < 0) {
      if (text) items.push({ kind: 'text', text });
      break;
    }
    let start = open + 2;
    if (/^-\s/.test(src.slice(start, start + 2))) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    if (text) items.push({ kind: 'text', text });
    line += countLines(src.slice(pos, open));
    const end = actionEnd(src, start, line);
    let body = src.slice(start, end);
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      trimNext = true;
    }
    const trimmed = body.trim();
    if (!(trimmed.startsWith('/*') && trimmed.endsWith('*/'))) items.push({ kind: 'action', action: { src: body, line } });
    line += countLines(src.slice(open, end + 2));
    pos = end + 2;
  }
  return items;
}

/** The index of the `}}` closing an action, skipping quoted strings. */
function actionEnd(src: string, from: number, line: number): number {
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === '`' || c === "'") {
      const close = c === '`' ? src.indexOf('`', i + 1) : quotedEnd(src, i, c);
      if (close < 0) throw new TemplateError('unterminated quoted string', line);
      i = close;
    } else if (c === '}' && src[i + 1] === '}') return i;
    else if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      if (close < 0) throw new TemplateError('unclosed comment', line);
      i = close + 1;
    }
  }
  throw new TemplateError('unclosed action', line);
}

function quotedEnd(src: string, i: number, q: string): number {
  for (let j = i + 1; j < src.length; j++) {
    if (src[j] === '\\') j++;
    else if (src[j] === q) return j;
    else if (src[j] === '\n') return -1;
  }
  return -1;
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

type Tok =
  | { k: 'str'; v: string } | { k: 'num'; v: number } | { k: 'ident'; v: string } | { k: 'field'; v: string; glued: boolean }
  | { k: 'var'; v: string } | { k: 'dot' } | { k: 'op'; v: ':=' | '=' | '|' | '(' | ')' | ',' };

/** Tokens of one action. A `.Field` written right after a value (`$x.A`, `(f).B`) is `glued` to it. */
function tokenize(src: string, line: number): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const glued = i > 0 && !/\s/.test(src[i - 1]) && toks.length > 0 && ['var', 'field', 'dot'].includes(toks[toks.length - 1].k) || (i > 0 && src[i - 1] === ')');
    if (c === '"') {
      const end = quotedEnd(src, i, '"');
      if (end < 0) throw new TemplateError('unterminated string', line);
      toks.push({ k: 'str', v: unquote(src.slice(i, end + 1), line) });
      i = end + 1;
    } else if (c === '`') {
      const end = src.indexOf('`', i + 1);
      toks.push({ k: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
    } else if (c === "'") {
      const end = quotedEnd(src, i, "'");
      if (end < 0) throw new TemplateError('unterminated character constant', line);
      toks.push({ k: 'num', v: unquote(`"${src.slice(i + 1, end)}"`, line).codePointAt(0) ?? 0 });
      i = end + 1;
    } else if (c === ':' && src[i + 1] === '=') { toks.push({ k: 'op', v: ':=' }); i += 2; }
    else if (c === '=' || c === '|' || c === '(' || c === ')' || c === ',') { toks.push({ k: 'op', v: c }); i++; }
    else if (c === '$') {
      const m = /^\$[A-Za-z0-9_]*/.exec(src.slice(i))!;
      toks.push({ k: 'var', v: m[0] });
      i += m[0].length;
    } else if (c === '.') {
      const m = /^\.[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
      if (m) { toks.push({ k: 'field', v: m[0].slice(1), glued }); i += m[0].length; }
      else if (/[0-9]/.test(src[i + 1] ?? '')) { const n = /^\.[0-9]+/.exec(src.slice(i))!; toks.push({ k: 'num', v: Number(n[0]) }); i += n[0].length; }
      else { toks.push({ k: 'dot' }); i++; }
    } else if (/[-+0-9]/.test(c)) {
      const m = /^[-+]?(0x[0-9a-fA-F]+|[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?)/.exec(src.slice(i));
      if (!m) throw new TemplateError(`unexpected "${c}"`, line);
      toks.push({ k: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      toks.push({ k: 'ident', v: m[0] });
      i += m[0].length;
    } else throw new TemplateError(`unexpected "${c}" in action`, line);
  }
  return toks;
}

/** A Go interpreted string literal (`"a\tb"`, `"\x41"`). */
function unquote(lit: string, line: number): string {
  try {
    return JSON.parse(lit.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b').replace(/\\'/g, "'")) as string;
  } catch {
    throw new TemplateError(`bad string ${lit}`, line);
  }
}

class PipeParser {
  private i = 0;
  constructor(private readonly toks: Tok[], private readonly line: number) {}

  done(): boolean { return this.i >= this.toks.length; }

  pipe(allowDecl: boolean): Pipe {
    const pipe: Pipe = { cmds: [], line: this.line };
    if (allowDecl) {
      const save = this.i;
      const names: string[] = [];
      while (this.peek()?.k === 'var') {
        names.push((this.toks[this.i++] as { v: string }).v);
        const t = this.peek();
        if (t?.k === 'op' && t.v === ',') { this.i++; continue; }
        break;
      }
      const op = this.peek();
      if (names.length > 0 && op?.k === 'op' && (op.v === ':=' || op.v === '=')) {
        this.i++;
        pipe.decl = { names, assign: op.v === '=' };
      } else this.i = save;
    }
    for (;;) {
      const cmd: Arg[] = [];
      while (!this.done()) {
        const t = this.peek()!;
        if (t.k === 'op' && (t.v === '|' || t.v === ')')) break;
        cmd.push(this.operand());
      }
      if (cmd.length === 0) throw new TemplateError('missing value for command', this.line);
      pipe.cmds.push(cmd);
      const t = this.peek();
      if (t?.k === 'op' && t.v === '|') { this.i++; continue; }
      return pipe;
    }
  }

  private peek(): Tok | undefined { return this.toks[this.i]; }

  private operand(): Arg {
    const t = this.toks[this.i++];
    let arg: Arg;
    switch (t.k) {
      case 'str': return { t: 'str', v: t.v };
      case 'num': return { t: 'num', v: t.v };
      case 'dot': arg = { t: 'dot', path: [] }; break;
      case 'field': arg = { t: 'dot', path: [t.v] }; break;
      case 'var': arg = { t: 'var', name: t.v, path: [] }; break;
      case 'ident':
        if (t.v === 'true' || t.v === 'false') return { t: 'bool', v: t.v === 'true' };
        if (t.v === 'nil') return { t: 'nil' };
        return { t: 'ident', name: t.v };
      case 'op':
        if (t.v === '(') {
          const inner = this.pipe(true);
          const close = this.toks[this.i++];
          if (close?.k !== 'op' || close.v !== ')') throw new TemplateError('unclosed left paren', this.line);
          arg = { t: 'pipe', pipe: inner, path: [] };
          break;
        }
        throw new TemplateError(`unexpected "${t.v}"`, this.line);
    }
    while (this.peek()?.k === 'field' && (this.peek() as { glued: boolean }).glued) {
      (arg as { path: string[] }).path.push((this.toks[this.i++] as { v: string }).v);
    }
    return arg;
  }
}

function parsePipe(src: string, line: number, allowDecl = true): Pipe {
  const p = new PipeParser(tokenize(src, line), line);
  const pipe = p.pipe(allowDecl);
  if (!p.done()) throw new TemplateError('unexpected tokens after pipeline', line);
  return pipe;
}

type Frame = { kind: 'root' } | { kind: 'if' | 'with' | 'range' | 'define'; line: number };

/** Parses a Go text/template into its tree; throws TemplateError naming the line. */
export function parseTemplate(src: string): Template {
  const items = scan(src);
  const defines = new Map<string, Node[]>();
  let pos = 0;

  const parseList = (frame: Frame): { nodes: Node[]; end: 'end' | 'else' | 'eof'; elseSrc?: string; line: number } => {
    const nodes: Node[] = [];
    while (pos < items.length) {
      const it = items[pos++];
      if (it.kind === 'text') { nodes.push({ type: 'text', text: it.text }); continue; }
      const { src: raw, line } = it.action;
      const s = raw.trim();
      const word = /^[a-z]+/.exec(s)?.[0] ?? '';
      const rest = s.slice(word.length).trim();
      switch (word) {
        case 'end':
          if (frame.kind === 'root') throw new TemplateError('unexpected {{end}}', line);
          return { nodes, end: 'end', line };
        case 'else':
          if (frame.kind === 'root' || frame.kind === 'define') throw new TemplateError('unexpected {{else}}', line);
          return { nodes, end: 'else', elseSrc: rest, line };
        case 'if':
        case 'with': nodes.push(parseConditional(word, rest, line)); break;
        case 'range': {
          const pipe = parsePipe(rest, line);
          const body = parseList({ kind: 'range', line });
          let otherwise: Node[] | undefined;
          if (body.end === 'else') otherwise = expectEnd(parseList({ kind: 'range', line }), line);
          else if (body.end !== 'end') throw new TemplateError('unclosed {{range}}', line);
          nodes.push({ type: 'range', pipe, body: body.nodes, ...(otherwise ? { otherwise } : {}) });
          break;
        }
        case 'define':
        case 'block': {
          const m = /^("(?:[^"\\]|\\.)*"|`[^`]*`)\s*(.*)$/s.exec(rest);
          if (!m) throw new TemplateError(`${word} needs a quoted name`, line);
          const name = m[1].startsWith('`') ? m[1].slice(1, -1) : unquote(m[1], line);
          const body = expectEnd(parseList({ kind: 'define', line }), line);
          defines.set(name, body);
          if (word === 'block') nodes.push({ type: 'template', name, ...(m[2].trim() ? { pipe: parsePipe(m[2], line, false) } : {}), line });
          break;
        }
        case 'template': {
          const m = /^("(?:[^"\\]|\\.)*"|`[^`]*`)\s*(.*)$/s.exec(rest);
          if (!m) throw new TemplateError('template needs a quoted name', line);
          const name = m[1].startsWith('`') ? m[1].slice(1, -1) : unquote(m[1], line);
          nodes.push({ type: 'template', name, ...(m[2].trim() ? { pipe: parsePipe(m[2], line, false) } : {}), line });
          break;
        }
        case 'break':
        case 'continue':
          if (rest) throw new TemplateError(`unexpected text after ${word}`, line);
          nodes.push({ type: word });
          break;
        default:
          nodes.push({ type: 'action', pipe: parsePipe(s, line) });
      }
    }
    if (frame.kind !== 'root') throw new TemplateError(`unclosed {{${frame.kind}}}`, frame.line);
    return { nodes, end: 'eof', line: 0 };
  };

  const expectEnd = (r: ReturnType<typeof parseList>, line: number): Node[] => {
    if (r.end !== 'end') throw new TemplateError('expected {{end}}', line);
    return r.nodes;
  };

  const parseConditional = (word: 'if' | 'with', condSrc: string, line: number): Node => {
    const branches: { cond: Pipe; body: Node[] }[] = [];
    let cond = parsePipe(condSrc, line);
    for (;;) {
      const r = parseList({ kind: word, line });
      branches.push({ cond, body: r.nodes });
      if (r.end === 'end') return { type: word, branches };
      const elseSrc = r.elseSrc ?? '';
      const chained = new RegExp(`^${word}\\b`).exec(elseSrc);
      if (chained) { cond = parsePipe(elseSrc.slice(word.length), r.line); continue; }
      if (elseSrc) throw new TemplateError(`unexpected "${elseSrc}" after else`, r.line);
      return { type: word, branches, otherwise: expectEnd(parseList({ kind: word, line }), line) };
    }
  };

  const { nodes } = parseList({ kind: 'root' });
  return { body: nodes, defines };
}
