import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LineIndex } from '../../lines.js';
import { ParseError } from '../../parse-error.js';
import type { Location } from '../../types.js';

/**
 * The element tree of a small XML document (packages.config, *.props), each element with its
 * attributes and its line range, for the NuGet analyzers. fast-xml-parser checks well-formedness
 * (its validator reports the line of the first error) and, with `captureMetaData`, gives each
 * element's start and end offsets. Text content, comments and processing instructions are dropped.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  location: Location;
}

/** One node of fast-xml-parser's `preserveOrder` output: `{tag: children, ':@': attributes}`. */
type OrderedNode = Record<string, unknown>;

const ATTRIBUTES = ':@';
const META = XMLParser.getMetaDataSymbol() as unknown as string;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  captureMetaData: true,
});

/** The root element; throws ParseError when the text is not well-formed XML or has no element. */
export function parseXmlRoot(file: string, content: string): XmlElement {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new ParseError(file, `invalid XML: ${valid.err.msg}`, valid.err.line);
  const lines = new LineIndex(text);
  const root = elementsOf(parser.parse(text) as OrderedNode[], lines)[0];
  if (!root) throw new ParseError(file, 'invalid XML: no root element', 1);
  return root;
}

function elementsOf(nodes: OrderedNode[], lines: LineIndex): XmlElement[] {
  const elements: XmlElement[] = [];
  for (const node of nodes) {
    const name = Object.keys(node).find((key) => key !== ATTRIBUTES);
    if (!name || name.startsWith('?') || name === '#text') continue;
    const children = node[name];
    const meta = (node as Record<string, { startIndex?: number; endIndex?: number } | undefined>)[META];
    const start = meta?.startIndex ?? 0;
    const end = Math.max(start, (meta?.endIndex ?? start + 1) - 1);
    elements.push({
      name,
      attributes: stringAttributes(node[ATTRIBUTES]),
      children: Array.isArray(children) ? elementsOf(children as OrderedNode[], lines) : [],
      location: { startLine: lines.lineAt(start), endLine: lines.lineAt(end) },
    });
  }
  return elements;
}

function stringAttributes(value: unknown): Record<string, string> {
  const attributes: Record<string, string> = {};
  if (typeof value !== 'object' || value === null) return attributes;
  for (const [key, attribute] of Object.entries(value)) if (typeof attribute === 'string') attributes[key] = attribute;
  return attributes;
}
