import type { LineIndex } from '../../lines.js';
import { isProjectLockfile } from '../../lockfile-path.js';
import type { Analyzer, Application, Package } from '../../types.js';
import { byNameThenVersion, mergePackagesById, packageId } from './dependency-graph.js';
import {
  asObject,
  asString,
  parseJsonObject,
  requireNumberIfPresent,
  spanLocation,
  stringMapKeys,
  type JsonObject,
  type JsonSpan,
} from '../../json-spans.js';

const NODE_MODULES = 'node_modules';

/**
 * package-lock.json (npm). Two layouts exist:
 *
 * - lockfileVersion 2 and 3 list every installed package in a flat `packages` map keyed by its
 *   install path (`node_modules/a/node_modules/b`); `packages[""]` is the root project.
 * - lockfileVersion 1 nests packages in `dependencies` maps that mirror the node_modules tree and
 *   has no record of the root manifest.
 *
 * Version 2 carries both; the `packages` map is read whenever it is there.
 */
export const packageLockAnalyzer: Analyzer = {
  name: 'npm',
  version: 1,
  wants: (info) => isProjectLockfile(info.path, 'package-lock.json'),
  async analyze(input) {
    const document = parseJsonObject(input.path, input.content.toString('utf8'));
    requireNumberIfPresent(input.path, document, 'lockfileVersion');
    const { value: lockfile, span, lines } = document;
    const packagesMap = asObject(lockfile.packages);
    const occurrences = packagesMap
      ? readPackagesMap(packagesMap, span.fields?.get('packages'), lines)
      : readNestedDependencies(lockfile.dependencies, span.fields?.get('dependencies'), lines);
    const packages = mergePackagesById(occurrences).sort(byNameThenVersion);
    return packages.length > 0 ? { applications: [npmApplication(input.path, packages)] } : {};
  },
};

function npmApplication(filePath: string, packages: Package[]): Application {
  return { type: 'npm', ecosystem: 'npm', purlType: 'npm', filePath, packages };
}

/** Versions that point at a directory of the project rather than at a published package. */
function isLocalVersion(version: string): boolean {
  return version.startsWith('file:') || version.startsWith('link:');
}

// ---------------------------------------------------------------------------------------------
// lockfileVersion 2 and 3: the flat `packages` map
// ---------------------------------------------------------------------------------------------

interface PackagesMapEntry {
  /** Install path, the key in `packages` (`""` for the root project). */
  path: string;
  data: JsonObject;
  span: JsonSpan | undefined;
}

interface InstalledPackage {
  entry: PackagesMapEntry;
  id: string;
  name: string;
  version: string;
}

function readPackagesMap(packagesMap: JsonObject, packagesSpan: JsonSpan | undefined, lines: LineIndex): Package[] {
  const entries = new Map<string, PackagesMapEntry>();
  for (const [path, value] of Object.entries(packagesMap)) {
    const data = asObject(value);
    if (data) entries.set(path, { path, data, span: packagesSpan?.fields?.get(path) });
  }
  const linkedPaths = relocateLinkTargets(entries);
  const directPaths = new Set([...rootDependencyPaths(entries.get('')), ...linkedPaths]);

  const installed = new Map<string, InstalledPackage>();
  for (const entry of entries.values()) {
    const identity = identifyInstalled(entry);
    if (identity) installed.set(entry.path, { entry, ...identity, id: packageId(identity.name, identity.version) });
  }

  const packages: Package[] = [];
  for (const { entry, id, name, version } of installed.values()) {
    const dependsOn = dependencyNames(entry.data)
      .map((depName) => resolveInstalled(entry.path, depName, entries, installed))
      .filter((depId): depId is string => depId !== undefined);
    packages.push({
      id,
      name,
      version,
      dev: entry.data.dev === true, // `devOptional` is not dev: a prod path installs it too (trivy agrees)
      relationship: directPaths.has(entry.path) ? 'direct' : 'indirect',
      ...withDependsOn(dependsOn),
      ...withLocation(entry.span, lines),
      ...withLicenses(entry.data.license),
    });
  }
  return packages;
}

/**
 * Workspaces and `file:` dependencies appear twice: `node_modules/<name>` is a link
 * (`link: true`, `resolved: <dir>`) and the package itself sits at its own directory, outside
 * node_modules, with whatever is installed below it. Moves each target (and its subtree) to the
 * link's path, so every package lives under node_modules and resolves dependencies as installed.
 * Link entries stay where their target is missing (a broken link) and are never reported.
 *
 * Returns the top-level link paths that were resolved: npm only links workspaces and the root's
 * own `file:` dependencies at the top level, so those count as direct dependencies of the root.
 */
