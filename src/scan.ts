import { analyzers } from './analyzer/registry.js';
import { analyzeTarget } from './analyzer/run.js';
import { isEndOfLife } from './detector/os/end-of-life.js';
import { aggregateInstalledPackages } from './analyzer/aggregate.js';
import type { Analyzer, Application, ConfigFile, OsInfo, OsPackageSet } from './analyzer/types.js';
import type { Facts } from './analyzer/run.js';
import type { ConfigTreeOptions } from './detector/misconfig/index.js';
import { osTargetOf } from './detector/vuln/os-ecosystem.js';
import type { AdvisoryStore } from './db/store.js';
import { detectVulnerabilities } from './detector/vuln/match.js';
import type { Severity } from './detector/vuln/severity.js';
import { buildReport } from './report/build.js';
import type { SortOrder } from './report/sort-order.js';
import { filterReport, type SuppressionOptions } from './report/filter.js';
import type { Report } from './report/model.js';
import { openFsTarget } from './target/fs.js';
import type { Target } from './target/types.js';
import type { LayeredTarget } from './target/image/image-target.js';
import type { LicensePolicy } from './detector/license/policy.js';
import { withPackageLicenses } from './detector/license/package-licenses.js';

export interface ScanOptions {
  /** VEX, ignore-file rules with paths/purls, a baseline report, --show-suppressed. */
  suppress?: SuppressionOptions;
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
  /** `--scanners license`: classify every package's licences under this policy. */
  licensePolicy?: LicensePolicy;
  /** Match packages against the advisory DB (`--scanners vuln`; default true). */
  matchVulnerabilities?: boolean;
  /** `--scanners misconfig`: how the checks run over the gathered config files. */
  misconfig?: ConfigTreeOptions;
}

/** The whole pipeline for a directory: target -> analyzers -> detectors -> report (filtered). */
export async function scanFilesystem(path: string, options: ScanOptions): Promise<Report> {
  const target = await openFsTarget(path, { skipDirs: options.skipDirs, skipFiles: options.skipFiles });
  return scanTarget(target, options);
}

/** The analyzers a scan of this kind of contents runs: the package analyzers (unless --scanners leaves vuln out) and the other scanners'. */
export function analyzersFor(contents: Target['contents'], options: Pick<ScanOptions, 'scanPackages' | 'extraAnalyzers'>): Analyzer[] {
  const packageAnalyzers = options.scanPackages === false ? [] : analyzers.filter((a) => (a.scope ?? 'source') === 'any' || (a.scope ?? 'source') === contents);
  return [...packageAnalyzers, ...(options.extraAnalyzers ?? [])];
}

export async function scanTarget(target: Target | LayeredTarget, options: ScanOptions): Promise<Report> {
  const serving = analyzersFor(target.contents, options);
  const facts = 'kind' in target && target.kind === 'layered'
    ? await target.analyze(serving, { concurrency: options.concurrency, onWarning: options.onWarning, onDebug: options.onDebug })
    : await analyzeTarget(target as Target, serving, { concurrency: options.concurrency, onWarning: options.onWarning });
  const applications = aggregateInstalledPackages(facts.applications
    .filter((app) => !facts.ownedFiles.has(app.filePath))
    .map((app) => withoutDevDependencies(app, options.includeDevDeps ?? false)));
  const osApplications = facts.osPackages.map((set) => osApplication(withPackageLicenses(set, facts.packageLicenses), facts.os));
  if (facts.os && isEndOfLife(facts.os.family, facts.os.name)) options.onWarning?.(`${facts.os.family} ${facts.os.name} is past its end of security support: its packages no longer get fixes, and findings may be missing`);
  if (facts.osPackages.length > 0 && !facts.os) options.onWarning?.('OS packages found but the OS is not detected: OS vulnerabilities are not checked');
  const anyPackages = [...applications, ...osApplications].some((a) => a.packages.length > 0);
  const store = anyPackages && options.matchVulnerabilities !== false ? await options.openStore() : undefined;
  const detect = (app: Application) => (store ? detectVulnerabilities(app, store) : []);
  const findings = [
    ...osApplications.map((app) => ({ app, vulnerabilities: detect(app), os: facts.os ?? { family: 'unknown', name: '', from: 'os-release' as const } })),
    ...applications.map((app) => ({ app, vulnerabilities: detect(app) })),
  ];
  const misconfigs = await withMaskedCode([...facts.misconfigs, ...(await checkConfigFiles(facts.configFiles ?? [], options))]);
  const report = buildReport(target, findings, {
    listAllPackages: options.listAllPackages ?? false,
    version: options.version,
    sortBy: options.sortBy,
    os: facts.os,
    misconfigs,
    secrets: facts.secrets,
  });
  if (options.licensePolicy) {
    const { detectLicenses } = await import('./detector/license/detect.js');
    report.Results.push(...detectLicenses({ osPackages: osApplications, applications, licenseFiles: facts.licenseFiles }, options.licensePolicy, { severities: options.severities }));
  }
  return filterReport(report, {
    severities: options.severities ?? ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'],
    ignoreUnfixed: options.ignoreUnfixed ?? false,
    ignoredIds: options.ignoredIds ?? new Set(),
    ...options.suppress,
  });
}

/**
 * Runs the misconfiguration checks once over every gathered config file (Terraform modules and
 * Helm charts need their neighbours); results keep the layer of their file in images.
 */
async function checkConfigFiles(files: readonly ConfigFile[], options: ScanOptions): Promise<Facts['misconfigs']> {
  if (files.length === 0) return [];
  const { scanConfigTree } = await import('./detector/misconfig/index.js');
  const contents = new Map<string, Buffer | string>(files.map((f) => [f.path, f.base64 !== undefined ? Buffer.from(f.base64, 'base64') : f.text ?? '']));
  const layers = new Map(files.filter((f) => f.layer).map((f) => [f.path, f.layer!]));
  const scan = await scanConfigTree(contents, options.misconfig ?? {});
  for (const error of scan.errors) options.onWarning?.(`misconfig: cannot check ${error.message}`);
  for (const m of scan.unresolvedModules) options.onWarning?.(`misconfig: ${m.file}:${m.line}: module ${m.name} from ${m.source} not followed (remote; run terraform init to scan it)`);
  return scan.results.map((r) => (layers.has(r.filePath) ? { ...r, layer: layers.get(r.filePath)! } : r));
}

/**
 * The checks' code excerpts quote the files, and a file that breaks a check often holds a secret
 * too (an ENV line, an env value): every output masks it. The secret engine (loaded only when
 * there are excerpts) runs over the excerpts themselves, so line numbers always agree (a Helm
 * finding's lines are the rendered template's, not the file's).
 */
async function withMaskedCode(results: Facts['misconfigs']): Promise<Facts['misconfigs']> {
  const quoting = (r: Facts['misconfigs'][number]) => [...r.failures, ...(r.nonFailures ?? [])].some((f) => f.CauseMetadata.Code?.Lines.length);
  if (!results.some(quoting)) return results;
  const { maskCode, maskedLines, secretsInCode } = await import('./detector/secret/mask-code.js');
  const { createSecretScanner } = await import('./detector/secret/scanner.js');
  const engine = createSecretScanner({});
  return results.map((r) => {
    if (!quoting(r)) return r;
    const masked = maskedLines(secretsInCode([...r.failures, ...(r.nonFailures ?? [])], engine));
    if (masked.size === 0) return r;
    return { ...r, failures: maskCode(r.failures, masked), ...(r.nonFailures ? { nonFailures: maskCode(r.nonFailures, masked) } : {}) };
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
