/**
 * What a Cargo.toml says about direct dependencies, for classifying the packages of the
 * Cargo.lock beside it (see cargo-lock.ts):
 *
 * - `[package]` name and version (`version.workspace = true` takes `[workspace.package]`'s, which
 *   is also the version of a manifest without `[package].version`);
 * - the normal dependencies it declares: `[dependencies]` and `[target.'cfg(..)'.dependencies]`
 *   (not dev- or build-dependencies), each with its version requirement when it has one
 *   (`regex = "1.5"`, `serde = { version = "1" }`, `x = { workspace = true }` takes the
 *   requirement of `[workspace.dependencies]`), under the name of the crate it resolves to
 *   (`alias = { package = "real-name" }` is `real-name`);
 * - `[workspace]` members and dependencies. The workspace root itself may use the workspace
 *   dependencies, so they count among the root's declared dependencies (the lockfile then tells
 *   which ones the root really pulls in).
 */
import { parse } from 'smol-toml';
import semver from 'semver';

export interface DeclaredDependencies {
  /** Crate name -> version requirement ('' when none: git, path or requirement-less entries). */
  [crate: string]: string;
}

export interface CargoManifest {
  name?: string;
  version?: string;
  /** Normal dependencies declared by this manifest's package. */
  dependencies: DeclaredDependencies;
  members: string[];
  /** `[workspace.dependencies]`: name -> requirement. */
  workspaceDependencies: DeclaredDependencies;
  workspaceVersion?: string;
}

type Table = Record<string, unknown>;

const asTable = (v: unknown): Table | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Table) : undefined);
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Reads a Cargo.toml. `inheritedVersion` is the workspace root's `[workspace.package].version`
 * for a member. Throws smol-toml's TomlError on invalid TOML.
 */
export function parseCargoManifest(text: string, inheritedVersion?: string, inheritedDependencies: DeclaredDependencies = {}): CargoManifest {
  const doc = parse(text) as Table;
  const pkg = asTable(doc.package);
  const workspace = asTable(doc.workspace);
  const workspaceVersion = inheritedVersion ?? asString(asTable(workspace?.package)?.version);
  const workspaceDependencies = { ...inheritedDependencies, ...declared(asTable(workspace?.dependencies), {}) };

  const dependencies = declared(asTable(doc.dependencies), workspaceDependencies);
  for (const target of Object.values(asTable(doc.target) ?? {})) {
    Object.assign(dependencies, declared(asTable(asTable(target)?.dependencies), workspaceDependencies));
  }
  const rawVersion = pkg?.version;
  const version = typeof rawVersion === 'string' ? rawVersion : workspaceVersion;
  const members = Array.isArray(workspace?.members) ? workspace.members.filter((m): m is string => typeof m === 'string') : [];
  return { name: asString(pkg?.name), version, dependencies, members, workspaceDependencies, workspaceVersion };
}

/** `[dependencies]`-shaped table -> crate name -> requirement. */
function declared(table: Table | undefined, workspaceDeps: DeclaredDependencies): DeclaredDependencies {
  const out: DeclaredDependencies = {};
  for (const [key, value] of Object.entries(table ?? {})) {
    if (typeof value === 'string') {
      out[key] = value;
      continue;
    }
    const spec = asTable(value);
    if (!spec) continue;
    const crate = asString(spec.package) ?? key;
    if (spec.workspace === true) out[crate] = workspaceDeps[crate] ?? workspaceDeps[key] ?? '';
    else out[crate] = asString(spec.version) ?? '';
  }
  return out;
}

/**
 * Does a Cargo.lock version satisfy a Cargo.toml requirement? Cargo's syntax: comma-joined
 * comparators, a bare version meaning a caret requirement (`1.2` = `^1.2`), `~`, `*` and
 * wildcards (`1.*`) as in npm. An unreadable requirement or version does not match.
 */
export function satisfiesCargoRequirement(version: string, requirement: string): boolean {
  const comparators = requirement
    .split(',')
    .map((c) => c.trim().replace(/^(>=|<=|>|<|=|~|\^)\s+/, '$1'))
    .filter((c) => c !== '')
    .map((c) => (/^\d/.test(c) ? `^${c}` : c));
  try {
    return semver.satisfies(version, comparators.join(' '), { loose: true });
  } catch {
    return false;
  }
}
