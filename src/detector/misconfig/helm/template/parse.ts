/**
 * Parser for Go's `text/template` syntax as Helm charts use it: text and `{{ }}` actions with trim
 * markers (`{{-`, `-}}`) and comments, pipelines with variables (`:=`, `=`), fields, method calls,
 * parenthesised pipelines, string/raw/number/bool/nil literals, and the control actions `if`/`else
 * if`/`else`, `range` (with `$i, $v :=`), `with`/`else with`, `define`, `template`, `block`,
 * `break` and `continue`.
 */
import type { Command, Operand, ParsedTemplate, Pipeline, TemplateNode } from './ast.js';

/** A template syntax error with the file and line. */
export class TemplateSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'TemplateSyntaxError';
  }
}

type Item = { kind: 'text'; text: string } | { kind: 'action'; source: string; line: number };

/** Splits a template into text and actions, applying trim markers and dropping comments. */
function scan(file: string, text: string): Item[] {
  const items: Item[] = [];
  let i = 0;
  let line = 1;
  let trimNext = false;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    let chunk = open < 0 ? text.slice(i) : text.slice(i, open);
    if (trimNext) chunk = chunk.replace(/^\s+/, '');
    trimNext = false;
    const countLines = (s: string) => (s.match(/\n/g) ?? []).length;
    line += countLines(open < 0 ? text.slice(i) : text.slice(i, open));
    if (open < 0) {
      if (chunk) items.push({ kind: 'text', text: chunk });
      break;
    }
    let start = open + 2;
    if (text[start] === '-' && /\s/.test(text[start + 1] ?? '')) {
      chunk = chunk.replace(/\s+$/, '');
      start += 1;
    }
    if (chunk) items.push({ kind: 'text', text: chunk });
    const close = findClose(text, start);
    if (close < 0) throw new TemplateSyntaxError(file, line, 'unclosed action');
    let end = close;
    if (text[close - 1] === '-' && /\s/.test(text[close - 2] ?? '')) {
      end = close - 1;
      trimNext = true;
    }
    const source = text.slice(start, end).trim();
    if (!(source.startsWith('/*') && source.endsWith('*/'))) items.push({ kind: 'action', source, line });
    line += countLines(text.slice(open, close + 2));
    i = close + 2;
  }
  return items;
}

/** The offset of the `}}` closing the action starting at `from` (skipping strings and comments). */
function findClose(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < text.length && text[i] !== c) i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '`') {
      i = text.indexOf('`', i + 1) + 1;
      if (i === 0) return -1;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) return -1;
      i = end + 2;
      continue;
    }
    if (c === '}' && text[i + 1] === '}') return i;
    i++;
  }
  return -1;
}

type Token = { type: 'string' | 'number' | 'ident' | 'field' | 'variable' | 'punct'; value: string; spaced?: boolean };

