/**
 * Terraform's JSON syntax (`.tf.json`, `.tfvars.json`) → the same syntax tree as HCL files. Top-level
 * keys are block types with their labels as nested keys (`resource` → type → name → body); inside
 * a body every key is an attribute (nested blocks are then read from object values, see
 * `EvalBlock.childBlocks`). Strings holding `${...}` are templates.
 */
import { createRequire } from 'node:module';
import type { Node, ParseError as JsonError } from 'jsonc-parser';
import { ParseError } from '../../../analyzer/parse-error.js';
import { SourceLines } from '../yaml/source-lines.js';
import type { Attribute, Block, Body, Expr, HclFile, Span } from './ast.js';
import { parseHclExpression } from './parse.js';

type JsoncParser = typeof import('jsonc-parser');
let jsonc: JsoncParser | undefined;
/** jsonc-parser, loaded on the first `.tf.json` file. */
const jsoncParser = (): JsoncParser => (jsonc ??= createRequire(import.meta.url)('jsonc-parser') as JsoncParser);

const LABELS: Record<string, number> = { resource: 2, data: 2, module: 1, variable: 1, output: 1, provider: 1, locals: 0, terraform: 0, moved: 0, import: 0, check: 1 };

/** Parses a `.tf.json` file. Throws `ParseError` on invalid JSON. */
export function parseTerraformJson(path: string, text: string): HclFile {
  const root = jsonRoot(path, text);
  const lines = new SourceLines(text);
  const span = (node: Node): Span => ({ file: path, startLine: lines.lineAt(node.offset), endLine: lines.lineAt(node.offset + Math.max(0, node.length - 1)) });
  const blocks: Block[] = [];
  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const type = String(keyNode.value);
    const labelCount = LABELS[type] ?? 0;
    const collect = (node: Node, labels: string[], keySpan: Node): void => {
      if (labels.length === labelCount) {
        const bodies = node.type === 'array' ? (node.children ?? []) : [node];
        for (const body of bodies) {
          if (body.type === 'object') blocks.push({ type, labels, body: toBody(body, path, text, span), ...span(labels.length > 0 ? keySpan : body) });
        }
        return;
      }
      if (node.type !== 'object') return;
      for (const child of node.children ?? []) {
        const [k, v] = child.children ?? [];
        if (k && v) collect(v, [...labels, String(k.value)], child);
      }
    };
    collect(valueNode, [], property);
  }
  return { path, body: { attributes: [], blocks } };
}

/** The attributes of a `.tfvars.json` file. */
export function parseTfvarsJson(path: string, text: string): Attribute[] {
  const root = jsonRoot(path, text);
  const lines = new SourceLines(text);
  const span = (node: Node): Span => ({ file: path, startLine: lines.lineAt(node.offset), endLine: lines.lineAt(node.offset + Math.max(0, node.length - 1)) });
  return toBody(root, path, text, span).attributes;
}

function jsonRoot(path: string, text: string): Node {
  const errors: JsonError[] = [];
  const { parseTree, printParseErrorCode } = jsoncParser();
  const root = parseTree(text, errors, { allowTrailingComma: true });
  if (errors.length > 0 || !root || root.type !== 'object') {
    const offset = errors[0]?.offset ?? 0;
    throw new ParseError(path, errors[0] ? `invalid JSON: ${printParseErrorCode(errors[0].error)}` : 'expected a JSON object', new SourceLines(text).lineAt(offset));
  }
  return root;
}

function toBody(node: Node, path: string, text: string, span: (n: Node) => Span): Body {
  const attributes: Attribute[] = [];
  for (const property of node.children ?? []) {
    const [k, v] = property.children ?? [];
    if (!k || !v) continue;
    attributes.push({ name: String(k.value), expr: toExpr(v, path, text, span), ...span(property) });
  }
  return { attributes, blocks: [] };
}

function toExpr(node: Node, path: string, text: string, span: (n: Node) => Span): Expr {
  const where = span(node);
  switch (node.type) {
    case 'object':
      return {
        type: 'object',
        items: (node.children ?? []).flatMap((p) => {
          const [k, v] = p.children ?? [];
          return k && v ? [{ key: { type: 'literal' as const, value: String(k.value), ...span(k) }, bareKey: String(k.value), value: toExpr(v, path, text, span) }] : [];
        }),
        ...where,
      };
    case 'array':
      return { type: 'tuple', items: (node.children ?? []).map((c) => toExpr(c, path, text, span)), ...where };
    case 'string': {
      const value = String(node.value);
      if (!value.includes('${')) return { type: 'literal', value, ...where };
      try {
        const quoted = `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
        return { ...parseHclExpression(path, quoted), ...where };
      } catch {
        return { type: 'literal', value, ...where };
      }
    }
    default:
      return { type: 'literal', value: node.value as string | number | boolean | null, ...where };
  }
}
