/**
 * Where the elements of one array of a JSON text are written: offsets of the first and last
 * character of each element of the array found at a path of object keys (`['object', 'pins']`
 * is `value.object.pins`). One pass over the text that only follows strings, brackets, colons
 * and commas; it does not validate, so run it on text that JSON.parse accepted.
 */

/** Offsets (inclusive) of an element's first and last character. */
export interface ElementSpan {
  start: number;
  end: number;
}

interface Frame {
  isObject: boolean;
  /** The container is the value at `path[0..depth)`. */
  onPath: boolean;
  depth: number;
  /** The array whose elements are wanted. */
  target: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

export function arrayElementSpans(text: string, path: readonly string[]): ElementSpan[] {
  const spans: ElementSpan[] = [];
  const stack: Frame[] = [];
  let stringStart = -1;
  let stringEnd = -1;
  let key: string | undefined; // the key whose value comes next in the current object
  let elementStart = -1;
  let lastNonBlank = -1;

  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
    const top = stack[stack.length - 1];
    const inTarget = top?.target === true;
    if (inTarget && elementStart < 0 && c !== COMMA && c !== CLOSE_BRACKET) elementStart = i;

    if (c === QUOTE) {
      stringStart = i;
      i = stringEnd = endOfString(text, i);
    } else if (c === COLON) {
      key = decodeString(text, stringStart, stringEnd);
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      const depth = top ? top.depth + 1 : 0;
      const onPath = !top || (top.onPath && top.isObject && key !== undefined && path[top.depth] === key);
      stack.push({ isObject: c === OPEN_BRACE, onPath, depth, target: onPath && depth === path.length && c === OPEN_BRACKET });
      key = undefined;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET || c === COMMA) {
      if (inTarget && elementStart >= 0) {
        spans.push({ start: elementStart, end: lastNonBlank });
        elementStart = -1;
      }
      if (c !== COMMA) stack.pop();
      key = undefined;
    }
    lastNonBlank = i;
  }
  return spans;
}

/** Offset of the quote closing the string opened at `start` (or the end of the text). */
function endOfString(text: string, start: number): number {
  for (let quote = text.indexOf('"', start + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return text.length;
}

function decodeString(text: string, start: number, end: number): string | undefined {
  if (start < 0) return undefined;
  const raw = text.slice(start + 1, end);
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(text.slice(start, end + 1)) as string;
  } catch {
    return raw;
  }
}
