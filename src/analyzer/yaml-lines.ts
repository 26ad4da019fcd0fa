/**
 * A fast reader for the plain block YAML that tools write for their lockfiles (pubspec.lock,
 * Podfile.lock): one `key: value`, `key:`, `- item` or `- key:` per line, values plain or
 * quoted on the same line. The general YAML parser is 5-20x slower on such files.
 *
 * Anything outside that subset (flow collections other than `{}`/`[]`, block scalars, anchors,
 * tags, multi-line scalars, tabs, document markers) makes `readYamlLines` return undefined, and
 * the caller falls back to the full parser, which also reports syntax errors.
 */

export interface YamlLine {
  /** 1-based line number. */
  line: number;
  /** Column of the key or item text (after `- `, if any). */
  indent: number;
  /** Column of the `- ` when the line is a list item. */
  dashIndent?: number;
  /** `key:` or `key: value`; undefined for a list item that is a bare scalar. */
  key?: string;
  /** The scalar value (of the key, or the item itself); undefined for `key:` with nothing after it. */
  value?: string;
  /** `key: {}` / `key: []`. */
  empty?: 'map' | 'list';
}

/** The lines of `text`, or undefined when it is not in the subset. */
export function readYamlLines(text: string): YamlLine[] | undefined {
  const lines: YamlLine[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let number = 1; start <= text.length; number++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const raw = text.charCodeAt(end - 1) === 0x0d ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    const parsed = readLine(raw, number);
    if (parsed === undefined) return undefined;
    if (parsed !== null) lines.push(parsed);
  }
  return lines;
}

/** null for a blank or comment line, undefined when outside the subset. */
function readLine(raw: string, line: number): YamlLine | null | undefined {
  let i = 0;
  while (raw.charCodeAt(i) === 0x20) i++;
  if (i === raw.length || raw[i] === '#') return null;
  if (raw[i] === '\t') return undefined;
  let dashIndent: number | undefined;
  if (raw[i] === '-' && (i + 1 === raw.length || raw[i + 1] === ' ')) {
    if (raw.startsWith('---', i)) return undefined;
    dashIndent = i;
    i += 1;
    while (raw.charCodeAt(i) === 0x20) i++;
    if (i === raw.length) return undefined; // `-` alone: the item's value is on the next lines
  }
  const indent = i;
  const first = readScalar(raw, i, true);
  if (!first) return undefined;
  const result: YamlLine = { line, indent, ...(dashIndent !== undefined ? { dashIndent } : {}) };
  let j = skipSpaces(raw, first.end);
  if (raw[j] !== ':') {
    if (j < raw.length && raw[j] !== '#') return undefined;
    if (dashIndent === undefined) return undefined; // a bare scalar line (multi-line scalar)
    result.value = first.value;
    return result;
  }
  result.key = first.value;
  j = skipSpaces(raw, j + 1);
  if (j === raw.length || raw[j] === '#') return result;
  const rest = raw.slice(j).replace(/\s+#.*$/, '').trimEnd();
  if (rest === '{}' || rest === '[]') return { ...result, empty: rest === '{}' ? 'map' : 'list' };
  const value = readScalar(raw, j, false);
  if (!value) return undefined;
  const after = skipSpaces(raw, value.end);
  if (after < raw.length && raw[after] !== '#') return undefined;
  result.value = value.value;
  return result;
}

function skipSpaces(raw: string, i: number): number {
  while (raw.charCodeAt(i) === 0x20) i++;
  return i;
}

/** Characters that start something other than a plain scalar. */
const INDICATORS = new Set(['[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '%', '@', '`', '?', ',']);

/**
 * A scalar starting at `i`: double-quoted, single-quoted or plain. A plain key ends before `: `
 * or a final `:`; a plain value runs to the end of the line (or a ` #` comment).
 */
function readScalar(raw: string, i: number, isKey: boolean): { value: string; end: number } | undefined {
  const c = raw[i];
  if (c === '"') return readDoubleQuoted(raw, i);
  if (c === "'") return readSingleQuoted(raw, i);
  if (INDICATORS.has(c) || ((c === '-' || c === ':') && raw[i + 1] === ' ')) return undefined;
  let end = i;
  while (end < raw.length) {
    const ch = raw[end];
    if (isKey && ch === ':' && (end + 1 === raw.length || raw[end + 1] === ' ')) break;
    if (ch === '#' && raw[end - 1] === ' ') break;
    end++;
  }
  const value = raw.slice(i, end).trimEnd();
  if (value === '') return undefined;
  if (!isKey && /: |:$/.test(value)) return undefined; // `a: b: c` is not valid YAML
  return { value, end: i + value.length };
}

function readDoubleQuoted(raw: string, i: number): { value: string; end: number } | undefined {
  for (let j = i + 1; j < raw.length; j++) {
    if (raw[j] === '\\') {
      j++;
      continue;
    }
    if (raw[j] !== '"') continue;
    try {
      const value: unknown = JSON.parse(raw.slice(i, j + 1));
      return typeof value === 'string' ? { value, end: j + 1 } : undefined;
    } catch {
      return undefined; // a YAML-only escape: leave it to the full parser
    }
  }
  return undefined;
}

function readSingleQuoted(raw: string, i: number): { value: string; end: number } | undefined {
  let value = '';
  for (let j = i + 1; j < raw.length; j++) {
    if (raw[j] !== "'") {
      value += raw[j];
      continue;
    }
    if (raw[j + 1] === "'") {
      value += "'";
      j++;
      continue;
    }
    return { value, end: j + 1 };
  }
  return undefined;
}
