import { parseTree, printParseErrorCode, type Node, type ParseError as JsonSyntaxError } from 'jsonc-parser';
import { LineIndex } from '../../lines.js';
import { ParseError } from '../../parse-error.js';
import type { Location } from '../../types.js';

/**
 * Reading JSON lockfiles as a syntax tree (jsonc-parser), so every value keeps its offsets and
 * packages can point back at the lines that declare them.
 */

export type JsonNode = Node;

/** A parsed JSON document: the top-level object and a line index for its offsets. */
export interface JsonDocument {
  root: JsonNode;
  lines: LineIndex;
}

export interface JsonDialect {
  /** bun.lock is JSONC: trailing commas (and comments) are allowed. package-lock.json is strict JSON. */
  jsonc: boolean;
}

/** Parses `text`; throws ParseError (with the line of the first syntax error) on malformed input. */
export function parseJsonDocument(file: string, text: string, dialect: JsonDialect): JsonDocument {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineIndex(source);
  const errors: JsonSyntaxError[] = [];
  const root = parseTree(source, errors, {
    allowTrailingComma: dialect.jsonc,
    disallowComments: !dialect.jsonc,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (first) {
    throw new ParseError(file, `invalid JSON: ${printParseErrorCode(first.error)}`, lines.lineAt(first.offset));
  }
  if (!root) throw new ParseError(file, 'empty document');
  if (root.type !== 'object') throw new ParseError(file, `expected a JSON object, found ${root.type}`, lines.lineAt(root.offset));
  return { root, lines };
}

/** The `[key, value]` pairs of an object node, in file order; empty for anything that is not an object. */
export function objectEntries(node: JsonNode | undefined): Array<[string, JsonNode]> {
  const result: Array<[string, JsonNode]> = [];
  forEachProperty(node, (key, value) => result.push([key, value]));
  return result;
}

/** The properties of an object node by key (the last one wins on duplicate keys, as with JSON.parse). */
export function objectFields(node: JsonNode | undefined): Map<string, JsonNode> {
  const fields = new Map<string, JsonNode>();
  forEachProperty(node, (key, value) => fields.set(key, value));
  return fields;
}

function forEachProperty(node: JsonNode | undefined, visit: (key: string, value: JsonNode) => void): void {
  if (node?.type !== 'object' || !node.children) return;
  for (const property of node.children) {
    const key = property.children?.[0];
    const value = property.children?.[1];
    if (key?.type === 'string' && value) visit(key.value as string, value);
  }
}

export function stringValue(node: JsonNode | undefined): string | undefined {
  return node?.type === 'string' ? (node.value as string) : undefined;
}

export function isTrue(node: JsonNode | undefined): boolean {
  return node?.type === 'boolean' && node.value === true;
}

/** Keys of an object node whose values are strings, e.g. a `dependencies` map (name → range). */
export function stringMapKeys(node: JsonNode | undefined): string[] {
  return objectEntries(node)
    .filter(([, value]) => value.type === 'string')
    .map(([key]) => key);
}

/** Line range of a node: from the line of its first character to the line of its last one. */
export function nodeLocation(node: JsonNode, lines: LineIndex): Location {
  return {
    startLine: lines.lineAt(node.offset),
    endLine: lines.lineAt(node.offset + Math.max(node.length - 1, 0)),
  };
}

/** Throws ParseError when `key` is present but not a number, as for a malformed `lockfileVersion`. */
export function requireNumberIfPresent(file: string, fields: Map<string, JsonNode>, key: string, lines: LineIndex): void {
  const node = fields.get(key);
  if (node && node.type !== 'number') {
    throw new ParseError(file, `"${key}" must be a number, found ${node.type}`, lines.lineAt(node.offset));
  }
}
