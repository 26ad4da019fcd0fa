/**
 * Word splitting the way BuildKit's Dockerfile parser does it: quote-aware words that keep their
 * quotes (ENV, LABEL, ARG), leading `--flag` words with quotes removed, and plain whitespace splits.
 */

const isSpace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === '\v' || ch === '\f';

/**
 * Splits on unquoted whitespace; quotes and escape characters stay in the words (BuildKit's
 * `parseWords`). An escape character outside single quotes protects the next character.
 */
export function splitQuotedWords(text: string, escape: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote = '';
  let inWord = false;
  let blankOk = false;
  for (let pos = 0; pos < text.length; pos++) {
    let ch = text[pos];
    if (!inWord) {
      if (isSpace(ch)) continue;
      inWord = true;
    }
    if (quote === '') {
      if (isSpace(ch)) {
        if (blankOk || word.length > 0) words.push(word);
        word = '';
        blankOk = false;
        inWord = false;
        continue;
      }
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
      } else if (ch === escape) {
        if (pos + 1 === text.length) continue;
        word += ch;
        pos++;
        ch = text[pos];
      }
      word += ch;
      continue;
    }
    if (ch === quote) {
      quote = '';
    } else if (ch === escape && quote !== "'") {
      if (pos + 1 === text.length) continue;
      word += ch;
      pos++;
      ch = text[pos];
    }
    word += ch;
  }
  if (inWord && (blankOk || word.length > 0)) words.push(word);
  return words;
}

/**
 * Takes the leading `--name[=value]` words off an instruction's arguments (BuildKit's
 * `extractBuilderFlags`): quotes inside a flag are removed, `--` alone ends the flags.
 */
export function extractFlags(args: string): { flags: string[]; rest: string } {
  const flags: string[] = [];
  let pos = 0;
  for (;;) {
    while (pos < args.length && isSpace(args[pos])) pos++;
    if (pos >= args.length) return { flags, rest: '' };
    if (!(args[pos] === '-' && args[pos + 1] === '-')) return { flags, rest: args.slice(pos) };
    let word = '';
    let quote = '';
    let blankOk = false;
    for (; pos < args.length; pos++) {
      let ch = args[pos];
      if (quote === '') {
        if (isSpace(ch)) break;
        if (ch === "'" || ch === '"') {
          quote = ch;
          blankOk = true;
          continue;
        }
        if (ch === '\\') {
          if (pos + 1 === args.length) continue;
          pos++;
          ch = args[pos];
        }
        word += ch;
        continue;
      }
      if (ch === quote) {
        quote = '';
        continue;
      }
      if (ch === '\\') {
        if (pos + 1 === args.length) continue;
        pos++;
        ch = args[pos];
      }
      word += ch;
    }
    if (word === '--') return { flags, rest: args.slice(pos).replace(/^\s+/, '') };
    if (blankOk || word.length > 0) flags.push(word);
  }
}

/** Splits on runs of blanks, after trimming (BuildKit's `parseStringsWhitespaceDelimited`). */
export function splitWhitespace(text: string): string[] {
  const trimmed = text.trim();
  return trimmed === '' ? [] : trimmed.split(/[ \t\v\f\r]+/);
}

/** Removes one pair of matching surrounding quotes. */
export function unquote(text: string): string {
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0]) {
    return text.slice(1, -1);
  }
  return text;
}
