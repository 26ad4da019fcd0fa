import { hostname } from 'node:os';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { operatorCommandOptionSpecs } from '../../config/operator-options.js';
import { DEFAULT_DB_SOURCES } from '../../db/default-sources.js';
import type { Severity } from '../../detector/vuln/severity.js';
import type { OptionValues } from '../../config/options.js';
import { UserError } from '../../errors.js';
import type { ClusterClient } from '../../k8s/cluster-client.js';
import type { Logger } from '../logger.js';
import { activeIgnoredIds, loadIgnoreFile } from '../../report/ignore-file.js';
import { skippedPathFilter } from '../../target/glob.js';
import { openStoreFromOptions } from '../open-store.js';
import { setUpScanners } from '../scanner-analyzers.js';
import { loadSettings } from '../settings.js';
import { picketVersion } from '../version.js';
import { objectCheckOptions } from './k8s.js';

/**
 * `picket operator`: runs in the cluster (or against a kubeconfig), watches workloads and RBAC,
 * writes report resources (VulnerabilityReport, ConfigAuditReport, ExposedSecretReport,
 * SbomReport), serves full reports and Prometheus metrics, and re-judges every image when the
 * advisory DB changes. Runs until SIGTERM/SIGINT; exits 1 when leadership is lost.
 */
