import { isProjectLockfile } from '../../lockfile-path.js';
import type { Analyzer, AnalyzerInput, AnalysisResult, Package, Relationship } from '../../types.js';
import { asArray, asRecord, asString, readTomlLockfile, type LockfileLayout, type TableEntry, type TomlRecord } from './toml-lockfile.js';

/**
 * uv.lock analyzer.
 *
 * Packages are the `[[package]]` tables (`name`, `version`, `source`). The project itself is the
 * package whose source is `{ virtual = "." }` or `{ editable = "." }` (relationship `root`);
 * workspace members named in `[manifest].members` are `workspace`. A dependency is
 * `{ name = ..., version = ... }`; uv writes the version only when the name is locked in several
 * versions.
 *
 * Edges, as trivy reads them: a package depends on its `dependencies` and on every list of its
 * `[package.optional-dependencies]` (the extras uv locked for it); the project's
 * `[package.dev-dependencies]` groups are edges too, but development ones. Direct = an edge of the
 * project or a member; production = reachable from them without a development edge; the rest is
 * `dev`. Without a project package (lockfiles of scripts, or cut-down ones) relationships are
 * unknown and nothing is marked dev. trivy rejects lockfiles without exactly one project package;
 * here several `.` packages are all roots. A project without a version is not reported (there is
 * no name@version to report) but still anchors the graph.
 *
 * Location: the `[[package]]` block with its sub-tables.
 */
export const uvLockAnalyzer: Analyzer = {
  name: 'uv',
  version: 1,
  wants: (info) => isProjectLockfile(info.path, 'uv.lock'),
  analyze,
};

interface Node {
  name: string;
  version?: string;
  pkg?: Package;
  record: TomlRecord;
}

interface DependencyRef {
  name: string;
  version?: string;
}

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const text = input.content.toString('utf8');
  const { document, entries } = readTomlLockfile(text, input.path, uvLockLayout);
  const nodes = readNodes(entries);
  const graph = new Graph(nodes);
  const roots = nodes.filter(isProjectRoot);
  const members = new Set(asArray(asRecord(document.manifest)?.members).filter((m): m is string => typeof m === 'string'));
  const anchors = [...roots, ...nodes.filter((n) => members.has(n.name) && !roots.includes(n))];

  for (const node of nodes) {
    if (!node.pkg) continue;
    const ids = [...graph.targets(node, 'all')].map((n) => n.pkg?.id).filter((id): id is string => id !== undefined && id !== node.pkg!.id);
    if (ids.length > 0) node.pkg.dependsOn = [...new Set(ids)].sort();
  }
  if (anchors.length > 0) classify(nodes, anchors, roots, graph);

  return {
    applications: [{ type: 'uv', ecosystem: 'PyPI', purlType: 'pypi', filePath: input.path, packages: uniquePackages(nodes) }],
  };
}

/** What is read of a `[[package]]` block; wheels, sdists and `metadata` are most of the rest. */
export const uvLockLayout: LockfileLayout = {
  key: 'package',
  keys: ['name', 'version', 'source', 'dependencies', 'optional-dependencies', 'dev-dependencies'],
  subTables: ['optional-dependencies', 'dev-dependencies'],
};

function readNodes(entries: TableEntry[]): Node[] {
  const nodes: Node[] = [];
  for (const { record, location } of entries) {
    const name = asString(record.name);
    if (!name) continue;
    const version = asString(record.version);
    const pkg = version ? { id: `${name}@${version}`, name, version, ...(location ? { locations: [location] } : {}) } : undefined;
    nodes.push({ name, version, pkg, record });
  }
  return nodes;
}

function isProjectRoot(node: Node): boolean {
  const source = asRecord(node.record.source);
  return source?.virtual === '.' || source?.editable === '.';
}

function classify(nodes: Node[], anchors: Node[], roots: Node[], graph: Graph): void {
  const direct = new Set<Node>();
  const production = new Set<Node>(anchors);
  const pending = [...anchors];
  for (let node = pending.pop(); node; node = pending.pop()) {
    for (const next of graph.targets(node, 'production')) {
      if (!production.has(next)) {
        production.add(next);
        pending.push(next);
      }
    }
  }
  for (const anchor of anchors) for (const next of graph.targets(anchor, 'all')) direct.add(next);
  for (const node of nodes) {
    if (!node.pkg) continue;
    let relationship: Relationship = direct.has(node) ? 'direct' : 'indirect';
    if (roots.includes(node)) relationship = 'root';
    else if (anchors.includes(node)) relationship = 'workspace';
    node.pkg.relationship = relationship;
    node.pkg.dev = !production.has(node);
  }
}

/** Dependency edges by name (and version when uv wrote one). */
class Graph {
  private readonly byName = new Map<string, Node[]>();

  constructor(nodes: Node[]) {
    for (const node of nodes) {
      const same = this.byName.get(node.name);
      if (same) same.push(node);
      else this.byName.set(node.name, [node]);
    }
  }

  /** The packages a node depends on: production edges, or those plus its development groups. */
  targets(node: Node, kind: 'production' | 'all'): Node[] {
    const lists = [node.record.dependencies, ...Object.values(asRecord(node.record['optional-dependencies']) ?? {})];
    if (kind === 'all') lists.push(...Object.values(asRecord(node.record['dev-dependencies']) ?? {}));
    const out: Node[] = [];
    for (const list of lists) {
      for (const ref of asArray(list).map(dependencyRef)) {
        if (ref) out.push(...this.resolve(ref));
      }
    }
    return out;
  }

  private resolve(ref: DependencyRef): Node[] {
    const candidates = this.byName.get(ref.name) ?? [];
    return ref.version ? candidates.filter((c) => c.version === ref.version) : candidates;
  }
}

function dependencyRef(value: unknown): DependencyRef | undefined {
  const record = asRecord(value);
  const name = asString(record?.name);
  return name ? { name, version: asString(record?.version) } : undefined;
}

function uniquePackages(nodes: Node[]): Package[] {
  const byId = new Map<string, Package>();
  for (const { pkg } of nodes) {
    if (!pkg) continue;
    const existing = byId.get(pkg.id);
    if (!existing) byId.set(pkg.id, pkg);
    else existing.locations = [...(existing.locations ?? []), ...(pkg.locations ?? [])];
  }
  return [...byId.values()];
}
