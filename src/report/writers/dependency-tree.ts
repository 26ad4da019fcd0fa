import type { Result } from '../model.js';
import { SEVERITIES, type Severity } from '../../detector/vuln/severity.js';

/**
 * trivy's "Dependency Origin Tree (Reversed)": for each vulnerable package of a result, the
 * packages that pull it in, up to the direct dependencies and roots. Needs the result's Packages
 * with DependsOn (the scan keeps them when --dependency-tree is asked for).
 */
export function renderDependencyTree(result: Result): string | undefined {
  const vulns = result.Vulnerabilities ?? [];
  const packages = result.Packages ?? [];
  if (vulns.length === 0 || !packages.some((p) => p.DependsOn?.length)) return undefined;
  const parents = new Map<string, string[]>();
  for (const p of packages) for (const d of p.DependsOn ?? []) parents.set(d, [...(parents.get(d) ?? []), p.ID]);
  for (const list of parents.values()) list.sort();

  const counts = new Map<string, Map<Severity, number>>();
  for (const v of vulns) {
    const c = counts.get(v.PkgID) ?? new Map<Severity, number>();
    c.set(v.Severity, (c.get(v.Severity) ?? 0) + 1);
    counts.set(v.PkgID, c);
  }
  const lines = [result.Target];
  const ids = [...counts.keys()].sort();
  ids.forEach((id, i) => {
    const last = i === ids.length - 1;
    const c = counts.get(id)!;
    const summary = SEVERITIES.map((s) => `${s}: ${c.get(s) ?? 0}`).join(', ');
    lines.push(`${last ? '└── ' : '├── '}${id}, (${summary})`);
    renderParents(id, last ? '    ' : '│   ', new Set([id]), new Set([id]), parents, lines);
  });
  return `Dependency Origin Tree (Reversed)\n=================================\n${lines.join('\n')}`;
}

/**
 * Prints the parents of `id`, depth first. A package already expanded in this tree is printed
 * once more without its parents (`...`): the output stays proportional to the graph, not to the
 * number of paths through it.
 */
function renderParents(id: string, indent: string, path: Set<string>, expanded: Set<string>, parents: Map<string, string[]>, lines: string[]): void {
  const ups = (parents.get(id) ?? []).filter((p) => !path.has(p));
  ups.forEach((parent, i) => {
    const last = i === ups.length - 1;
    const again = expanded.has(parent) && (parents.get(parent)?.length ?? 0) > 0;
    lines.push(`${indent}${last ? '└── ' : '├── '}${parent}${again ? ' ...' : ''}`);
    if (again) return;
    expanded.add(parent);
    renderParents(parent, indent + (last ? '    ' : '│   '), new Set([...path, parent]), expanded, parents, lines);
  });
}
