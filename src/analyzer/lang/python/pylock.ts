import { posix } from 'node:path';
import { isInsideInstalledDependency } from '../../lockfile-path.js';
import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';
import { normalizePackageName, readSiblingPyProject } from './pyproject.js';
import { asArray, asRecord, asString, readTomlLockfile, type LockfileLayout, type TableEntry } from './toml-lockfile.js';

/**
 * pylock.toml analyzer (PEP 751 lock files: `pylock.toml` and `pylock.<name>.toml`).
 *
 * Packages are the `[[packages]]` tables (`name`, `version`). A package with a
 * `[packages.directory]` path is the project itself (pip locks it so), relationship `root`;
 * without a version it is not reported (trivy lists it with an empty version). `dependencies`
 * entries (`{ name, version }`, written by some tools) are edges: by name and version, or by name
 * alone when the lock has one package of that name. A name may be locked several times, for
 * different environments (`marker`).
 *
 * As trivy does, the pyproject.toml beside the lock names the direct dependencies (its main
 * dependencies and extras); every other non-root package is then indirect. Without it,
 * relationships stay unknown. The format records no dev/prod split that trivy reads, so nothing
 * is marked dev.
 *
 * Location: the `[[packages]]` block with its sub-tables (`[[packages.wheels]]`, ...). trivy
 * reports no locations for this format.
 */
export const pylockAnalyzer: Analyzer = {
  name: 'pylock',
  version: 1,
  wants: (info) => isPylockFile(info.path),
  analyze,
};

export function isPylockFile(path: string): boolean {
  return /^pylock(\.[^.]+)?\.toml$/.test(posix.basename(path)) && !isInsideInstalledDependency(path);
}

interface Entry {
  pkg?: Package;
  name: string;
  version?: string;
  root: boolean;
  dependencies: Array<{ name: string; version?: string }>;
}

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const text = input.content.toString('utf8');
  const entries = readEntries(readTomlLockfile(text, input.path, LAYOUT).entries);
  link(entries);
  const pyproject = await readSiblingPyProject(input);
  for (const entry of entries) {
    if (!entry.pkg) continue;
    if (entry.root) entry.pkg.relationship = 'root';
    else if (pyproject) entry.pkg.relationship = pyproject.main.has(normalizePackageName(entry.name)) ? 'direct' : 'indirect';
  }
  if (pyproject) rootDependsOnDirect(entries);
  const packages = new Map<string, Package>();
  for (const { pkg } of entries) {
    if (!pkg) continue;
    const existing = packages.get(pkg.id);
    if (!existing) packages.set(pkg.id, pkg);
    else mergeInto(existing, pkg);
  }
  return {
    applications: [{ type: 'pylock', ecosystem: 'PyPI', purlType: 'pypi', filePath: input.path, packages: [...packages.values()] }],
  };
}

/** The same name@version locked for several environments: one package, every block, every edge. */
function mergeInto(existing: Package, pkg: Package): void {
  existing.locations = [...(existing.locations ?? []), ...(pkg.locations ?? [])];
  if (pkg.dependsOn) existing.dependsOn = [...new Set([...(existing.dependsOn ?? []), ...pkg.dependsOn])].sort();
}

/** What is read of a `[[packages]]` block; wheels and sdists (URLs, hashes) are most of the rest. */
const LAYOUT: LockfileLayout = { key: 'packages', keys: ['name', 'version', 'dependencies', 'directory'], subTables: ['directory'] };

function readEntries(tables: TableEntry[]): Entry[] {
  const entries: Entry[] = [];
  for (const { record, location } of tables) {
    const name = asString(record.name);
    if (!name) continue;
    const version = asString(record.version);
    entries.push({
      name,
      version,
      pkg: version ? { id: `${name}@${version}`, name, version, ...(location ? { locations: [location] } : {}) } : undefined,
      root: asString(asRecord(record.directory)?.path) !== undefined,
      dependencies: asArray(record.dependencies)
        .map(asRecord)
        .flatMap((d) => (d && asString(d.name) ? [{ name: asString(d.name)!, version: asString(d.version) }] : [])),
    });
  }
  return entries;
}

function link(entries: Entry[]): void {
  const byName = new Map<string, Entry[]>();
  for (const entry of entries) {
    const key = normalizePackageName(entry.name);
    const same = byName.get(key);
    if (same) same.push(entry);
    else byName.set(key, [entry]);
  }
  for (const entry of entries) {
    if (!entry.pkg) continue;
    const ids = new Set<string>();
    for (const dep of entry.dependencies) {
      const candidates = byName.get(normalizePackageName(dep.name)) ?? [];
      const matches = dep.version ? candidates.filter((c) => c.version === dep.version) : candidates.length === 1 ? candidates : [];
      for (const match of matches) if (match.pkg && match.pkg.id !== entry.pkg.id) ids.add(match.pkg.id);
    }
    if (ids.size > 0) entry.pkg.dependsOn = [...new Set([...(entry.pkg.dependsOn ?? []), ...ids])].sort();
  }
}

/** Tools do not record the project's own edges; trivy gives the root its direct dependencies. */
function rootDependsOnDirect(entries: Entry[]): void {
  const direct = entries.filter((e) => e.pkg?.relationship === 'direct').map((e) => e.pkg!.id);
  for (const entry of entries) {
    if (entry.root && entry.pkg && direct.length > 0) entry.pkg.dependsOn = [...new Set([...(entry.pkg.dependsOn ?? []), ...direct])].sort();
  }
}
