import type { LineIndex } from '../../lines.js';
import { isProjectLockfile } from '../../lockfile-path.js';
import type { Analyzer, Application, Package } from '../../types.js';
import { byNameThenVersion, classifyByGraph, mergePackagesById, packageId } from './dependency-graph.js';
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

/**
 * bun.lock, bun's text lockfile (JSONC: trailing commas allowed). The binary bun.lockb is not read.
 *
 * ```jsonc
 * {
 *   "workspaces": {
 *     "": { "name": "app", "dependencies": { "a": "^1" }, "devDependencies": { ... } },  // the root
 *     "packages/lib": { "name": "lib", "version": "1.0.0", "dependencies": { ... } },   // a member
 *   },
 *   "packages": {
 *     "a": ["a@1.2.3", "<registry or empty>", { "dependencies": { "b": "^2" } }, "sha512-..."],
 *     "a/b": ["b@2.0.0", "", {}, "sha512-..."],   // b installed under a: a nested copy
 *     "lib": ["lib@workspace:packages/lib"],
 *     "g": ["g@github:user/g#abc123", { ... }, "user-g-abc123"],
 *   },
 * }
 * ```
 *
 * Keys are install paths made of package names (`parent/child`); the first element of each array
 * is `name@version` (the real name, so aliases resolve). Other shapes (workspace, git, tarball,
 * local folder) have fewer elements; the metadata object, when present, is the first object
 * after the identifier. bun records no dev flag, so dev/prod comes from the dependency graph.
 */
export const bunLockAnalyzer: Analyzer = {
  name: 'bun',
  version: 1,
  wants: (info) => isProjectLockfile(info.path, 'bun.lock'),
  async analyze(input) {
    const document = parseJsonObject(input.path, input.content.toString('utf8'), { jsonc: true });
    requireNumberIfPresent(input.path, document, 'lockfileVersion');
    const { value: lockfile, span, lines } = document;
    const workspaces = readWorkspaces(lockfile.workspaces);
    const entries = readPackageEntries(lockfile.packages, span.fields?.get('packages'), workspaces);
    const idByKey = new Map([...entries].map(([key, entry]) => [key, entry.identity?.id]));

    const packages = mergePackagesById(
      [...entries.values()].flatMap((entry) => (entry.identity ? [bunPackage(entry, entry.identity, idByKey, lines)] : [])),
    );
    const { prod, dev } = directDependencies(workspaces, entries, idByKey);
    classifyByGraph(packages, prod, dev);
    packages.sort(byNameThenVersion);
    return packages.length > 0 ? { applications: [bunApplication(input.path, packages)] } : {};
  },
};

function bunApplication(filePath: string, packages: Package[]): Application {
  return { type: 'bun', ecosystem: 'npm', purlType: 'npm', filePath, packages };
}

// ---------------------------------------------------------------------------------------------
// workspaces
// ---------------------------------------------------------------------------------------------

interface Workspace {
  /** Directory relative to the project root; `""` is the root project. */
  path: string;
  version?: string;
  /** Names from `dependencies`, `optionalDependencies` and `peerDependencies`. */
  prodDependencies: string[];
  devDependencies: string[];
}

function readWorkspaces(workspacesMap: unknown): Map<string, Workspace> {
  const workspaces = new Map<string, Workspace>();
  for (const [path, value] of Object.entries(asObject(workspacesMap) ?? {})) {
    const data = asObject(value) ?? {};
    workspaces.set(path, {
      path,
      version: asString(data.version),
      prodDependencies: ['dependencies', 'optionalDependencies', 'peerDependencies'].flatMap((kind) => stringMapKeys(data[kind])),
      devDependencies: stringMapKeys(data.devDependencies),
    });
  }
  return workspaces;
}

/**
 * Ids the workspaces depend on directly, as trivy counts them: what any workspace (the root or a
 * member) declares. `peerDependencies` and `optionalDependencies` count as prod (bun installs
 * them); `devDependencies` as dev. A member's dependency resolves from the member's own key first.
 */
function directDependencies(
  workspaces: Map<string, Workspace>,
  entries: Map<string, PackageEntry>,
  idByKey: Map<string, string | undefined>,
): { prod: string[]; dev: string[] } {
  const keyByWorkspacePath = new Map<string, string>();
  for (const entry of entries.values()) {
    if (entry.workspace) keyByWorkspacePath.set(entry.workspace.path, entry.key);
  }
  const prod: string[] = [];
  const dev: string[] = [];
  for (const workspace of workspaces.values()) {
    const fromKey = keyByWorkspacePath.get(workspace.path) ?? '';
    const resolve = (name: string) => resolveKey(fromKey, name, idByKey);
    prod.push(...workspace.prodDependencies.map(resolve).filter(isDefined));
    dev.push(...workspace.devDependencies.map(resolve).filter(isDefined));
  }
  return { prod, dev };
}

// ---------------------------------------------------------------------------------------------
// packages
// ---------------------------------------------------------------------------------------------

