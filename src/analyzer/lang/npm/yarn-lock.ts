import { posix } from 'node:path';
import { isProjectLockfile } from '../../lockfile-path.js';
import semver from 'semver';
import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';
import { ParseError } from '../../parse-error.js';
import { classifyByGraph, packageId } from './dependency-graph.js';

/**
 * yarn.lock analyzer, for both lockfile families:
 *
 * - classic (yarn 1): a custom format. Top-level lines are entry headers listing every
 *   descriptor (`name@range`) that resolved to the entry: `"a@^1", a@~1.2:`. Indented lines are
 *   `key value` fields (`version "1.2.3"`) or `key:` opening a nested block (`dependencies:`).
 * - berry (yarn 2+): YAML, recognised by its `__metadata:` entry. Headers are one quoted string
 *   (`"a@npm:^1, a@npm:~1.2":`), fields are `key: value`, and `resolution:` names the locator the
 *   entry resolved to (`a@npm:1.2.3`, `app@workspace:.`, `b@patch:...`).
 *
 * Both are generated with a fixed layout (two-space indentation, JSON-quoted strings, no flow
 * collections), so one line scanner reads both; it is much faster than a YAML parser on the
 * 10k+-line lockfiles real projects have.
 *
 * Only packages from the npm registry are reported, as trivy does: entries resolved from git,
 * GitHub shorthands, tarball URLs or local paths (`file:`, `link:`, `portal:`) are not, though they
 * stay in the dependency graph used to tell production from dev. Workspace entries serve as
 * dependency roots instead of packages; a berry `patch:` entry stands for the package it patches.
 */
export const yarnLockAnalyzer: Analyzer = {
  name: 'yarn',
  version: 1,
  wants: (info) => isProjectLockfile(info.path, 'yarn.lock'),
  analyze,
};


async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const lock = parseLockfile(input.content.toString('utf8'), input.path);
  const index = indexPackages(lock);
  const lockDir = posix.dirname(input.path);
  const manifest = await readManifest(input, siblingPath(lockDir, 'package.json'));

  const roots = await collectRoots(input, lockDir, manifest, lock.isBerry, index);
  if (roots) classifyByGraph([...index.byId.values(), ...index.unreported], roots.prod, roots.dev);
  dropUnreportedEdges(index.byId.values(), index.byId);

  const packages = [...index.byId.values()];
  const root = manifest && rootPackage(manifest, index);
  if (root && !index.byId.has(root.id)) packages.unshift(root);

  return {
    applications: [{ type: 'yarn', ecosystem: 'npm', purlType: 'npm', filePath: input.path, packages }],
  };
}

// ---------------------------------------------------------------------------------------------
// Line scanner: yarn.lock text → entries (header descriptors, fields, dependencies, line range)
// ---------------------------------------------------------------------------------------------

/** One top-level entry of a yarn.lock. */
interface LockEntry {
  /** Descriptors of the header, unquoted: `lodash@^4.17.0`, `lodash@npm:^4.17.0`. */
  descriptors: string[];
  /** Scalar fields of the entry: `version`, `resolution`, `resolved`, `linkType`, ... */
  fields: Map<string, string>;
  /** `[name, range]` pairs of `dependencies:` and `optionalDependencies:`. */
  dependencies: Array<[string, string]>;
  startLine: number;
  endLine: number;
}

interface Lockfile {
  /** yarn 2+ lockfile (has `__metadata:`). */
  isBerry: boolean;
  entries: LockEntry[];
}

/** Nested blocks whose entries are dependency edges; others (`peerDependenciesMeta`, `bin`, ...) are skipped. */
const DEPENDENCY_BLOCKS = new Set(['dependencies', 'optionalDependencies']);

