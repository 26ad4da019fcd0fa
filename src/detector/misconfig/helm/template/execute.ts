/**
 * Executes parsed Go templates: dot and variables, fields and method calls, pipelines (the value
 * of each command is the last argument of the next), `if`/`with`/`range` (over lists, maps sorted
 * by key, and integers), `template`/`include` of named templates, `break`/`continue`.
 */
import type { Command, Operand, Pipeline, TemplateNode } from './ast.js';
import { isMapping, printValue, truth } from './values.js';
import type { TemplateMethod } from './values.js';

/** An error while rendering (a `fail`/`required` call, a missing template, too deep recursion). */
export class TemplateRenderError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TemplateRenderError';
  }
}

/** A template function: receives the evaluated arguments. */
export type TemplateFunction = (this: Renderer, ...args: unknown[]) => unknown;

class BreakSignal {}
class ContinueSignal {}
const BREAK = new BreakSignal();
const CONTINUE = new ContinueSignal();
const MAX_DEPTH = 100;

interface Frame {
  vars: { name: string; value: unknown }[];
}

/** Renders templates sharing one set of named templates and functions. */
export class Renderer {
  private depth = 0;

  constructor(
    readonly templates: Map<string, TemplateNode[]>,
    readonly functions: Record<string, TemplateFunction>,
  ) {}

  /** Renders `nodes` with `dot` as both `.` and `$`. */
  render(nodes: TemplateNode[], dot: unknown): string {
    const frame: Frame = { vars: [{ name: '$', value: dot }] };
    return this.execList(nodes, dot, frame);
  }

  /** Renders the named template (`include`, `template`). */
  renderNamed(name: string, dot: unknown): string {
    const nodes = this.templates.get(name);
    if (!nodes) throw new TemplateRenderError(`no template "${name}" defined`);
    if (++this.depth > MAX_DEPTH) {
      this.depth = 0;
      throw new TemplateRenderError(`template "${name}": too deep recursion`);
    }
    try {
      return this.render(nodes, dot);
    } finally {
      this.depth--;
    }
  }

  private fn(name: string): TemplateFunction | undefined {
    return Object.prototype.hasOwnProperty.call(this.functions, name) ? this.functions[name] : undefined;
  }

  private execList(nodes: TemplateNode[], dot: unknown, frame: Frame): string {
    let out = '';
    for (const node of nodes) out += this.exec(node, dot, frame);
    return out;
  }

  private scoped(frame: Frame, run: () => string): string {
    const mark = frame.vars.length;
    try {
      return run();
    } finally {
      frame.vars.length = mark;
    }
  }

  private exec(node: TemplateNode, dot: unknown, frame: Frame): string {
    switch (node.kind) {
      case 'text':
        return node.text;
      case 'action': {
        const value = this.pipeline(node.pipeline, dot, frame);
        return node.pipeline.variables.length > 0 ? '' : printValue(value);
      }
      case 'if':
      case 'with':
        return this.scoped(frame, () => {
          for (const branch of node.branches) {
            const value = this.pipeline(branch.pipeline, dot, frame);
            if (truth(value)) return this.execList(branch.body, node.kind === 'with' ? value : dot, frame);
          }
          return node.otherwise ? this.execList(node.otherwise, dot, frame) : '';
        });
      case 'range':
        return this.scoped(frame, () => this.range(node, dot, frame));
      case 'template': {
        const value = node.pipeline ? this.pipeline(node.pipeline, dot, frame) : undefined;
        return this.renderNamed(node.name, value);
      }
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
    }
  }