const NUMBER = /[-+]?(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(\d[\d_]*)?\.?\d[\d_]*([eE][-+]?\d+)?)/y;
const WORD = /[$.]?[A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*/y;

function tokenizeAction(file: string, line: number, source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let spaced = false;
  const add = (token: Token): void => {
    token.spaced = spaced;
    tokens.push(token);
  };
  while (i < source.length) {
    const c = source[i];
    spaced = i > 0 && /\s/.test(source[i - 1]);
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < source.length && source[j] !== '"') j += source[j] === '\\' ? 2 : 1;
      add({ type: 'string', value: unquote(source.slice(i, j + 1)) });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = source.indexOf('`', i + 1);
      if (j < 0) throw new TemplateSyntaxError(file, line, 'unterminated raw string');
      add({ type: 'string', value: source.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    if (c === "'") {
      const j = source.indexOf("'", i + 1);
      add({ type: 'number', value: String(unquote(`"${source.slice(i + 1, j)}"`).codePointAt(0) ?? 0) });
      i = j + 1;
      continue;
    }
    if (c === ':' && source[i + 1] === '=') {
      add({ type: 'punct', value: ':=' });
      i += 2;
      continue;
    }
    if ('()|=,'.includes(c)) {
      add({ type: 'punct', value: c });
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = /[\d.+-]/.test(c) ? NUMBER.exec(source) : null;
    if (number && number[0] !== '' && (/\d/.test(c) || ((c === '-' || c === '+' || c === '.') && /\d/.test(source[i + 1] ?? '')))) {
      add({ type: 'number', value: number[0].replace(/_/g, '') });
      i += number[0].length;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(source);
    if (word && word[0] !== '') {
      const w = word[0];
      add({ type: w.startsWith('$') ? 'variable' : w.startsWith('.') ? 'field' : 'ident', value: w });
      i += w.length;
      continue;
    }
    throw new TemplateSyntaxError(file, line, `unexpected ${JSON.stringify(c)} in action`);
  }
  return tokens;
}

function unquote(literal: string): string {
  try {
    return JSON.parse(literal.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as string;
  } catch {
    return literal.slice(1, -1);
  }
}

class ActionParser {
  private pos = 0;
  constructor(
    private readonly file: string,
    private readonly line: number,
    private readonly tokens: Token[],
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  pipeline(stopAtParen = false): Pipeline {
    const pipeline: Pipeline = { variables: [], assign: false, commands: [], line: this.line };
    // declarations: `$x :=`, `$i, $v :=`, `$x =`
    const save = this.pos;
    const vars: string[] = [];
    while (this.peek()?.type === 'variable' && !this.peek()?.value.includes('.')) {
      vars.push((this.tokens[this.pos++] as Token).value);
      if (this.peek()?.value === ',') {
        this.pos++;
        continue;
      }
      break;
    }
    const op = this.peek();
    if (vars.length > 0 && op?.type === 'punct' && (op.value === ':=' || op.value === '=')) {
      this.pos++;
      pipeline.variables = vars;
      pipeline.assign = op.value === '=';
    } else {
      this.pos = save;
    }
    for (;;) {
      const args: Operand[] = [];
      while (!this.done()) {
        const t = this.peek() as Token;
        if (t.type === 'punct' && (t.value === '|' || t.value === ')')) break;
        args.push(this.operand());
      }
      if (args.length === 0) throw new TemplateSyntaxError(this.file, this.line, 'missing value for command');
      pipeline.commands.push({ args } satisfies Command);
      const t = this.peek();
      if (t?.value === '|') {
        this.pos++;
        continue;
      }
      if (t?.value === ')' && !stopAtParen) throw new TemplateSyntaxError(this.file, this.line, "unexpected ')'");
      break;
    }
    return pipeline;
  }

  private operand(): Operand {
    const t = this.tokens[this.pos++] as Token;
    switch (t.type) {
      case 'string':
        return { kind: 'literal', value: t.value };
      case 'number':
        return { kind: 'literal', value: t.value.startsWith('0x') || t.value.startsWith('0X') ? parseInt(t.value, 16) : Number(t.value) };
      case 'field':
        return { kind: 'field', chain: t.value === '.' ? [] : t.value.slice(1).split('.') };
      case 'variable': {
        const [name, ...chain] = t.value.split('.');
        return { kind: 'variable', name, chain };
      }
      case 'ident':
        if (t.value === 'true' || t.value === 'false') return { kind: 'literal', value: t.value === 'true' };
        if (t.value === 'nil') return { kind: 'literal', value: null };
        return { kind: 'identifier', name: t.value };
      case 'punct':
        if (t.value === '(') {
          const pipeline = this.pipeline(true);
          if (this.tokens[this.pos++]?.value !== ')') throw new TemplateSyntaxError(this.file, this.line, "missing ')'");
          const next = this.peek();
          let chain: string[] = [];
          if (next?.type === 'field' && next.value !== '.' && !next.spaced) {
            chain = next.value.slice(1).split('.');
            this.pos++;
          }
          return { kind: 'pipeline', pipeline, chain };
        }
    }
    throw new TemplateSyntaxError(this.file, this.line, `unexpected '${t.value}'`);
  }
}

/** Parses a template file. Throws `TemplateSyntaxError`. */
export function parseTemplate(file: string, text: string): ParsedTemplate {
  const items = scan(file, text);
  const defines = new Map<string, TemplateNode[]>();
  let index = 0;

  const parseList = (stop: string[]): { nodes: TemplateNode[]; ended: string; item?: Extract<Item, { kind: 'action' }> } => {
    const nodes: TemplateNode[] = [];
    while (index < items.length) {
      const item = items[index++];
      if (item.kind === 'text') {
        nodes.push({ kind: 'text', text: item.text });
        continue;
      }
      const keyword = /^(\w+)\b/.exec(item.source)?.[1] ?? '';
      const rest = item.source.slice(keyword.length).trim();
      const tokens = () => tokenizeAction(file, item.line, rest);
      const pipelineOf = (source = rest) => {
        const parser = new ActionParser(file, item.line, tokenizeAction(file, item.line, source));
        const pipeline = parser.pipeline();
        if (!parser.done()) throw new TemplateSyntaxError(file, item.line, 'unexpected tokens after pipeline');
        return pipeline;
      };
      if (stop.includes(keyword)) return { nodes, ended: keyword, item };
      switch (keyword) {
        case 'if':
        case 'with': {
          const branches = [{ pipeline: pipelineOf(), body: [] as TemplateNode[] }];
          let otherwise: TemplateNode[] | undefined;
          for (;;) {
            const part = parseList(['else', 'end']);
            if (otherwise) {
              otherwise = part.nodes;
            } else branches[branches.length - 1].body = part.nodes;
            if (part.ended === 'end') break;
            if (part.ended !== 'else' || !part.item) throw new TemplateSyntaxError(file, item.line, `unclosed ${keyword}`);
            const elseRest = part.item.source.slice(4).trim();
            const chained = new RegExp(`^${keyword}\\b`).exec(elseRest);
            if (chained) {
              branches.push({ pipeline: pipelineOf(elseRest.slice(keyword.length).trim()), body: [] });
            } else {
              const last = parseList(['end']);
              if (last.ended !== 'end') throw new TemplateSyntaxError(file, item.line, `unclosed ${keyword}`);
              otherwise = last.nodes;
              break;
            }
          }
          nodes.push({ kind: keyword, branches, otherwise });
          break;
        }
        case 'range': {
          const pipeline = pipelineOf();
          const body = parseList(['else', 'end']);
          let otherwise: TemplateNode[] | undefined;
          if (body.ended === 'else') {
            const last = parseList(['end']);
            otherwise = last.nodes;
          } else if (body.ended !== 'end') throw new TemplateSyntaxError(file, item.line, 'unclosed range');
          nodes.push({ kind: 'range', pipeline, body: body.nodes, otherwise });
          break;
        }
        case 'define':
        case 'block': {
          const t = tokens();
          if (t[0]?.type !== 'string') throw new TemplateSyntaxError(file, item.line, `${keyword} needs a quoted name`);
          const body = parseList(['end']);
          if (body.ended !== 'end') throw new TemplateSyntaxError(file, item.line, `unclosed ${keyword}`);
          defines.set(t[0].value, body.nodes);
          if (keyword === 'block') {
            const pipelineSource = rest.slice(rest.indexOf(JSON.stringify(t[0].value)) + JSON.stringify(t[0].value).length).trim() || '.';
            nodes.push({ kind: 'template', name: t[0].value, pipeline: pipelineOf(pipelineSource), line: item.line });
          }
          break;
        }
        case 'template': {
          const t = tokens();
          if (t[0]?.type !== 'string') throw new TemplateSyntaxError(file, item.line, 'template needs a quoted name');
          const name = t[0].value;
          const afterName = rest.replace(/^("(?:[^"\\]|\\.)*"|`[^`]*`)/, '').trim();
          nodes.push({ kind: 'template', name, pipeline: afterName ? pipelineOf(afterName) : undefined, line: item.line });
          break;
        }
        case 'break':
        case 'continue':
          nodes.push({ kind: keyword });
          break;
        case 'end':
        case 'else':
          throw new TemplateSyntaxError(file, item.line, `unexpected {{${keyword}}}`);
        default:
          nodes.push({ kind: 'action', pipeline: pipelineOf(item.source) });
      }
    }
    return { nodes, ended: '' };
  };

  const top = parseList([]);
  return { body: top.nodes, defines };
}
