import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';
import { LineIndex } from '../../lines.js';
import { ParseError } from '../../parse-error.js';
import { isLockfileNamed } from '../../lockfile-path.js';

/**
 * mix.lock analyzer (Elixir's Mix, packages from Hex).
 *
 * The lockfile is one Elixir map literal, written by Mix one entry per line:
 *
 *     %{
 *       "plug": {:hex, :plug, "1.14.0", "<inner checksum>", [:mix], [{:mime, "~> 1.0", [hex: :mime, repo: "hexpm", optional: false]}], "hexpm", "<outer checksum>"},
 *       "foo": {:git, "https://example.org/foo.git", "<sha>", [branch: "main"]},
 *     }
 *
 * The subset of Elixir terms it uses is read here (maps with `"key":`/`key:`/`=>` keys, tuples,
 * lists with keyword items, atoms, strings, numbers, `true`/`false`/`nil`), so entries spread over
 * several lines are read too. Only what is used is decoded; the rest (checksums, options) is
 * skipped, checking only that brackets balance and strings end.
 *
 * Semantics:
 * - `{:hex, :name, "version", ...}` entries are packages: the name is the Hex package name (the
 *   second element; it differs from the lock key only for `hex: :other_name` aliases), the
 *   version the third element. Entries from git or local paths have no Hex version and are left
 *   out, as trivy does.
 * - dependsOn: the sixth element lists `{:app, requirement, options}`; each app locked in the
 *   same file is an edge (optional dependencies that were not fetched are not in the lock).
 * - Direct dependencies are declared in mix.exs, not here: relationships stay unknown.
 * - Location: the lines of the map entry (one line as Mix writes it, like trivy).
 */
export const mixLockAnalyzer: Analyzer = {
  name: 'mix-lock',
  version: 1,
  wants: (info) => isLockfileNamed(info.path, 'mix.lock'),
  analyze,
};

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const packages = hexPackages(input.content.toString('utf8'), input.path);
  return { applications: [{ type: 'hex', ecosystem: 'Hex', purlType: 'hex', filePath: input.path, packages }] };
}

function hexPackages(text: string, file: string): Package[] {
  const reader = new MixLockReader(text, file);
  const entries = reader.readEntries();
  const idByKey = new Map(entries.map((e) => [e.key, `${e.name}@${e.version}`]));
  const lines = reader.lines;
  return entries.map((e) => {
    const id = `${e.name}@${e.version}`;
    const dependsOn = [...new Set(e.dependencies.map((app) => idByKey.get(app)).filter((d): d is string => d !== undefined && d !== id))];
    return {
      id,
      name: e.name,
      version: e.version,
      ...(dependsOn.length > 0 ? { dependsOn } : {}),
      locations: [{ startLine: lines.lineAt(e.start), endLine: lines.lineAt(e.end) }],
    };
  });
}

/** One `"key": {:hex, :name, "version", _, _, deps, ...}` entry. */
interface HexEntry {
  key: string;
  name: string;
  version: string;
  /** Apps (lock keys) this package depends on. */
  dependencies: string[];
  /** Offsets of the entry's first and last character. */
  start: number;
  end: number;
}

const QUOTE = 0x22; // "
const APOSTROPHE = 0x27; // '
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const PERCENT = 0x25;
const HASH = 0x23;
const EQUALS = 0x3d;
const GREATER = 0x3e;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', s: ' ', e: '\x1b', '0': '\0' };

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isIdentifierStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x40 || c === 0x3f || c === 0x21;
}

/** Characters that end an atom, number or bare word. */
function isDelimiter(c: number): boolean {
  return isBlank(c) || c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || c === OPEN_BRACE || c === OPEN_BRACKET || Number.isNaN(c);
}

class MixLockReader {
  private pos = 0;
  private lineIndex: LineIndex | undefined;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  get lines(): LineIndex {
    this.lineIndex ??= new LineIndex(this.text);
    return this.lineIndex;
  }

