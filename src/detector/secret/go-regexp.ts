/**
 * Go (RE2) regular expressions, as trivy-secret.yaml holds them, turned into JavaScript ones that
 * run over text decoded as latin1 (one character per byte, so match offsets are byte offsets).
 * Handled: leading and inline flag groups `(?i)`, `(?m)`, `(?s)` (an inline flag applies to the
 * whole pattern: JavaScript on Node 20 has no scoped flags), `(?P<name>…)`, repeated group names
 * (renamed `name__2`, `name__3`…), `\A`, `\z`, `\Q…\E`, POSIX classes such as `[[:alnum:]]`, the
 * idiom `(.|\s)*`, and non-ASCII literals (matched as their UTF-8 bytes). Unicode classes (`\p{…}`)
 * are refused.
 */
export interface TranslatedRegexp {
  source: string;
  flags: string;
  /** Every group name, in order; a repeated name appears once per renamed copy. */
  groupNames: string[];
  /** For each original name, the names its copies carry in `source`. */
  groupCopies: Map<string, string[]>;
  /** Notes about approximations made (an inline flag widened to the whole pattern). */
  notes: string[];
}

const POSIX: Record<string, string> = {
  alnum: 'A-Za-z0-9', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: ' \\t', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: 'A-Za-z0-9_', xdigit: '0-9A-Fa-f',
};

/** Thrown for patterns this translation cannot carry over; the caller words the user error. */
export class RegexpTranslationError extends Error {}

function escapeLiteral(ch: string): string {
  if (/[\\^$.*+?()[\]{}|/]/.test(ch)) return '\\' + ch;
  return utf8Escaped(ch);
}

function utf8Escaped(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 0x80) return ch;
  return [...Buffer.from(ch, 'utf8')].map((b) => '\\x' + b.toString(16).padStart(2, '0')).join('');
}

/** Translates one Go pattern (see the module comment); throws `RegexpTranslationError` when it cannot. */
export function translateGoRegexp(pattern: string): TranslatedRegexp {
  const flags = new Set<string>();
  const notes: string[] = [];
  const groupNames: string[] = [];
  const groupCopies = new Map<string, string[]>();
  // `(.|\s)*` (any character, as Go users write it) would backtrack per character in JavaScript.
  const src = pattern.replace(/\(\.\|\\s\)\*|\(\.\|\\n\)\*|\(\\s\|\.\)\*/g, '[\\s\\S]*');
  let out = '';
  let i = 0;
  let inClass = false;
  let atStart = true;
  const addFlags = (letters: string, leading: boolean) => {
    for (const f of letters) {
      if (f === 'i' || f === 'm' || f === 's') flags.add(f);
      else if (f === 'U') throw new RegexpTranslationError('the (?U) flag (ungreedy) is not supported');
      else throw new RegexpTranslationError(`unknown flag "${f}"`);
    }
    if (!leading) notes.push(`inline flag (?${letters}) applies to the whole pattern`);
  };
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\') {
      const next = src[i + 1];
      if (next === undefined) throw new RegexpTranslationError('trailing backslash');
      if (next === 'p' || next === 'P') throw new RegexpTranslationError('Unicode classes (\\p{…}) are not supported');
      if (!inClass && next === 'A') { out += '(?<![\\s\\S])'; i += 2; atStart = false; continue; }
      if (!inClass && next === 'z') { out += '(?![\\s\\S])'; i += 2; atStart = false; continue; }
      if (next === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        const literal = src.slice(i + 2, end < 0 ? src.length : end);
        out += [...literal].map((c) => (inClass ? (/[\\\]^-]/.test(c) ? '\\' + c : c) : escapeLiteral(c))).join('');
        i = end < 0 ? src.length : end + 2;
        atStart = false;
        continue;
      }
      out += ch + next;
      i += 2;
      atStart = false;
      continue;
    }
    if (inClass) {
      if (ch === '[' && src[i + 1] === ':') {
        const end = src.indexOf(':]', i + 2);
        const name = end > 0 ? src.slice(i + 2, end) : '';
        const negated = name.startsWith('^');
        const cls = POSIX[negated ? name.slice(1) : name];
        if (!cls) throw new RegexpTranslationError(`unknown POSIX class [:${name}:]`);
        if (negated) throw new RegexpTranslationError(`negated POSIX class [:${name}:] is not supported`);
        out += cls;
        i = end + 2;
        continue;
      }
      if (ch === ']') inClass = false;
      if (ch === '[') { out += '\\['; i++; continue; }
      if (ch.charCodeAt(0) >= 0x80) throw new RegexpTranslationError('non-ASCII characters inside a character class are not supported');
      out += ch;
      i++;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      i++;
      if (src[i] === '^') { out += '^'; i++; }
      if (src[i] === ']') { out += '\\]'; i++; }
      atStart = false;
      continue;
    }
    if (ch === '(' && src[i + 1] === '?') {
      const flagGroup = /^\(\?([imsU]+)\)/.exec(src.slice(i));
      if (flagGroup) {
        addFlags(flagGroup[1], atStart);
        i += flagGroup[0].length;
        continue;
      }
      const scoped = /^\(\?([imsU]+):/.exec(src.slice(i));
      if (scoped) {
        addFlags(scoped[1], false);
        out += '(?:';
        i += scoped[0].length;
        atStart = false;
        continue;
      }
      const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(src.slice(i));
      if (named) {
        const name = named[1];
        const copies = groupCopies.get(name) ?? [];
        const jsName = copies.length === 0 ? name : `${name}__${copies.length + 1}`;
        copies.push(jsName);
        groupCopies.set(name, copies);
        groupNames.push(jsName);
        out += `(?<${jsName}>`;
        i += named[0].length;
        atStart = false;
        continue;
      }
      if (src[i + 2] === '=' || src[i + 2] === '!' || (src[i + 2] === '<' && (src[i + 3] === '=' || src[i + 3] === '!'))) {
        throw new RegexpTranslationError('lookaround assertions are not part of Go regular expressions');
      }
    }
    out += ch === '/' ? '\\/' : utf8Escaped(ch);
    i++;
    atStart = false;
  }
  return { source: out, flags: [...flags].sort().join(''), groupNames, groupCopies, notes };
}
