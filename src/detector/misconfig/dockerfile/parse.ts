/**
 * Dockerfile parser with source lines, following BuildKit's rules: parser directives
 * (`# escape=`, `# syntax=`), line continuations (comment and blank lines inside them are
 * dropped), here-documents on RUN/COPY/ADD, exec (JSON) and shell forms, ONBUILD, multi-stage
 * builds. Unknown instructions are kept (with their raw arguments) instead of failing the file.
 */
import type { Dockerfile, Heredoc, Instruction, Stage } from './types.js';
import { extractFlags, splitQuotedWords, splitWhitespace } from './words.js';

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const COMMENT = /^[ \t]*#/;
const BLANK = /^[ \t]*$/;
const HEREDOC_WORD = /^\d*<<(-?)([^<]+)$/;
const HEREDOC_COMMANDS = new Set(['run', 'copy', 'add']);

interface ParsedArgs {
  value: string[];
  json: boolean;
}

/** Parses Dockerfile text. Never throws: what BuildKit would reject is kept as well as it can be. */
export function parseDockerfile(text: string): Dockerfile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const directives: Record<string, string> = {};
  let index = 0;
  for (; index < lines.length; index++) {
    const match = DIRECTIVE.exec(lines[index]);
    if (!match) break;
    const name = match[1].toLowerCase();
    if (name in directives) break;
    directives[name] = match[2];
  }
  const escape = directives.escape === '`' ? '`' : '\\';
  const continuation = new RegExp(`${escape === '`' ? '`' : '\\\\'}[ \\t]*$`);

  const instructions: Instruction[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = lines[i];
    if (COMMENT.test(first) || BLANK.test(first)) {
      i++;
      continue;
    }
    const startLine = i + 1;
    let line = first.replace(/^[ \t]+/, '');
    let open = continuation.test(line);
    if (open) line = line.replace(continuation, '');
    i++;
    while (open && i < lines.length) {
      const next = lines[i];
      i++;
      if (COMMENT.test(next) || BLANK.test(next)) continue;
      open = continuation.test(next);
      line += open ? next.replace(continuation, '') : next;
    }
    const instruction = parseInstructionLine(line, escape, startLine);
    if (HEREDOC_COMMANDS.has(instruction.cmd) && line.includes('<<')) {
      i = readHeredocs(instruction, lines, i);
    }
    instruction.endLine = Math.max(instruction.startLine, i);
    instructions.push(instruction);
  }
  return {
    stages: assignStages(instructions),
    instructions,
    directives,
    escape,
    firstInstructionLine: instructions.length > 0 ? instructions[0].startLine : 0,
  };
}

function parseInstructionLine(line: string, escape: string, startLine: number): Instruction {
  const trimmed = line.trim();
  const space = trimmed.search(/\s/);
  const keyword = space < 0 ? trimmed : trimmed.slice(0, space);
  const rawArgs = space < 0 ? '' : trimmed.slice(space).replace(/^\s+/, '');
  const { flags, rest } = extractFlags(rawArgs);
  const instruction: Instruction = {
    cmd: keyword.toLowerCase(),
    flags,
    value: [],
    original: trimmed,
    json: false,
    heredocs: [],
    startLine,
    endLine: startLine,
    stage: 0,
  };
  if (instruction.cmd === 'onbuild') {
    const sub = parseInstructionLine(rest, escape, startLine);
    instruction.subCmd = sub.cmd;
    instruction.value = sub.value;
    instruction.json = sub.json;
    return instruction;
  }
  const parsed = parseArguments(instruction.cmd, rest, escape);
  instruction.value = parsed.value;
  instruction.json = parsed.json;
  return instruction;
}

function parseArguments(cmd: string, rest: string, escape: string): ParsedArgs {
  switch (cmd) {
    case 'run':
    case 'cmd':
    case 'entrypoint':
    case 'shell':
      return maybeJson(rest, false);
    case 'copy':
    case 'add':
    case 'volume':
      return maybeJson(rest, true);
    case 'from':
    case 'expose':
      return { value: splitWhitespace(rest), json: false };
    case 'env':
    case 'label':
      return { value: nameValuePairs(rest, escape), json: false };
    case 'arg':
      return { value: splitQuotedWords(rest, escape), json: false };
    case 'healthcheck':
      return healthcheck(rest);
    case 'user':
    case 'workdir':
    case 'maintainer':
    case 'stopsignal':
    default:
      return { value: rest.trim() === '' ? [] : [rest.trim()], json: false };
  }
}

