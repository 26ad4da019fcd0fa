/** The syntax tree of a Go `text/template` (the language of Helm templates). */

/** A value expression inside an action. */
export type Operand =
  | { kind: 'field'; chain: string[] }
  | { kind: 'variable'; name: string; chain: string[] }
  | { kind: 'identifier'; name: string }
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'pipeline'; pipeline: Pipeline; chain: string[] };

/** One command of a pipeline: a function or method and its arguments, or a single operand. */
export interface Command {
  args: Operand[];
}

/** `$x := a | b c` — declarations (or assignments) and the commands. */
export interface Pipeline {
  variables: string[];
  assign: boolean;
  commands: Command[];
  /** Line of the action, for error messages. */
  line: number;
}

/** A node of a template body: text, an output action, or a control structure. */
export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'action'; pipeline: Pipeline }
  | { kind: 'if' | 'with'; branches: { pipeline: Pipeline; body: TemplateNode[] }[]; otherwise?: TemplateNode[] }
  | { kind: 'range'; pipeline: Pipeline; body: TemplateNode[]; otherwise?: TemplateNode[] }
  | { kind: 'template'; name: string; pipeline?: Pipeline; line: number }
  | { kind: 'break' }
  | { kind: 'continue' };

/** A parsed template file: its body and the named templates it defines. */
export interface ParsedTemplate {
  body: TemplateNode[];
  defines: Map<string, TemplateNode[]>;
}
