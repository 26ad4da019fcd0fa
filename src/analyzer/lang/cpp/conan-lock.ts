import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';
import { isLockfileNamed } from '../../lockfile-path.js';
import { asObject, asString, parseJsonObject, spanLocation, type JsonDocument, type JsonObject } from '../../json-spans.js';

/**
 * conan.lock analyzer (Conan, C/C++; packages from ConanCenter).
 *
 * - Conan 1 (lockfile `version` 0.4, and the older 0.1-0.3 layouts): a graph,
 *   `graph_lock.nodes` keyed by node id; each node has a reference `ref` (`pref` before 0.4:
 *   `name/version@user/channel#recipe_revision:package_id#package_revision`), `requires` and
 *   `build_requires` (node ids; a map reference -> node id before 0.4) and a `context`.
 *   The root node (id "0", or the one no node requires) is the consumer; a node with a `path`
 *   (a local conanfile) that no node requires is the consumer too and not a package.
 * - Conan 2 (`version` 0.5): flat lists of references, `requires` (host packages),
 *   `build_requires` (tools), `python_requires`.
 *
 * Semantics:
 * - a package is the name and version of a reference; user/channel and revisions are dropped;
 *   references without a name (`1.2.3`) are skipped, as trivy does. Ids are `name/version`, as
 *   trivy writes Conan ids;
 * - Conan 1: dependsOn from `requires` and `build_requires`; packages the root requires are
 *   direct, the others indirect (trivy); packages reached from the root only through
 *   `build_requires` are dev (build tools; trivy reports them as ordinary packages);
 * - Conan 2: `requires` packages without relationship (the list is flat), `build_requires`
 *   packages are dev (trivy leaves them out); `python_requires` (recipe code) are left out;
 * - Location: the node object (Conan 1) or the reference string (Conan 2).
 */
export const conanLockAnalyzer: Analyzer = {
  name: 'conan-lock',
  version: 1,
  wants: (info) => isLockfileNamed(info.path, 'conan.lock'),
  analyze,
};

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const packages = conanPackages(input.content.toString('utf8'), input.path);
  return { applications: [{ type: 'conan', ecosystem: 'ConanCenter', purlType: 'conan', filePath: input.path, packages }] };
}

function conanPackages(text: string, file: string): Package[] {
  if (text.trim() === '') return [];
  const document = parseJsonObject(file, text, { scalarItems: true });
  const nodes = asObject(asObject(document.value.graph_lock)?.nodes);
  return nodes ? graphPackages(document, nodes) : listPackages(document);
}

/** `zlib/1.2.11@user/channel#rrev:pkgid#prev` -> [zlib, 1.2.11]; undefined without a name. */
export function parseReference(reference: string): [string, string] | undefined {
  let end = 0;
  while (end < reference.length && !'@#:%'.includes(reference[end])) end++;
  const recipe = reference.slice(0, end).trim();
  const slash = recipe.indexOf('/');
  if (slash <= 0 || slash === recipe.length - 1 || recipe.includes('/', slash + 1)) return undefined;
  return [recipe.slice(0, slash), recipe.slice(slash + 1)];
}

const packageId = (name: string, version: string): string => `${name}/${version}`;

// ---------------------------------------------------------------------------------------------
// Conan 1: graph_lock.nodes
// ---------------------------------------------------------------------------------------------

interface GraphNode {
  key: string;
  ref: string | undefined;
  path: string | undefined;
  requires: string[];
  buildRequires: string[];
}

