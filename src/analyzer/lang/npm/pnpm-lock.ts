import { isProjectLockfile } from '../../lockfile-path.js';
import semver from 'semver';
import { LineCounter, isMap, isNode, isScalar, parseAllDocuments } from 'yaml';
import type { Document, Pair } from 'yaml';
import type { Analyzer, AnalyzerInput, AnalysisResult, Location, Package } from '../../types.js';
import { ParseError } from '../../parse-error.js';
import { classifyByGraph, packageId } from './dependency-graph.js';

/**
 * pnpm-lock.yaml analyzer, lockfile versions 5.x, 6.x and 9.x.
 *
 * Every version has a `packages:` map keyed by a "dependency path" naming the package:
 * - v5: `/name/1.2.3`, `/@scope/name/1.2.3_peer@1.0.0`, `registry.example/name/1.2.3`
 * - v6: `/name@1.2.3`, `/@scope/name@1.2.3(peer@1.0.0)`
 * - v9: `name@1.2.3` (peer variants live in a separate `snapshots:` map: `name@1.2.3(peer@1.0.0)`)
 * Packages from tarballs, git or local directories have other keys and carry `name`/`version`
 * fields instead. Entries whose version is not semver (a directory, a branch) are skipped, as
 * trivy does.
 *
 * Direct dependencies come from the importers (the root project and workspace members):
 * top-level `dependencies`/`devDependencies`/`optionalDependencies` (v5/v6 single project) or
 * `importers.<path>.*` (workspaces, and always in v9).
 * Dev/prod: v5/v6 record it per package (`dev: true` = dev only, `dev: false` = prod only, absent =
 * both); v9 does not, so it is derived from the importers through the snapshot graph.
 */
export const pnpmLockAnalyzer: Analyzer = {
  name: 'pnpm',
  version: 1,
  wants: (info) => isProjectLockfile(info.path, 'pnpm-lock.yaml'),
  analyze,
};

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const lockfile = readLockfile(input.content.toString('utf8'), input.path);
  const packages = lockfile ? (lockfile.major >= 9 ? buildV9(lockfile) : buildV5V6(lockfile)) : [];
  return {
    applications: [{ type: 'pnpm', ecosystem: 'npm', purlType: 'npm', filePath: input.path, packages }],
  };
}

// ---------------------------------------------------------------------------------------------
// YAML → lockfile sections
// ---------------------------------------------------------------------------------------------

type YamlRecord = Record<string, unknown>;

/** One entry of the `packages:` map, with the line range it spans. */
interface PackageEntry {
  key: string;
  fields: YamlRecord;
  location: Location;
}

interface Lockfile {
  /** Major lockfile version (5, 6, 9); guessed from the layout when absent. */
  major: number;
  data: YamlRecord;
  packages: PackageEntry[];
}

function readLockfile(text: string, file: string): Lockfile | undefined {
  const lineCounter = new LineCounter();
  // The failsafe schema keeps every scalar a string: `1.10` stays `1.10`, not the number 1.1.
  // The duplicate-key check is quadratic in the size of a map (seconds on a large `packages:`),
  // and pnpm never writes duplicates, so it is off.
  const documents = parseAllDocuments(text, { schema: 'failsafe', lineCounter, uniqueKeys: false });
  for (const doc of documents) {
    const error = doc.errors[0];
    if (error) {
      const reason = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      throw new ParseError(file, `invalid YAML: ${reason}`, error.linePos?.[0].line);
    }
  }
  const doc = projectDocument(documents);
  if (!doc || doc.contents === null) return undefined; // nothing but comments
  if (!isMap(doc.contents)) {
    throw new ParseError(file, 'not a pnpm lockfile: expected a mapping at the top level', lineOf(lineCounter, doc.contents.range?.[0] ?? 0));
  }
  const data = asRecord(doc.toJS());
  if (!data) return undefined;
  const packagesNode = doc.contents.get('packages', true);
  return {
    major: lockfileMajor(data),
    data,
    packages: isMap(packagesNode) ? packageEntries(packagesNode.items, asRecord(data.packages) ?? {}, text, lineCounter) : [],
  };
}

/**
 * The document describing the project. pnpm 10+ may put the lockfile of the package manager
 * itself (`importers['.'].packageManagerDependencies`) in a first YAML document of its own.
 */
function projectDocument(documents: Document[]): Document | undefined {
  const projects = documents.filter((doc) => !isPackageManagerLockfile(doc));
  return projects[projects.length - 1];
}

