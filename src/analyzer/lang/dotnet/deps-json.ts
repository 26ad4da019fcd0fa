import { asObject, nonEmptyString, parseLocatedJson, spanLocation, type JsonObject, type JsonSpan } from '../../json-spans.js';
import type { LineIndex } from '../../lines.js';
import { ParseError } from '../../parse-error.js';
import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';
import { byNameThenVersion } from '../npm/dependency-graph.js';

/**
 * `*.deps.json`, the dependency manifest the .NET SDK writes next to a built application.
 *
 * - `libraries` lists every library by `Name/Version` with its `type`: `package` (from NuGet),
 *   `project` (a project of the solution) or `runtimepack` (the runtime bundled into a
 *   self-contained app, named `runtimepack.<Name>`; the prefix is dropped so the runtime is
 *   reported under its NuGet name). Other types (reference assemblies, ...) are skipped. Each
 *   package's location is its library object's line range.
 * - `targets[runtimeTarget.name]` maps `Name/Version` to what the library ships for the app's
 *   runtime (`runtime`, `runtimeTargets`, `native`) and its `dependencies` (name → version).
 *   When that target exists, libraries it lists without any runtime asset are compile-time only
 *   and skipped, and the graph comes from it: the one project no other library depends on is the
 *   root, other projects are workspace members, the root's dependencies are direct and every
 *   other package indirect. Without the target every library is kept, with no graph (a single
 *   project is still the root).
 *
 * Package ids are `Name/Version`, as the file (and trivy) writes them.
 */
export const depsJsonAnalyzer: Analyzer = {
  name: 'dotnet-core',
  version: 1,
  scope: 'any',
  wants: (info) => info.path.endsWith('.deps.json'),
  analyze,
};

const RUNTIME_PACK_PREFIX = 'runtimepack.';
const KEPT_TYPES = new Set(['package', 'project', 'runtimepack']);

/** Spans read: the file (0), `libraries` (1), its library objects (2). */
const SPAN_DEPTH = 2;

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const { value, span, lines } = parseLocatedJson(input.path, input.content.toString('utf8'), { spanDepth: SPAN_DEPTH });
  const manifest = asObject(value);
  if (!manifest) throw new ParseError(input.path, 'not a .deps.json file: expected a JSON object', 1);
  const packages = buildPackages(manifest, span, lines);
  return { applications: [{ type: 'dotnet-core', ecosystem: 'NuGet', purlType: 'nuget', filePath: input.path, packages }] };
}

/** `Name/Version` with the runtime pack prefix dropped from the name. */
function libraryId(name: string, version: string): string {
  return `${withoutRuntimePackPrefix(name)}/${version}`;
}

function withoutRuntimePackPrefix(name: string): string {
  return name.startsWith(RUNTIME_PACK_PREFIX) ? name.slice(RUNTIME_PACK_PREFIX.length) : name;
}

/** The runtime target's libraries keyed by id, or undefined when the file has no such target. */
function runtimeTarget(manifest: JsonObject): Map<string, JsonObject> | undefined {
  const name = nonEmptyString(asObject(manifest.runtimeTarget)?.name);
  const target = name === undefined ? undefined : asObject(asObject(manifest.targets)?.[name]);
  if (!target) return undefined;
  const libraries = new Map<string, JsonObject>();
  for (const [key, value] of Object.entries(target)) {
    const slash = key.indexOf('/');
    const lib = asObject(value);
    if (lib) libraries.set(slash === -1 ? key : libraryId(key.slice(0, slash), key.slice(slash + 1)), lib);
  }
  return libraries;
}

function hasRuntimeAssets(lib: JsonObject | undefined): boolean {
  if (!lib) return true; // not in the target: kept rather than wrongly dropped
  return lib.runtime != null || lib.runtimeTargets != null || lib.native != null;
}

/** Ids of what a target library depends on (`name: version` pairs). */
function dependencyIds(lib: JsonObject): string[] {
  const deps = asObject(lib.dependencies);
  if (!deps) return [];
  const ids: string[] = [];
  for (const name of Object.keys(deps)) {
    const version = deps[name];
    if (typeof version === 'string') ids.push(libraryId(name, version));
  }
  return ids;
}

function buildPackages(manifest: JsonObject, span: JsonSpan | undefined, lines: LineIndex): Package[] {
  const target = runtimeTarget(manifest);
  const librarySpans = span?.fields?.get('libraries')?.fields;
  const packages = new Map<string, Package>();
  const projects: string[] = [];

  const libraries = asObject(manifest.libraries) ?? {};
  for (const key of Object.keys(libraries)) {
    const slash = key.indexOf('/');
    const type = String(asObject(libraries[key])?.type ?? '').toLowerCase();
    if (slash <= 0 || !KEPT_TYPES.has(type)) continue;
    const name = withoutRuntimePackPrefix(key.slice(0, slash));
    const version = key.slice(slash + 1);
    const id = `${name}/${version}`;
    if (target && !hasRuntimeAssets(target.get(id))) continue;
    const pkg: Package = { id, name, version };
    const librarySpan = librarySpans?.get(key);
    if (librarySpan) pkg.locations = [spanLocation(librarySpan, lines)];
    packages.set(id, pkg);
    if (type === 'project') projects.push(id);
  }
  linkGraph(packages, projects, target ?? new Map());
  return [...packages.values()].sort(byNameThenVersion);
}

/** Relationships and dependsOn from the runtime target (empty when the file has none: a single project is still the root). */
function linkGraph(packages: Map<string, Package>, projects: string[], target: Map<string, JsonObject>): void {
  const dependencies = new Map<string, string[]>();
  const referenced = new Set<string>();
  for (const [id, lib] of target) {
    const ids = dependencyIds(lib);
    dependencies.set(id, ids);
    for (const dep of ids) referenced.add(dep);
  }
  const roots = projects.filter((id) => !referenced.has(id));
  const root = roots.length === 1 ? roots[0] : undefined;
  for (const id of projects) packages.get(id)!.relationship = id === root ? 'root' : 'workspace';

  const direct = new Set(root ? (dependencies.get(root) ?? []) : []);
  for (const pkg of packages.values()) {
    if (direct.size > 0 && pkg.relationship === undefined) pkg.relationship = direct.has(pkg.id) ? 'direct' : 'indirect';
    const ids = dependencies.get(pkg.id);
    if (!ids || ids.length === 0) continue;
    const dependsOn = [...new Set(ids.filter((dep) => packages.has(dep) && dep !== pkg.id))].sort();
    if (dependsOn.length > 0) pkg.dependsOn = dependsOn;
  }
}
