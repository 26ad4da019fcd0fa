import { LineCounter, isMap, isNode, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node } from 'yaml';
import type { Analyzer, AnalyzerInput, AnalysisResult, Location, Package } from '../../types.js';
import { ParseError } from '../../parse-error.js';
import { isLockfileNamed } from '../../lockfile-path.js';
import { readYamlLines, type YamlLine } from '../../yaml-lines.js';

/**
 * Podfile.lock analyzer (CocoaPods).
 *
 *     PODS:
 *       - AppCenter (4.2.0):
 *         - AppCenter/Analytics (= 4.2.0)
 *       - AppCenter/Analytics (4.2.0):
 *         - AppCenter/Core
 *       - AppCenter/Core (4.2.0)
 *     DEPENDENCIES:
 *       - AppCenter (= 4.2.0)
 *     ...
 *
 * Semantics:
 * - every `PODS` item `Name (version)` is a package, a plain string or a one-key map whose
 *   list names the pods it depends on (`Name` or `Name (requirement)`); subspecs keep their
 *   full name (`AppCenter/Core`), as trivy and the CocoaPods advisories write them;
 * - dependsOn: each listed pod that is itself in `PODS`;
 * - relationships: pods named in `DEPENDENCIES` (what the Podfile asks for) are direct, the
 *   others indirect; without a `DEPENDENCIES` section they stay unknown. trivy reports none;
 * - an item that is not `Name (version)` is skipped, as trivy does;
 * - Location: the lines of the `PODS` item.
 *
 * Files in the layout CocoaPods writes go through a line reader (yaml-lines.ts, ~5x faster
 * than the `yaml` parser); anything else, malformed files included, through the `yaml` parser.
 */
export const podfileLockAnalyzer: Analyzer = {
  name: 'cocoapods',
  version: 1,
  wants: (info) => isLockfileNamed(info.path, 'Podfile.lock'),
  analyze,
};

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const packages = pods(input.content.toString('utf8'), input.path);
  return { applications: [{ type: 'cocoapods', ecosystem: 'CocoaPods', purlType: 'cocoapods', filePath: input.path, packages }] };
}

/** A `PODS` item as written: `Name (version)` and the requirements listed under it. */
interface PodItem {
  head: string;
  children: string[];
  location: Location;
}

/** What the analyzer needs from the lockfile, whichever reader produced it. */
interface PodLock {
  items: PodItem[];
  /** Pod names in `DEPENDENCIES`; undefined without that section. */
  direct: Set<string> | undefined;
}

function pods(text: string, file: string): Package[] {
  const lines = readYamlLines(text);
  const lock = (lines && readLockLines(lines)) ?? readLockYaml(text, file);
  const byName = new Map<string, { pkg: Package; dependencies: string[] }>();
  for (const item of lock.items) {
    const parsed = nameAndVersion(item.head);
    if (!parsed || byName.has(parsed[0])) continue;
    const [name, version] = parsed;
    byName.set(name, { pkg: { id: `${name}@${version}`, name, version, locations: [item.location] }, dependencies: item.children.map(podName) });
  }
  for (const { pkg, dependencies } of byName.values()) {
    const dependsOn = [...new Set(dependencies.map((name) => byName.get(name)?.pkg.id).filter((id): id is string => id !== undefined && id !== pkg.id))];
    if (dependsOn.length > 0) pkg.dependsOn = dependsOn;
  }
  const packages = [...byName.values()].map((p) => p.pkg);
  classify(packages, lock.direct);
  return packages;
}

/**
 * The fast reader, for the layout CocoaPods writes: top-level sections; `PODS` items at one
 * indentation, each a scalar or a `key:` with requirement items one level deeper;
 * `DEPENDENCIES` items. Undefined for anything else, which the YAML parser then reads.
 */
