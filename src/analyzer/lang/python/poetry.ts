import { satisfies as satisfiesPep440 } from '@renovatebot/pep440';
import { isProjectLockfile } from '../../lockfile-path.js';
import type { Analyzer, AnalyzerInput, AnalysisResult, Package } from '../../types.js';
import { normalizePackageName, readSiblingPyProject, type PyProjectDependencies } from './pyproject.js';
import { asArray, asRecord, asString, readTomlLockfile, type LockfileLayout, type TableEntry, type TomlRecord } from './toml-lockfile.js';

/**
 * poetry.lock analyzer (lock-version 1.x and 2.x, Poetry 1 and 2).
 *
 * Packages are the `[[package]]` tables (`name`, `version`), whatever their source (registry,
 * git, directory). The lock says "development only" two ways: Poetry < 1.5 writes
 * `category = "dev"`, Poetry 2 writes `groups = [...]` without `"main"`. Poetry 1.5-1.8 writes
 * neither.
 *
 * Dependencies: `[package.dependencies]` maps a name (any spelling: compared PEP 503-normalised)
 * to a constraint (`"^1.2"`, `{version = ">=1", markers = ...}` or a list of those). A name locked
 * in one version links to it; with several versions, to those the constraint allows (a list of
 * constraints for different markers may allow several; Poetry's `^`, `~`, `*`, `||` and bare
 * versions are read as Poetry defines them). trivy links the first match only.
 *
 * As trivy does, the pyproject.toml beside the lockfile tells direct from transitive packages and
 * production from development ones (see pyproject.ts): direct = named in the main dependencies or
 * in a dependency group; production = reachable from a main dependency. Without a usable
 * pyproject.toml, relationships stay unknown and only the lock's own dev marks count.
 *
 * Location: the `[[package]]` block with its sub-tables.
 */
export const poetryLockAnalyzer: Analyzer = {
  name: 'poetry',
  version: 1,
  wants: (info) => isProjectLockfile(info.path, 'poetry.lock'),
  analyze,
};

interface Entry {
  pkg: Package;
  normalizedName: string;
  dependencies: TomlRecord;
  lockDev: boolean;
}

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const text = input.content.toString('utf8');
  const lockfile = readTomlLockfile(text, input.path, poetryLockLayout);
  const entries = readEntries(lockfile.entries);
  linkDependencies(entries);
  classify(entries, await readSiblingPyProject(input));
  return {
    applications: [{ type: 'poetry', ecosystem: 'PyPI', purlType: 'pypi', filePath: input.path, packages: uniquePackages(entries) }],
  };
}

/** What is read of a `[[package]]` block; `files` (every wheel and sdist with its hash) is most of the rest. */
export const poetryLockLayout: LockfileLayout = { key: 'package', keys: ['name', 'version', 'category', 'groups'], subTables: ['dependencies'] };

function readEntries(tables: TableEntry[]): Entry[] {
  const entries: Entry[] = [];
  for (const { record, location } of tables) {
    const name = asString(record.name);
    const version = asString(record.version);
    if (!name || !version) continue;
    const groups = asArray(record.groups);
    entries.push({
      pkg: { id: `${name}@${version}`, name, version, ...(location ? { locations: [location] } : {}) },
      normalizedName: normalizePackageName(name),
      dependencies: asRecord(record.dependencies) ?? {},
      lockDev: record.category === 'dev' || (groups.length > 0 && !groups.includes('main')),
    });
  }
  return entries;
}

function linkDependencies(entries: Entry[]): void {
  const byName = new Map<string, Entry[]>();
  for (const entry of entries) {
    const same = byName.get(entry.normalizedName);
    if (same) same.push(entry);
    else byName.set(entry.normalizedName, [entry]);
  }
  for (const entry of entries) {
    const ids = new Set<string>();
    for (const [name, constraint] of Object.entries(entry.dependencies)) {
      const candidates = byName.get(normalizePackageName(name)) ?? [];
      const targets = candidates.length === 1 ? candidates : candidates.filter((c) => allows(constraint, c.pkg.version));
      for (const target of targets) if (target.pkg.id !== entry.pkg.id) ids.add(target.pkg.id);
    }
    if (ids.size > 0) entry.pkg.dependsOn = [...ids].sort();
  }
}