  /** The Hex entries of the lock map; none for an empty file. */
  readEntries(): HexEntry[] {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skipBlank();
    if (this.pos >= this.text.length) return [];
    if (this.code() !== PERCENT || this.code(1) !== OPEN_BRACE) throw this.error(`expected the lock map "%{", found ${this.describe()}`);
    this.pos += 2;
    const entries: HexEntry[] = [];
    this.sequence(CLOSE_BRACE, () => {
      const entry = this.readEntry();
      if (entry) entries.push(entry);
    });
    this.skipBlank();
    if (this.pos < this.text.length) throw this.error(`unexpected ${this.describe()} after the lock map`);
    return entries;
  }

  error(reason: string, offset = this.pos): ParseError {
    return new ParseError(this.file, `invalid mix.lock: ${reason}`, this.lines.lineAt(Math.min(offset, this.text.length)));
  }

  // --- entries ------------------------------------------------------------------------------

  private readEntry(): HexEntry | undefined {
    const start = this.pos;
    const key = this.readMapKey();
    if (this.code() !== OPEN_BRACE) {
      this.skipTerm();
      return undefined;
    }
    const tupleStart = this.pos;
    this.pos += 1;
    let isHex = false;
    let name: string | undefined;
    let version: string | undefined;
    const dependencies: string[] = [];
    this.sequence(CLOSE_BRACE, (index) => {
      if (index === 0) isHex = this.code() === COLON && this.readAtom() === 'hex';
      else if (isHex && index === 1) name = this.readAtomOrString();
      else if (isHex && index === 2 && (this.code() === QUOTE || this.code() === APOSTROPHE)) version = this.readString();
      else if (isHex && index === 5 && this.code() === OPEN_BRACKET) this.readDependencies(dependencies);
      else this.skipItem();
    });
    if (!isHex) return undefined;
    if (!name || !version) throw this.error('a :hex entry needs a package name and a version', tupleStart);
    return { key, name, version, dependencies, start, end: this.pos - 1 };
  }

  /** `[{:app, requirement, options}, ...]`: the apps. */
  private readDependencies(apps: string[]): void {
    this.pos += 1;
    this.sequence(CLOSE_BRACKET, () => {
      if (this.code() !== OPEN_BRACE) {
        this.skipItem();
        return;
      }
      this.pos += 1;
      this.sequence(CLOSE_BRACE, (index) => {
        if (index === 0 && this.code() === COLON) apps.push(this.readAtom());
        else this.skipItem();
      });
    });
  }

  /** `"key": `, `key: `, `"key" => `, `:key => ` (consumes the separator and the blank after it). */
  private readMapKey(): string {
    let key: string;
    const c = this.code();
    if (c === QUOTE) key = this.readString();
    else if (c === COLON) key = this.readAtom();
    else if (isIdentifierStart(c)) key = this.readIdentifier();
    else throw this.error(`expected a map key, found ${this.describe()}`);
    if (c !== COLON && this.code() === COLON && isBlank(this.code(1))) {
      this.pos += 1;
    } else {
      this.skipBlank();
      if (this.code() !== EQUALS || this.code(1) !== GREATER) throw this.error(`expected "=>" or ":" after a map key, found ${this.describe()}`);
      this.pos += 2;
    }
    this.skipBlank();
    return key;
  }

  // --- terms --------------------------------------------------------------------------------

  /**
   * Comma-separated items up to `close` (its opener already consumed); a trailing comma is
   * allowed, as in Elixir. `item` reads or skips the item at the current position.
   */
  private sequence(close: number, item: (index: number) => void): void {
    for (let index = 0; ; index++) {
      this.skipBlank();
      if (this.code() === close) break;
      if (this.pos >= this.text.length) throw this.error(`expected "${String.fromCharCode(close)}", found end of file`);
      item(index);
      this.skipBlank();
      const c = this.code();
      if (c === COMMA) this.pos += 1;
      else if (c !== close) throw this.error(`expected "," or "${String.fromCharCode(close)}", found ${this.describe()}`);
    }
    this.pos += 1;
  }

