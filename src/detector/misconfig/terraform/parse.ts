/**
 * HCL2 native syntax → syntax tree with lines (see ast.ts). Written for picket because the npm
 * HCL packages either give JSON without positions (`@cdktf/hcl2json`, a Go WASM build) or are
 * unmaintained; checks need the lines of every block and attribute. Covers what Terraform files
 * use: blocks, attributes, templates with interpolation, heredocs, tuples, objects, function calls
 * (with `...`), traversals, splats, conditionals, operators and `for` expressions. Template
 * directives (`%{ if }`, `%{ for }`) are parsed as opaque (their value is unknown).
 */
import { ParseError } from '../../../analyzer/parse-error.js';
import { SourceLines } from '../yaml/source-lines.js';
import { HclSyntaxError, skipInterpolation, tokenize } from './lexer.js';
import type { Token } from './lexer.js';
import type { Attribute, Block, Body, Expr, HclFile, Span, TraversalStep } from './ast.js';

/** Parses one `.tf` file. Throws `ParseError` (file, reason, line) on a syntax error. */
export function parseHcl(path: string, text: string): HclFile {
  const lines = new SourceLines(text);
  try {
    const parser = new Parser(path, text, lines, tokenize(text));
    const body = parser.body(true);
    return { path, body };
  } catch (error) {
    if (error instanceof HclSyntaxError) throw new ParseError(path, error.reason, lines.lineAt(error.offset));
    throw error;
  }
}

/** Parses a standalone expression in `text` (used for `.tfvars` values and JSON templates). */
export function parseHclExpression(path: string, text: string, from = 0, to = text.length, lines = new SourceLines(text)): Expr {
  const parser = new Parser(path, text, lines, tokenize(text, from, to));
  parser.newlineDepth = 1;
  const expr = parser.expression();
  parser.expectEnd();
  return expr;
}

const BINARY_LEVELS: string[][] = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];

