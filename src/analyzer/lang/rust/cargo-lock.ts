/**
 * Cargo.lock analyzer (trivy type `cargo`), lockfile versions 1 to 4.
 *
 * Every `[[package]]` (and the `[root]` table of version-1 lockfiles) is a package `name@version`
 * with the line range of its block (from its header to the line before the first blank line or
 * the next table header, as trivy reports it). `dependencies` entries name a package as
 * `name` (the only version in the lockfile), `name version` (several versions present) or, in
 * version 1, `name version (source)`; they become the dependency graph.
 *
 * Relationships, with the Cargo.toml beside the lockfile (as trivy does):
 * - the manifest's package is the root; the workspace members it lists (read from
 *   `<member>/Cargo.toml`) are workspace packages;
 * - direct: what the root or a member depends on in the lockfile and declares as a normal
 *   dependency in its manifest (when several versions of one crate are depended on, the declared
 *   requirement picks the version); the root also owns the workspace dependencies;
 * - indirect: everything reachable from the direct dependencies (not through a workspace member
 *   the root depends on: the member's own declarations count, so its dev-dependencies stay dev,
 *   where trivy walks into them);
 * - anything else is only pulled in by dev- or build-dependencies: trivy drops it, picket marks it
 *   `dev` (so it is left out unless --include-dev-deps);
 * Member globs (`crates/*`) cannot be listed through the analyzer input: then every local
 * package (no `source`) not otherwise placed counts as a member whose lockfile dependencies are
 * all direct.
 *
 * Without a Cargo.toml (trivy: no relationships), the lockfile alone says who is local: packages
 * without `source` are the project's crates. The one no other package depends on is the root when
 * there is exactly one such, the other local crates are workspace packages, their registry/git
 * dependencies are direct and what those pull in indirect (crates reachable from no local crate,
 * and every crate of a lockfile without local crates, keep an unknown relationship).
 */
import { posix } from 'node:path';
import { parse, TomlError } from 'smol-toml';
import type { Analyzer, AnalyzerInput, AnalysisResult, Location, Package } from '../../types.js';
import { isLockfileNamed } from '../../lockfile-path.js';
import { ParseError } from '../../parse-error.js';
import { parseCargoManifest, satisfiesCargoRequirement, type CargoManifest, type DeclaredDependencies } from './cargo-manifest.js';

export const cargoLockAnalyzer: Analyzer = {
  name: 'cargo',
  version: 1,
  scope: 'any',
  wants: (info) => isLockfileNamed(info.path, 'Cargo.lock') && !info.path.split('/').includes('vendor'),
  analyze,
};

/** One locked crate, before classification. */
interface Crate {
  pkg: Package;
  local: boolean;
  /** Ids this crate depends on (resolved against the lockfile). */
  deps: string[];
}

async function analyze(input: AnalyzerInput): Promise<AnalysisResult> {
  const text = input.content.toString('utf8');
  const crates = readLockfile(text, input.path);
  const manifest = await readManifests(input);
  if (manifest) classifyWithManifest(crates, manifest);
  else classifyFromLockfile(crates);
  const packages = [...crates.values()].map((c) => c.pkg);
  return { applications: [{ type: 'cargo', ecosystem: 'crates.io', purlType: 'cargo', filePath: input.path, packages }] };
}

// ---------------------------------------------------------------------------------------------
// Lockfile
// ---------------------------------------------------------------------------------------------

interface LockEntry {
  name?: unknown;
  version?: unknown;
  source?: unknown;
  dependencies?: unknown;
}

function readLockfile(text: string, file: string): Map<string, Crate> {
  const fast = parseCargoWritten(text);
  const doc = fast?.doc ?? parseToml(text, file);
  const entries: LockEntry[] = Array.isArray(doc.package) ? (doc.package as LockEntry[]) : [];
  if (doc.package !== undefined && !Array.isArray(doc.package)) throw new ParseError(file, '`package` is not an array of tables');
  const root = typeof doc.root === 'object' && doc.root !== null ? (doc.root as LockEntry) : undefined;
  const all = root ? [root, ...entries] : entries;
  const blocks = fast?.blocks ?? blockLocations(text);

  // `name` alone means the only version of that crate in the lockfile.
  const versionsByName = new Map<string, string>();
  for (const e of all) if (typeof e.name === 'string' && typeof e.version === 'string') versionsByName.set(e.name, e.version);

  const crates = new Map<string, Crate>();
  all.forEach((e, i) => {
    if (typeof e.name !== 'string' || typeof e.version !== 'string') throw new ParseError(file, `package ${i + 1} has no name or version`);
    const id = `${e.name}@${e.version}`;
    if (crates.has(id)) return;
    const location = (root ? (i === 0 ? blocks.root : blocks.packages[i - 1]) : blocks.packages[i]) ?? blocks.byId.get(id);
    const pkg: Package = { id, name: e.name, version: e.version };
    if (location) pkg.locations = [location];
    crates.set(id, {
      pkg,
      local: typeof e.source !== 'string',
      deps: dependencyIds(e.dependencies, versionsByName),
    });
  });
  for (const crate of crates.values()) {
    if (crate.deps.length === 0) continue;
    const deps = crate.deps.length === 1 ? crate.deps.filter((d) => crates.has(d)) : [...new Set(crate.deps.filter((d) => crates.has(d)))].sort();
    crate.deps = deps;
    if (deps.length > 0) crate.pkg.dependsOn = deps;
  }
  return crates;
}

