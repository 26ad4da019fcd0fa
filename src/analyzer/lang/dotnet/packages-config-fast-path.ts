import { LineIndex } from '../../lines.js';
import type { XmlElement } from './xml-elements.js';

/**
 * Fast path for packages.config as NuGet writes it: an optional XML declaration, `<packages>`,
 * one self-closing `<package id="..." version="..." .../>` per entry, `</packages>`, with
 * whitespace and comments between them. Read with a few anchored regular expressions instead of
 * validating and parsing the XML twice (fast-xml-parser's validator, then its parser: most of the
 * time on large files).
 *
 * It answers only for texts it reads completely and that are well-formed: attribute values without
 * `<`, `&`, line breaks or surrounding blanks (nothing for an XML parser to decode or trim), no
 * repeated attribute, no other element or text. Anything else returns undefined, and the caller
 * takes the general path (xml-elements.ts), which also places errors; when the fast path answers,
 * the element tree is the one parseXmlRoot gives (test/analyzer/lang/dotnet/packages-config-fast-path.test.ts
 * compares both on every fixture, on generated files and on mutations).
 */
export function readPackagesConfigFast(content: string): XmlElement | undefined {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  let pos = 0;
  DECLARATION.lastIndex = 0;
  if (DECLARATION.test(text)) pos = DECLARATION.lastIndex;
  pos = skipMisc(text, pos);
  ROOT_OPEN.lastIndex = pos;
  const open = ROOT_OPEN.exec(text);
  if (!open) return undefined;
  const rootAttributes = attributesOf(open[1]);
  if (!rootAttributes) return undefined;
  const rootStart = pos;
  pos = ROOT_OPEN.lastIndex;

  const elements: Array<{ attributes: Record<string, string>; start: number; end: number }> = [];
  for (;;) {
    pos = skipMisc(text, pos);
    PACKAGE.lastIndex = pos;
    const element = PACKAGE.exec(text);
    if (!element) break;
    const attributes = attributesOf(element[1]);
    if (!attributes) return undefined;
    elements.push({ attributes, start: pos, end: PACKAGE.lastIndex - 1 });
    pos = PACKAGE.lastIndex;
  }
  ROOT_CLOSE.lastIndex = pos;
  if (!ROOT_CLOSE.test(text)) return undefined;
  const rootEnd = ROOT_CLOSE.lastIndex - 1;
  if (skipMisc(text, ROOT_CLOSE.lastIndex) !== text.length) return undefined;

  const lines = new LineIndex(text);
  const location = (start: number, end: number) => ({ startLine: lines.lineAt(start), endLine: lines.lineAt(end) });
  return {
    name: 'packages',
    attributes: rootAttributes,
    children: elements.map((e) => ({ name: 'package', attributes: e.attributes, children: [], location: location(e.start, e.end) })),
    location: location(rootStart, rootEnd),
  };
}

/** The XML declaration, at the very start. */
const DECLARATION = /<\?xml(?:[ \t\r\n]+[A-Za-z]+[ \t\r\n]*=[ \t\r\n]*(?:"[^"<&?]*"|'[^'<&?]*'))*[ \t\r\n]*\?>/y;
/** Attributes as a whole: ` name="value"` repeated. */
const ATTRIBUTES = String.raw`((?:[ \t\r\n]+[A-Za-z_][A-Za-z0-9_.-]*[ \t\r\n]*=[ \t\r\n]*(?:"[^"<&]*"|'[^'<&]*'))*)[ \t\r\n]*`;
const ROOT_OPEN = new RegExp(`<packages${ATTRIBUTES}>`, 'y');
const PACKAGE = new RegExp(`<package${ATTRIBUTES}/>`, 'y');
const ROOT_CLOSE = /<\/packages[ \t\r\n]*>/y;
const ATTRIBUTE = /[ \t\r\n]+([A-Za-z_][A-Za-z0-9_.-]*)[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')/g;
const MISC = /(?:[ \t\r\n]+|<!--(?:[^-]|-(?!-))*-->)*/y;

function skipMisc(text: string, pos: number): number {
  MISC.lastIndex = pos;
  MISC.test(text);
  return MISC.lastIndex;
}

/** The attributes of a tag, or undefined when one repeats or its value would need decoding or trimming. */
function attributesOf(source: string): Record<string, string> | undefined {
  const attributes: Record<string, string> = {};
  ATTRIBUTE.lastIndex = 0;
  for (let match = ATTRIBUTE.exec(source); match; match = ATTRIBUTE.exec(source)) {
    const name = match[1];
    const value = match[2] ?? match[3] ?? '';
    if (Object.hasOwn(attributes, name) || name === '__proto__' || /[\t\r\n]/.test(value) || value !== value.trim()) return undefined;
    attributes[name] = value;
  }
  return attributes;
}