export async function runOperator(flags: Record<string, unknown>): Promise<number> {
  const { values, logger, dbDir, cacheDir } = await loadSettings(flags, operatorCommandOptionSpecs);
  const str = (name: string) => values[name] as string | undefined;
  const list = (name: string) => (values[name] as string[] | undefined) ?? [];
  const scanners = list('scanners');
  if (scanners.length === 0) throw new UserError('--scanners is empty: give vuln, secret or misconfig');
  for (const name of ['concurrent-scans', 'max-queue', 'report-findings']) {
    if ((values[name] as number) < 1) throw new UserError(`--${name} must be at least 1`);
  }
  const ignorefile = values.ignorefile as string;
  const ignoredIds = activeIgnoredIds(await loadIgnoreFile(ignorefile, ignorefile !== '.trivyignore'));

  const { connectCluster } = await import('../../k8s/cluster-client.js');
  const client = await connectCluster({
    ...(str('kubeconfig') ? { kubeconfig: str('kubeconfig')! } : {}),
    ...(str('context') ? { context: str('context')! } : {}),
    onDebug: (m) => logger.debug(m),
  });
  const explicitSecretConfig = flags['secret-config'] !== undefined || process.env.PICKET_SECRET_CONFIG !== undefined;
  const objectChecks = await objectCheckOptions(scanners.filter((s) => s !== 'vuln'), values, logger, flags);
  const imageScanners = scanners.filter((s) => s === 'vuln' || s === 'secret');
  const { scanPackages, extraAnalyzers } = await setUpScanners(imageScanners, values, logger, explicitSecretConfig);
  const { openScanCache, scanCacheLimitFromEnv } = await import('../../cache/scan-cache.js');
  const cache = openScanCache(cacheDir, { maxBytes: scanCacheLimitFromEnv(), onWarning: (m) => logger.warn(m) });
  const tempDir = join(cacheDir, 'tmp');
  await mkdir(tempDir, { recursive: true, mode: 0o700 });
  const { createDigestResolver } = await import('../../k8s/registry-access.js');
  const { cachedDigestResolver } = await import('../../operator/digest-cache.js');
  const access = { insecure: values.insecure === true, userAgent: `picket/${picketVersion()}`, onDebug: (m: string) => logger.debug(m) };
  const sources = (values['db-source'] as string[] | undefined) ?? [...DEFAULT_DB_SOURCES];

  const { startOperator, defaultStoreDir } = await import('../../operator/run-operator.js');
  const jobs = values['scan-mode'] === 'jobs' ? await jobScanner(values, client, imageScanners, logger) : undefined;
  const namespace = str('namespace');
  const leaseNamespace = str('lease-namespace') ?? client.defaultNamespace;
  const operator = await startOperator({
    client,
    listen: values.listen as string,
    storeDir: str('store-dir') ?? defaultStoreDir(cacheDir),
    dbDir,
    scanners: { vuln: scanners.includes('vuln'), secret: scanners.includes('secret'), misconfig: scanners.includes('misconfig') },
    ...(namespace ? { namespace } : {}),
    includeNamespaces: list('include-namespaces'),
    excludeNamespaces: list('exclude-namespaces'),
    objectChecks,
    scanOptions: {
      severities: values.severity as Severity[],
      ignoreUnfixed: values['ignore-unfixed'] as boolean,
      ignoredIds,
      version: picketVersion(),
      onWarning: (m) => logger.warn(m),
      onDebug: (m) => logger.debug(m),
      scanPackages,
      extraAnalyzers,
    },
    pkgTypes: values['pkg-types'] as string[],
    imageAccess: {
      ...access,
      tempDir,
      cache,
      cacheSalt: [...(values['skip-dirs'] as string[]), '|', ...(values['skip-files'] as string[])].join(','),
      skip: skippedPathFilter(values['skip-dirs'] as string[], values['skip-files'] as string[]),
      configAnalyzers: extraAnalyzers,
    },
    resolveDigest: cachedDigestResolver(createDigestResolver(access), 5 * 60_000),
    openDb: () => openStoreFromOptions({ ...values, 'no-progress': true }, logger, dbDir),
    updateDb: async () => {
      const { updateDatabase } = await import('../../db/update.js');
      const result = await updateDatabase({ dbDir, sources, offline: values.offline as boolean, onWarning: (m) => logger.debug(m) });
      logger.info(result.upToDate ? 'operator: advisory DB up to date' : `operator: advisory DB rebuilt (${result.summary.advisories} advisories)`);
    },
    dbPollMs: Math.max(1000, values['db-poll-interval'] as number),
    dbUpdateMs: values['db-update-interval'] as number,
    concurrentScans: values['concurrent-scans'] as number,
    maxQueue: values['max-queue'] as number,
    findings: values['report-findings'] as number,
    vulnIdSeries: values['metrics-vuln-id'] as boolean,
    defaultPlatform: str('platform') ?? 'linux/amd64',
    version: picketVersion(),
    ...(values['leader-elect'] === true ? { leader: { namespace: leaseNamespace, name: values['lease-name'] as string, identity: process.env.POD_NAME || `${hostname()}-${process.pid}`, leaseSeconds: Math.max(1, Math.round((values['lease-duration'] as number) / 1000)) } } : {}),
    ...(jobs ? { jobs: { analyze: jobs.analyze, scanResult: jobs.scanResult, close: () => jobs.close() } } : {}),
    log: logger,
    onLostLeadership: () => process.exit(1),
  });

  // Runs until a signal; a start that fails (no DB and no reachable source, API refused) stops it
  // with the error, so the pod restarts with backoff and shows why.
  const failed = await new Promise<unknown>((resolve) => {
    const stop = (signal: string) => {
      logger.info(`operator: ${signal}: stopping`);
      resolve(undefined);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    operator.ready.catch((err: unknown) => resolve(err ?? new Error('failed to start')));
  });
  await operator.stop();
  cache.close();
  if (failed !== undefined) throw failed;
  return 0;
}

/**
 * `--scan-mode jobs`: scan Jobs run the operator's image in its namespace and post results to
 * its Service (`http://picket-operator.<namespace>.svc:<port>` unless --scan-job-result-url).
 */
async function jobScanner(values: OptionValues, client: ClusterClient, imageScanners: string[], logger: Logger) {
  const image = values['scan-job-image'] as string | undefined;
  if (!image) throw new UserError('--scan-mode jobs needs --scan-job-image (or PICKET_OPERATOR_IMAGE): the picket image the Jobs run');
  const namespace = (values['scan-job-namespace'] as string | undefined) ?? client.defaultNamespace;
  const { parseListen } = await import('../../operator/http-server.js');
  const resultUrl = (values['scan-job-result-url'] as string | undefined) ?? `http://picket-operator.${namespace}.svc:${parseListen(values.listen as string).port}`;
  const { JobScanner } = await import('../../operator/job-scanner.js');
  const list = (name: string) => (values[name] as string[] | undefined) ?? [];
  return new JobScanner(client, {
    namespace, image, resultUrl,
    serviceAccount: values['scan-job-service-account'] as string,
    timeoutMs: values['scan-job-timeout'] as number,
    jobArgs: [
      '--scanners', imageScanners.join(','),
      ...(values.insecure === true ? ['--insecure'] : []),
      ...list('skip-dirs').flatMap((d) => ['--skip-dirs', d]),
      ...list('skip-files').flatMap((f) => ['--skip-files', f]),
    ],
    log: logger,
  });
}
