import { TemplateError, type Arg, type Node, type Pipe, type Template } from './ast.js';
import { functions, type FuncContext } from './functions.js';
import { field, show, truthy, type Value } from './values.js';

class Break { }
class Continue { }

/** Upper bounds that keep a runaway template from filling memory or the stack. */
const MAX_OUTPUT = 256 * 1024 * 1024;
const MAX_DEPTH = 100;

interface Scope { vars: Map<string, Value>; parent?: Scope }

/** Runs a parsed template on `data` (trivy passes the report's Results as `.`). */
export function executeTemplate(tpl: Template, data: Value, ctx: FuncContext): string {
  const out: string[] = [];
  let size = 0;
  const emit = (s: string, line: number) => {
    size += s.length;
    if (size > MAX_OUTPUT) throw new TemplateError('output larger than 256 MiB', line);
    out.push(s);
  };

  const lookup = (scope: Scope, name: string, line: number): Value => {
    for (let s: Scope | undefined = scope; s; s = s.parent) if (s.vars.has(name)) return s.vars.get(name);
    throw new TemplateError(`undefined variable: ${name}`, line);
  };
  const assign = (scope: Scope, name: string, value: Value, line: number) => {
    for (let s: Scope | undefined = scope; s; s = s.parent) if (s.vars.has(name)) { s.vars.set(name, value); return; }
    throw new TemplateError(`undefined variable: ${name}`, line);
  };

  const arg = (a: Arg, dot: Value, scope: Scope, line: number): Value => {
    switch (a.t) {
      case 'dot': return a.path.reduce(field, dot);
      case 'var': return a.path.reduce(field, lookup(scope, a.name, line));
      case 'str':
      case 'num':
      case 'bool': return a.v;
      case 'nil': return undefined;
      case 'pipe': return a.path.reduce(field, pipe(a.pipe, dot, scope));
      case 'ident': return call(a.name, [], dot, scope, line);
    }
  };

  const call = (name: string, args: Value[], _dot: Value, _scope: Scope, line: number): Value => {
    const fn = Object.hasOwn(functions, name) ? functions[name] : undefined;
    if (!fn) throw new TemplateError(`function "${name}" not defined`, line);
    try {
      return fn(args, ctx);
    } catch (err) {
      if (err instanceof TemplateError) throw err;
      throw new TemplateError(`error calling ${name}: ${(err as Error).message}`, line);
    }
  };

  const command = (cmd: Arg[], piped: { value: Value } | undefined, dot: Value, scope: Scope, line: number): Value => {
    const [head, ...rest] = cmd;
    if (head.t === 'ident') {
      const args = rest.map((a) => arg(a, dot, scope, line));
      if (piped) args.push(piped.value);
      return call(head.name, args, dot, scope, line);
    }
    if (rest.length > 0 || piped) throw new TemplateError(`can't give argument to non-function ${describe(head)}`, line);
    return arg(head, dot, scope, line);
  };

  const pipe = (p: Pipe, dot: Value, scope: Scope): Value => {
    let piped: { value: Value } | undefined;
    for (const cmd of p.cmds) piped = { value: command(cmd, piped, dot, scope, p.line) };
    const value = piped?.value;
    if (p.decl) {
      for (const name of p.decl.names) {
        if (p.decl.assign) assign(scope, name, value, p.line);
        else scope.vars.set(name, value);
      }
    }
    return value;
  };

  const run = (nodes: Node[], dot: Value, scope: Scope, depth: number): void => {
    for (const n of nodes) {
      switch (n.type) {
        case 'text': emit(n.text, 0); break;
        case 'action': {
          const v = pipe(n.pipe, dot, scope);
          if (!n.pipe.decl) emit(show(v), n.pipe.line);
          break;
        }
        case 'if':
        case 'with': {
          let done = false;
          for (const b of n.branches) {
            const inner: Scope = { vars: new Map(), parent: scope };
            const v = pipe(b.cond, dot, inner);
            if (truthy(v)) {
              run(b.body, n.type === 'with' ? v : dot, inner, depth);
              done = true;
              break;
            }
          }
          if (!done && n.otherwise) run(n.otherwise, dot, { vars: new Map(), parent: scope }, depth);
          break;
        }
        case 'range': {
          const outer: Scope = { vars: new Map(), parent: scope };
          const { decl } = n.pipe;
          const v = pipe({ ...n.pipe, decl: undefined }, dot, outer);
          const entries: [Value, Value][] = Array.isArray(v) ? v.map((x, i) => [i, x])
            : typeof v === 'number' ? Array.from({ length: Math.max(0, Math.trunc(v)) }, (_, i) => [i, i])
              : v && typeof v === 'object' && !(v instanceof Date) ? Object.keys(v).sort().map((k) => [k, (v as Record<string, Value>)[k]])
                : [];
          if (entries.length === 0) {
            if (n.otherwise) run(n.otherwise, dot, outer, depth);
            break;
          }
          for (const [key, elem] of entries) {
            const inner: Scope = { vars: new Map(), parent: outer };
            if (decl) {
              if (decl.names.length === 1) inner.vars.set(decl.names[0], elem);
              else { inner.vars.set(decl.names[0], key); inner.vars.set(decl.names[1], elem); }
            }
            try {
              run(n.body, elem, inner, depth);
            } catch (signal) {
              if (signal instanceof Break) break;
              if (signal instanceof Continue) continue;
              throw signal;
            }
          }
          break;
        }
        case 'template': {
          const body = tpl.defines.get(n.name);
          if (!body) throw new TemplateError(`no such template "${n.name}"`, n.line);
          if (depth >= MAX_DEPTH) throw new TemplateError(`template "${n.name}" nested deeper than ${MAX_DEPTH}`, n.line);
          const v = n.pipe ? pipe(n.pipe, dot, scope) : undefined;
          run(body, v, { vars: new Map([['$', v]]) }, depth + 1);
          break;
        }
        case 'break': throw new Break();
        case 'continue': throw new Continue();
      }
    }
  };

  run(tpl.body, data, { vars: new Map([['$', data]]) }, 0);
  return out.join('');
}

function describe(a: Arg): string {
  switch (a.t) {
    case 'dot': return `.${a.path.join('.')}`;
    case 'var': return a.name + a.path.map((p) => `.${p}`).join('');
    case 'str': return JSON.stringify(a.v);
    case 'num': return String(a.v);
    default: return a.t;
  }
}