function isPackageManagerLockfile(doc: Document): boolean {
  const root = doc.getIn(['importers', '.'], true);
  if (!isMap(root)) return false;
  const hasProjectDeps = ['dependencies', 'devDependencies', 'optionalDependencies'].some((k) => root.has(k));
  return !hasProjectDeps && (root.has('packageManagerDependencies') || root.has('configDependencies'));
}

/** `lockfileVersion: 5.4` or `'6.0'`/`'9.0'`; without one, v9's `snapshots:` section tells it apart. */
function lockfileMajor(data: YamlRecord): number {
  const declared = Number.parseFloat(String(data.lockfileVersion ?? ''));
  if (Number.isFinite(declared)) return Math.floor(declared);
  return 'snapshots' in data ? 9 : 6;
}

/** The entries of the `packages:` map: keys and line ranges from the YAML nodes, fields from their plain values. */
function packageEntries(items: Array<Pair<unknown, unknown>>, values: YamlRecord, text: string, lines: LineCounter): PackageEntry[] {
  const entries: PackageEntry[] = [];
  for (const item of items) {
    if (!isScalar(item.key) || typeof item.key.value !== 'string') continue;
    const start = item.key.range?.[0] ?? 0;
    const value = isNode(item.value) ? item.value : undefined;
    const end = lastContentOffset(text, start, value?.range?.[1] ?? item.key.range?.[1] ?? start);
    entries.push({
      key: item.key.value,
      fields: asRecord(values[item.key.value]) ?? {}, // `key:` with no body (a bare entry) has no fields
      location: { startLine: lineOf(lines, start), endLine: lineOf(lines, end) },
    });
  }
  return entries;
}

/** Offset of the last non-blank character before `end`: a node's range runs on over trailing blank lines. */
function lastContentOffset(text: string, start: number, end: number): number {
  let i = end - 1;
  while (i > start && /\s/.test(text[i])) i--;
  return i;
}

function lineOf(lines: LineCounter, offset: number): number {
  return lines.linePos(offset).line;
}

function asRecord(value: unknown): YamlRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as YamlRecord) : undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

// ---------------------------------------------------------------------------------------------
// Dependency paths
// ---------------------------------------------------------------------------------------------

interface NameVersion {
  name: string;
  version: string;
}

/**
 * Name and version of a `packages:` entry: its `name`/`version` fields when present (tarball,
 * git and directory packages), else parsed from the key. Undefined when there is no semver version.
 */
function identify(entry: PackageEntry, major: number): NameVersion | undefined {
  const fromKey = parseDependencyPath(entry.key, major);
  const name = asString(entry.fields.name) ?? fromKey?.name;
  const declared = asString(entry.fields.version);
  const version = declared && isSemver(declared) ? declared : fromKey?.version;
  return name && version ? { name, version } : undefined;
}

/**
 * Name and version of a dependency path, the path style of the lockfile version tried first.
 * The version is undefined when it is not semver (`name@https://host/x.tgz`, `name@file:dir`).
 */
function parseDependencyPath(key: string, major: number): { name: string; version?: string } | undefined {
  const path = withoutHost(key, major);
  const styles = major >= 6 ? [splitAtVersion, splitSlashVersion] : [splitSlashVersion, splitAtVersion];
  const candidates = styles.map((split) => split(path)).filter((c): c is NameVersion => c !== undefined);
  const withSemver = candidates.find((c) => isSemver(c.version));
  return withSemver ?? (candidates[0] && { name: candidates[0].name });
}

/**
 * Drops the leading `/` of a registry path, or the host of a v5/v6 path from another registry
 * or a git host (`registry.example.com/foo/1.0.0`, `github.com/user/repo/<sha>`).
 */
function withoutHost(key: string, major: number): string {
  if (key.startsWith('/')) return key.slice(1);
  if (major >= 9 || key.startsWith('@')) return key;
  const slash = key.indexOf('/');
  return slash > 0 && /[.:]/.test(key.slice(0, slash)) ? key.slice(slash + 1) : key;
}

/** v6/v9 style: `name@1.2.3(peer@1)`, `@scope/name@1.2.3`. */
function splitAtVersion(path: string): NameVersion | undefined {
  const at = path.indexOf('@', 1);
  if (at === -1) return undefined;
  const name = path.slice(0, at);
  return isPackageName(name) ? { name, version: withoutPeers(path.slice(at + 1)) } : undefined;
}

/** v5 style: `name/1.2.3_peer@1`, `@scope/name/1.2.3`. */
function splitSlashVersion(path: string): NameVersion | undefined {
  const parts = path.split('/');
  const nameLength = path.startsWith('@') ? 2 : 1;
  if (parts.length !== nameLength + 1) return undefined;
  const name = parts.slice(0, nameLength).join('/');
  return isPackageName(name) ? { name, version: withoutPeers(parts[nameLength]) } : undefined;
}

