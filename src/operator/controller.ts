import { createHash } from 'node:crypto';
import type { ClusterClient } from '../k8s/cluster-client.js';
import { planImageScans, type DigestResolver, type ImageScanUnit } from '../k8s/image-plan.js';
import { WORKLOAD_KINDS } from '../k8s/kinds.js';
import { checkObject, type ObjectCheckOptions } from '../k8s/object-checks.js';
import { controllerOf, objectKey, type K8sObject } from '../k8s/objects.js';
import { OwnerIndex } from '../k8s/owners.js';
import { PullSecretReader } from '../k8s/pull-secrets.js';
import { manifestYaml } from '../k8s/serialize.js';
import { collectImageUses } from '../k8s/workload-images.js';
import type { Report } from '../report/model.js';
import type { ImageFacts } from './image-facts.js';
import { configCounts, summarizeImage, type ImageSummary, type SeverityCounts } from './image-summary.js';
import type { MetricsSource, SubjectView } from './metrics.js';
import { LABEL, reportName, type ReportKind } from './report-names.js';
import { configAuditReport, exposedSecretReport, sbomReport, vulnerabilityReport, type ReportResource, type ResourceOptions } from './report-resources.js';
import type { ReportStore } from './report-store.js';
import type { ReportWriter } from './report-writer.js';
import { WorkQueue } from './work-queue.js';

