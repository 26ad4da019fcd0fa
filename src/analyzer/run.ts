import type { AnalysisResult, Analyzer, Application, ConfigFile, FileSecrets, LicenseFile, OsInfo, OsPackageSet, PackageLicenses } from './types.js';
import type { Target } from '../target/types.js';
import { ParseError } from './parse-error.js';

export interface AnalyzeOptions {
  /** Files analyzed at once. */
  concurrency?: number;
  /** One line per file that could not be analyzed. */
  onWarning?: (message: string) => void;
}

export interface Facts {
  applications: Application[];
  os?: OsInfo;
  osPackages: OsPackageSet[];
  /** Paths (relative, no leading slash) installed by the OS package manager. */
  ownedFiles: Set<string>;
  secrets: FileSecrets[];
  misconfigs: NonNullable<AnalysisResult['misconfigs']>;
  /** Gathered for the misconfiguration checks (absent where nothing gathers them: SBOM input). */
  configFiles?: ConfigFile[];
  /** Licences of OS packages from files beside them (dpkg copyright files). */
  packageLicenses?: PackageLicenses[];
  /** Licence files and their licences (`--license-full`). */
  licenseFiles?: LicenseFile[];
}

/**
 * Walks the target once, hands each file to the analyzers that want it, and runs up to
 * `concurrency` analyses at a time. A file that fails to parse becomes a warning, not a failure.
 */
export async function analyzeTarget(target: Target, analyzers: readonly Analyzer[], options: AnalyzeOptions = {}): Promise<Facts> {
  const limit = Math.max(1, options.concurrency ?? 8);
  const applications: Application[] = [];
  const osFacts: OsInfo[] = [];
  const osPackages: OsPackageSet[] = [];
  const ownedFiles = new Set<string>();
  const secrets: FileSecrets[] = [];
  const misconfigs: NonNullable<AnalysisResult['misconfigs']> = [];
  const configFiles: ConfigFile[] = [];
  const packageLicenses: PackageLicenses[] = [];
  const licenseFiles: LicenseFile[] = [];
  const running = new Set<Promise<void>>();

  const analyzeOne = async (analyzer: Analyzer, path: string): Promise<void> => {
    try {
      const content = await target.read(path);
      if (content === undefined) return;
      const result = await analyzer.analyze({
        path,
        content,
        readFile: (rel) => target.read(rel.replace(/^(\.?\/)+/, '')),
      });
      applications.push(...(result.applications ?? []));
      if (result.os) osFacts.push(result.os);
      osPackages.push(...(result.osPackages ?? []));
      for (const f of result.ownedFiles ?? []) ownedFiles.add(f.replace(/^\/+/, ''));
      secrets.push(...(result.secrets ?? []));
      misconfigs.push(...(result.misconfigs ?? []));
      configFiles.push(...(result.configFiles ?? []));
      packageLicenses.push(...(result.packageLicenses ?? []));
      licenseFiles.push(...(result.licenseFiles ?? []));
    } catch (err) {
      const reason = err instanceof ParseError ? err.message : `${path}: ${(err as Error).message}`;
      options.onWarning?.(`${analyzer.name}: cannot analyze ${reason}`);
    }
  };

  for await (const file of target.files()) {
    for (const analyzer of analyzers) {
      if (!analyzer.wants(file)) continue;
      const task: Promise<void> = analyzeOne(analyzer, file.path).finally(() => running.delete(task));
      running.add(task);
      if (running.size >= limit) await Promise.race(running);
    }
  }
  await Promise.all(running);
  applications.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : a.type < b.type ? -1 : 1));
  osPackages.sort((a, b) => (a.filePath < b.filePath ? -1 : 1));
  const os = mergeOsFacts(osFacts);
  secrets.sort(byFilePath);
  misconfigs.sort(byFilePath);
  licenseFiles.sort(byFilePath);
  return { applications, osPackages, ownedFiles, secrets, misconfigs, configFiles, packageLicenses, licenseFiles, ...(os ? { os } : {}) };
}

/**
 * One OS from several release files: os-release names the family (Ubuntu also has a
 * debian_version); a distribution's own release file of that family gives the precise version.
 */
export function mergeOsFacts(facts: OsInfo[]): OsInfo | undefined {
  const general = facts.find((f) => f.from === 'os-release');
  const family = general?.family ?? facts[0]?.family;
  if (!family) return undefined;
  return facts.find((f) => f.family === family && f.from === 'release-file') ?? general ?? facts[0];
}

/** Results in path order, whatever order the analyses finished in. */
export function byFilePath(a: { filePath: string }, b: { filePath: string }): number {
  return a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0;
}