function relocateLinkTargets(entries: Map<string, PackagesMapEntry>): Set<string> {
  const linkByTarget = new Map<string, string>();
  for (const entry of entries.values()) {
    const target = asString(entry.data.resolved);
    if (entry.data.link === true && target && !linkByTarget.has(target)) linkByTarget.set(target, entry.path);
  }
  const resolvedLinks = new Set<string>();
  if (linkByTarget.size === 0) return resolvedLinks;

  for (const entry of [...entries.values()]) {
    if (entry.data.link === true) continue;
    const target = longestLinkedPrefix(entry.path, linkByTarget);
    if (target === undefined) continue;
    const linkPath = linkByTarget.get(target)!;
    const newPath = linkPath + entry.path.slice(target.length);
    entries.delete(entry.path);
    entries.set(newPath, { ...entry, path: newPath });
    if (newPath === linkPath && isTopLevelInstallPath(linkPath)) resolvedLinks.add(linkPath);
  }
  return resolvedLinks;
}

/** The longest of `path` and its parent directories that is the target of a link. */
function longestLinkedPrefix(path: string, linkByTarget: Map<string, string>): string | undefined {
  for (let prefix = path; prefix !== ''; prefix = prefix.slice(0, Math.max(prefix.lastIndexOf('/'), 0))) {
    if (linkByTarget.has(prefix)) return prefix;
  }
  return undefined;
}

/** Install paths of what the root project declares (all four dependency kinds). */
function rootDependencyPaths(root: PackagesMapEntry | undefined): string[] {
  if (!root) return [];
  const kinds = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];
  return kinds.flatMap((kind) => stringMapKeys(root.data[kind])).map((name) => `${NODE_MODULES}/${name}`);
}

/**
 * Name and version of an installed package, or undefined for entries that are not one: the root,
 * links, project directories outside node_modules, and entries without a registry version.
 */
function identifyInstalled(entry: PackagesMapEntry): { name: string; version: string } | undefined {
  if (entry.data.link === true || !isInstallPath(entry.path)) return undefined;
  const version = asString(entry.data.version);
  if (!version || isLocalVersion(version)) return undefined;
  // `name` is only written when it differs from the folder name: aliases (`npm:real@1.0.0`) and workspaces.
  const name = asString(entry.data.name) || nameFromInstallPath(entry.path);
  return name ? { name, version } : undefined;
}

function isInstallPath(path: string): boolean {
  return path.startsWith(`${NODE_MODULES}/`) || path.includes(`/${NODE_MODULES}/`);
}

function isTopLevelInstallPath(path: string): boolean {
  return path.startsWith(`${NODE_MODULES}/`) && nameFromInstallPath(path) === path.slice(NODE_MODULES.length + 1);
}

/** `node_modules/a/node_modules/@scope/b` → `@scope/b`: whatever follows the last node_modules segment. */
function nameFromInstallPath(path: string): string {
  const segments = path.split('/');
  return segments.slice(segments.lastIndexOf(NODE_MODULES) + 1).join('/');
}

/** Names a package needs at run time; npm installs optional and peer dependencies too. */
function dependencyNames(data: JsonObject): string[] {
  return ['dependencies', 'optionalDependencies', 'peerDependencies'].flatMap((kind) => stringMapKeys(data[kind]));
}

/**
 * Node's module lookup, on install paths: `<own dir>/node_modules/<dep>`, then the same in each
 * enclosing directory up to the project root (skipping directories that are node_modules
 * themselves). The nearest hit wins even when it is not reportable (a link, a local directory).
 */
function resolveInstalled(
  fromPath: string,
  depName: string,
  entries: Map<string, PackagesMapEntry>,
  installed: Map<string, InstalledPackage>,
): string | undefined {
  for (let dir = fromPath; ; dir = dir.slice(0, Math.max(dir.lastIndexOf('/'), 0))) {
    const isNodeModulesDir = dir === NODE_MODULES || dir.endsWith(`/${NODE_MODULES}`);
    if (!isNodeModulesDir) {
      const candidate = dir ? `${dir}/${NODE_MODULES}/${depName}` : `${NODE_MODULES}/${depName}`;
      if (entries.has(candidate)) return installed.get(candidate)?.id;
    }
    if (dir === '') return undefined;
  }
}

/**
 * `license` is an SPDX expression string; old packages carry an array of strings or of
 * `{ type, url }` objects, or a single such object.
 */