function classify(entries: Entry[], pyproject: PyProjectDependencies | undefined): void {
  if (!pyproject) {
    for (const entry of entries) entry.pkg.dev = entry.lockDev;
    return;
  }
  const byId = new Map(entries.map((e) => [e.pkg.id, e.pkg]));
  const roots = entries.filter((e) => pyproject.main.has(e.normalizedName) && !e.lockDev).map((e) => e.pkg.id);
  const production = new Set<string>(roots);
  for (let id = roots.pop(); id !== undefined; id = roots.pop()) {
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (!production.has(dep)) {
        production.add(dep);
        roots.push(dep);
      }
    }
  }
  for (const entry of entries) {
    const direct = pyproject.main.has(entry.normalizedName) || pyproject.groups.has(entry.normalizedName);
    entry.pkg.relationship = direct ? 'direct' : 'indirect';
    entry.pkg.dev = entry.lockDev || !production.has(entry.pkg.id);
  }
}

/** One package per name@version (a lock may list a version twice, for different markers). */
function uniquePackages(entries: Entry[]): Package[] {
  const byId = new Map<string, Package>();
  for (const { pkg } of entries) {
    const existing = byId.get(pkg.id);
    if (!existing) {
      byId.set(pkg.id, pkg);
      continue;
    }
    existing.locations = [...(existing.locations ?? []), ...(pkg.locations ?? [])];
    existing.dev = existing.dev && pkg.dev;
    if (pkg.dependsOn) existing.dependsOn = [...new Set([...(existing.dependsOn ?? []), ...pkg.dependsOn])].sort();
  }
  return [...byId.values()];
}

// ---------------------------------------------------------------------------------------------
// Poetry constraints
// ---------------------------------------------------------------------------------------------

/** Does a dependency constraint (string, `{version = ...}` table or a list of them) allow the version? */
function allows(constraint: unknown, version: string): boolean {
  if (Array.isArray(constraint)) return constraint.some((c) => allows(c, version));
  const text = typeof constraint === 'string' ? constraint : asString(asRecord(constraint)?.version);
  if (text === undefined) return false;
  return text.split('||').some((alternative) => {
    const specifier = toPep440(alternative);
    return specifier !== undefined && (specifier === '' || satisfiesPep440(version, specifier, { prereleases: true }));
  });
}

/**
 * One Poetry alternative as a PEP 440 specifier ('' = any version): clauses separated by commas or
 * spaces; `^1.2.3` = `>=1.2.3,<2.0.0` (the first non-zero part is bumped), `~1.2` = `>=1.2,<1.3`,
 * `~1` = `>=1,<2`, a bare version = `==`, `*` = any. Undefined when unreadable.
 */
function toPep440(alternative: string): string | undefined {
  const clauses = alternative.match(/(?:\^|~=|~|===|==|!=|<=|>=|<|>|=)?\s*[^\s,]+/g) ?? [];
  const out: string[] = [];
  for (const raw of clauses) {
    const clause = raw.replace(/\s+/g, '');
    if (clause === '*' || clause === '') continue;
    const [, op, version] = /^(\^|~=|~|===|==|!=|<=|>=|<|>|=)?(.+)$/.exec(clause)!;
    if (op === '^' || op === '~') {
      const upper = op === '^' ? caretUpper(version) : tildeUpper(version);
      if (!upper) return undefined;
      out.push(`>=${version}`, `<${upper}`);
    } else {
      out.push(`${op === undefined || op === '=' ? '==' : op}${version}`);
    }
  }
  return out.join(',');
}

function releaseParts(version: string): number[] | undefined {
  const release = /^\d+(?:\.\d+)*/.exec(version)?.[0];
  return release ? release.split('.').map(Number) : undefined;
}

function caretUpper(version: string): string | undefined {
  const parts = releaseParts(version);
  if (!parts) return undefined;
  const index = parts.findIndex((p) => p !== 0);
  const bump = index === -1 ? parts.length - 1 : index;
  return [...parts.slice(0, bump), parts[bump] + 1].join('.');
}

function tildeUpper(version: string): string | undefined {
  const parts = releaseParts(version);
  if (!parts) return undefined;
  const bump = parts.length === 1 ? 0 : 1;
  return [...parts.slice(0, bump), parts[bump] + 1].join('.');
}
