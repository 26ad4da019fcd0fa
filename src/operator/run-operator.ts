import { join } from 'node:path';
import type { Analyzer } from '../analyzer/types.js';
import type { AdvisoryStore } from '../db/store.js';
import type { ClusterClient } from '../k8s/cluster-client.js';
import type { DigestResolver, ImageScanUnit } from '../k8s/image-plan.js';
import { withUnitImage, type ImageOpenSetup } from '../k8s/image-scanner.js';
import { K8S_KINDS, WORKLOAD_KINDS } from '../k8s/kinds.js';
import type { ObjectCheckOptions } from '../k8s/object-checks.js';
import type { Report } from '../report/model.js';
import { keepPackageTypes } from '../report/package-types.js';
import { analyzersFor, scanTarget, type ScanOptions } from '../scan.js';
import { OperatorController } from './controller.js';
import { DbTracker } from './db-tracker.js';
import { startHttpServer } from './http-server.js';
import { recordImageFacts, replayTarget, type ImageFacts } from './image-facts.js';
import { LeaderElection } from './leader-election.js';
import { createMetrics } from './metrics.js';
import { ReportStore } from './report-store.js';
import { ReportWriter } from './report-writer.js';
import { ResourceWatch } from './resource-watch.js';

export interface OperatorLog {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

/** Everything `picket operator` runs with, resolved from its flags. */
export interface OperatorSetup {
  client: ClusterClient;
  listen: string;
  storeDir: string;
  dbDir: string;
  scanners: { vuln: boolean; secret: boolean; misconfig: boolean };
  /** Watch one namespace; include/exclude lists otherwise (empty include = all). */
  namespace?: string;
  includeNamespaces: readonly string[];
  excludeNamespaces: readonly string[];
  objectChecks: ObjectCheckOptions;
  /** Filters and settings of image evaluations (`openStore` is the operator's own). */
  scanOptions: Omit<ScanOptions, 'openStore'>;
  /** Result classes kept (--pkg-types: os, library). */
  pkgTypes: readonly string[];
  imageAccess: ImageOpenSetup;
  resolveDigest: DigestResolver;
  /** Opens (building when missing) the advisory DB. */
  openDb: () => Promise<AdvisoryStore>;
  updateDb: () => Promise<void>;
  dbPollMs: number;
  dbUpdateMs: number;
  concurrentScans: number;
  maxQueue: number;
  findings: number;
  vulnIdSeries: boolean;
  defaultPlatform: string;
  version: string;
  /** Jobs mode: images are analyzed by Kubernetes Jobs (set up by the caller), else in process. */
  jobs?: { analyze: (unit: ImageScanUnit) => Promise<ImageFacts>; scanResult: (id: string, token: string | undefined, body: Buffer) => Promise<number>; close(): void };
  leader?: { namespace: string; name: string; identity: string; leaseSeconds?: number };
  log: OperatorLog;
  /** Leadership lost: the caller exits (a new leader takes over). */
  onLostLeadership?: () => void;
}

export interface RunningOperator {
  /** Base URL of the HTTP server. */
  url: string;
  controller: OperatorController;
  db: DbTracker;
  writer: ReportWriter;
  /** Resolves when this replica leads and its informers have synced. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

const WATCHED_KINDS = K8S_KINDS.filter((k) => WORKLOAD_KINDS.has(k.kind) || ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].includes(k.kind));

/**
 * Starts the operator: the HTTP server at once (health, metrics, reports), then — once this
 * replica leads, when leader election is on — the informers, the control loop and the DB
 * tracker. Images are analyzed in process (through the per-layer scan cache) or by scan Jobs;
 * either way their facts land in the store and are judged here against the DB in use.
 */
export async function startOperator(setup: OperatorSetup): Promise<RunningOperator> {
  const store = ReportStore.open(setup.storeDir);
  const writer = new ReportWriter(setup.client);
  const db = new DbTracker({
    dbDir: setup.dbDir, open: setup.openDb, update: setup.updateDb, pollMs: setup.dbPollMs, updateMs: setup.dbUpdateMs,
    onChanged: () => {
      setup.log.info('operator: the advisory DB changed: judging every known image again');
      controller.onDatabaseChanged();
    },
    onWarning: (m) => setup.log.warn(m),
  });
  const imageAnalyzers: Analyzer[] = analyzersFor('installed', setup.scanOptions);
  const evaluate = async (facts: ImageFacts): Promise<Report> => {
    const report = await scanTarget(replayTarget(facts), { ...setup.scanOptions, listAllPackages: true, openStore: db.openStore });
    keepPackageTypes(report, setup.pkgTypes);
    return report;
  };
  const analyzeInProcess = (unit: ImageScanUnit) => withUnitImage(unit, setup.imageAccess, (target) => recordImageFacts(target, imageAnalyzers, {
    ...(setup.scanOptions.onWarning ? { onWarning: setup.scanOptions.onWarning } : {}),
    ...(setup.scanOptions.onDebug ? { onDebug: setup.scanOptions.onDebug } : {}),
  }));
  let metrics: Awaited<ReturnType<typeof createMetrics>> | undefined;
  const controller: OperatorController = new OperatorController({
    client: setup.client, store, writer, resolveDigest: setup.resolveDigest,
    analyzeImage: setup.jobs?.analyze ?? analyzeInProcess,
    evaluate,
    dbStamp: db.stamp,
    dbBuiltAt: db.builtAtMs,
    scanMode: setup.jobs ? 'jobs' : 'in-process',
    onScanDone: (mode, seconds, ok) => metrics?.scanDone(mode, seconds, ok),
    log: setup.log,
  }, {
    scanners: setup.scanners,
    objectChecks: setup.objectChecks,
    namespaces: {
      ...(setup.namespace ? { only: new Set([setup.namespace]) } : setup.includeNamespaces.length > 0 ? { only: new Set(setup.includeNamespaces) } : {}),
      exclude: new Set(setup.excludeNamespaces),
    },
    defaultPlatform: setup.defaultPlatform,
    concurrentScans: setup.concurrentScans,
    maxQueue: setup.maxQueue,
    findings: setup.findings,
    vulnIdSeries: setup.vulnIdSeries,
    version: setup.version,
  });
  metrics = await createMetrics(controller, { vulnIdSeries: setup.vulnIdSeries });

  let ready = false;
  let standby = setup.leader !== undefined;
  const http = await startHttpServer(setup.listen, {
    metrics: async () => ({ contentType: metrics!.registry.contentType, body: await metrics!.registry.metrics() }),
    ready: () => ready || standby,
    report: (ns, kind, name, container) => controller.fullReport(ns, kind, name, container),
    containers: (ns, kind, name) => controller.containersOf(ns, kind, name),
    render: async (report, format) => {
      const { renderReportAs } = await import('./render-report.js');
      return renderReportAs(report, format);
    },
    ...(setup.jobs ? { scanResult: setup.jobs.scanResult } : {}),
  }, (m) => setup.log.warn(m));
  setup.log.info(`operator: serving ${http.url} (/metrics, /healthz, /readyz, /reports)`);

  const watch = new ResourceWatch(setup.client, {
    kinds: WATCHED_KINDS,
    ...(setup.namespace ? { namespace: setup.namespace } : {}),
    onEvent: (e) => controller.onObject(e.type, e.object),
    onWarning: (m) => setup.log.warn(m),
  });
  const election = setup.leader ? new LeaderElection(setup.client, { ...setup.leader, onDebug: (m) => setup.log.debug(m) }) : undefined;
  let stopped = false;
  const started = (async () => {
    if (election) {
      setup.log.info(`operator: waiting for the lease ${setup.leader!.namespace}/${setup.leader!.name}`);
      await election.run(() => {
        setup.log.warn('operator: leadership lost: stopping');
        setup.onLostLeadership?.();
      });
      standby = false;
      if (stopped) return;
    }
    await db.openStore();
    await watch.start();
    controller.markSynced();
    db.start();
    ready = true;
    setup.log.info('operator: informers synced');
  })();
  started.catch(() => {}); // the caller decides (`ready`)

  return {
    url: http.url,
    controller,
    db,
    writer,
    ready: started,
    async stop() {
      stopped = true;
      await watch.stop();
      controller.stop();
      await election?.release();
      setup.jobs?.close();
      await http.close();
      await db.close();
      store.close();
    },
  };
}

/** Where the store lives by default: under the cache directory. */
export function defaultStoreDir(cacheDir: string): string {
  return join(cacheDir, 'operator');
}
