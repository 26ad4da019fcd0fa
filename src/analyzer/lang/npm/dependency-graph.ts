import type { Package, Relationship } from '../../types.js';

/**
 * Marks packages as direct/indirect and dev/prod from the lockfile's dependency graph, for
 * lockfiles that do not record it per package (yarn, bun, pnpm v9).
 *
 * - `directProd` / `directDev`: ids (`name@version`) the root manifest(s) depend on directly.
 * - A package reachable from a production root is prod; one reachable only from dev roots is dev.
 * - Without any root information every package is left `unknown`/prod, as trivy does.
 */
export function classifyByGraph(
  packages: Package[],
  directProd: Iterable<string>,
  directDev: Iterable<string>,
): void {
  const byId = new Map(packages.map((p) => [p.id, p]));
  const prodRoots = [...directProd].filter((id) => byId.has(id));
  const devRoots = [...directDev].filter((id) => byId.has(id));
  if (prodRoots.length === 0 && devRoots.length === 0) return;

  const reach = (roots: string[]): Set<string> => {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const dep of byId.get(id)?.dependsOn ?? []) if (!seen.has(dep)) stack.push(dep);
    }
    return seen;
  };
  const prod = reach(prodRoots);
  const direct = new Set([...prodRoots, ...devRoots]);
  for (const p of packages) {
    if (p.relationship === 'root' || p.relationship === 'workspace') continue;
    p.relationship = direct.has(p.id) ? 'direct' : 'indirect';
    p.dev = !prod.has(p.id);
  }
}

/** `name@version` id used for packages across all Node.js analyzers. */
export function packageId(name: string, version: string): string {
  return `${name}@${version}`;
}

const RELATIONSHIP_STRENGTH: Record<Relationship, number> = {
  root: 4,
  workspace: 3,
  direct: 2,
  indirect: 1,
  unknown: 0,
};

/**
 * Folds packages that share an id (the same `name@version` installed at several places) into
 * one: locations and dependsOn are united, the package is dev only if every copy is dev, the
 * strongest relationship wins (root > workspace > direct > indirect > unknown) and the first
 * copy that has licenses gives them.
 */
export function mergePackagesById(packages: Iterable<Package>): Package[] {
  const byId = new Map<string, Package>();
  for (const pkg of packages) {
    const seen = byId.get(pkg.id);
    byId.set(pkg.id, seen ? mergeTwo(seen, pkg) : { ...pkg });
  }
  return [...byId.values()];
}

function mergeTwo(a: Package, b: Package): Package {
  const merged: Package = { ...a };
  if (a.dev !== undefined || b.dev !== undefined) merged.dev = a.dev === true && b.dev === true;
  const relationship = strongerRelationship(a.relationship, b.relationship);
  if (relationship) merged.relationship = relationship;
  if (a.dependsOn || b.dependsOn) merged.dependsOn = [...new Set([...(a.dependsOn ?? []), ...(b.dependsOn ?? [])])].sort();
  if (a.locations || b.locations) {
    merged.locations = [...(a.locations ?? []), ...(b.locations ?? [])].sort((x, y) => x.startLine - y.startLine || x.endLine - y.endLine);
  }
  if (!a.licenses?.length && b.licenses?.length) merged.licenses = b.licenses;
  return merged;
}

function strongerRelationship(a: Relationship | undefined, b: Relationship | undefined): Relationship | undefined {
  if (!a) return b;
  if (!b) return a;
  return RELATIONSHIP_STRENGTH[b] > RELATIONSHIP_STRENGTH[a] ? b : a;
}

/** Sort order of packages in an application: by name, then by version (plain string order). */
export function byNameThenVersion(a: Package, b: Package): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.version !== b.version) return a.version < b.version ? -1 : 1;
  return 0;
}