interface PackageEntry {
  /** Key in `packages`: the install path as package names joined by `/`. */
  key: string;
  /** Where its array is written. */
  span: JsonSpan | undefined;
  /** Undefined when the entry is not reported: local folders, malformed arrays. */
  identity?: { id: string; name: string; version: string };
  /** Set for `name@workspace:<path>` entries. */
  workspace?: Workspace;
  /** Names this package needs installed. */
  dependencyNames: string[];
}

function readPackageEntries(
  packagesMap: unknown,
  packagesSpan: JsonSpan | undefined,
  workspaces: Map<string, Workspace>,
): Map<string, PackageEntry> {
  const entries = new Map<string, PackageEntry>();
  for (const [key, value] of Object.entries(asObject(packagesMap) ?? {})) {
    entries.set(key, readPackageEntry(key, value, packagesSpan?.fields?.get(key), workspaces));
  }
  return entries;
}

function readPackageEntry(key: string, value: unknown, span: JsonSpan | undefined, workspaces: Map<string, Workspace>): PackageEntry {
  const elements: unknown[] = Array.isArray(value) ? value : [];
  const parsed = splitIdentifier(asString(elements[0]));
  if (!parsed) return { key, span, dependencyNames: [] };

  const { name, spec } = parsed;
  if (spec.startsWith('workspace:')) {
    // The version of a workspace package is the one its own package.json declares.
    const workspace = workspaces.get(spec.slice('workspace:'.length)) ?? workspaces.get(key);
    const identity = workspace?.version ? { id: packageId(name, workspace.version), name, version: workspace.version } : undefined;
    return { key, span, identity, workspace, dependencyNames: workspace?.prodDependencies ?? [] };
  }
  const metadata = elements.slice(1).map(asObject).find((element) => element !== undefined);
  const dependencyNames = metadataDependencyNames(metadata ?? {});
  if (isLocalSpec(spec)) return { key, span, dependencyNames };
  return { key, span, identity: { id: packageId(name, spec), name, version: spec }, dependencyNames };
}

/** `@scope/name@1.2.3` → name `@scope/name`, spec `1.2.3` (git URLs may hold more `@`s). */
function splitIdentifier(identifier: string | undefined): { name: string; spec: string } | undefined {
  if (!identifier) return undefined;
  const at = identifier.indexOf('@', 1);
  if (at < 1 || at === identifier.length - 1) return undefined;
  return { name: identifier.slice(0, at), spec: identifier.slice(at + 1) };
}

/** Folders of the project itself (`file:`, `link:`, `root:`) are not published packages. */
function isLocalSpec(spec: string): boolean {
  return spec.startsWith('file:') || spec.startsWith('link:') || spec.startsWith('root:');
}

/** Prod, optional and peer dependencies from a package's metadata, minus peers marked optional. */
function metadataDependencyNames(metadata: JsonObject): string[] {
  const optionalPeers = new Set(Array.isArray(metadata.optionalPeers) ? metadata.optionalPeers.map(asString).filter(isDefined) : []);
  return [
    ...stringMapKeys(metadata.dependencies),
    ...stringMapKeys(metadata.optionalDependencies),
    ...stringMapKeys(metadata.peerDependencies).filter((name) => !optionalPeers.has(name)),
  ];
}

function bunPackage(
  entry: PackageEntry,
  identity: { id: string; name: string; version: string },
  idByKey: Map<string, string | undefined>,
  lines: LineIndex,
): Package {
  const dependsOn = [...new Set(entry.dependencyNames.map((name) => resolveKey(entry.key, name, idByKey)).filter(isDefined))];
  return {
    ...identity,
    // Until classifyByGraph knows better: no workspace root information means unknown.
    relationship: entry.workspace ? 'workspace' : 'unknown',
    ...(dependsOn.length > 0 && { dependsOn: dependsOn.sort() }),
    ...(entry.span && { locations: [spanLocation(entry.span, lines)] }),
  };
}

/**
 * Which entry a package at `fromKey` gets for `depName`: bun nests conflicting versions under the
 * dependent's key (`a/b`, `a/b/c`), so look in the package's own nest first, then in each
 * enclosing one, then at the top level. The nearest existing key wins, reported or not.
 */
function resolveKey(fromKey: string, depName: string, idByKey: Map<string, string | undefined>): string | undefined {
  const names = keyNames(fromKey);
  for (let depth = names.length; depth >= 0; depth--) {
    const candidate = [...names.slice(0, depth), depName].join('/');
    if (idByKey.has(candidate)) return idByKey.get(candidate);
  }
  return undefined;
}

/** `a/@scope/b/c` → `a`, `@scope/b`, `c`: a scoped name spans two `/`-separated parts. */
function keyNames(key: string): string[] {
  if (key === '') return [];
  const parts = key.split('/');
  const names: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    names.push(parts[i].startsWith('@') && i + 1 < parts.length ? `${parts[i]}/${parts[++i]}` : parts[i]);
  }
  return names;
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
