import { analyzers } from './analyzer/registry.js';
import { analyzeTarget } from './analyzer/run.js';
import { isEndOfLife } from './detector/os/end-of-life.js';
import { aggregateInstalledPackages } from './analyzer/aggregate.js';
import type { Analyzer, Application, OsInfo, OsPackageSet } from './analyzer/types.js';
import { osTargetOf } from './detector/vuln/os-ecosystem.js';
import type { AdvisoryStore } from './db/store.js';
import { detectVulnerabilities } from './detector/vuln/match.js';
import type { Severity } from './detector/vuln/severity.js';
import { buildReport } from './report/build.js';
import type { SortOrder } from './report/sort-order.js';
import { filterReport } from './report/filter.js';
import type { Report } from './report/model.js';
import { openFsTarget } from './target/fs.js';
import type { Target } from './target/types.js';
import type { LayeredTarget } from './target/image/image-target.js';

export interface ScanOptions {
  skipDirs?: string[];
  skipFiles?: string[];
  includeDevDeps?: boolean;
  listAllPackages?: boolean;
  sortBy?: SortOrder;
  severities?: Severity[];
  ignoreUnfixed?: boolean;
  ignoredIds?: Set<string>;
  /** Opens the advisory DB; called only when there are packages to match. */
  openStore: () => Promise<AdvisoryStore>;
  version: string;
  onWarning?: (message: string) => void;
  onDebug?: (message: string) => void;
  concurrency?: number;
  /** `--scanners vuln`: run the package analyzers and match advisories (default true). */
  scanPackages?: boolean;
  /** Analyzers of the other scanners (secret, misconfig), built from their options. */
  extraAnalyzers?: Analyzer[];
}

/** The whole pipeline for a directory: target -> analyzers -> detectors -> report (filtered). */
export async function scanFilesystem(path: string, options: ScanOptions): Promise<Report> {
  const target = await openFsTarget(path, { skipDirs: options.skipDirs, skipFiles: options.skipFiles });
  return scanTarget(target, options);
}

export async function scanTarget(target: Target | LayeredTarget, options: ScanOptions): Promise<Report> {
  const packageAnalyzers = options.scanPackages === false ? [] : analyzers.filter((a) => (a.scope ?? 'source') === 'any' || (a.scope ?? 'source') === target.contents);
  const serving = [...packageAnalyzers, ...(options.extraAnalyzers ?? [])];
  const facts = 'kind' in target && target.kind === 'layered'
    ? await target.analyze(serving, { concurrency: options.concurrency, onWarning: options.onWarning, onDebug: options.onDebug })
    : await analyzeTarget(target as Target, serving, { concurrency: options.concurrency, onWarning: options.onWarning });
  const applications = aggregateInstalledPackages(facts.applications
    .filter((app) => !facts.ownedFiles.has(app.filePath))
    .map((app) => withoutDevDependencies(app, options.includeDevDeps ?? false)));
  const osApplications = facts.osPackages.map((set) => osApplication(set, facts.os));
  if (facts.os && isEndOfLife(facts.os.family, facts.os.name)) options.onWarning?.(`${facts.os.family} ${facts.os.name} is past its end of security support: its packages no longer get fixes, and findings may be missing`);
  if (facts.osPackages.length > 0 && !facts.os) options.onWarning?.('OS packages found but the OS is not detected: OS vulnerabilities are not checked');
  const anyPackages = [...applications, ...osApplications].some((a) => a.packages.length > 0);
  const store = anyPackages ? await options.openStore() : undefined;
  const detect = (app: Application) => (store ? detectVulnerabilities(app, store) : []);
  const findings = [
    ...osApplications.map((app) => ({ app, vulnerabilities: detect(app), os: facts.os ?? { family: 'unknown', name: '', from: 'os-release' as const } })),
    ...applications.map((app) => ({ app, vulnerabilities: detect(app) })),
  ];
  const report = buildReport(target, findings, {
    listAllPackages: options.listAllPackages ?? false,
    version: options.version,
    sortBy: options.sortBy,
    os: facts.os,
    misconfigs: facts.misconfigs,
    secrets: facts.secrets,
  });
  return filterReport(report, {
    severities: options.severities ?? ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'],
    ignoreUnfixed: options.ignoreUnfixed ?? false,
    ignoredIds: options.ignoredIds ?? new Set(),
  });
}

/** The packages of an OS package DB as an application of the OS's advisory ecosystem. */
function osApplication(set: OsPackageSet, os: OsInfo | undefined): Application {
  const osTarget = osTargetOf(os, set.manager);
  return {
    type: os?.family ?? set.manager,
    // No advisory ecosystem (unknown OS): an ecosystem without a version scheme matches nothing.
    ecosystem: osTarget.ecosystem ?? `unknown-os:${set.manager}`,
    purlType: osTarget.purlType,
    purlNamespace: osTarget.purlNamespace,
    // trivy's distro qualifier: `debian-12.4`, `centos-7.6.1810`, but plain `3.19.1` for Alpine.
    ...(os ? { distro: os.family === 'alpine' ? os.name : `${os.family}-${os.name}` } : {}),
    filePath: set.filePath,
    packages: set.packages,
  };
}

/** Development-only packages are left out unless asked for, as trivy does. */
function withoutDevDependencies(app: Application, includeDev: boolean): Application {
  if (includeDev) return app;
  const kept = app.packages.filter((p) => !p.dev);
  if (kept.length === app.packages.length) return app;
  const keptIds = new Set(kept.map((p) => p.id));
  return {
    ...app,
    packages: kept.map((p) => (p.dependsOn?.some((d) => !keptIds.has(d)) ? { ...p, dependsOn: p.dependsOn.filter((d) => keptIds.has(d)) } : p)),
  };
}