/** Exec form when the arguments are a JSON array of strings; else the shell form (or a word list). */
function maybeJson(rest: string, list: boolean): ParsedArgs {
  const text = rest.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) {
        return { value: parsed as string[], json: true };
      }
    } catch {
      // not JSON: shell form
    }
  }
  if (list) return { value: splitWhitespace(text), json: false };
  return { value: text === '' ? [] : [text], json: false };
}

/** ENV/LABEL: `key=value` words (quotes kept), or the legacy `KEY value with spaces` form. */
function nameValuePairs(rest: string, escape: string): string[] {
  const words = splitQuotedWords(rest, escape);
  if (words.length === 0) return [];
  if (!words[0].includes('=')) {
    const match = /^(\S+)\s+([\s\S]*)$/.exec(rest.trim());
    return match ? [match[1], match[2]] : [words[0], ''];
  }
  const pairs: string[] = [];
  for (const word of words) {
    const eq = word.indexOf('=');
    if (eq < 0) pairs.push(word, '');
    else pairs.push(word.slice(0, eq), word.slice(eq + 1));
  }
  return pairs;
}

function healthcheck(rest: string): ParsedArgs {
  const text = rest.trim();
  if (text === '') return { value: [], json: false };
  const space = text.search(/\s/);
  if (space < 0) return { value: [text], json: false };
  const cmd = maybeJson(text.slice(space), false);
  return { value: [text.slice(0, space), ...cmd.value], json: cmd.json };
}

/** Reads the bodies of the here-documents the instruction line opens; returns the next line index. */
function readHeredocs(instruction: Instruction, lines: string[], from: number): number {
  const heredocs = heredocMarkers(instruction.original);
  if (heredocs.length === 0) return from;
  let i = from;
  for (const heredoc of heredocs) {
    let content = '';
    while (i < lines.length) {
      const raw = lines[i];
      i++;
      const candidate = heredoc.chomp ? raw.replace(/^\t+/, '') : raw;
      if (candidate === heredoc.name) break;
      content += `${raw}\n`;
    }
    heredoc.content = content;
  }
  instruction.heredocs = heredocs;
  instruction.original = `${instruction.original}\n${heredocs.map((h) => `${h.content}${h.name}`).join('\n')}`;
  if (instruction.cmd === 'run') instruction.value = [heredocScript(instruction, heredocs)];
  return i;
}

function heredocMarkers(line: string): Heredoc[] {
  const found: Heredoc[] = [];
  for (const word of splitQuotedWords(line, '\\')) {
    const match = HEREDOC_WORD.exec(word);
    if (!match) continue;
    let name = match[2];
    let expand = true;
    if (name.length >= 2 && (name[0] === '"' || name[0] === "'") && name[name.length - 1] === name[0]) {
      name = name.slice(1, -1);
      expand = false;
    }
    if (name === '' || /\s/.test(name)) continue;
    found.push({ name, content: '', chomp: match[1] === '-', expand });
  }
  return found;
}

/**
 * The script a RUN here-document runs: a single `<<EOF` body becomes its commands joined with
 * ` ; ` (as BuildKit runs it in the shell); anything more complex keeps the command line and bodies.
 */
function heredocScript(instruction: Instruction, heredocs: Heredoc[]): string {
  const args = instruction.value.join(' ').trim();
  const only = heredocs[0];
  const words = splitQuotedWords(args, '\\');
  if (heredocs.length === 1 && words.length === 1 && HEREDOC_WORD.test(words[0]) && !only.content.startsWith('#!')) {
    const body = only.chomp ? only.content.replace(/^\t+/gm, '') : only.content;
    return body.replace(/\n$/, '').split('\n').join(' ; ');
  }
  return [args, ...heredocs.map((h) => `${h.content}${h.name}`)].join('\n');
}

function assignStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  let current: Stage | undefined;
  for (const instruction of instructions) {
    if (instruction.cmd === 'from') {
      const value = instruction.value;
      const asIndex = value.findIndex((word) => word.toLowerCase() === 'as');
      current = {
        name: instruction.original.replace(/^from\s+/i, '').trim(),
        baseImage: value[0] ?? '',
        alias: asIndex >= 0 && value[asIndex + 1] ? value[asIndex + 1].toLowerCase() : undefined,
        global: false,
        instructions: [],
      };
      stages.push(current);
    } else if (!current) {
      current = { name: '', baseImage: '', global: true, instructions: [] };
      stages.push(current);
    }
    instruction.stage = stages.length - 1;
    current.instructions.push(instruction);
  }
  return stages;
}
