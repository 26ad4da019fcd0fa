/**
 * Splits a shell script (a RUN command line) into its simple commands, each as a list of words
 * with quotes removed: `apt-get update && apt-get install -y curl; rm -rf x` gives
 * `[["apt-get","update"], ["apt-get","install","-y","curl"], ["rm","-rf","x"]]`.
 *
 * Separators: `&&`, `||`, `;`, `|`, `&`, newlines, and the grouping words `(`, `)`, `{`, `}`.
 * Leading variable assignments and shell keywords (`if`, `then`, `do`, ...) are dropped, so the
 * command inside `if apk add x; then ...` is seen as `apk add x`. `$(...)` and backquotes stay
 * inside their word. This is the subset of shell the Dockerfile checks need, not a shell.
 */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', '!', 'time', 'in']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function shellCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    const command = trimCommand(words);
    if (command.length > 0) commands.push(command);
    words = [];
  };

  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    if (ch === '\\') {
      const next = script[i + 1];
      if (next === '\n') {
        i++;
        continue;
      }
      if (next !== undefined) {
        word += next;
        inWord = true;
        i++;
      }
      continue;
    }
    if (ch === "'") {
      const end = script.indexOf("'", i + 1);
      const stop = end < 0 ? script.length : end;
      word += script.slice(i + 1, stop);
      inWord = true;
      i = stop;
      continue;
    }
    if (ch === '"') {
      i = readDoubleQuoted(script, i, (text) => {
        word += text;
      });
      inWord = true;
      continue;
    }
    if (ch === '$' && script[i + 1] === '(') {
      const end = matchingParen(script, i + 1);
      word += script.slice(i, end + 1);
      inWord = true;
      i = end;
      continue;
    }
    if (ch === '`') {
      const end = script.indexOf('`', i + 1);
      const stop = end < 0 ? script.length - 1 : end;
      word += script.slice(i, stop + 1);
      inWord = true;
      i = stop;
      continue;
    }
    if (ch === '#' && !inWord) {
      const end = script.indexOf('\n', i);
      i = end < 0 ? script.length : end - 1;
      continue;
    }
    if (ch === ';' || ch === '|' || ch === '&' || ch === '\n' || ch === '(' || ch === ')') {
      if (ch === '&' && (script[i + 1] === '>' || script[i - 1] === '>')) {
        word += ch;
        inWord = true;
        continue;
      }
      endCommand();
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
      continue;
    }
    if ((ch === '{' || ch === '}') && !inWord && isDelimited(script, i)) {
      endCommand();
      continue;
    }
    word += ch;
    inWord = true;
  }
  endCommand();
  return commands;
}

function trimCommand(words: string[]): string[] {
  let start = 0;
  while (start < words.length && (KEYWORDS.has(words[start]) || ASSIGNMENT.test(words[start]))) start++;
  return words.slice(start);
}

function readDoubleQuoted(script: string, open: number, append: (text: string) => void): number {
  let i = open + 1;
  let text = '';
  for (; i < script.length; i++) {
    const ch = script[i];
    if (ch === '\\' && i + 1 < script.length && '"\\$`\n'.includes(script[i + 1])) {
      if (script[i + 1] !== '\n') text += script[i + 1];
      i++;
      continue;
    }
    if (ch === '"') break;
    text += ch;
  }
  append(text);
  return i;
}

function matchingParen(script: string, open: number): number {
  let depth = 0;
  for (let i = open; i < script.length; i++) {
    if (script[i] === '(') depth++;
    else if (script[i] === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return script.length - 1;
}

function isDelimited(script: string, i: number): boolean {
  const next = script[i + 1];
  return next === undefined || next === ' ' || next === '\t' || next === '\n' || next === ';';
}