function withLicenses(value: unknown): Pick<Package, 'licenses'> {
  if (value === undefined) return {};
  const items: unknown[] = Array.isArray(value) ? value : [value];
  const licenses = items.map(licenseName).filter((name): name is string => name !== undefined);
  return licenses.length > 0 ? { licenses } : {};
}

function licenseName(item: unknown): string | undefined {
  if (typeof item === 'string') return item.trim() || undefined;
  if (typeof item === 'object' && item !== null && 'type' in item && typeof item.type === 'string') {
    return item.type.trim() || undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// lockfileVersion 1: nested `dependencies`
// ---------------------------------------------------------------------------------------------

interface NestedDependency {
  /** Key in its `dependencies` map: the folder name, which differs from the name for aliases. */
  key: string;
  data: JsonObject;
  span: JsonSpan | undefined;
  /** Undefined for entries that are not reported (local directories). */
  identity?: { id: string; name: string; version: string };
}

/**
 * The names visible from one level of the tree: its own `dependencies` first, then those of
 * each enclosing level. Undefined ids mark entries that exist but are not reported (local
 * directories), so they still hide an outer package of the same name.
 */
interface Scope {
  ids: Map<string, string | undefined>;
  parent?: Scope;
}

function readNestedDependencies(dependenciesMap: unknown, dependenciesSpan: JsonSpan | undefined, lines: LineIndex): Package[] {
  const packages: Package[] = [];
  const visit = (level: NestedDependency[], scope: Scope): void => {
    for (const dependency of level) {
      const nested = nestedLevel(dependency.data.dependencies, dependency.span?.fields?.get('dependencies'));
      const innerScope = nested.length > 0 ? scopeOf(nested, scope) : scope;
      if (dependency.identity) packages.push(nestedPackage(dependency, dependency.identity, innerScope, lines));
      if (nested.length > 0) visit(nested, innerScope);
    }
  };
  const top = nestedLevel(dependenciesMap, dependenciesSpan);
  visit(top, scopeOf(top));
  return packages;
}

function nestedLevel(dependenciesMap: unknown, dependenciesSpan: JsonSpan | undefined): NestedDependency[] {
  const level: NestedDependency[] = [];
  for (const [key, value] of Object.entries(asObject(dependenciesMap) ?? {})) {
    const data = asObject(value);
    if (!data) continue;
    const identity = nestedIdentity(key, asString(data.version));
    level.push({
      key,
      data,
      span: dependenciesSpan?.fields?.get(key),
      identity: identity && { ...identity, id: packageId(identity.name, identity.version) },
    });
  }
  return level;
}

/**
 * v1 writes aliases as `"version": "npm:<real name>@<version>"`; local directories as `file:<dir>`
 * (not reported). Git dependencies keep their URL as version, as trivy reports them.
 */
function nestedIdentity(key: string, version: string | undefined): { name: string; version: string } | undefined {
  if (!version || isLocalVersion(version)) return undefined;
  if (!version.startsWith('npm:')) return { name: key, version };
  const spec = version.slice('npm:'.length);
  const at = spec.indexOf('@', 1); // a scoped name starts with "@"
  return at > 0 && at < spec.length - 1 ? { name: spec.slice(0, at), version: spec.slice(at + 1) } : undefined;
}

function scopeOf(level: NestedDependency[], parent?: Scope): Scope {
  return { ids: new Map(level.map((dependency) => [dependency.key, dependency.identity?.id])), parent };
}

function lookup(scope: Scope, name: string): string | undefined {
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    if (current.ids.has(name)) return current.ids.get(name);
  }
  return undefined;
}

/** v1 has no record of the root manifest, so the relationship is unknown (as in trivy). */
function nestedPackage(
  dependency: NestedDependency,
  identity: { id: string; name: string; version: string },
  innerScope: Scope,
  lines: LineIndex,
): Package {
  const dependsOn = stringMapKeys(dependency.data.requires)
    .map((name) => lookup(innerScope, name))
    .filter((depId): depId is string => depId !== undefined);
  return {
    ...identity,
    dev: dependency.data.dev === true,
    relationship: 'unknown',
    ...withDependsOn(dependsOn),
    ...withLocation(dependency.span, lines),
  };
}

function withDependsOn(ids: string[]): Pick<Package, 'dependsOn'> {
  return ids.length > 0 ? { dependsOn: [...new Set(ids)].sort() } : {};
}

function withLocation(span: JsonSpan | undefined, lines: LineIndex): Pick<Package, 'locations'> {
  return span ? { locations: [spanLocation(span, lines)] } : {};
}