  private range(node: Extract<TemplateNode, { kind: 'range' }>, dot: unknown, frame: Frame): string {
    const collection = this.pipeline({ ...node.pipeline, variables: [] }, dot, frame);
    let entries: [unknown, unknown][];
    if (Array.isArray(collection)) entries = collection.map((v, i) => [i, v]);
    else if (isMapping(collection)) entries = Object.keys(collection).sort().map((k) => [k, collection[k]]);
    else if (typeof collection === 'number' && Number.isInteger(collection)) entries = Array.from({ length: Math.max(0, collection) }, (_, i) => [i, i]);
    else entries = [];
    if (entries.length === 0) return node.otherwise ? this.execList(node.otherwise, dot, frame) : '';
    let out = '';
    const [first, second] = node.pipeline.variables;
    for (const [key, value] of entries) {
      const mark = frame.vars.length;
      if (second !== undefined) frame.vars.push({ name: first, value: key }, { name: second, value });
      else if (first !== undefined) frame.vars.push({ name: first, value });
      try {
        out += this.execList(node.body, value, frame);
      } catch (signal) {
        if (signal === BREAK) break;
        if (signal !== CONTINUE) throw signal;
      } finally {
        frame.vars.length = mark;
      }
    }
    return out;
  }

  private pipeline(pipeline: Pipeline, dot: unknown, frame: Frame): unknown {
    let value: unknown;
    let first = true;
    for (const command of pipeline.commands) {
      value = this.command(command, dot, frame, first ? undefined : { value });
      first = false;
    }
    for (const name of pipeline.variables) {
      if (pipeline.assign) {
        const existing = [...frame.vars].reverse().find((v) => v.name === name);
        if (existing) existing.value = value;
        else frame.vars.push({ name, value });
      } else frame.vars.push({ name, value });
    }
    return value;
  }

  private command(command: Command, dot: unknown, frame: Frame, piped: { value: unknown } | undefined): unknown {
    const [head, ...rest] = command.args;
    const args = () => [...rest.map((a) => this.operand(a, dot, frame)), ...(piped ? [piped.value] : [])];
    if (head.kind === 'identifier') {
      const fn = this.fn(head.name);
      if (!fn) throw new TemplateRenderError(`function "${head.name}" not defined`);
      if (head.name === 'and' || head.name === 'or') return this.logical(head.name, rest, dot, frame, piped);
      return fn.apply(this, args());
    }
    // a method call: `.Capabilities.APIVersions.Has "x"`, `.Files.Get "a"`
    if ((head.kind === 'field' || head.kind === 'variable') && (rest.length > 0 || piped)) {
      const target = this.operand(head, dot, frame);
      if (typeof target === 'function') return (target as TemplateMethod)(...args());
    }
    const value = this.operand(head, dot, frame);
    if (typeof value === 'function' && rest.length === 0 && !piped) return (value as TemplateMethod)();
    return value;
  }

  private logical(name: 'and' | 'or', operands: Operand[], dot: unknown, frame: Frame, piped: { value: unknown } | undefined): unknown {
    const values = [...operands.map((o) => () => this.operand(o, dot, frame)), ...(piped ? [() => piped.value] : [])];
    let last: unknown;
    for (const get of values) {
      last = get();
      if (name === 'and' ? !truth(last) : truth(last)) return last;
    }
    return last;
  }

  private operand(operand: Operand, dot: unknown, frame: Frame): unknown {
    switch (operand.kind) {
      case 'literal':
        return operand.value;
      case 'field':
        return follow(dot, operand.chain);
      case 'variable': {
        const found = [...frame.vars].reverse().find((v) => v.name === operand.name);
        if (!found) throw new TemplateRenderError(`undefined variable "${operand.name}"`);
        return follow(found.value, operand.chain);
      }
      case 'pipeline':
        return follow(this.pipeline(operand.pipeline, dot, frame), operand.chain);
      case 'identifier': {
        const fn = this.fn(operand.name);
        if (!fn) throw new TemplateRenderError(`function "${operand.name}" not defined`);
        return fn.apply(this);
      }
    }
  }
}

/** Follows field names through maps (missing keys and nil give undefined, as Helm renders them empty). */
function follow(value: unknown, chain: string[]): unknown {
  let current = value;
  for (const name of chain) {
    if (current === null || current === undefined) return undefined;
    if (isMapping(current)) current = current[name];
    else return undefined;
  }
  return current;
}
