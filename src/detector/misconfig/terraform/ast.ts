/**
 * The HCL2 syntax tree picket's Terraform reader produces: bodies of attributes and blocks, and
 * expressions, each with the file and 1-based lines they come from (for causes and code excerpts).
 */

/** Where a node is: the file and its first and last line. */
export interface Span {
  file: string;
  startLine: number;
  endLine: number;
}

/** One step of a traversal: `.name`, `[expr]` or `[*]`/`.*` (splat). */
export type TraversalStep = { kind: 'attr'; name: string } | { kind: 'index'; key: Expr } | { kind: 'splat' };

/** An HCL expression. */
export type Expr = Span &
  (
    | { type: 'literal'; value: string | number | boolean | null }
    | { type: 'template'; parts: (string | Expr)[]; directives?: boolean }
    | { type: 'tuple'; items: Expr[] }
    | { type: 'object'; items: { key: Expr; bareKey?: string; value: Expr }[] }
    | { type: 'call'; name: string; args: Expr[]; expandFinal: boolean }
    | { type: 'variable'; name: string }
    | { type: 'traverse'; target: Expr; steps: TraversalStep[] }
    | { type: 'conditional'; condition: Expr; whenTrue: Expr; whenFalse: Expr }
    | { type: 'binary'; op: string; left: Expr; right: Expr }
    | { type: 'unary'; op: string; operand: Expr }
    | { type: 'paren'; inner: Expr }
    | {
        type: 'for';
        keyVar?: string;
        valueVar: string;
        collection: Expr;
        keyExpr?: Expr;
        valueExpr: Expr;
        condition?: Expr;
        isObject: boolean;
        grouping: boolean;
      }
  );

/** `name = expression` in a body. */
export interface Attribute extends Span {
  name: string;
  expr: Expr;
}

/** `type "label" ... { body }`. */
export interface Block extends Span {
  type: string;
  labels: string[];
  body: Body;
}

/** The content of a file or a block. */
export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

/** One parsed `.tf` / `.tf.json` file. */
export interface HclFile {
  path: string;
  body: Body;
}
