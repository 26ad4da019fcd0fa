import type { OsPackageSet, PackageLicenses } from '../../analyzer/types.js';

/**
 * Gives the packages of a dpkg database the licences their copyright files name (trivy does the
 * same before reporting), so the report's `Packages[].Licenses`, the SBOMs and the licence scan
 * all see them. Packages that already carry licences, and other package managers, are left alone.
 */
export function withPackageLicenses(set: OsPackageSet, facts: readonly PackageLicenses[] | undefined): OsPackageSet {
  if (!facts?.length) return set;
  const byName = new Map<string, string[]>();
  for (const f of facts) if (f.manager === set.manager && !byName.has(f.packageName)) byName.set(f.packageName, f.licenses);
  let changed = false;
  const packages = set.packages.map((p) => {
    const licenses = p.licenses?.length ? undefined : byName.get(p.name);
    if (!licenses) return p;
    changed = true;
    return { ...p, licenses };
  });
  return changed ? { ...set, packages } : set;
}
