import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import type { Document, Pair } from 'yaml';
import type { Analyzer, AnalyzerInput, AnalysisResult, Location, Package } from '../../types.js';
import { ParseError } from '../../parse-error.js';
import { isLockfileNamed } from '../../lockfile-path.js';
import { readYamlLines, type YamlLine } from '../../yaml-lines.js';

/**
 * pubspec.lock analyzer (Dart and Flutter's pub).
 *
 *     packages:
 *       http:
 *         dependency: "direct main"      # or "direct dev", "direct overridden", "transitive"
 *         description: { name: http, url: "https://pub.example.org" }
 *         source: hosted                 # or sdk, git, path
 *         version: "0.13.2"
 *     sdks:
 *       dart: ">=2.18.0 <3.0.0"
 *       flutter: ">=3.3.0"
 *
 * Semantics (as trivy):
 * - every entry of `packages:` is a package named by its key, with its `version`;
 * - `direct ...` dependencies are direct, `transitive` ones indirect;
 * - dev: not set. The lockfile says "direct dev" only for the direct ones, not which transitive
 *   packages only dev dependencies pull in, and hiding the direct ones alone would be
 *   inconsistent; trivy keeps them all for the same reason;
 * - packages of the Flutter SDK (`source: sdk`, `description: flutter`) are written with version
 *   0.0.0; they get the lowest Flutter version the `sdks.flutter` constraint allows
 *   (`>=3.3.0` or `^3.3.0` -> 3.3.0), the version they ship with at the least.
 * - Location: the lines of the package's entry.
 *
 * Files in the layout pub writes go through a line reader (yaml-lines.ts, ~20x faster than the
 * `yaml` parser); anything else, malformed files included, through the `yaml` parser.
 */
export const pubspecLockAnalyzer: Analyzer = {
  name: 'pubspec-lock',
  version: 1,
  wants: (info) => isLockfileNamed(info.path, 'pubspec.lock'),
  analyze,
};

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const packages = pubPackages(input.content.toString('utf8'), input.path);
  return { applications: [{ type: 'pub', ecosystem: 'Pub', purlType: 'pub', filePath: input.path, packages }] };
}

type YamlRecord = Record<string, unknown>;

/** What the analyzer needs from the lockfile, whichever reader produced it. */
interface PubLock {
  entries: PackageEntry[];
  /** `sdks.flutter`. */
  flutter: string | undefined;
}

function pubPackages(text: string, file: string): Package[] {
  const lines = readYamlLines(text);
  const lock = (lines && readLockLines(lines)) ?? readLockYaml(text, file);
  const flutterVersion = lowestVersion(lock.flutter);
  const packages: Package[] = [];
  for (const { name, fields, location } of lock.entries) {
    const version = resolvedVersion(fields, flutterVersion);
    if (!version) continue;
    const dependency = asString(fields.dependency) ?? '';
    packages.push({
      id: `${name}@${version}`,
      name,
      version,
      relationship: dependency.startsWith('direct') ? 'direct' : dependency === 'transitive' ? 'indirect' : 'unknown',
      locations: [location],
    });
  }
  return packages;
}

/**
 * The fast reader, for the layout pub writes: `packages:` entries at one indentation, their
 * fields one level deeper (`description:` may hold a map further down), `sdks:` likewise.
 * Undefined for anything else, which the YAML parser then reads.
 */
