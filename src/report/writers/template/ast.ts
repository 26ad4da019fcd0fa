/** The syntax tree of a Go text/template (the subset picket runs; docs/templates.md lists it). */

export type Arg =
  | { t: 'dot'; path: string[] }
  | { t: 'var'; name: string; path: string[] }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number }
  | { t: 'bool'; v: boolean }
  | { t: 'nil' }
  | { t: 'ident'; name: string }
  | { t: 'pipe'; pipe: Pipe; path: string[] };

/** `$a, $b := cmd | cmd`: commands, each a function or value and its arguments. */
export interface Pipe {
  decl?: { names: string[]; assign: boolean };
  cmds: Arg[][];
  line: number;
}

export type Node =
  | { type: 'text'; text: string }
  | { type: 'action'; pipe: Pipe }
  | { type: 'if' | 'with'; branches: { cond: Pipe; body: Node[] }[]; otherwise?: Node[] }
  | { type: 'range'; pipe: Pipe; body: Node[]; otherwise?: Node[] }
  | { type: 'template'; name: string; pipe?: Pipe; line: number }
  | { type: 'break' | 'continue' };

/** A parsed template: its main body and the `define`d ones by name. */
export interface Template {
  body: Node[];
  defines: Map<string, Node[]>;
}

/** A mistake in a template or its execution, with the line it is on. */
export class TemplateError extends Error {
  constructor(message: string, readonly line: number) {
    super(`line ${line}: ${message}`);
    this.name = 'TemplateError';
  }
}