function parseLockfile(text: string, file: string): Lockfile {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const entries: LockEntry[] = [];
  let isBerry = false;
  let entry: LockEntry | undefined;
  let inMetadata = false;
  let fieldIndent = 0;
  let block: { name: string; indent: number } | undefined;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const lineNo = i + 1;
    const indent = line.length - content.length;

    if (indent === 0) {
      const header = parseHeader(content, file, lineNo);
      block = undefined;
      fieldIndent = 0;
      inMetadata = header.length === 1 && header[0] === '__metadata';
      if (inMetadata) {
        isBerry = true;
        entry = undefined;
        continue;
      }
      entry = { descriptors: header, fields: new Map(), dependencies: [], startLine: lineNo, endLine: lineNo };
      entries.push(entry);
      continue;
    }

    if (inMetadata) continue;
    if (!entry) throw new ParseError(file, 'indented line outside of any entry', lineNo);
    entry.endLine = lineNo;
    if (fieldIndent === 0) fieldIndent = indent;
    const { key, value } = parseKeyValue(content, file, lineNo);

    if (indent <= fieldIndent) {
      block = value === undefined ? { name: key, indent: 0 } : undefined;
      if (value !== undefined) entry.fields.set(key, value);
      continue;
    }
    // Inside a nested block: only its direct children are read (deeper levels, e.g. the
    // `optional: true` under `peerDependenciesMeta.foo`, are ignored).
    if (!block) continue;
    if (block.indent === 0) block.indent = indent;
    if (indent === block.indent && value !== undefined && DEPENDENCY_BLOCKS.has(block.name)) {
      entry.dependencies.push([key, value]);
    }
  }
  return { isBerry, entries };
}

/**
 * Splits an entry header (`"a@^1", a@~1.2:` or berry's `"a@npm:^1, a@npm:~1.2":`) into
 * descriptors. Every header is a comma-separated list of (possibly quoted) descriptors ending
 * in `:`; berry puts the whole list in one quoted string.
 */
function parseHeader(content: string, file: string, lineNo: number): string[] {
  if (!content.endsWith(':')) throw new ParseError(file, `expected an entry header ending in ":", got ${JSON.stringify(content.slice(0, 60))}`, lineNo);
  const list = content.slice(0, -1);
  const descriptors: string[] = [];
  let pos = 0;
  while (pos < list.length) {
    let token: string;
    if (list[pos] === '"') {
      const end = closingQuote(list, pos, file, lineNo);
      token = unquote(list.slice(pos, end + 1), file, lineNo);
      pos = end + 1;
      while (pos < list.length && list[pos] !== ',') pos++;
    } else {
      const comma = list.indexOf(',', pos);
      const end = comma === -1 ? list.length : comma;
      token = list.slice(pos, end);
      pos = end;
    }
    pos++; // the comma
    for (const part of token.split(',')) if (part.trim() !== '') descriptors.push(part.trim());
    while (list[pos] === ' ') pos++;
  }
  if (descriptors.length === 0) throw new ParseError(file, 'empty entry header', lineNo);
  return descriptors;
}

/** Reads `key value` (classic) or `key: value` (berry); `value` is undefined when the line opens a nested block. */
function parseKeyValue(content: string, file: string, lineNo: number): { key: string; value: string | undefined } {
  let key: string;
  let pos: number;
  if (content.startsWith('"')) {
    const end = closingQuote(content, 0, file, lineNo);
    key = unquote(content.slice(0, end + 1), file, lineNo);
    pos = end + 1;
  } else {
    const match = /^[^\s:]+/.exec(content);
    key = match ? match[0] : '';
    pos = key.length;
  }
  if (key === '') throw new ParseError(file, `expected a field, got ${JSON.stringify(content.slice(0, 60))}`, lineNo);
  if (content[pos] === ':') pos++;
  const rest = content.slice(pos).trim();
  if (rest === '') return { key, value: undefined };
  return { key, value: rest.startsWith('"') ? unquote(rest, file, lineNo) : rest };
}

/** Index of the `"` closing the string opened at `start` (backslash escapes skipped). */
function closingQuote(text: string, start: number, file: string, lineNo: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  throw new ParseError(file, 'unterminated quoted string', lineNo);
}

/** Yarn quotes strings the way JSON does. */
function unquote(quoted: string, file: string, lineNo: number): string {
  try {
    const value: unknown = JSON.parse(quoted);
    if (typeof value === 'string') return value;
  } catch {
    // reported below
  }
  throw new ParseError(file, `invalid quoted string ${quoted.slice(0, 60)}`, lineNo);
}

// ---------------------------------------------------------------------------------------------
// Entries → packages
// ---------------------------------------------------------------------------------------------

interface Descriptor {
  name: string;
  range: string;
}

