import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { k8sCommandOptionSpecs } from '../../config/k8s-options.js';
import type { OptionValues } from '../../config/options.js';
import type { AdvisoryStore } from '../../db/store.js';
import type { Severity } from '../../detector/vuln/severity.js';
import { UserError } from '../../errors.js';
import type { Report } from '../../report/model.js';
import { activeIgnoredIds, loadIgnoreFile } from '../../report/ignore-file.js';
import { keepPackageTypes } from '../../report/package-types.js';
import type { SortOrder } from '../../report/sort-order.js';
import { skippedPathFilter } from '../../target/glob.js';
import type { Logger } from '../logger.js';
import { openStoreFromOptions } from '../open-store.js';
import { setUpScanners } from '../scanner-analyzers.js';
import { loadSettings } from '../settings.js';
import { picketVersion } from '../version.js';

/**
 * `picket k8s`: scans the cluster of a kubeconfig context (or the one picket runs in): the
 * Kubernetes and RBAC checks on the live objects, secrets in their manifests, and every workload
 * image (each unique digest once, `--parallel` at a time) for vulnerabilities and secrets.
 * Writes trivy's k8s report (`--report summary|all`, table or JSON) and exits with --exit-code
 * when findings remain.
 */
export async function runK8sScan(flags: Record<string, unknown>): Promise<number> {
  const { values, logger, dbDir, cacheDir } = await loadSettings(flags, k8sCommandOptionSpecs);
  const str = (name: string) => values[name] as string | undefined;
  const list = (name: string) => (values[name] as string[] | undefined) ?? [];
  const parallel = values.parallel as number;
  if (parallel < 1) throw new UserError('--parallel must be at least 1');
  const scanners = list('scanners');
  if (scanners.length === 0) throw new UserError('--scanners is empty: give vuln, misconfig or secret');

  const { selectKinds } = await import('../../k8s/kinds.js');
  const { selectNamespaces } = await import('../../k8s/list-resources.js');
  const kinds = selectKinds(list('include-kinds'), list('exclude-kinds'));
  const explicitKinds = new Set(kinds.filter((k) => list('include-kinds').length > 0).map((k) => k.kind));
  const namespaces = selectNamespaces({ ...(str('namespace') ? { namespace: str('namespace')! } : {}), include: list('include-namespaces'), exclude: list('exclude-namespaces') });
  const ignorefile = values.ignorefile as string;
  const ignoredIds = activeIgnoredIds(await loadIgnoreFile(ignorefile, ignorefile !== '.trivyignore'));
  const severities = values.severity as Severity[];
  const filter = { severities, ignoreUnfixed: values['ignore-unfixed'] as boolean, ignoredIds };

  const { connectCluster } = await import('../../k8s/cluster-client.js');
  const client = await connectCluster({
    ...(str('kubeconfig') ? { kubeconfig: str('kubeconfig')! } : {}),
    ...(str('context') ? { context: str('context')! } : {}),
    onDebug: (m) => logger.debug(m),
  });

  const objectChecks = await objectCheckOptions(scanners, values, logger, flags);
  const images = await imageScanning(scanners, values, logger, flags, { dbDir, cacheDir, ignoredIds });
  const { scanCluster } = await import('../../k8s/scan-cluster.js');
  const { createDigestResolver } = await import('../../k8s/registry-access.js');
  const { progressLine } = await import('../../k8s/progress-line.js');
  const progress = progressLine(process.stderr, !logger.quiet && !(values['no-progress'] as boolean));
  const access = { insecure: values.insecure === true, userAgent: `picket/${picketVersion()}`, onDebug: (m: string) => logger.debug(m) };
  let result;
  try {
    result = await withTimeout(values.timeout as number, scanCluster({ client, resolveDigest: createDigestResolver(access), scanImage: images.scanImage }, {
      kinds,
      namespaces,
      explicitKinds,
      scanImages: images.enabled,
      objectChecks,
      filter,
      parallel,
      defaultPlatform: str('platform') ?? 'linux/amd64',
      version: picketVersion(),
      onWarning: (m) => { progress.done(); logger.warn(m); },
      onDebug: (m) => logger.debug(m),
      onProgress: progress.onProgress,
    }));
  } finally {
    progress.done();
    await images.close();
  }
  const { stats, report } = result;
  logger.info(`kubernetes: ${stats.objects} objects in cluster ${report.ClusterName}; ${stats.imageUses} container images, ${stats.uniqueImages} unique, ${stats.imagesScanned} scanned${stats.imagesFailed ? `, ${stats.imagesFailed} failed` : ''}`);

  const { renderClusterReport } = await import('../../k8s/render.js');
  const output = str('output');
  const color = !output && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  // The cluster BOM names the API server's version (trivy's KBOM does); a server that will not say is left unnamed.
  const clusterVersion = values.format === 'cyclonedx' ? await client.getJson<{ gitVersion?: string }>('/version').then((v) => v.gitVersion, () => undefined) : undefined;
  const text = await renderClusterReport(report, { format: values.format as string, report: values.report as string, severities, color, ...(clusterVersion ? { clusterVersion } : {}) });
  if (output) await writeFile(output, text).catch((err: Error) => { throw new UserError(`cannot write ${output}: ${err.message}`); });
  else await new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
  const { countClusterFindings } = await import('../../k8s/report.js');
  const findings = countClusterFindings(report);
  logger.debug(`${findings} findings after filtering`);
  return findings > 0 ? (values['exit-code'] as number) : 0;
}