/** Kinds judged by the config-audit checks only (no images). */
const RBAC_KINDS = new Set(['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);

export interface ControllerOptions {
  scanners: { vuln: boolean; secret: boolean; misconfig: boolean };
  objectChecks: ObjectCheckOptions;
  /** Namespaces whose resources are reported (undefined = all) and those left out. */
  namespaces: { only?: ReadonlySet<string>; exclude: ReadonlySet<string> };
  defaultPlatform: string;
  concurrentScans: number;
  maxQueue: number;
  /** Findings kept in each report resource. */
  findings: number;
  vulnIdSeries: boolean;
  version: string;
}

export interface ControllerDeps {
  client: ClusterClient;
  store: ReportStore;
  writer: ReportWriter;
  resolveDigest: DigestResolver;
  /** Pulls and analyzes one image (in process, or in a Kubernetes Job). */
  analyzeImage: (unit: ImageScanUnit) => Promise<ImageFacts>;
  /** Judges recorded facts against the advisory DB in use now. */
  evaluate: (facts: ImageFacts) => Promise<Report>;
  /** Names the DB in use (changes when it is replaced). */
  dbStamp: () => string;
  dbBuiltAt: () => number | undefined;
  scanMode: string;
  onScanDone?: (mode: string, seconds: number, ok: boolean) => void;
  log: { warn(m: string): void; info(m: string): void; debug(m: string): void };
}

interface ContainerState {
  container: string;
  image: string;
  unitKey: string;
  digest: string;
  /** What the image reports were last written from (unit, DB, image name). */
  written?: string;
}

interface SubjectState {
  configHash?: string;
  config?: SeverityCounts;
  containers: ContainerState[];
  /** Report resources written for it: `Kind\tnamespace\tname` -> the name it was meant to have (see `write`). */
  reports: Map<string, string>;
}

/** A unit without its uses (they hold whole objects): what a later scan of it needs. */
type StoredUnit = Omit<ImageScanUnit, 'uses'>;

/**
 * The operator's control loop. Informer events update an object index; each change queues the
 * top workload it belongs to (a Pod's Deployment). Reconciling a workload runs the config-audit
 * checks on it, finds its containers' image digests and writes its report resources; images are
 * scanned once per digest + platform, however many workloads run them, in a bounded queue with
 * retries. A DB change queues every known image for evaluation from its recorded facts (no pull),
 * and the workloads using it are reconciled again.
 */
export class OperatorController implements MetricsSource {
  private readonly objects = new Map<string, K8sObject>();
  private readonly byUid = new Map<string, string>();
  private readonly children = new Map<string, Set<string>>();
  private readonly subjectsState = new Map<string, SubjectState>();
  private readonly images = new Map<string, ImageSummary>();
  private readonly units = new Map<string, StoredUnit>();
  private readonly users = new Map<string, Set<string>>();
  private readonly warned = new Set<string>();
  /** Report resource (`Kind\tnamespace\tname`) -> the resource it reports on. */
  private readonly claims = new Map<string, string>();
  readonly reconciles: WorkQueue;
  readonly scans: WorkQueue;
  private synced = false;

  constructor(private readonly deps: ControllerDeps, private readonly options: ControllerOptions) {
    this.reconciles = new WorkQueue({
      concurrency: 4, maxQueued: 100_000, retries: 5, baseDelayMs: 1000, maxDelayMs: 60_000,
      // A workload that changes often (pod status churn) is reconciled at most once a second.
      minIntervalMs: 1000,
      run: (key) => this.reconcile(key),
      onError: (key, err, retry) => deps.log.warn(`operator: ${key}: ${(err as Error).message}${retry !== undefined ? ` (again in ${Math.round(retry / 1000)} s)` : ' (given up)'}`),
    });
    this.scans = new WorkQueue({
      concurrency: options.concurrentScans, maxQueued: options.maxQueue, retries: 4, baseDelayMs: 5000, maxDelayMs: 300_000,
      minIntervalMs: 0,
      run: (key) => this.scanImage(key),
      onError: (key, err, retry) => deps.log.warn(`operator: image ${this.units.get(key)?.displayName ?? key} not scanned: ${(err as Error).message}${retry !== undefined ? ` (again in ${Math.round(retry / 1000)} s)` : ' (given up)'}`),
      onDropped: (key) => deps.log.warn(`operator: scan queue full (--max-queue ${options.maxQueue}): ${this.units.get(key)?.displayName ?? key} waits for the next change`),
    });
  }

  /** An informer event: the object index changes and the workload it belongs to is queued. */
  onObject(type: 'upsert' | 'delete', obj: K8sObject): void {
    const key = objectKey(obj);
    const uid = obj.metadata.uid;
    const owner = controllerOf(obj);
    if (type === 'delete') {
      this.objects.delete(key);
      if (uid) this.byUid.delete(uid);
      if (owner) this.children.get(owner.uid)?.delete(key);
    } else {
      this.objects.set(key, obj);
      if (uid) this.byUid.set(uid, key);
      if (owner) {
        let set = this.children.get(owner.uid);
        if (!set) this.children.set(owner.uid, (set = new Set()));
        set.add(key);
      }
    }
    if (!this.synced) return;
    if (type === 'delete' && this.subjectsState.has(key)) this.reconciles.add(key);
    const subject = this.subjectOf(obj);
    if (subject) this.reconciles.add(subject);
  }

  /** The informers have listed everything: every workload and RBAC object is queued once. */
  markSynced(): void {
    this.synced = true;
    for (const obj of this.objects.values()) {
      const subject = this.subjectOf(obj);
      if (subject === objectKey(obj)) this.reconciles.add(subject);
    }
  }

  /** The advisory DB was replaced: every known image is judged again from its recorded facts. */
  onDatabaseChanged(): void {
    for (const key of this.images.keys()) this.scans.add(key);
  }

  /** Resolves when no reconcile or scan is queued or running (tests, benchmarks). */
  async idle(): Promise<void> {
    do {
      await this.scans.idle();
      await this.reconciles.idle();
    } while (this.scans.depth + this.scans.active + this.reconciles.depth + this.reconciles.active > 0);
  }

  stop(): void {
    this.reconciles.stop();
    this.scans.stop();
  }

  // MetricsSource
  *subjects(): Iterable<SubjectView> {
    for (const [key, state] of this.subjectsState) {
      const obj = this.objects.get(key);
      if (!obj) continue;
      yield {
        namespace: obj.metadata.namespace ?? '', kind: obj.kind, name: obj.metadata.name,
        ...(state.config ? { config: state.config } : {}),
        containers: state.containers.map((c) => ({ container: c.container, image: c.image, digest: c.digest, ...(this.images.has(c.unitKey) ? { summary: this.images.get(c.unitKey)! } : {}) })),
      };
    }
  }

  queueDepth(): number {
    return this.scans.depth;
  }

  imagesKnown(): number {
    return this.images.size;
  }

  dbBuiltAt(): number | undefined {
    return this.deps.dbBuiltAt();
  }

  /** The full report of a resource (config audit) or of one of its containers' images, as served at /reports. */
  fullReport(namespace: string | undefined, kind: string, name: string, container?: string): Report | undefined {
    const key = objectKey({ kind, metadata: { name, ...(namespace ? { namespace } : {}) } });
    const state = this.subjectsState.get(key);
    if (!state) return undefined;
    if (container === undefined) return this.deps.store.resource(key);
    const c = state.containers.find((x) => x.container === container);
    const stored = c ? this.deps.store.report(c.unitKey) : undefined;
    return stored && c ? { ...stored.report, ArtifactName: c.image } : undefined;
  }

  /** Containers of a resource with reports, for the /reports index. */
  containersOf(namespace: string | undefined, kind: string, name: string): string[] | undefined {
    const state = this.subjectsState.get(objectKey({ kind, metadata: { name, ...(namespace ? { namespace } : {}) } }));
    return state?.containers.map((c) => c.container);
  }

  /** The top workload an object is reported through; undefined while its owner is not known yet. */
  private subjectOf(obj: K8sObject): string | undefined {
    let current = obj;
    for (let depth = 0; depth < 10; depth++) {
      const owner = controllerOf(current);
      if (!owner || !WORKLOAD_KINDS.has(owner.kind)) break;
      const ownerKey = this.byUid.get(owner.uid);
      const next = ownerKey ? this.objects.get(ownerKey) : undefined;
      if (!next) break;
      current = next;
    }
    if (!WORKLOAD_KINDS.has(current.kind) && !RBAC_KINDS.has(current.kind)) return undefined;
    return objectKey(current);
  }

  private inScope(obj: K8sObject): boolean {
    // The operator's own scan Jobs are not workloads to report on.
    if (obj.metadata.labels?.['app.kubernetes.io/managed-by'] === 'picket-operator') return false;
    const ns = obj.metadata.namespace;
    if (ns === undefined) return this.options.namespaces.only === undefined;
    return !this.options.namespaces.exclude.has(ns) && (this.options.namespaces.only?.has(ns) ?? true);
  }

  private descendants(obj: K8sObject): K8sObject[] {
    const out: K8sObject[] = [];
    const walk = (uid: string | undefined, depth: number) => {
      if (!uid || depth > 5) return;
      for (const key of this.children.get(uid) ?? []) {
        const child = this.objects.get(key);
        if (!child) continue;
        out.push(child);
        walk(child.metadata.uid, depth + 1);
      }
    };
    walk(obj.metadata.uid, 0);
    return out;
  }

  private async reconcile(key: string): Promise<void> {
    const obj = this.objects.get(key);
    let state = this.subjectsState.get(key);
    if (!obj || this.subjectOf(obj) !== key || !this.inScope(obj)) {
      if (state) await this.forget(key, state);
      return;
    }
    if (!state) this.subjectsState.set(key, (state = { containers: [], reports: new Map() }));
    const resourceOptions = (fullReport: string): ResourceOptions => ({ findings: this.options.findings, version: this.options.version, now: new Date(), fullReport });
    const base = `/reports/${obj.metadata.namespace ?? '_'}/${obj.kind}/${obj.metadata.name}`;

    if (this.options.scanners.misconfig || this.options.scanners.secret) {
      const manifest = manifestYaml(obj);
      const hash = createHash('sha256').update(manifest).digest('hex');
      if (hash !== state.configHash) {
        const results = checkObject(obj, this.options.objectChecks);
        const report: Report = { SchemaVersion: 2, CreatedAt: new Date().toISOString(), ArtifactName: key, ArtifactType: 'filesystem', Picket: { Version: this.options.version }, Results: results };
        this.deps.store.putResource(key, report);
        if (this.options.scanners.misconfig) {
          state.config = configCounts(report);
          await this.write(state, key, configAuditReport(obj, results.filter((r) => r.Class === 'config'), resourceOptions(base)));
        }
        if (this.options.scanners.secret) {
          // Secrets written into the manifest itself (an env value, an argument): a report of the workload, not of an image.
          const manifestSecrets = results.filter((r) => r.Class === 'secret');
          if (manifestSecrets.length > 0) await this.write(state, key, exposedSecretReport(obj, undefined, undefined, { ...report, Results: manifestSecrets }, resourceOptions(base)));
          else await this.removeReports(state, 'ExposedSecretReport', reportName(obj.kind, obj.metadata.name));
        }
        state.configHash = hash;
      }
    }

    if (!WORKLOAD_KINDS.has(obj.kind) || !(this.options.scanners.vuln || this.options.scanners.secret)) return;
    const owners = new OwnerIndex([obj, ...this.descendants(obj)]);
    const pullSecrets = new PullSecretReader(this.deps.client, (m) => this.warnOnce(m), (m) => this.deps.log.debug(m));
    const uses = await collectImageUses([obj], owners, new Map(), pullSecrets);
    const plan = await planImageScans(uses, this.deps.resolveDigest, { defaultPlatform: this.options.defaultPlatform, concurrency: 4, onDebug: (m) => this.deps.log.debug(m) });
    for (const { use, error } of plan.failures) this.warnOnce(`operator: ${key}: image ${use.image} not scanned: ${error}`);
    const containers: ContainerState[] = [];
    for (const unit of plan.units) {
      this.rememberUnit(unit, key);
      for (const use of unit.uses) {
        const before = state.containers.find((c) => c.container === use.container && c.unitKey === unit.key && c.image === use.image);
        containers.push({ container: use.container, image: use.image, unitKey: unit.key, digest: unit.digest, ...(before?.written ? { written: before.written } : {}) });
      }
    }
    // A container whose image cannot be resolved now (registry down, secret gone) keeps what it had:
    // its reports stay until the image is known again, rather than flapping with the registry.
    const unresolved = new Set(plan.failures.map((f) => f.use.container));
    for (const old of state.containers) if (unresolved.has(old.container) && !containers.some((c) => c.container === old.container)) containers.push(old);
    // Containers gone, or now running another image: their reports go, and the image loses a user.
    for (const old of state.containers) {
      if (!containers.some((c) => c.container === old.container)) await this.removeContainerReports(obj, state, old.container);
      if (!containers.some((c) => c.unitKey === old.unitKey)) this.dropUser(old.unitKey, key);
    }
    state.containers = containers;
    for (const c of containers) {
      const summary = this.images.get(c.unitKey);
      if (!summary || summary.dbStamp !== this.deps.dbStamp()) {
        // Already on its way (another workload asked): its end reconciles every user.
        if (!this.scans.has(c.unitKey)) this.scans.add(c.unitKey);
        continue;
      }
      const stamp = `${c.unitKey}|${summary.dbStamp}|${c.image}`;
      if (c.written === stamp) continue;
      const stored = this.deps.store.report(c.unitKey);
      if (!stored) {
        if (!this.scans.has(c.unitKey)) this.scans.add(c.unitKey);
        continue;
      }
      const report = { ...stored.report, ArtifactName: c.image };
      const options = resourceOptions(`${base}/${c.container}`);
      if (this.options.scanners.vuln) {
        await this.write(state, key, vulnerabilityReport(obj, c.container, c.image, c.digest, report, options));
        await this.write(state, key, sbomReport(obj, c.container, c.image, c.digest, report, options));
      }
      if (this.options.scanners.secret) await this.write(state, key, exposedSecretReport(obj, c.container, { image: c.image, digest: c.digest }, report, options));
      c.written = stamp;
    }
  }

  /** Analyzes an image once (facts kept in the store) and judges it with the DB in use. */
  private async scanImage(key: string): Promise<void> {
    const unit = this.units.get(key);
    if (!unit) return;
    const started = performance.now();
    let ok = false;
    try {
      let facts = this.deps.store.facts(key);
      if (!facts) {
        facts = await this.deps.analyzeImage({ ...unit, uses: [] });
        this.deps.store.putFacts(key, facts);
      }
      const report = await this.deps.evaluate(facts);
      // Read after: the evaluation opened the DB (a DB replaced meanwhile queues this image again).
      const stamp = this.deps.dbStamp();
      this.deps.store.putReport(key, report, stamp);
      this.images.set(key, summarizeImage(report, stamp, this.options.vulnIdSeries));
      ok = true;
    } finally {
      this.deps.onScanDone?.(this.deps.scanMode, (performance.now() - started) / 1000, ok);
    }
    // Its users wait for nothing else now: not held back by the churn limit.
    for (const user of this.users.get(key) ?? []) this.reconciles.add(user, true);
  }

  private rememberUnit(unit: ImageScanUnit, user: string): void {
    const { uses: _, ...stored } = unit;
    const known = this.units.get(unit.key);
    if (!known) this.units.set(unit.key, stored);
    else {
      // Another workload may pull the same digest from elsewhere or with other secrets: every way is kept.
      for (const candidate of stored.candidates) {
        const same = known.candidates.find((c) => c.reference === candidate.reference);
        if (!same) known.candidates.push(candidate);
        else for (const login of candidate.logins) if (!same.logins.some((l) => l.from === login.from && l.username === login.username)) same.logins.push(login);
      }
    }
    let set = this.users.get(unit.key);
    if (!set) this.users.set(unit.key, (set = new Set()));
    set.add(user);
  }

  /** A workload stops using an image; an image nobody uses is forgotten (its layers stay in the scan cache). */
  private dropUser(unitKey: string, user: string): void {
    const set = this.users.get(unitKey);
    set?.delete(user);
    if (set && set.size > 0) return;
    this.users.delete(unitKey);
    this.units.delete(unitKey);
    this.images.delete(unitKey);
    this.deps.store.dropImage(unitKey);
  }

  /**
   * Writes a report resource. Names are `<kind>-<name>[-<container>]`, which two resources can
   * share (Deployment `a` container `b-c`, Deployment `a-b` container `c`): the second to claim a
   * name gets it with a hash of its own identity appended, so neither overwrites the other.
   */
  private async write(state: SubjectState, subjectKey: string, resource: ReportResource): Promise<void> {
    const meant = resource.metadata.name;
    const id = (name: string) => `${resource.kind}\t${resource.metadata.namespace ?? ''}\t${name}`;
    const holder = this.claims.get(id(meant));
    if (holder !== undefined && holder !== subjectKey) {
      const container = resource.metadata.labels[LABEL.container] ?? '';
      resource.metadata.name = `${meant.slice(0, 242)}-${createHash('sha256').update(`${subjectKey}\n${container}`).digest('hex').slice(0, 10)}`;
    }
    // Claimed before the write: two reconciles run at once and must not both take the name.
    this.claims.set(id(resource.metadata.name), subjectKey);
    state.reports.set(id(resource.metadata.name), meant);
    await this.deps.writer.apply(resource);
  }

  private async removeContainerReports(obj: K8sObject, state: SubjectState, container: string): Promise<void> {
    await this.removeReports(state, undefined, reportName(obj.kind, obj.metadata.name, container));
  }

  /** Deletes the reports written under `meant` (the name they were meant to have; of one kind, or all kinds). */
  private async removeReports(state: SubjectState, only: ReportKind | undefined, meant: string): Promise<void> {
    for (const [id, name] of [...state.reports]) {
      const [kind, ns, actual] = id.split('\t');
      if (name !== meant || (only !== undefined && kind !== only)) continue;
      await this.deps.writer.remove(kind as ReportKind, ns || undefined, actual);
      state.reports.delete(id);
      this.claims.delete(id);
    }
  }

  /** The workload is gone (or out of scope): its reports are deleted (owner references would also do it in a real cluster). */
  private async forget(key: string, state: SubjectState): Promise<void> {
    for (const id of state.reports.keys()) {
      const [kind, ns, name] = id.split('\t');
      await this.deps.writer.remove(kind as ReportKind, ns || undefined, name);
      this.claims.delete(id);
    }
    for (const c of state.containers) this.dropUser(c.unitKey, key);
    this.deps.store.dropResource(key);
    this.subjectsState.delete(key);
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    if (this.warned.size > 10_000) this.warned.clear();
    this.warned.add(message);
    this.deps.log.warn(message);
  }
}