/** `name@range`, where a scoped name starts with `@`. A bare `name` has an empty range. */
function parseDescriptor(text: string): Descriptor {
  const at = text.indexOf('@', 1);
  return at === -1 ? { name: text, range: '' } : { name: text.slice(0, at), range: text.slice(at + 1) };
}

/**
 * Key under which a dependency finds its entry. The same descriptor is written `a@npm:^1`
 * (berry headers, recent berry dependency lists, `npm:` aliases) or `a@^1` (classic, older berry
 * dependency lists, package.json), so the default `npm:` protocol is dropped.
 */
function descriptorKey(name: string, range: string): string {
  return `${name}@${range.startsWith('npm:') ? range.slice(4) : range}`;
}

/** Where a classic range is fetched from: the registry (possibly under an `npm:` alias) or elsewhere. */
function classicRegistryName(descriptor: Descriptor): string | undefined {
  let { name, range } = descriptor;
  if (range.startsWith('npm:')) {
    // `alias@npm:real@^1` installs `real`; `a@npm:^1` is just an explicit registry range.
    const target = parseDescriptor(range.slice(4));
    if (target.range !== '') ({ name, range } = target);
    else range = target.name;
  }
  return isRegistryRange(range) ? name : undefined;
}

/**
 * A semver range or dist-tag. Anything with a protocol (`git+ssh:`, `github:`, `file:`,
 * `https:`, ...), a path (`./x`, `/x`, `~/x`), a GitHub shorthand (`user/repo#ref`) or a commit
 * (`#...`) points outside the registry.
 */
function isRegistryRange(range: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:/i.test(range)) return false;
  if (/^(\.\.?\/|\.\.?$|\/|~\/)/.test(range)) return false;
  return !range.includes('/') && !range.includes('#');
}

/** What a lockfile entry stands for. */
type EntryKind =
  | { kind: 'package'; name: string; version: string }
  | { kind: 'workspace'; path: string }
  /** Resolved outside the registry (git, tarball URL, local path): kept in the graph, not reported. */
  | { kind: 'unreported' }
  /** A berry `patch:` of another entry: its descriptors stand for the patched package. */
  | { kind: 'patch' };

function classicEntryKind(entry: LockEntry): EntryKind {
  const version = entry.fields.get('version');
  if (!version) return { kind: 'unreported' };
  // One entry resolves all its descriptors, so a single non-registry one makes the entry non-registry.
  const names = entry.descriptors.map((d) => classicRegistryName(parseDescriptor(d)));
  const name = names[0];
  if (name === undefined || names.some((n) => n === undefined)) return { kind: 'unreported' };
  return { kind: 'package', name, version };
}

/** Berry records the resolved locator: `name@npm:1.2.3`, `name@workspace:path`, `name@patch:...`. */
function berryEntryKind(entry: LockEntry): EntryKind {
  const version = entry.fields.get('version');
  const locator = parseDescriptor(entry.fields.get('resolution') ?? '');
  if (locator.range.startsWith('npm:') && version) return { kind: 'package', name: locator.name, version };
  if (locator.range.startsWith('workspace:')) return { kind: 'workspace', path: locator.range.slice('workspace:'.length) };
  if (locator.range.startsWith('patch:')) return { kind: 'patch' };
  return { kind: 'unreported' };
}

/** A workspace entry of a berry lockfile, used as a dependency root. */
interface Workspace {
  path: string;
  dependencies: Array<[string, string]>;
}

interface PackageIndex {
  /** Reported packages. */
  byId: Map<string, Package>;
  /** Graph nodes of unreported entries (ids `<unreported>:<line>`), so that what they depend on is classified right. */
  unreported: Package[];
  /** `descriptorKey` of every header descriptor → its package or unreported node. */
  byDescriptor: Map<string, Package>;
  byName: Map<string, Package[]>;
  workspaces: Workspace[];
}