function parseToml(text: string, file: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) throw new ParseError(file, `invalid TOML: ${err.message.split('\n')[0]}`, err.line);
    throw err;
  }
}

/**
 * Fast path for lockfiles as Cargo writes them (a general TOML parser manages ~25,000 packages/s):
 * headers on their own line, `key = "string"` or `key = 123`, arrays of plain strings on one or
 * several lines, comments. Anything else (escapes, multi-line or literal strings, inline tables,
 * a malformed line) returns undefined, and the full TOML parser reads the file instead. The block
 * line ranges come out of the same pass.
 */
function parseCargoWritten(text: string): { doc: Record<string, unknown>; blocks: Blocks } | undefined {
  const doc: Record<string, unknown> = {};
  const packages: Record<string, unknown>[] = [];
  const blocks: Blocks = { packages: [], byId: new Map() };
  let table: Record<string, unknown> | undefined = doc; // undefined: a table whose keys are not needed
  let block: Location | undefined; // the open block; endLine 0 until a blank line or header ends it
  const lines = text.split('\n');
  const closeBlock = (lastLine: number) => {
    if (block && block.endLine === 0) block.endLine = lastLine;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = trimmed(lines[i]);
    if (line === '') {
      closeBlock(i);
      continue;
    }
    if (line.charCodeAt(0) === 35 /* # */) continue;
    if (line.charCodeAt(0) === 91 /* [ */) {
      closeBlock(i);
      block = undefined;
      if (line === '[[package]]') {
        packages.push((table = {}));
        blocks.packages.push((block = { startLine: i + 1, endLine: 0 }));
      } else if (line === '[root]') {
        doc.root = table = {};
        blocks.root = block = { startLine: i + 1, endLine: 0 };
      } else if (/^\[\[?[A-Za-z0-9_.-]+\]\]?$/.test(line)) table = undefined;
      else return undefined;
      continue;
    }
    const eq = line.indexOf(' = ');
    if (eq <= 0) return undefined;
    const key = line.slice(0, eq);
    const value = line.slice(eq + 3);
    let parsed: unknown;
    if (value === '[') {
      const items: string[] = [];
      for (i++; i < lines.length; i++) {
        const item = trimmed(lines[i]);
        if (item === ']') break;
        if (item === '' || item.charCodeAt(0) === 35 /* # */) continue;
        const close = item.charCodeAt(item.length - 1) === 44 /* , */ ? item.length - 2 : item.length - 1;
        if (close < 1 || item.charCodeAt(0) !== 34 || item.indexOf('"', 1) !== close || item.indexOf('\\') >= 0) return undefined;
        items.push(item.slice(1, close));
      }
      if (i >= lines.length) return undefined;
      parsed = items;
    } else if (value.charCodeAt(0) === 91 /* [ */) {
      const inner = /^\[((?:\s*"[^"\\]*"\s*,?)*)\s*\]$/.exec(value);
      if (!inner) return undefined;
      parsed = [...inner[1].matchAll(/"([^"\\]*)"/g)].map((x) => x[1]);
    } else if (value.charCodeAt(0) === 34 /* " */ && value.length > 1 && value.indexOf('"', 1) === value.length - 1 && value.indexOf('\\') < 0) {
      parsed = value.slice(1, -1);
    } else if (/^\d+$/.test(value)) {
      parsed = Number(value);
    } else {
      return undefined;
    }
    if (!BARE_KEY.test(key)) {
      if (table !== undefined || !QUOTED_KEY.test(key)) return undefined;
      continue; // quoted keys only in tables that are not read ([metadata] checksums)
    }
    if (table) {
      if (Object.hasOwn(table, key)) return undefined;
      table[key] = parsed;
    }
  }
  closeBlock(lines.length);
  if (packages.length > 0) doc.package = packages;
  return { doc, blocks };
}

/** The line without surrounding blanks; most lines of a Cargo.lock have none. */
function trimmed(line: string): string {
  return line.length > 0 && (line.charCodeAt(0) <= 32 || line.charCodeAt(line.length - 1) <= 32) ? line.trim() : line;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;
const QUOTED_KEY = /^"[^"\\]*"$/;

function dependencyIds(raw: unknown, versionsByName: Map<string, string>): string[] {
  if (!Array.isArray(raw)) return [];
  const ids: string[] = [];
  for (const entry of raw) {
    if (typeof entry !== 'string') continue;
    const space = entry.indexOf(' ');
    if (space < 0) {
      const v = versionsByName.get(entry);
      if (v !== undefined) ids.push(`${entry}@${v}`);
      continue;
    }
    const [name, version] = entry.trim().split(/\s+/);
    const v = version ?? versionsByName.get(name);
    if (name && v) ids.push(`${name}@${v}`);
  }
  return ids;
}

/**
 * Line ranges of the `[[package]]` blocks (in order) and of `[root]`: from the header to the line
 * before the first blank line or the next header. Also indexed by the block's naive
 * `name`/`version` lines, for when the order cannot be trusted.
 */
interface Blocks {
  packages: Location[];
  root?: Location;
  byId: Map<string, Location>;
}

function blockLocations(text: string): Blocks {
  const lines = text.split('\n');
  const packages: Location[] = [];
  const byId = new Map<string, Location>();
  let root: Location | undefined;
  let current: { start: number; end?: number; kind: string; name?: string; version?: string } | undefined;
  const close = (lastLine: number) => {
    if (!current) return;
    const loc = { startLine: current.start, endLine: current.end ?? lastLine };
    if (current.kind === 'package') packages.push(loc);
    else if (current.kind === 'root') root = loc;
    if (current.name !== undefined) byId.set(`${current.name}@${current.version ?? ''}`, loc);
  };
  lines.forEach((line, i) => {
    const n = i + 1;
    const t = line.trim();
    if (t.startsWith('[')) {
      close(n - 1);
      current = { start: n, kind: /^\[\[\s*package\s*\]\]/.test(t) ? 'package' : /^\[\s*root\s*\]/.test(t) ? 'root' : 'other' };
    } else if (!current) {
      return;
    } else if (t === '') {
      current.end ??= n - 1;
    } else if (current.end === undefined) {
      const m = /^(name|version)\s*=\s*"+([^"]*)"+/.exec(t);
      if (m) current[m[1] as 'name' | 'version'] = m[2];
    }
  });
  close(lines.length);
  return { packages, root, byId };
}