function readLockLines(lines: YamlLine[]): PodLock | undefined {
  const items: PodItem[] = [];
  let direct: Set<string> | undefined;
  let section: string | undefined;
  let itemIndent: number | undefined;
  let childIndent: number | undefined;
  let item: PodItem | undefined;
  let itemTakesRequirements = false; // `- Name (1.0):` with nothing after the colon
  for (const l of lines) {
    if (l.dashIndent === undefined && l.indent === 0) {
      if (l.key === undefined) return undefined;
      section = l.key;
      itemIndent = childIndent = item = undefined;
      if (section === 'PODS' && l.value !== undefined) return undefined;
      if (section === 'DEPENDENCIES' && (l.value !== undefined || l.empty === 'map')) return undefined;
      if (section === 'DEPENDENCIES' && l.empty === 'list') direct = new Set();
      continue;
    }
    if (l.dashIndent === 0) return undefined;
    if (section === 'DEPENDENCIES') {
      if (l.dashIndent === undefined) return undefined;
      direct ??= new Set();
      if (l.key === undefined && l.value !== undefined) direct.add(podName(l.value));
      continue;
    }
    if (section !== 'PODS') continue;
    if (l.dashIndent === undefined) return undefined;
    itemIndent ??= l.dashIndent;
    if (l.dashIndent === itemIndent) {
      const head = l.key ?? l.value;
      if (head === undefined || (l.key !== undefined && l.empty === 'map')) return undefined;
      item = { head, children: [], location: { startLine: l.line, endLine: l.line } };
      items.push(item);
      itemTakesRequirements = l.key !== undefined && l.value === undefined && l.empty === undefined;
      childIndent = undefined;
      continue;
    }
    // a requirement listed under the current item: `- Name (requirement)`
    if (!item || !itemTakesRequirements || l.dashIndent < itemIndent) return undefined;
    childIndent ??= l.dashIndent;
    if (l.dashIndent !== childIndent || l.key !== undefined) return undefined;
    if (l.value !== undefined) item.children.push(l.value);
    item.location.endLine = l.line;
  }
  return { items, direct };
}

/** The general reader: the `yaml` parser (failsafe schema, so every scalar stays a string). */
function readLockYaml(text: string, file: string): PodLock {
  const lines = new LineCounter();
  const doc = parseDocument(text, { schema: 'failsafe', lineCounter: lines, uniqueKeys: false });
  const error = doc.errors[0];
  if (error) {
    const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new ParseError(file, `invalid YAML: ${reason}`, error.linePos?.[0].line);
  }
  if (doc.contents === null) return { items: [], direct: undefined };
  if (!isMap(doc.contents)) {
    throw new ParseError(file, 'not a Podfile.lock: expected a mapping at the top level', lines.linePos(doc.contents.range?.[0] ?? 0).line);
  }
  const direct = directNames(doc.contents.get('DEPENDENCIES', true));
  const podsNode: unknown = doc.contents.get('PODS', true);
  if (podsNode === undefined || podsNode === null || (isScalar(podsNode) && (podsNode.value === '' || podsNode.value === null))) return { items: [], direct };
  if (!isSeq(podsNode)) throw new ParseError(file, 'PODS must be a list', isNode(podsNode) ? lineOf(lines, podsNode) : undefined);
  const items = (podsNode.items as Node[]).map((node) => readPodNode(node, text, lines)).filter((i): i is PodItem => i !== undefined);
  return { items, direct };
}

/** `- Name (1.0)` or `- Name (1.0): [requirements]`. */
function readPodNode(node: Node, text: string, lines: LineCounter): PodItem | undefined {
  let head: unknown;
  let children: unknown[] = [];
  if (isScalar(node)) head = node.value;
  else if (isMap(node) && node.items.length === 1) {
    const [pair] = node.items;
    head = isScalar(pair.key) ? pair.key.value : undefined;
    if (isSeq(pair.value)) children = pair.value.items.map((child) => (isScalar(child) ? child.value : undefined));
  }
  if (typeof head !== 'string') return undefined;
  return {
    head,
    children: children.filter((c): c is string => typeof c === 'string'),
    location: { startLine: lineOf(lines, node), endLine: endLineOf(lines, node, text) },
  };
}

/** `AppCenter/Core (4.2.0)` -> [AppCenter/Core, 4.2.0]; undefined for anything else. */
function nameAndVersion(text: string): [string, string] | undefined {
  const match = /^(\S+) \(([^()\s]+)\)$/.exec(text.trim());
  return match ? [match[1], match[2]] : undefined;
}

/** `AppCenter/Core (= 4.2.0)`, `Texture/Core`, `Foo (from `../Foo`)` -> the pod name. */
function podName(text: string): string {
  return text.trim().split(/\s/, 1)[0];
}

function directNames(node: unknown): Set<string> | undefined {
  if (!isSeq(node)) return undefined;
  return new Set(node.items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' ? [podName(item.value)] : [])));
}

function classify(packages: Package[], direct: Set<string> | undefined): void {
  if (!direct) return;
  for (const pkg of packages) pkg.relationship = direct.has(pkg.name) ? 'direct' : 'indirect';
}

function lineOf(lines: LineCounter, node: Node): number {
  return lines.linePos(node.range?.[0] ?? 0).line;
}

/** Line of the last non-blank character of a node (its range runs on over trailing newlines). */
function endLineOf(lines: LineCounter, node: Node, text: string): number {
  const start = node.range?.[0] ?? 0;
  let i = (node.range?.[1] ?? start + 1) - 1;
  while (i > start && /\s/.test(text[i])) i--;
  return lines.linePos(i).line;
}