function isPackageName(name: string): boolean {
  return /^(@[^/@\s]+\/)?[^/@\s]+$/.test(name);
}

/** Peer suffixes: `_peer@1.0.0` (v5) and `(peer@1.0.0)` (v6+). Neither character occurs in semver. */
function withoutPeers(version: string): string {
  return version.split(/[_(]/, 1)[0];
}

/** Drops the peer suffix of a v9 snapshot key: `a@1.0.0(b@2.0.0)` → `a@1.0.0`. */
function snapshotPackageKey(key: string): string {
  const paren = key.indexOf('(');
  return paren === -1 ? key : key.slice(0, paren);
}

function isSemver(version: string): boolean {
  return semver.valid(version) !== null;
}

// ---------------------------------------------------------------------------------------------
// Importers and dependency references
// ---------------------------------------------------------------------------------------------

/** A dependency as the lockfile references it: `name` and a `ref` (version, path or key). */
type DependencyRef = [name: string, ref: string];

interface Importer {
  prod: DependencyRef[];
  dev: DependencyRef[];
}

/** The root project of a v5/v6 single-project lockfile and every `importers:` member. */
function importersOf(data: YamlRecord): Importer[] {
  const importers = Object.values(asRecord(data.importers) ?? {}).map(asRecord);
  return [data, ...importers]
    .filter((i): i is YamlRecord => i !== undefined)
    .map((i) => ({
      prod: [...dependencyRefs(i.dependencies), ...dependencyRefs(i.optionalDependencies)],
      dev: dependencyRefs(i.devDependencies),
    }));
}

/** `name: ref` (v5 and package entries) or `name: {specifier, version: ref}` (v6+ importers). */
function dependencyRefs(value: unknown): DependencyRef[] {
  const refs: DependencyRef[] = [];
  for (const [name, spec] of Object.entries(asRecord(value) ?? {})) {
    const ref = asString(spec) ?? asString(asRecord(spec)?.version);
    // `link:` points at a workspace member or a local directory, not at a lockfile entry.
    if (ref && !ref.startsWith('link:')) refs.push([name, ref]);
  }
  return refs;
}

/**
 * Keys a reference can have in a map of dependency paths: `1.2.3` under `/name/1.2.3` (v5),
 * `/name@1.2.3` (v6) or `name@1.2.3` (v9); aliases and non-registry packages reference the key
 * itself (`/real-name/1.0.0`, `github.com/user/repo/<sha>`, `real-name@1.0.0`).
 */
function candidateKeys([name, ref]: DependencyRef): string[] {
  return [`${name}@${ref}`, `/${name}@${ref}`, `/${name}/${ref}`, ref];
}

function lookup<T>(map: Map<string, T>, dependency: DependencyRef): T | undefined {
  for (const key of candidateKeys(dependency)) {
    const found = map.get(key);
    if (found !== undefined) return found;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Packages
// ---------------------------------------------------------------------------------------------

/** Packages by id, one per `name@version` even when several peer variants share it. */
class PackageSet {
  readonly byId = new Map<string, Package>();
  readonly byName = new Map<string, Package[]>();

  add(id: NameVersion, location: Location): Package {
    const key = packageId(id.name, id.version);
    let pkg = this.byId.get(key);
    if (!pkg) {
      pkg = { id: key, name: id.name, version: id.version, locations: [] };
      this.byId.set(key, pkg);
      const versions = this.byName.get(id.name);
      if (versions) versions.push(pkg);
      else this.byName.set(id.name, [pkg]);
    }
    pkg.locations!.push(location);
    return pkg;
  }

  /** An importer dependency not found by key (e.g. a `file:` spec written differently): the only package of that name. */
  onlyVersionOf(name: string): Package | undefined {
    const versions = this.byName.get(name);
    return versions?.length === 1 ? versions[0] : undefined;
  }
}

function setDependsOn(pkg: Package, ids: Iterable<string>): void {
  const unique = new Set([...(pkg.dependsOn ?? []), ...ids]);
  unique.delete(pkg.id);
  if (unique.size > 0) pkg.dependsOn = [...unique].sort();
}

/** v5/v6: dev flag per package, dependencies per package entry. */
function buildV5V6({ major, data, packages: entries }: Lockfile): Package[] {
  const set = new PackageSet();
  const byKey = new Map<string, Package>();
  const withProductionVariant = new Set<string>();

  for (const entry of entries) {
    const id = identify(entry, major);
    if (!id) continue;
    const pkg = set.add(id, entry.location);
    byKey.set(entry.key, pkg);
    // Peer variants of one version are one package: it is dev only if every variant is.
    if (entry.fields.dev !== 'true') withProductionVariant.add(pkg.id);
  }
  for (const pkg of set.byId.values()) pkg.dev = !withProductionVariant.has(pkg.id);

  for (const entry of entries) {
    const pkg = byKey.get(entry.key);
    if (!pkg) continue;
    const refs = [...dependencyRefs(entry.fields.dependencies), ...dependencyRefs(entry.fields.optionalDependencies)];
    setDependsOn(pkg, refs.map((ref) => lookup(byKey, ref)?.id).filter((id): id is string => id !== undefined));
  }

  const direct = new Set<string>();
  for (const importer of importersOf(data)) {
    for (const ref of [...importer.prod, ...importer.dev]) {
      const pkg = lookup(byKey, ref) ?? set.onlyVersionOf(ref[0]);
      if (pkg) direct.add(pkg.id);
    }
  }
  // Without any importer dependency the lockfile says nothing about relationships.
  if (direct.size > 0) {
    for (const pkg of set.byId.values()) pkg.relationship = direct.has(pkg.id) ? 'direct' : 'indirect';
  }
  return [...set.byId.values()];
}

/**
 * v9: `packages:` holds one entry per name@version, `snapshots:` one per peer variant with its
 * dependencies. Dev/prod and direct/indirect are computed on the snapshot graph, then folded
 * onto packages: a package is production if any of its variants is reachable from a production
 * importer. Snapshots of unreported packages (a `file:` directory without a semver version) stay
 * in the graph, so what they pull in is classified correctly.
 */
function buildV9({ major, data, packages: entries }: Lockfile): Package[] {
  const set = new PackageSet();
  const byKey = new Map<string, Package>();
  for (const entry of entries) {
    const id = identify(entry, major);
    if (id) byKey.set(entry.key, set.add(id, entry.location));
  }

  const snapshots = snapshotGraph(data, entries);
  const packageOf = (snapshotKey: string): Package | undefined => byKey.get(snapshotPackageKey(snapshotKey));
  for (const node of snapshots.values()) {
    const pkg = packageOf(node.id);
    if (pkg) setDependsOn(pkg, (node.dependsOn ?? []).flatMap((key) => packageOf(key)?.id ?? []));
  }

  const prodRoots: string[] = [];
  const devRoots: string[] = [];
  for (const importer of importersOf(data)) {
    prodRoots.push(...resolveSnapshots(snapshots, importer.prod));
    devRoots.push(...resolveSnapshots(snapshots, importer.dev));
  }
  classifyByGraph([...snapshots.values()], prodRoots, devRoots);
  foldClassification([...snapshots.values()], packageOf);
  return [...set.byId.values()];
}

/**
 * The snapshot graph as graph nodes: ids are snapshot keys, `dependsOn` other snapshot keys.
 * Without a `snapshots:` map, each `packages:` entry is its own snapshot.
 */
function snapshotGraph(data: YamlRecord, entries: PackageEntry[]): Map<string, Package> {
  const section = asRecord(data.snapshots) ?? Object.fromEntries(entries.map((e) => [e.key, {}]));
  const nodes = new Map<string, Package>();
  for (const key of Object.keys(section)) nodes.set(key, { id: key, name: key, version: '' });
  for (const node of nodes.values()) {
    const fields = asRecord(section[node.id]) ?? {};
    const refs = [...dependencyRefs(fields.dependencies), ...dependencyRefs(fields.optionalDependencies)];
    const edges = resolveSnapshots(nodes, refs);
    if (edges.length > 0) node.dependsOn = edges;
  }
  return nodes;
}

function resolveSnapshots(nodes: Map<string, Package>, refs: DependencyRef[]): string[] {
  return refs.flatMap((ref) => lookup(nodes, ref)?.id ?? []);
}

/** A package is direct if any of its snapshots is, and dev only if all of them are. */
function foldClassification(nodes: Package[], packageOf: (snapshotKey: string) => Package | undefined): void {
  const variants = new Map<Package, Package[]>();
  for (const node of nodes) {
    const pkg = packageOf(node.id);
    if (!pkg) continue;
    const known = variants.get(pkg);
    if (known) known.push(node);
    else variants.set(pkg, [node]);
  }
  for (const [pkg, snapshots] of variants) {
    if (snapshots.every((s) => s.relationship === undefined)) continue;
    pkg.relationship = snapshots.some((s) => s.relationship === 'direct') ? 'direct' : 'indirect';
    pkg.dev = snapshots.every((s) => s.dev === true);
  }
}