// ---------------------------------------------------------------------------------------------
// Manifests
// ---------------------------------------------------------------------------------------------

interface Owner {
  /** The owner's crate in the lockfile. */
  id: string;
  relationship: 'root' | 'workspace';
  /** Declared normal dependencies; undefined when unknown (all lockfile dependencies count). */
  declared?: DeclaredDependencies;
}

interface Manifests {
  root?: CargoManifest;
  members: CargoManifest[];
  /** Some members could not be read one by one (globs). */
  unlistedMembers: boolean;
}

/** The Cargo.toml beside the lockfile and those of its workspace members; undefined without one. */
async function readManifests(input: AnalyzerInput): Promise<Manifests | undefined> {
  const dir = posix.dirname(input.path);
  const rootText = await input.readFile(posix.join(dir, 'Cargo.toml'));
  if (!rootText) return undefined;
  let root: CargoManifest;
  try {
    root = parseCargoManifest(rootText.toString('utf8'));
  } catch {
    return undefined; // an unreadable manifest tells nothing: classify from the lockfile alone (trivy warns and reports no relationships)
  }
  const members: CargoManifest[] = [];
  let unlistedMembers = false;
  for (const member of root.members) {
    if (/[*?[]/.test(member)) {
      unlistedMembers = true;
      continue;
    }
    const text = await input.readFile(posix.join(dir, member, 'Cargo.toml'));
    if (!text) continue;
    try {
      members.push(parseCargoManifest(text.toString('utf8'), root.workspaceVersion, root.workspaceDependencies));
    } catch {
      // an unreadable member manifest is skipped, as trivy does
    }
  }
  return { root, members, unlistedMembers };
}

function classifyWithManifest(crates: Map<string, Crate>, manifests: Manifests): void {
  const owners = ownersOf(crates, manifests);
  const ownerIds = new Set(owners.map((o) => o.id));
  // A member that another owner depends on is not walked into: its own declarations count.
  const direct = new Set<string>();
  for (const owner of owners) for (const id of directDependencies(crates, owner)) if (!ownerIds.has(id)) direct.add(id);
  const reachable = reachableFrom(crates, direct);
  const dependedOnByOwner = new Set(owners.flatMap((o) => crates.get(o.id)?.deps ?? []));
  for (const crate of crates.values()) {
    const owner = ownerIds.has(crate.pkg.id) ? owners.find((o) => o.id === crate.pkg.id) : undefined;
    if (owner) crate.pkg.relationship = owner.relationship;
    else if (direct.has(crate.pkg.id)) crate.pkg.relationship = 'direct';
    else if (reachable.has(crate.pkg.id)) crate.pkg.relationship = 'indirect';
    else {
      crate.pkg.relationship = dependedOnByOwner.has(crate.pkg.id) ? 'direct' : 'indirect';
      crate.pkg.dev = true;
    }
  }
}

/** The root package and the workspace members, as lockfile crates with what they declare. */
function ownersOf(crates: Map<string, Crate>, manifests: Manifests): Owner[] {
  const owners: Owner[] = [];
  const find = (m: CargoManifest) => findCrate(crates, m.name, m.version);
  const root = manifests.root;
  const rootCrate = root ? find(root) : undefined;
  if (root && rootCrate) owners.push({ id: rootCrate.pkg.id, relationship: 'root', declared: { ...root.workspaceDependencies, ...root.dependencies } });
  for (const member of manifests.members) {
    const crate = find(member);
    if (crate && !owners.some((o) => o.id === crate.pkg.id)) owners.push({ id: crate.pkg.id, relationship: 'workspace', declared: member.dependencies });
  }
  if (manifests.unlistedMembers) {
    for (const crate of crates.values()) {
      if (crate.local && !owners.some((o) => o.id === crate.pkg.id)) owners.push({ id: crate.pkg.id, relationship: 'workspace' });
    }
  }
  return owners;
}

/** The lockfile crate of a manifest: by name and version, else the only local crate of that name. */
function findCrate(crates: Map<string, Crate>, name: string | undefined, version: string | undefined): Crate | undefined {
  if (!name) return undefined;
  const exact = version ? crates.get(`${name}@${version}`) : undefined;
  if (exact) return exact;
  const local = [...crates.values()].filter((c) => c.local && c.pkg.name === name);
  return local.length === 1 ? local[0] : undefined;
}

/** The owner's lockfile dependencies that it declares; several versions of one crate are told apart by the requirement. */
function directDependencies(crates: Map<string, Crate>, owner: Owner): string[] {
  const deps = crates.get(owner.id)?.deps ?? [];
  if (!owner.declared) return deps;
  const declared = owner.declared;
  const byName = new Map<string, Package[]>();
  for (const id of deps) {
    const pkg = crates.get(id)!.pkg;
    if (!Object.hasOwn(declared, pkg.name)) continue;
    byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg]);
  }
  const out: string[] = [];
  for (const [name, candidates] of byName) {
    const requirement = declared[name];
    for (const pkg of candidates) {
      if (candidates.length > 1 && requirement !== '' && !satisfiesCargoRequirement(pkg.version, requirement)) continue;
      out.push(pkg.id);
    }
  }
  return out;
}

function reachableFrom(crates: Map<string, Crate>, start: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const dep of crates.get(id)?.deps ?? []) if (!seen.has(dep)) stack.push(dep);
  }
  return seen;
}

// ---------------------------------------------------------------------------------------------
// Lockfile only
// ---------------------------------------------------------------------------------------------

function classifyFromLockfile(crates: Map<string, Crate>): void {
  const local = [...crates.values()].filter((c) => c.local);
  if (local.length === 0) return;
  const dependedOn = new Set([...crates.values()].flatMap((c) => c.deps));
  const tops = local.filter((c) => !dependedOn.has(c.pkg.id));
  const direct = new Set(local.flatMap((c) => c.deps).filter((id) => !crates.get(id)!.local));
  const reachable = reachableFrom(crates, direct);
  for (const crate of crates.values()) {
    if (crate.local) crate.pkg.relationship = tops.length === 1 && tops[0] === crate ? 'root' : 'workspace';
    else if (direct.has(crate.pkg.id)) crate.pkg.relationship = 'direct';
    else if (reachable.has(crate.pkg.id)) crate.pkg.relationship = 'indirect';
  }
}