class Parser {
  private pos = 0;
  /** > 0 inside parentheses, brackets and interpolations, where newlines do not end anything. */
  newlineDepth = 0;

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly lines: SourceLines,
    private readonly tokens: Token[],
  ) {}

  private span(start: number, end: number): Span {
    return { file: this.file, startLine: this.lines.lineAt(start), endLine: this.lines.lineAt(Math.max(start, end - 1)) };
  }

  private peek(): Token {
    if (this.newlineDepth > 0) while (this.tokens[this.pos].kind === 'newline') this.pos++;
    return this.tokens[this.pos];
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'eof') this.pos++;
    return token;
  }

  private isPunct(value: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.value === value;
  }

  private expect(value: string): Token {
    const token = this.next();
    if (token.kind !== 'punct' || token.value !== value) throw this.error(token, `expected '${value}'`);
    return token;
  }

  private error(token: Token, reason: string): HclSyntaxError {
    const got = token.kind === 'eof' ? 'end of input' : token.kind === 'newline' ? 'newline' : `'${this.text.slice(token.start, token.end)}'`;
    return new HclSyntaxError(`${reason}, got ${got}`, token.start);
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'eof') throw this.error(token, 'expected end of expression');
  }

  private skipNewlines(): void {
    while (this.tokens[this.pos].kind === 'newline') this.pos++;
  }

  body(topLevel: boolean): Body {
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    const saved = this.newlineDepth;
    this.newlineDepth = 0;
    for (;;) {
      this.skipNewlines();
      const token = this.peek();
      if (token.kind === 'eof') {
        if (!topLevel) throw this.error(token, "expected '}'");
        break;
      }
      if (token.kind === 'punct' && token.value === '}') {
        if (topLevel) throw this.error(token, 'unexpected }');
        break;
      }
      if (token.kind !== 'ident') throw this.error(token, 'expected an attribute or block name');
      this.next();
      const after = this.peek();
      if (after.kind === 'punct' && after.value === '=') {
        this.next();
        const expr = this.expression();
        attributes.push({ name: token.value, expr, ...this.span(token.start, this.tokens[this.pos - 1].end) });
        this.endOfItem();
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        const label = this.next();
        if (label.kind === 'ident') labels.push(label.value);
        else if (label.kind === 'string') labels.push(this.plainString(label));
        else if (label.kind === 'punct' && label.value === '{') break;
        else throw this.error(label, "expected a block label or '{'");
      }
      const inner = this.body(false);
      const close = this.expect('}');
      blocks.push({ type: token.value, labels, body: inner, ...this.span(token.start, close.end) });
      this.endOfItem();
    }
    this.newlineDepth = saved;
    return { attributes, blocks };
  }

  private endOfItem(): void {
    const token = this.tokens[this.pos];
    if (token.kind === 'newline') this.pos++;
    else if (token.kind !== 'eof' && !(token.kind === 'punct' && token.value === '}')) throw this.error(token, 'expected a newline');
  }

  private plainString(token: Token): string {
    const expr = this.template(token.contentStart ?? token.start, token.contentEnd ?? token.end, true, token);
    if (expr.type === 'literal' && typeof expr.value === 'string') return expr.value;
    if (expr.type === 'template' && expr.parts.every((p) => typeof p === 'string')) return expr.parts.join('');
    throw this.error(token, 'block labels cannot hold interpolations');
  }

  expression(): Expr {
    const condition = this.binary(0);
    if (!this.isPunct('?')) return condition;
    this.next();
    this.newlineDepth++;
    const whenTrue = this.expression();
    this.expect(':');
    this.newlineDepth--;
    const whenFalse = this.expression();
    return { type: 'conditional', condition, whenTrue, whenFalse, file: this.file, startLine: condition.startLine, endLine: whenFalse.endLine };
  }

  private binary(level: number): Expr {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'punct' || !BINARY_LEVELS[level].includes(token.value)) return left;
      this.next();
      const right = this.binary(level + 1);
      left = { type: 'binary', op: token.value, left, right, file: this.file, startLine: left.startLine, endLine: right.endLine };
    }
  }

  private unary(): Expr {
    const token = this.peek();
    if (token.kind === 'punct' && (token.value === '!' || token.value === '-')) {
      this.next();
      const operand = this.unary();
      return { type: 'unary', op: token.value, operand, ...this.span(token.start, token.end), endLine: operand.endLine };
    }
    return this.postfix(this.primary());
  }

  private postfix(target: Expr): Expr {
    const steps: TraversalStep[] = [];
    let endLine = target.endLine;
    for (;;) {
      const token = this.tokens[this.pos];
      if (token.kind === 'punct' && token.value === '.') {
        this.pos++;
        const name = this.next();
        if (name.kind === 'ident') steps.push({ kind: 'attr', name: name.value });
        else if (name.kind === 'number') steps.push({ kind: 'index', key: { type: 'literal', value: Number(name.value), ...this.span(name.start, name.end) } });
        else if (name.kind === 'punct' && name.value === '*') steps.push({ kind: 'splat' });
        else throw this.error(name, 'expected an attribute name');
        endLine = this.lines.lineAt(name.start);
      } else if (token.kind === 'punct' && token.value === '.*') {
        this.pos++;
        steps.push({ kind: 'splat' });
      } else if (token.kind === 'punct' && token.value === '[*]') {
        this.pos++;
        steps.push({ kind: 'splat' });
        endLine = this.lines.lineAt(token.start);
      } else if (token.kind === 'punct' && token.value === '[') {
        this.pos++;
        this.newlineDepth++;
        const key = this.expression();
        const close = this.expect(']');
        this.newlineDepth--;
        steps.push({ kind: 'index', key });
        endLine = this.lines.lineAt(close.start);
      } else {
        break;
      }
    }
    if (steps.length === 0) return target;
    return { type: 'traverse', target, steps, file: this.file, startLine: target.startLine, endLine };
  }

  private primary(): Expr {
    const token = this.next();
    const span = this.span(token.start, token.end);
    switch (token.kind) {
      case 'number':
        return { type: 'literal', value: Number(token.value), ...span };
      case 'string':
        return this.template(token.contentStart ?? token.start, token.contentEnd ?? token.end, true, token);
      case 'heredoc':
        return this.heredocTemplate(token);
      case 'ident': {
        if (token.value === 'true' || token.value === 'false') return { type: 'literal', value: token.value === 'true', ...span };
        if (token.value === 'null') return { type: 'literal', value: null, ...span };
        const after = this.tokens[this.pos];
        if (after.kind === 'punct' && after.value === '(') return this.call(token);
        if (after.kind === 'punct' && after.value === ':' && this.tokens[this.pos + 1]?.value === ':') {
          // provider-defined functions: provider::name::fn(...)
          let name = token.value;
          while (this.tokens[this.pos]?.value === ':' && this.tokens[this.pos + 1]?.value === ':') {
            this.pos += 2;
            name += `::${this.next().value}`;
          }
          return this.call({ ...token, value: name });
        }
        return { type: 'variable', name: token.value, ...span };
      }
      case 'punct':
        if (token.value === '(') {
          this.newlineDepth++;
          const inner = this.expression();
          const close = this.expect(')');
          this.newlineDepth--;
          return { type: 'paren', inner, ...this.span(token.start, close.end) };
        }
        if (token.value === '[') return this.tuple(token);
        if (token.value === '{') return this.object(token);
        break;
    }
    throw this.error(token, 'expected an expression');
  }

  private call(name: Token): Expr {
    this.expect('(');
    this.newlineDepth++;
    const args: Expr[] = [];
    let expandFinal = false;
    while (!this.isPunct(')')) {
      args.push(this.expression());
      if (this.isPunct('...')) {
        this.next();
        expandFinal = true;
      }
      if (!this.isPunct(',')) break;
      this.next();
    }
    const close = this.expect(')');
    this.newlineDepth--;
    return { type: 'call', name: name.value, args, expandFinal, ...this.span(name.start, close.end) };
  }

  private tuple(open: Token): Expr {
    this.newlineDepth++;
    if (this.peek().kind === 'ident' && this.peek().value === 'for' && !this.isForAttr()) return this.forExpr(open, false);
    const items: Expr[] = [];
    while (!this.isPunct(']')) {
      items.push(this.expression());
      if (!this.isPunct(',')) break;
      this.next();
    }
    const close = this.expect(']');
    this.newlineDepth--;
    return { type: 'tuple', items, ...this.span(open.start, close.end) };
  }

  /** `for` used as a plain name (`[for]` is a for expression only when followed by a name). */
  private isForAttr(): boolean {
    const after = this.tokens.slice(this.pos + 1).find((t) => t.kind !== 'newline');
    return after?.kind !== 'ident';
  }

  private object(open: Token): Expr {
    const saved = this.newlineDepth;
    this.newlineDepth = 0;
    this.skipNewlines();
    if (this.peek().kind === 'ident' && this.peek().value === 'for' && !this.isForAttr()) {
      this.newlineDepth = saved + 1;
      const expr = this.forExpr(open, true);
      this.newlineDepth = saved;
      return expr;
    }
    const items: { key: Expr; bareKey?: string; value: Expr }[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isPunct('}')) break;
      const keyToken = this.peek();
      let key: Expr;
      let bareKey: string | undefined;
      const after = this.tokens[this.pos + 1];
      if (keyToken.kind === 'ident' && after?.kind === 'punct' && (after.value === '=' || after.value === ':')) {
        this.next();
        bareKey = keyToken.value;
        key = { type: 'literal', value: keyToken.value, ...this.span(keyToken.start, keyToken.end) };
      } else {
        this.newlineDepth++;
        key = this.expression();
        this.newlineDepth--;
      }
      const sep = this.next();
      if (sep.kind !== 'punct' || (sep.value !== '=' && sep.value !== ':')) throw this.error(sep, "expected '=' or ':'");
      const value = this.expression();
      items.push({ key, bareKey, value });
      const end = this.tokens[this.pos];
      if (end.kind === 'punct' && end.value === ',') this.pos++;
      else if (end.kind === 'newline') this.pos++;
      else if (!(end.kind === 'punct' && end.value === '}')) throw this.error(end, "expected ',', a newline or '}'");
    }
    const close = this.expect('}');
    this.newlineDepth = saved;
    return { type: 'object', items, ...this.span(open.start, close.end) };
  }

  private forExpr(open: Token, isObject: boolean): Expr {
    this.next(); // for
    const first = this.next();
    if (first.kind !== 'ident') throw this.error(first, 'expected a variable name');
    let keyVar: string | undefined;
    let valueVar = first.value;
    if (this.isPunct(',')) {
      this.next();
      const second = this.next();
      if (second.kind !== 'ident') throw this.error(second, 'expected a variable name');
      keyVar = first.value;
      valueVar = second.value;
    }
    const inToken = this.next();
    if (inToken.kind !== 'ident' || inToken.value !== 'in') throw this.error(inToken, "expected 'in'");
    const collection = this.expression();
    this.expect(':');
    let keyExpr: Expr | undefined;
    let valueExpr = this.expression();
    let grouping = false;
    if (isObject) {
      this.expect('=>');
      keyExpr = valueExpr;
      valueExpr = this.expression();
      if (this.isPunct('...')) {
        this.next();
        grouping = true;
      }
    }
    let condition: Expr | undefined;
    if (this.peek().kind === 'ident' && this.peek().value === 'if') {
      this.next();
      condition = this.expression();
    }
    const close = this.expect(isObject ? '}' : ']');
    if (!isObject) this.newlineDepth--;
    return { type: 'for', keyVar, valueVar, collection, keyExpr, valueExpr, condition, isObject, grouping, ...this.span(open.start, close.end) };
  }

  private heredocTemplate(token: Token): Expr {
    const expr = this.template(token.contentStart ?? token.start, token.contentEnd ?? token.end, false, token);
    if (!token.indented) return expr;
    // `<<-`: remove the smallest indentation of the non-blank lines from every line
    const literal = (expr.type === 'template' ? expr.parts : [expr.type === 'literal' ? String(expr.value) : '']).filter((p): p is string => typeof p === 'string').join('\u0000');
    const indents = literal
      .split('\n')
      .filter((line, i) => i === 0 || line.trim() !== '')
      .map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
    const strip = indents.length > 0 ? Math.min(...indents) : 0;
    if (strip === 0) return expr;
    const dedent = (s: string, atStart: boolean) => (atStart ? s.replace(new RegExp(`^[ \\t]{0,${strip}}`), '') : s).replace(new RegExp(`\\n[ \\t]{0,${strip}}`, 'g'), '\n');
    if (expr.type === 'literal') return { ...expr, value: dedent(String(expr.value), true) };
    if (expr.type === 'template') return { ...expr, parts: expr.parts.map((p, i) => (typeof p === 'string' ? dedent(p, i === 0) : p)) };
    return expr;
  }

  /** The parts of a quoted string or heredoc body between `from` and `to`. */
  private template(from: number, to: number, quoted: boolean, token: Token): Expr {
    const parts: (string | Expr)[] = [];
    let literal = '';
    let directives = false;
    let i = from;
    let stripNext = false;
    while (i < to) {
      const c = this.text[i];
      if (quoted && c === '\\') {
        const [value, length] = escape(this.text, i);
        literal += value;
        i += length;
        continue;
      }
      if ((c === '$' || c === '%') && this.text[i + 1] === c && this.text[i + 2] === '{') {
        literal += `${c}{`;
        i += 3;
        continue;
      }
      if ((c === '$' || c === '%') && this.text[i + 1] === '{') {
        const end = skipInterpolation(this.text, i + 2, to);
        let innerStart = i + 2;
        let innerEnd = end - 1;
        if (this.text[innerStart] === '~') {
          innerStart++;
          literal = literal.replace(/\s+$/, '');
        }
        const stripAfter = this.text[innerEnd - 1] === '~';
        if (stripAfter) innerEnd--;
        if (literal !== '') parts.push(literal);
        literal = '';
        if (c === '%') {
          directives = true;
        } else {
          const inner = new Parser(this.file, this.text, this.lines, tokenize(this.text, innerStart, innerEnd));
          inner.newlineDepth = 1;
          const expr = inner.expression();
          inner.expectEnd();
          parts.push(expr);
        }
        stripNext = stripAfter;
        i = end;
        continue;
      }
      if (stripNext && /\s/.test(c)) {
        i++;
        continue;
      }
      stripNext = false;
      literal += c;
      i++;
    }
    if (literal !== '') parts.push(literal);
    const span = this.span(token.start, token.end);
    if (!directives && parts.every((p) => typeof p === 'string')) return { type: 'literal', value: parts.join(''), ...span };
    return { type: 'template', parts, ...(directives ? { directives } : {}), ...span };
  }
}

function escape(text: string, i: number): [string, number] {
  const next = text[i + 1];
  switch (next) {
    case 'n':
      return ['\n', 2];
    case 't':
      return ['\t', 2];
    case 'r':
      return ['\r', 2];
    case '"':
      return ['"', 2];
    case '\\':
      return ['\\', 2];
    case 'u': {
      const hex = text.slice(i + 2, i + 6);
      return /^[0-9a-fA-F]{4}$/.test(hex) ? [String.fromCharCode(parseInt(hex, 16)), 6] : ['\\u', 2];
    }
    case 'U': {
      const hex = text.slice(i + 2, i + 10);
      return /^[0-9a-fA-F]{8}$/.test(hex) ? [String.fromCodePoint(parseInt(hex, 16)), 10] : ['\\U', 2];
    }
    default:
      return [`\\${next ?? ''}`, 2];
  }
}