function indexPackages(lock: Lockfile): PackageIndex {
  const index: PackageIndex = { byId: new Map(), unreported: [], byDescriptor: new Map(), byName: new Map(), workspaces: [] };
  const edges = new Map<Package, Array<[string, string]>>();
  const patches: LockEntry[] = [];

  for (const entry of lock.entries) {
    const kind = lock.isBerry ? berryEntryKind(entry) : classicEntryKind(entry);
    let node: Package;
    if (kind.kind === 'workspace') {
      index.workspaces.push({ path: kind.path, dependencies: entry.dependencies });
      continue;
    } else if (kind.kind === 'patch') {
      patches.push(entry);
      continue;
    } else if (kind.kind === 'package') {
      node = addPackage(index, kind.name, kind.version);
      node.locations!.push({ startLine: entry.startLine, endLine: entry.endLine });
    } else {
      const name = parseDescriptor(entry.descriptors[0]).name;
      node = { id: `<unreported>:${entry.startLine}`, name, version: entry.fields.get('version') ?? '' };
      index.unreported.push(node);
    }
    for (const text of entry.descriptors) {
      const d = parseDescriptor(text);
      index.byDescriptor.set(descriptorKey(d.name, d.range), node);
    }
    const known = edges.get(node);
    if (known) known.push(...entry.dependencies);
    else edges.set(node, [...entry.dependencies]);
  }
  for (const patch of patches) aliasPatchDescriptors(index, patch);

  // Every descriptor is known now, so dependency ranges can be resolved.
  for (const [node, dependencies] of edges) {
    const ids = new Set<string>();
    for (const [name, range] of dependencies) {
      const dep = resolveDependency(index, name, range);
      if (dep && dep !== node) ids.add(dep.id);
    }
    if (ids.size > 0) node.dependsOn = [...ids].sort();
  }
  return index;
}

/**
 * A patched package is still `name@version`: the descriptors of a berry patch entry
 * (`resolve@patch:resolve@npm%3A^1.20.0#~builtin<compat/resolve>`) resolve to the entry of the
 * descriptor they patch (`resolve@npm:^1.20.0`).
 */
function aliasPatchDescriptors(index: PackageIndex, entry: LockEntry): void {
  for (const text of entry.descriptors) {
    const d = parseDescriptor(text);
    if (!d.range.startsWith('patch:')) continue;
    let source: string;
    try {
      source = decodeURIComponent(d.range.slice('patch:'.length).split('#')[0]);
    } catch {
      continue;
    }
    const patched = parseDescriptor(source);
    const target = index.byDescriptor.get(descriptorKey(patched.name, patched.range));
    if (target) index.byDescriptor.set(descriptorKey(d.name, d.range), target);
  }
}

/** The package `name@version`, created on first sight (an alias and its target can share one). */
function addPackage(index: PackageIndex, name: string, version: string): Package {
  const id = packageId(name, version);
  let pkg = index.byId.get(id);
  if (!pkg) {
    pkg = { id, name, version, locations: [] };
    index.byId.set(id, pkg);
    const versions = index.byName.get(name);
    if (versions) versions.push(pkg);
    else index.byName.set(name, [pkg]);
  }
  return pkg;
}

/** Drops edges to unreported nodes once classification no longer needs them: reported ids must resolve. */
function dropUnreportedEdges(packages: Iterable<Package>, reported: Map<string, Package>): void {
  for (const pkg of packages) {
    if (!pkg.dependsOn) continue;
    const kept = pkg.dependsOn.filter((id) => reported.has(id));
    if (kept.length > 0) pkg.dependsOn = kept;
    else delete pkg.dependsOn;
  }
}

/**
 * The entry a dependency `name: range` resolved to: by its descriptor, as yarn records it, or
 * else (a package.json edited after `yarn install`) the version of `name` satisfying `range`.
 */
function resolveDependency(index: PackageIndex, name: string, range: string): Package | undefined {
  const exact = index.byDescriptor.get(descriptorKey(name, range));
  if (exact) return exact;
  const candidates = index.byName.get(name) ?? [];
  return candidates.find((p) => semver.satisfies(p.version, range.replace(/^npm:/, ''), { loose: true }));
}

// ---------------------------------------------------------------------------------------------
// package.json: root package and direct dependencies
// ---------------------------------------------------------------------------------------------

interface Manifest {
  name?: string;
  version?: string;
  licenses: string[];
  /** dependencies, optionalDependencies and peerDependencies. */
  prod: Array<[string, string]>;
  dev: Array<[string, string]>;
  /** Declares yarn workspaces (whose own manifests a classic lockfile does not list). */
  hasWorkspaces: boolean;
}