/** The checks run on each live object: misconfig (with its options) and the secret engine. */
export async function objectCheckOptions(scanners: string[], values: OptionValues, logger: Logger, flags: Record<string, unknown>): Promise<import('../../k8s/object-checks.js').ObjectCheckOptions> {
  const options: import('../../k8s/object-checks.js').ObjectCheckOptions = {};
  if (scanners.includes('misconfig')) {
    const { loadCustomChecks } = await import('../../detector/misconfig/custom-checks.js');
    const customChecks = (await Promise.all(((values['config-check'] as string[] | undefined) ?? []).map((dir) => loadCustomChecks(dir)))).flat();
    const skip = (values['skip-check'] as string[] | undefined) ?? [];
    options.misconfig = {
      ...(skip.length > 0 ? { skipChecks: new Set(skip) } : {}),
      ...(values['include-non-failures'] === true ? { includeNonFailures: true } : {}),
      ...(customChecks.length > 0 ? { customChecks } : {}),
    };
  }
  if (scanners.includes('misconfig') && !scanners.includes('secret')) {
    // The checks quote the manifest: the secret engine masks what it finds there, reported or not.
    const { createSecretScanner } = await import('../../detector/secret/scanner.js');
    options.mask = createSecretScanner({});
  }
  if (scanners.includes('secret')) {
    const file = values['secret-config'] as string | undefined;
    const explicit = flags['secret-config'] !== undefined || process.env.PICKET_SECRET_CONFIG !== undefined;
    const { loadSecretConfig } = await import('../../detector/secret/config.js');
    const { createSecretScanner } = await import('../../detector/secret/scanner.js');
    if (file && existsSync(file)) logger.debug(`secret config: ${file}`);
    options.secrets = createSecretScanner(file && (explicit || existsSync(file)) ? await loadSecretConfig(file) : {});
  }
  return options;
}

/**
 * The image scanner of the run: the advisory DB opened once for every image (built first when
 * missing), the per-layer scan cache, the secret analyzer on layers and the image config, and
 * --pkg-types applied to each image's results.
 */
async function imageScanning(scanners: string[], values: OptionValues, logger: Logger, flags: Record<string, unknown>, dirs: { dbDir: string; cacheDir: string; ignoredIds: Set<string> }) {
  const imageScanners = scanners.filter((s) => s === 'vuln' || s === 'secret');
  const { scanPackages, extraAnalyzers } = await setUpScanners(imageScanners, values, logger, flags['secret-config'] !== undefined || process.env.PICKET_SECRET_CONFIG !== undefined);
  let store: Promise<AdvisoryStore> | undefined;
  const openStore = () => (store ??= openStoreFromOptions(values, logger, dirs.dbDir));
  const { openScanCache, scanCacheLimitFromEnv } = await import('../../cache/scan-cache.js');
  const cache = imageScanners.length > 0 ? openScanCache(dirs.cacheDir, { maxBytes: scanCacheLimitFromEnv(), onWarning: (m) => logger.warn(m) }) : undefined;
  const tempDir = join(dirs.cacheDir, 'tmp');
  await mkdir(tempDir, { recursive: true, mode: 0o700 });
  const { createImageScanner } = await import('../../k8s/image-scanner.js');
  const pkgTypes = values['pkg-types'] as string[];
  const scan = createImageScanner({
    insecure: values.insecure === true,
    userAgent: `picket/${picketVersion()}`,
    onDebug: (m) => logger.debug(m),
    tempDir,
    ...(cache ? { cache } : {}),
    cacheSalt: [...(values['skip-dirs'] as string[]), '|', ...(values['skip-files'] as string[])].join(','),
    skip: skippedPathFilter(values['skip-dirs'] as string[], values['skip-files'] as string[]),
    configAnalyzers: extraAnalyzers,
    scanOptions: {
      // A BOM lists every package, as `picket image -f cyclonedx` does.
      listAllPackages: (values['list-all-pkgs'] as boolean) || values.format === 'cyclonedx',
      sortBy: values['sort-by'] as SortOrder,
      severities: values.severity as Severity[],
      ignoreUnfixed: values['ignore-unfixed'] as boolean,
      ignoredIds: dirs.ignoredIds,
      version: picketVersion(),
      onWarning: (m) => logger.warn(m),
      onDebug: (m) => logger.debug(m),
      scanPackages,
      extraAnalyzers,
      openStore,
    },
  });
  return {
    enabled: imageScanners.length > 0,
    scanImage: async (unit: import('../../k8s/image-plan.js').ImageScanUnit): Promise<Report> => {
      const report = await scan(unit);
      keepPackageTypes(report, pkgTypes);
      return report;
    },
    close: async () => {
      cache?.close();
      if (store) (await store.catch(() => undefined))?.close();
    },
  };
}

/** Rejects when the work takes longer than `ms` (0 = no limit). */
function withTimeout<T>(ms: number, work: Promise<T>): Promise<T> {
  if (!ms) return work;
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UserError(`cluster scan timed out after ${Math.round(ms / 1000)} s: give it longer with --timeout`)), ms);
    timer.unref();
  });
  return Promise.race([work, limit]).finally(() => clearTimeout(timer));
}
