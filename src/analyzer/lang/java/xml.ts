/**
 * A small XML reader for Maven POMs: elements with their text and the offsets of their tags, so a
 * `<dependency>` can be placed on its lines (no XML library gives positions cheaply).
 *
 * It reads elements, text, CDATA, comments, processing instructions and a DOCTYPE (skipped), and
 * decodes the predefined and numeric character references. Names lose their namespace prefix.
 * Mismatched or unclosed tags, invalid names, a missing root and content after the root are
 * syntax errors (`XmlSyntaxError` with the offset), as an XML parser reports them.
 */

export interface XmlElement {
  /** Local name: `project`, `dependency` (a `pom:` prefix is dropped). */
  name: string;
  children: XmlElement[];
  /** Text directly inside the element (character references decoded, CDATA included), untrimmed. */
  text: string;
  /** Offset of the `>` ending the start tag. */
  start: number;
  /** Offset of the `>` ending the end tag (the start tag's own for `<empty/>`). */
  end: number;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/** Parses a document and returns its root element. */
export function parseXml(text: string): XmlElement {
  return new Reader(text).document();
}

/** The first child element named `name`. */
export function child(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((c) => c.name === name);
}

/** Every child element named `name`. */
export function children(element: XmlElement | undefined, name: string): XmlElement[] {
  return element ? element.children.filter((c) => c.name === name) : [];
}

/** The trimmed text of the first child named `name`; undefined when there is no such child. */
export function childText(element: XmlElement | undefined, name: string): string | undefined {
  const found = child(element, name);
  return found ? found.text.trim() : undefined;
}

// ---------------------------------------------------------------------------------------------

const NAME = /^[A-Za-z_:\u00C0-\uFFFF][\w.:\-\u00B7\u00C0-\uFFFF]*$/;

class Reader {
  private pos = 0;
  private readonly stack: XmlElement[] = [];
  private root: XmlElement | undefined;

  constructor(private readonly text: string) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  document(): XmlElement {
    const { text } = this;
    while (this.pos < text.length) {
      const lt = text.indexOf('<', this.pos);
      const textEnd = lt === -1 ? text.length : lt;
      if (textEnd > this.pos) this.characters(this.pos, textEnd);
      if (lt === -1) break;
      this.markup(lt);
    }
    const open = this.stack[this.stack.length - 1];
    if (open) throw new XmlSyntaxError(`unclosed element <${open.name}>`, text.length);
    if (!this.root) throw new XmlSyntaxError('no root element', text.length);
    return this.root;
  }

  /** Character data between `from` and `to`: inside an element it is text, outside only whitespace may be. */
  private characters(from: number, to: number): void {
    const current = this.stack[this.stack.length - 1];
    const raw = this.text.slice(from, to);
    if (current) current.text += raw.includes('&') ? decodeReferences(raw, from) : raw;
    else if (raw.trim() !== '') throw new XmlSyntaxError(this.root ? 'content after the root element' : 'text before the root element', from);
  }

  private markup(lt: number): void {
    const { text } = this;
    if (text.startsWith('<!--', lt)) this.pos = this.skipPast('-->', lt + 4, 'unterminated comment');
    else if (text.startsWith('<![CDATA[', lt)) this.cdata(lt);
    else if (text.startsWith('<?', lt)) this.pos = this.skipPast('?>', lt + 2, 'unterminated processing instruction');
    else if (text.startsWith('<!', lt)) this.pos = this.skipDeclaration(lt);
    else if (text.charCodeAt(lt + 1) === 0x2f /* / */) this.endTag(lt);
    else this.startTag(lt);
  }

  private skipPast(terminator: string, from: number, error: string): number {
    const at = this.text.indexOf(terminator, from);
    if (at === -1) throw new XmlSyntaxError(error, from);
    return at + terminator.length;
  }