function siblingPath(dir: string, name: string): string {
  return dir === '.' || dir === '' ? name : `${dir}/${name}`;
}

/** The manifest at `path`, or undefined when absent or not a JSON object (it only refines the result). */
async function readManifest(input: AnalyzerInput, path: string): Promise<Manifest | undefined> {
  const content = await input.readFile(path);
  if (!content) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(content.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  if (!isRecord(json)) return undefined;
  return {
    name: typeof json.name === 'string' && json.name !== '' ? json.name : undefined,
    version: typeof json.version === 'string' && json.version !== '' ? json.version : undefined,
    licenses: manifestLicenses(json),
    prod: [
      ...dependencyMap(json.dependencies),
      ...dependencyMap(json.optionalDependencies),
      ...dependencyMap(json.peerDependencies),
    ],
    dev: dependencyMap(json.devDependencies),
    hasWorkspaces: json.workspaces !== undefined,
  };
}

/** `license: "MIT"`, or the deprecated `license: {type}` / `licenses: [{type}]` forms. */
function manifestLicenses(json: Record<string, unknown>): string[] {
  const typeOf = (value: unknown): string | undefined =>
    typeof value === 'string' ? value : isRecord(value) && typeof value.type === 'string' ? value.type : undefined;
  const single = typeOf(json.license);
  if (single) return [single];
  if (!Array.isArray(json.licenses)) return [];
  return json.licenses.map(typeOf).filter((l): l is string => l !== undefined);
}

function dependencyMap(value: unknown): Array<[string, string]> {
  if (!isRecord(value)) return [];
  return Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

interface Roots {
  prod: string[];
  dev: string[];
}

/**
 * Direct dependencies of the project, as package ids:
 * - the root package.json: dependencies/optionalDependencies/peerDependencies are production
 *   roots, devDependencies dev roots;
 * - berry workspaces: each workspace's package.json when readable, else the dependencies its
 *   lockfile entry lists (berry merges dev and production there, so they count as production).
 * Undefined when nothing tells direct from transitive (no manifest, or a classic lockfile of a
 * workspace project, whose member manifests cannot be listed from here): relationships stay unknown.
 */
async function collectRoots(
  input: AnalyzerInput,
  lockDir: string,
  manifest: Manifest | undefined,
  isBerry: boolean,
  index: PackageIndex,
): Promise<Roots | undefined> {
  const prod: Array<[string, string]> = [];
  const dev: Array<[string, string]> = [];
  if (manifest) {
    if (manifest.hasWorkspaces && !isBerry) return undefined;
    prod.push(...manifest.prod);
    dev.push(...manifest.dev);
  }
  for (const workspace of index.workspaces) {
    const isRoot = workspace.path === '.' || workspace.path === '';
    if (isRoot && manifest) continue;
    const own = isRoot ? undefined : await readManifest(input, siblingPath(lockDir, `${workspace.path}/package.json`));
    if (own) {
      prod.push(...own.prod);
      dev.push(...own.dev);
    } else {
      prod.push(...workspace.dependencies);
    }
  }
  if (!manifest && index.workspaces.length === 0) return undefined;
  const ids = (deps: Array<[string, string]>): string[] =>
    deps.map(([name, range]) => resolveDependency(index, name, range)?.id).filter((id): id is string => id !== undefined);
  return { prod: ids(prod), dev: ids(dev) };
}

/** The project itself, as trivy reports it: `name@version` from package.json, depending on its production dependencies. */
function rootPackage(manifest: Manifest, index: PackageIndex): Package | undefined {
  if (!manifest.name || !manifest.version) return undefined;
  const dependsOn = new Set<string>();
  for (const [name, range] of manifest.prod) {
    const dep = resolveDependency(index, name, range);
    if (dep && index.byId.has(dep.id)) dependsOn.add(dep.id);
  }
  const root: Package = {
    id: packageId(manifest.name, manifest.version),
    name: manifest.name,
    version: manifest.version,
    relationship: 'root',
  };
  if (dependsOn.size > 0) root.dependsOn = [...dependsOn].sort();
  if (manifest.licenses.length > 0) root.licenses = manifest.licenses;
  return root;
}