function readLockLines(lines: YamlLine[]): PubLock | undefined {
  const entries: PackageEntry[] = [];
  let flutter: string | undefined;
  let section: string | undefined;
  let childIndent: number | undefined; // of the section's keys
  let fieldIndent: number | undefined; // of the current entry's fields
  let entry: PackageEntry | undefined;
  for (const l of lines) {
    if (l.dashIndent !== undefined) {
      if (l.dashIndent === 0 || section === 'packages' || section === 'sdks') return undefined;
      continue;
    }
    if (l.indent === 0) {
      if (l.key === undefined || ((l.key === 'packages' || l.key === 'sdks') && l.value !== undefined)) return undefined;
      section = l.key;
      childIndent = entry = undefined;
      continue;
    }
    if (section !== 'packages' && section !== 'sdks') continue;
    childIndent ??= l.indent;
    if (l.key === undefined || l.indent < childIndent) return undefined;
    if (section === 'sdks') {
      if (l.indent === childIndent && l.key === 'flutter') flutter = l.value;
      continue;
    }
    if (l.indent === childIndent) {
      entry = l.value === undefined ? { name: l.key, fields: {}, location: { startLine: l.line, endLine: l.line } } : undefined;
      if (entry) entries.push(entry);
      fieldIndent = undefined;
      continue;
    }
    if (!entry) return undefined;
    fieldIndent ??= l.indent;
    if (l.indent < fieldIndent) return undefined;
    if (l.indent === fieldIndent && l.value !== undefined) entry.fields[l.key] = l.value;
    entry.location.endLine = l.line;
  }
  return { entries, flutter };
}

/** The general reader: the `yaml` parser (failsafe schema, so every scalar stays a string). */
function readLockYaml(text: string, file: string): PubLock {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new ParseError(file, `invalid YAML: ${reason}`, error.linePos?.[0].line);
  }
  if (doc.contents === null) return { entries: [], flutter: undefined }; // empty, or only comments
  if (!isMap(doc.contents)) {
    throw new ParseError(file, 'not a pubspec.lock: expected a mapping at the top level', lineCounter.linePos(doc.contents.range?.[0] ?? 0).line);
  }
  const sdks = doc.contents.get('sdks', true);
  return { entries: packageEntries(doc, text, lineCounter), flutter: isMap(sdks) ? asString(sdks.get('flutter')) : undefined };
}

function resolvedVersion(fields: YamlRecord, flutterVersion: string | undefined): string | undefined {
  const version = asString(fields.version);
  if (version === '0.0.0' && fields.source === 'sdk' && fields.description === 'flutter' && flutterVersion) return flutterVersion;
  return version;
}

/** `>=3.3.0`, `^3.3.0`, `3.3.0` or `>=3.3.0 <4.0.0` -> 3.3.0; undefined without a lower bound. */
function lowestVersion(constraint: string | undefined): string | undefined {
  const match = /^\s*(?:\^|>=)?\s*(\d+\.\d+\.\d+[0-9A-Za-z.+-]*)/.exec(constraint ?? '');
  return match?.[1];
}

interface PackageEntry {
  name: string;
  fields: YamlRecord;
  location: Location;
}

function packageEntries(doc: Document, text: string, lines: LineCounter): PackageEntry[] {
  const node = doc.get('packages', true);
  if (!isMap(node)) return [];
  // one conversion of the whole map: converting each entry on its own is quadratic in `yaml`
  const values = asRecord(node.toJS(doc)) ?? {};
  const entries: PackageEntry[] = [];
  for (const item of node.items as Array<Pair<unknown, unknown>>) {
    if (!isScalar(item.key) || typeof item.key.value !== 'string') continue;
    const value = item.value;
    const fields = isMap(value) ? asRecord(values[item.key.value]) : undefined;
    if (!fields || !isMap(value)) continue;
    const start = item.key.range?.[0] ?? 0;
    const end = lastContentOffset(text, start, value.range?.[1] ?? start);
    entries.push({ name: item.key.value, fields, location: { startLine: lines.linePos(start).line, endLine: lines.linePos(end).line } });
  }
  return entries;
}

/** Offset of the last non-blank character before `end`: a node's range runs on over trailing blank lines and comments' newlines. */
function lastContentOffset(text: string, start: number, end: number): number {
  let i = end - 1;
  while (i > start && /\s/.test(text[i])) i--;
  return i;
}

function asRecord(value: unknown): YamlRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as YamlRecord) : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
