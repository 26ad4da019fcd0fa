import type { AnalysisResult, Application, ConfigFile, FileSecrets, LayerRef, LicenseFile, OsInfo, OsPackageSet, Package, PackageLicenses } from '../../analyzer/types.js';
import { byFilePath, mergeOsFacts, type Facts } from '../../analyzer/run.js';
import type { FileFacts, LayerFacts } from './analyze-layer.js';

interface Placed {
  layer: number;
  result: AnalysisResult;
  analyzer: string;
}

/**
 * The image's filesystem as the container sees it, in facts: layers are applied bottom to top,
 * each first deleting what its whiteouts and opaque directories hide in the layers below, then
 * replacing the facts of every file it carries. Each package is attributed to the lowest layer
 * that already had it in the same file (as trivy does), so a package DB rewritten by a later
 * layer still points each package at the layer that installed it.
 */
export function mergeLayers(layers: readonly { ref: LayerRef; facts: LayerFacts }[]): Facts {
  const visible = new Map<string, Placed[]>();
  layers.forEach(({ facts }, index) => {
    for (const dir of facts.opaqueDirs) deleteUnder(visible, dir, false);
    for (const path of facts.whiteouts) deleteUnder(visible, path, true);
    for (const [path, files] of groupByPath(facts.files)) {
      visible.set(path, files.map((f) => ({ layer: index, result: f.result, analyzer: f.analyzer })));
    }
  });

  const origin = new OriginIndex(layers);
  const applications: Application[] = [];
  const osPackages: OsPackageSet[] = [];
  const osFacts: OsInfo[] = [];
  const ownedFiles = new Set<string>();
  const secrets: FileSecrets[] = [];
  const misconfigs: Facts['misconfigs'] = [];
  const configFiles: ConfigFile[] = [];
  const packageLicenses: PackageLicenses[] = [];
  const licenseFiles: LicenseFile[] = [];
  for (const placed of [...visible.values()].flat()) {
    const { result, layer } = placed;
    for (const app of result.applications ?? []) {
      applications.push({ ...app, packages: app.packages.map((p) => withLayer(p, origin.of(app.filePath, placed.analyzer, p.id) ?? layers[layer].ref)) });
    }
    for (const set of result.osPackages ?? []) {
      osPackages.push({ ...set, packages: set.packages.map((p) => withLayer(p, origin.of(set.filePath, placed.analyzer, p.id) ?? layers[layer].ref)) });
    }
    if (result.os) osFacts.push(result.os);
    for (const f of result.ownedFiles ?? []) ownedFiles.add(f.replace(/^\/+/, ''));
    for (const s of result.secrets ?? []) secrets.push({ ...s, layer: layers[layer].ref });
    for (const m of result.misconfigs ?? []) misconfigs.push({ ...m, layer: layers[layer].ref });
    for (const c of result.configFiles ?? []) configFiles.push({ ...c, layer: layers[layer].ref });
    for (const c of result.configFiles ?? []) configFiles.push({ ...c, layer: layers[layer].ref });
    packageLicenses.push(...(result.packageLicenses ?? []));
    for (const f of result.licenseFiles ?? []) licenseFiles.push({ ...f, layer: layers[layer].ref });
  }
  applications.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : a.type < b.type ? -1 : 1));
  osPackages.sort((a, b) => (a.filePath < b.filePath ? -1 : 1));
  const os = mergeOsFacts(osFacts.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0)));
  return { applications, osPackages, ownedFiles, secrets: secrets.sort(byFilePath), misconfigs: misconfigs.sort(byFilePath), configFiles, packageLicenses, licenseFiles: licenseFiles.sort(byFilePath), ...(os ? { os } : {}) };
}

/** Removes `path` itself (a whiteout) and everything under it; `''` as a directory is the root. */
function deleteUnder(visible: Map<string, Placed[]>, path: string, includingItself: boolean): void {
  if (includingItself) visible.delete(path);
  const prefix = path === '' ? '' : `${path}/`;
  for (const key of visible.keys()) if (key.startsWith(prefix)) visible.delete(key);
}

function groupByPath(files: FileFacts[]): Map<string, FileFacts[]> {
  const byPath = new Map<string, FileFacts[]>();
  for (const file of files) {
    const list = byPath.get(file.path);
    if (list) list.push(file);
    else byPath.set(file.path, [file]);
  }
  return byPath;
}

function withLayer(p: Package, layer: LayerRef): Package {
  return { ...p, layer };
}

/** The lowest layer whose facts for a file (by path and analyzer) list a package id. */
class OriginIndex {
  private readonly first = new Map<string, LayerRef>();

  constructor(layers: readonly { ref: LayerRef; facts: LayerFacts }[]) {
    for (const { ref, facts } of layers) {
      for (const file of facts.files) {
        const sets = [...(file.result.applications ?? []), ...(file.result.osPackages ?? [])];
        for (const set of sets) {
          for (const p of set.packages) {
            const key = this.key(set.filePath, file.analyzer, p.id);
            if (!this.first.has(key)) this.first.set(key, ref);
          }
        }
      }
    }
  }

  of(filePath: string, analyzer: string, id: string): LayerRef | undefined {
    return this.first.get(this.key(filePath, analyzer, id));
  }

  private key(filePath: string, analyzer: string, id: string): string {
    return `${analyzer}\0${filePath}\0${id}`;
  }
}
