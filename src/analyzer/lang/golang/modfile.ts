/**
 * The go.mod syntax (https://go.dev/ref/mod#go-mod-file-grammar), with line numbers.
 *
 * A file is a list of directives, one per line (`require example.org/m v1.2.3`), or factored into
 * a block (`require (` ... `)`, one entry per line). Tokens are separated by blanks; `//` starts
 * a comment to the end of the line; strings may be quoted (`"..."` with Go escapes, or raw
 * backquotes). A require line whose trailing comment is `// indirect` (or starts with
 * `// indirect;`) is an indirect requirement.
 *
 * Only what dependency analysis needs is kept: module, go, toolchain, require, replace and
 * exclude. The other directives (godebug, retract, tool, ignore) are accepted and skipped; an
 * unknown directive, a missing block end or an entry with the wrong shape is an error, as in
 * `go mod` itself.
 */
import { unquotePrefix } from './buildinfo.js';

export interface ModVersion {
  path: string;
  /** Empty for a replacement by a local directory. */
  version: string;
}

export interface Require extends ModVersion {
  indirect: boolean;
  line: number;
}

export interface Replace {
  old: { path: string; version?: string };
  new: ModVersion;
  line: number;
}

export interface ModFile {
  module?: { path: string; line: number };
  go?: string;
  toolchain?: string;
  require: Require[];
  replace: Replace[];
  exclude: Array<ModVersion & { line: number }>;
}

export class ModFileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const KNOWN_VERBS = new Set(['module', 'go', 'toolchain', 'godebug', 'require', 'exclude', 'replace', 'retract', 'tool', 'ignore']);

interface Line {
  tokens: string[];
  comment: string;
  number: number;
}

export function parseModFile(text: string): ModFile {
  const mod: ModFile = { require: [], replace: [], exclude: [] };
  const lines = lex(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const [verb, ...args] = line.tokens;
    if (!KNOWN_VERBS.has(verb)) throw new ModFileError(`unknown directive: ${verb}`, line.number);
    if (args.length === 1 && args[0] === '(') {
      let end = i + 1;
      for (; end < lines.length && !(lines[end].tokens.length === 1 && lines[end].tokens[0] === ')'); end++) {
        directive(mod, verb, lines[end].tokens, lines[end]);
      }
      if (end >= lines.length) throw new ModFileError(`unterminated ${verb} block`, line.number);
      i = end;
      continue;
    }
    if (verb === ')' || args.includes('(') || args.includes(')')) throw new ModFileError('unexpected parenthesis', line.number);
    directive(mod, verb, args, line);
  }
  return mod;
}

function directive(mod: ModFile, verb: string, args: string[], line: Line): void {
  const fail = (usage: string): never => {
    throw new ModFileError(`usage: ${usage}`, line.number);
  };
  switch (verb) {
    case 'module':
      if (args.length !== 1) fail('module module/path');
      mod.module = { path: args[0], line: line.number };
      break;
    case 'go':
      if (args.length !== 1 || !/^1(\.\d+){0,2}((rc|beta)\d+)?$/.test(args[0])) fail('go 1.23');
      mod.go = args[0];
      break;
    case 'toolchain':
      if (args.length !== 1) fail('toolchain go1.23.0');
      mod.toolchain = args[0];
      break;
    case 'require':
    case 'exclude':
      if (args.length !== 2 || !isModuleVersion(args[1])) fail(`${verb} module/path v1.2.3`);
      if (verb === 'require') mod.require.push({ path: args[0], version: args[1], indirect: isIndirect(line.comment), line: line.number });
      else mod.exclude.push({ path: args[0], version: args[1], line: line.number });
      break;
    case 'replace':
      mod.replace.push(replaceOf(args, line.number) ?? fail('replace module/path [v1.2.3] => other/module v1.4.5 or local/directory'));
      break;
    default:
      break; // godebug, retract, tool, ignore: nothing to collect
  }
}

function replaceOf(args: string[], lineNumber: number): Replace | undefined {
  const arrow = args.indexOf('=>');
  if (arrow !== 1 && arrow !== 2) return undefined;
  const oldVersion = arrow === 2 ? args[1] : undefined;
  const rhs = args.slice(arrow + 1);
  if (rhs.length === 0 || rhs.length > 2) return undefined;
  if (oldVersion !== undefined && !isModuleVersion(oldVersion)) return undefined;
  const newVersion = rhs[1] ?? '';
  if (newVersion !== '' && !isModuleVersion(newVersion)) return undefined;
  if (newVersion === '' && !isLocalPath(rhs[0])) return undefined;
  return { old: { path: args[0], ...(oldVersion !== undefined ? { version: oldVersion } : {}) }, new: { path: rhs[0], version: newVersion }, line: lineNumber };
}

function isLocalPath(path: string): boolean {
  return path.startsWith('./') || path.startsWith('../') || path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path === '.' || path === '..';
}

const VERSION = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

function isModuleVersion(v: string): boolean {
  return VERSION.test(v);
}

/** `// indirect`, or `// indirect; anything`. */
function isIndirect(comment: string): boolean {
  const text = comment.trim();
  return text === 'indirect' || text.startsWith('indirect;');
}

// ---------------------------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------------------------

/** The non-empty lines of the file as tokens, with the text of a trailing `//` comment. */
function lex(text: string): Line[] {
  const lines: Line[] = [];
  let number = 0;
  for (const raw of text.split('\n')) {
    number++;
    const line = lexLine(raw, number);
    if (line.tokens.length > 0) lines.push(line);
  }
  return lines;
}

const SPECIAL = /["`()]/;
const BLANKS = /[ \t\r\f\v\ufeff]+/;

function lexLine(raw: string, number: number): Line {
  // Fast path: no quotes or parentheses before the comment, so tokens are the blank-separated words.
  const slashes = raw.indexOf('//');
  const code = slashes < 0 ? raw : raw.slice(0, slashes);
  if (!SPECIAL.test(code)) {
    return { tokens: code.split(BLANKS).filter((t) => t !== ''), comment: slashes < 0 ? '' : raw.slice(slashes + 2), number };
  }
  const tokens: string[] = [];
  let comment = '';
  let i = 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v' || c === '\ufeff') {
      i++;
    } else if (raw.startsWith('//', i)) {
      comment = raw.slice(i + 2);
      break;
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else if (c === '"') {
      const q = unquotePrefix(raw.slice(i));
      if (!q) throw new ModFileError('unterminated quoted string', number);
      tokens.push(q.value);
      i += q.length;
    } else if (c === '`') {
      const end = raw.indexOf('`', i + 1);
      if (end < 0) throw new ModFileError('unterminated raw string', number);
      tokens.push(raw.slice(i + 1, end));
      i = end + 1;
    } else {
      let end = i;
      while (end < raw.length && !/[\s()"`]/.test(raw[end]) && !raw.startsWith('//', end)) end++;
      tokens.push(raw.slice(i, end));
      i = end;
    }
  }
  return { tokens, comment, number };
}