  /** An item of a tuple, list or map: a term, `key: term` or `term => term`. */
  private skipItem(): void {
    const keyEnd = this.keywordKeyEnd();
    if (keyEnd > 0) {
      this.pos = keyEnd;
      this.skipBlank();
    }
    this.skipTerm();
    this.skipBlank();
    if (this.code() === EQUALS && this.code(1) === GREATER) {
      this.pos += 2;
      this.skipBlank();
      this.skipTerm();
    }
  }

  private skipTerm(): void {
    const c = this.code();
    if (c === QUOTE || c === APOSTROPHE) {
      this.pos = this.stringEnd() + 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET || (c === PERCENT && this.code(1) === OPEN_BRACE)) {
      this.pos += c === PERCENT ? 2 : 1;
      this.sequence(c === OPEN_BRACKET ? CLOSE_BRACKET : CLOSE_BRACE, () => this.skipItem());
    } else if (c === COLON && (this.code(1) === QUOTE || this.code(1) === APOSTROPHE)) {
      this.pos += 1;
      this.pos = this.stringEnd() + 1;
    } else {
      const start = this.pos;
      while (this.pos < this.text.length && !isDelimiter(this.code())) this.pos += 1;
      if (this.pos === start) throw this.error(`unexpected ${this.describe()}`);
    }
  }

  /** End of `name: ` or `"name": ` at the current position (after the colon), or -1. */
  private keywordKeyEnd(): number {
    const c = this.code();
    let end = -1;
    if (c === QUOTE) end = this.stringEnd() + 1;
    else if (isIdentifierStart(c)) {
      end = this.pos;
      while (isIdentifierPart(this.text.charCodeAt(end))) end += 1;
    }
    return end > 0 && this.text.charCodeAt(end) === COLON && isBlank(this.text.charCodeAt(end + 1)) ? end + 1 : -1;
  }

  private readAtomOrString(): string | undefined {
    const c = this.code();
    if (c === COLON) return this.readAtom();
    if (c === QUOTE || c === APOSTROPHE) return this.readString();
    this.skipItem();
    return undefined;
  }

  /** `:name` or `:"quoted name"`. */
  private readAtom(): string {
    const start = this.pos;
    this.pos += 1;
    const c = this.code();
    if (c === QUOTE || c === APOSTROPHE) return this.readString();
    if (!isIdentifierStart(c)) throw this.error('expected an atom name after ":"', start);
    return this.readIdentifier();
  }

  private readIdentifier(): string {
    const start = this.pos;
    while (isIdentifierPart(this.code())) this.pos += 1;
    return this.text.slice(start, this.pos);
  }

  /** A double- or single-quoted string, escapes decoded. */
  private readString(): string {
    const start = this.pos;
    const end = this.stringEnd();
    this.pos = end + 1;
    const raw = this.text.slice(start + 1, end);
    if (!raw.includes('\\')) return raw;
    return raw.replace(/\\(.)/gs, (_, c: string) => ESCAPES[c] ?? c);
  }

  /** Offset of the quote closing the string that starts at the current position. */
  private stringEnd(): number {
    const quote = this.text[this.pos];
    for (let i = this.text.indexOf(quote, this.pos + 1); i !== -1; i = this.text.indexOf(quote, i + 1)) {
      let backslashes = 0;
      while (this.text.charCodeAt(i - 1 - backslashes) === BACKSLASH) backslashes++;
      if (backslashes % 2 === 0) return i;
    }
    throw this.error('unterminated string');
  }

  /** Skips whitespace and `#` comments. */
  private skipBlank(): void {
    for (;;) {
      const c = this.code();
      if (isBlank(c)) this.pos += 1;
      else if (c === HASH) {
        const newline = this.text.indexOf('\n', this.pos);
        this.pos = newline === -1 ? this.text.length : newline + 1;
      } else return;
    }
  }

  private code(ahead = 0): number {
    return this.text.charCodeAt(this.pos + ahead);
  }

  private describe(): string {
    if (this.pos >= this.text.length) return 'end of file';
    return JSON.stringify(this.text.slice(this.pos, this.pos + 12).split('\n')[0]);
  }
}