function graphPackages(document: JsonDocument, nodesValue: JsonObject): Package[] {
  const nodes = Object.entries(nodesValue).map(([key, value]) => readNode(key, asObject(value) ?? {}));
  const required = new Set<string>();
  for (const node of nodes) for (const key of [...node.requires, ...node.buildRequires]) required.add(key);
  const roots = nodesValue['0'] !== undefined ? nodes.filter((n) => n.key === '0') : nodes.filter((n) => !required.has(n.key));
  const isConsumer = (n: GraphNode) => !required.has(n.key) && (n.path !== undefined || n.ref === undefined);

  const nodeSpans = document.span.fields?.get('graph_lock')?.fields?.get('nodes')?.fields;
  const byKey = new Map<string, Package>();
  for (const node of nodes) {
    const parsed = node.ref !== undefined && !isConsumer(node) ? parseReference(node.ref) : undefined;
    if (!parsed) continue;
    const [name, version] = parsed;
    const pkg: Package = { id: packageId(name, version), name, version };
    const span = nodeSpans?.get(node.key);
    if (span) pkg.locations = [spanLocation(span, document.lines)];
    byKey.set(node.key, pkg);
  }
  for (const node of nodes) {
    const pkg = byKey.get(node.key);
    if (!pkg) continue;
    for (const key of [...node.requires, ...node.buildRequires]) {
      const id = byKey.get(key)?.id;
      if (id === undefined || id === pkg.id) continue;
      pkg.dependsOn ??= [];
      if (!pkg.dependsOn.includes(id)) pkg.dependsOn.push(id);
    }
  }
  classify(nodes, roots, byKey);
  return mergeById([...byKey.values()]);
}

function readNode(key: string, node: JsonObject): GraphNode {
  const ref = asString(node.ref) ?? asString(node.pref);
  return { key, ref, path: asString(node.path), requires: nodeIds(node.requires), buildRequires: nodeIds(node.build_requires) };
}

/** Node ids: a list (0.3+) or a map reference -> node id (0.1-0.2). */
function nodeIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  const object = asObject(value);
  return object ? Object.values(object).filter((v): v is string => typeof v === 'string') : [];
}

/** Direct: required by a root; dev: not reachable from the roots through `requires` alone. */
function classify(nodes: GraphNode[], roots: GraphNode[], byKey: Map<string, Package>): void {
  const nodeByKey = new Map(nodes.map((n) => [n.key, n]));
  const direct = new Set(roots.flatMap((r) => [...r.requires, ...r.buildRequires]));
  const prod = new Set<string>();
  const stack = roots.flatMap((r) => r.requires);
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (prod.has(key)) continue;
    prod.add(key);
    stack.push(...(nodeByKey.get(key)?.requires ?? []));
  }
  const rootKeys = new Set(roots.map((r) => r.key));
  for (const [key, pkg] of byKey) {
    pkg.relationship = direct.has(key) ? 'direct' : 'indirect';
    if (!prod.has(key) && !rootKeys.has(key)) pkg.dev = true;
  }
}

/** One package per id: the same reference may appear as several nodes (host and build context). */
function mergeById(packages: Package[]): Package[] {
  const merged = new Map<string, Package>();
  for (const pkg of packages) {
    const seen = merged.get(pkg.id);
    if (!seen) {
      merged.set(pkg.id, pkg);
      continue;
    }
    seen.locations = [...(seen.locations ?? []), ...(pkg.locations ?? [])];
    if (pkg.relationship === 'direct') seen.relationship = 'direct';
    if (!pkg.dev) delete seen.dev;
    const dependsOn = [...new Set([...(seen.dependsOn ?? []), ...(pkg.dependsOn ?? [])])];
    if (dependsOn.length > 0) seen.dependsOn = dependsOn;
  }
  return [...merged.values()];
}

// ---------------------------------------------------------------------------------------------
// Conan 2: requires / build_requires
// ---------------------------------------------------------------------------------------------

function listPackages(document: JsonDocument): Package[] {
  const packages = new Map<string, Package>();
  for (const [field, dev] of [['requires', false], ['build_requires', true]] as const) {
    const list = document.value[field];
    if (!Array.isArray(list)) continue;
    const spans = document.span.fields?.get(field)?.items;
    list.forEach((reference, index) => {
      const parsed = typeof reference === 'string' ? parseReference(reference) : undefined;
      if (!parsed) return;
      const [name, version] = parsed;
      const id = packageId(name, version);
      const span = spans?.[index];
      const location = span ? spanLocation(span, document.lines) : undefined;
      const seen = packages.get(id);
      if (seen) {
        if (location) seen.locations = [...(seen.locations ?? []), location];
        return;
      }
      packages.set(id, { id, name, version, ...(dev ? { dev: true } : {}), ...(location ? { locations: [location] } : {}) });
    });
  }
  return [...packages.values()];
}