  private cdata(lt: number): void {
    const end = this.skipPast(']]>', lt + 9, 'unterminated CDATA section');
    const current = this.stack[this.stack.length - 1];
    if (!current) throw new XmlSyntaxError('CDATA outside the root element', lt);
    current.text += this.text.slice(lt + 9, end - 3);
    this.pos = end;
  }

  /** `<!DOCTYPE ...>` with an optional internal subset in brackets. */
  private skipDeclaration(lt: number): number {
    let depth = 0;
    for (let i = lt + 2; i < this.text.length; i++) {
      const c = this.text[i];
      if (c === '"' || c === "'") {
        const close = this.text.indexOf(c, i + 1);
        if (close === -1) break;
        i = close;
      } else if (c === '[') depth++;
      else if (c === ']') depth--;
      else if (c === '>' && depth <= 0) return i + 1;
    }
    throw new XmlSyntaxError('unterminated declaration', lt);
  }

  private startTag(lt: number): void {
    const gt = this.tagEnd(lt);
    const selfClosing = this.text.charCodeAt(gt - 1) === 0x2f;
    const body = this.text.slice(lt + 1, selfClosing ? gt - 1 : gt);
    const nameEnd = body.search(/[\s/]|$/);
    const qualified = body.slice(0, nameEnd);
    if (!NAME.test(qualified)) throw new XmlSyntaxError(`invalid element name ${JSON.stringify(qualified)}`, lt);
    checkAttributes(body.slice(nameEnd), lt);
    const parent = this.stack[this.stack.length - 1];
    if (!parent && this.root) throw new XmlSyntaxError('more than one root element', lt);
    const element: XmlElement = { name: localName(qualified), children: [], text: '', start: gt, end: gt };
    if (parent) parent.children.push(element);
    else this.root = element;
    if (!selfClosing) this.stack.push(element);
    this.pos = gt + 1;
  }

  private endTag(lt: number): void {
    const gt = this.text.indexOf('>', lt);
    if (gt === -1) throw new XmlSyntaxError('unterminated end tag', lt);
    const name = this.text.slice(lt + 2, gt).trim();
    const open = this.stack.pop();
    if (!open) throw new XmlSyntaxError(`unexpected end tag </${name}>`, lt);
    if (localName(name) !== open.name || !NAME.test(name)) {
      throw new XmlSyntaxError(`end tag </${name}> does not match <${open.name}>`, lt);
    }
    open.end = gt;
    this.pos = gt + 1;
  }

  /** Offset of the `>` closing the tag opened at `lt`, skipping quoted attribute values. */
  private tagEnd(lt: number): number {
    const { text } = this;
    for (let i = lt + 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x3e /* > */) return i;
      if (c === 0x3c /* < */) break;
      if (c === 0x22 || c === 0x27) {
        const close = text.indexOf(text[i], i + 1);
        if (close === -1) break;
        i = close;
      }
    }
    throw new XmlSyntaxError('unterminated start tag', lt);
  }
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon === -1 ? qualified : qualified.slice(colon + 1);
}

/** Attributes must be `name="value"` or `name='value'` pairs. */
function checkAttributes(source: string, offset: number): void {
  const rest = source.replace(/\s*[^\s=]+\s*=\s*("[^"]*"|'[^']*')/g, '').trim();
  if (rest !== '') throw new XmlSyntaxError(`malformed attributes ${JSON.stringify(rest.slice(0, 40))}`, offset);
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes `&lt;`, `&#65;`, `&#x41;`; a reference to an entity a DTD would define is kept as written. */
function decodeReferences(raw: string, offset: number): string {
  return raw.replace(/&([^;\s&<]*);?/g, (whole, ref: string, at: number) => {
    if (!whole.endsWith(';')) throw new XmlSyntaxError('unterminated character reference', offset + at);
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      if (!Number.isInteger(code) || code < 0 || code > 0x10ffff) throw new XmlSyntaxError(`invalid character reference ${whole}`, offset + at);
      return String.fromCodePoint(code);
    }
    return PREDEFINED[ref] ?? whole;
  });
}
