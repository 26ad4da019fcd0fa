import type { Application } from './types.js';

/**
 * Installed packages are found one file each (a package.json under node_modules, a METADATA, a
 * gemspec, a jar). trivy reports them as one result per kind, named after the language, with
 * each package keeping its own file (`PkgPath`/`FilePath`); picket does the same.
 */
const AGGREGATED_TYPES: Readonly<Record<string, string>> = {
  'node-pkg': 'Node.js',
  'python-pkg': 'Python',
  'conda-pkg': 'Conda',
  gemspec: 'Ruby',
  jar: 'Java',
};

export function aggregateInstalledPackages(applications: Application[]): Application[] {
  const merged = new Map<string, Application>();
  const result: Application[] = [];
  for (const app of applications) {
    const title = AGGREGATED_TYPES[app.type];
    if (!title) {
      result.push(app);
      continue;
    }
    let group = merged.get(app.type);
    if (!group) {
      group = { type: app.type, ecosystem: app.ecosystem, purlType: app.purlType, filePath: '', title, packages: [] };
      merged.set(app.type, group);
    }
    for (const p of app.packages) group.packages.push(p.filePath ? p : { ...p, filePath: app.filePath });
  }
  for (const group of merged.values()) {
    group.packages.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : a.version > b.version ? 1 : (a.filePath ?? '') < (b.filePath ?? '') ? -1 : 1));
    result.push(group);
  }
  return result;
}
