import { randomBytes, timingSafeEqual } from 'node:crypto';
import { UserError } from '../errors.js';
import { K8sApiError } from '../k8s/api-error.js';
import type { ClusterClient } from '../k8s/cluster-client.js';
import type { ImageScanUnit } from '../k8s/image-plan.js';
import type { K8sObject } from '../k8s/objects.js';
import type { ImageFacts } from './image-facts.js';

export interface JobScannerOptions {
  namespace: string;
  /** The picket image the Jobs run (the operator's own). */
  image: string;
  serviceAccount: string;
  /** Base URL of the operator as the Jobs reach it (its Service). */
  resultUrl: string;
  timeoutMs: number;
  /** Passed to `picket operator scan-job`: --scanners, --insecure, --skip-dirs... */
  jobArgs: string[];
  /** How often a running Job's status is looked at (ms). */
  pollMs?: number;
  log: { warn(m: string): void; debug(m: string): void };
}

/** What a scan Job posts back: the image's facts, or why it could not make them. */
export type ScanJobResult = { facts: ImageFacts } | { error: string };

interface Pending {
  token: Buffer;
  resolve: (facts: ImageFacts) => void;
  reject: (err: Error) => void;
}

const LABELS = { 'app.kubernetes.io/name': 'picket-scan-job', 'app.kubernetes.io/managed-by': 'picket-operator' };

/**
 * Jobs mode: each image digest is analyzed by a Kubernetes Job running `picket operator
 * scan-job` on some node, so a big cluster spreads pulling and analysis over its nodes. The
 * unit to scan (references, platform, and the pull-secret logins it may need) travels in a
 * Secret the Job reads as environment, never in the Job's spec; the Job posts the facts to the
 * operator with a one-time token and the operator judges them with its DB (Jobs need no DB).
 * Jobs and their Secrets are deleted once a result came or the Job failed or timed out.
 */
export class JobScanner {
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  constructor(private readonly client: ClusterClient, private readonly options: JobScannerOptions) {}

  analyze = async (unit: ImageScanUnit): Promise<ImageFacts> => {
    if (this.closed) throw new UserError('operator stopping');
    const id = randomBytes(5).toString('hex');
    const name = `picket-scan-${id}`;
    const token = randomBytes(32).toString('hex');
    const ns = this.options.namespace;
    const { uses: _, ...scanUnit } = unit;
    const result = new Promise<ImageFacts>((resolve, reject) => this.pending.set(id, { token: Buffer.from(token), resolve, reject }));
    result.catch(() => {});
    const secretsPath = `/api/v1/namespaces/${encodeURIComponent(ns)}/secrets`;
    const jobsPath = `/apis/batch/v1/namespaces/${encodeURIComponent(ns)}/jobs`;
    try {
      await this.client.send(secretsPath, {
        method: 'POST',
        body: {
          apiVersion: 'v1', kind: 'Secret', type: 'Opaque',
          metadata: { name, namespace: ns, labels: LABELS },
          data: { unit: Buffer.from(JSON.stringify(scanUnit)).toString('base64'), token: Buffer.from(token).toString('base64') },
        },
      });
      const job = await this.client.send<K8sObject>(jobsPath, { method: 'POST', body: this.jobSpec(name, id, unit) });
      // The Secret goes with its Job, should the operator not be there to delete both.
      if (job.metadata.uid) {
        await this.client.send(`${secretsPath}/${name}`, {
          method: 'PATCH', contentType: 'application/merge-patch+json',
          body: { metadata: { ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid: job.metadata.uid, blockOwnerDeletion: false }] } },
        }).catch((err: unknown) => this.options.log.debug(`operator: scan job ${name}: ${(err as Error).message}`));
      }
      this.options.log.debug(`operator: scan job ${ns}/${name} for ${unit.displayName} (${unit.digest})`);
      return await this.waitFor(name, result);
    } finally {
      this.pending.delete(id);
      await this.client.send(`${jobsPath}/${name}`, { method: 'DELETE', body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } }).catch(() => {});
      await this.client.send(`${secretsPath}/${name}`, { method: 'DELETE' }).catch(() => {});
    }
  };

  /** A result posted to `/internal/scan-results/ID`: the HTTP status to answer. */
  scanResult = async (id: string, token: string | undefined, body: Buffer): Promise<number> => {
    const pending = this.pending.get(id);
    if (!pending) return 404;
    const given = Buffer.from(token ?? '');
    if (given.length !== pending.token.length || !timingSafeEqual(given, pending.token)) return 401;
    let result: ScanJobResult;
    try {
      result = JSON.parse(body.toString('utf8')) as ScanJobResult;
    } catch {
      return 400;
    }
    if ('facts' in result && result.facts && typeof result.facts === 'object') pending.resolve(result.facts);
    else pending.reject(new UserError(`scan job: ${'error' in result ? String(result.error) : 'no facts in its result'}`));
    return 204;
  };

  close(): void {
    this.closed = true;
    for (const p of this.pending.values()) p.reject(new UserError('operator stopping'));
  }

  private async waitFor(name: string, result: Promise<ImageFacts>): Promise<ImageFacts> {
    const deadline = Date.now() + this.options.timeoutMs;
    const path = `/apis/batch/v1/namespaces/${encodeURIComponent(this.options.namespace)}/jobs/${name}`;
    let settled = false;
    result.then(() => { settled = true; }, () => { settled = true; });
    while (!settled) {
      await Promise.race([result.catch(() => undefined), new Promise((r) => setTimeout(r, this.options.pollMs ?? 2000))]);
      if (settled) break;
      if (Date.now() > deadline) throw new UserError(`scan job ${name} gave no result within ${Math.round(this.options.timeoutMs / 1000)} s`);
      try {
        const job = await this.client.getJson<K8sObject>(path);
        const status = (job.status ?? {}) as { failed?: number; conditions?: { type: string; status: string; reason?: string; message?: string }[] };
        const failed = status.conditions?.find((c) => c.type === 'Failed' && c.status === 'True');
        if (failed) throw new UserError(`scan job ${name} failed: ${failed.reason ?? ''} ${failed.message ?? ''}`.trim());
      } catch (err) {
        if (err instanceof K8sApiError && err.status === 404) throw new UserError(`scan job ${name} was deleted before it sent a result`);
        if (err instanceof UserError && !(err instanceof K8sApiError)) throw err;
        this.options.log.debug(`operator: scan job ${name}: ${(err as Error).message}`);
      }
    }
    return result;
  }

  private jobSpec(name: string, id: string, unit: ImageScanUnit): K8sObject {
    const secretEnv = (envName: string, key: string) => ({ name: envName, valueFrom: { secretKeyRef: { name, key } } });
    return {
      apiVersion: 'batch/v1', kind: 'Job',
      metadata: { name, namespace: this.options.namespace, labels: LABELS, annotations: { 'picket.dev/image': unit.displayName.slice(0, 1000), 'picket.dev/digest': unit.digest } },
      spec: {
        backoffLimit: 1,
        activeDeadlineSeconds: Math.ceil(this.options.timeoutMs / 1000),
        ttlSecondsAfterFinished: 600,
        template: {
          metadata: { labels: LABELS },
          spec: {
            restartPolicy: 'Never',
            serviceAccountName: this.options.serviceAccount,
            automountServiceAccountToken: false,
            securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [{
              name: 'scan',
              image: this.options.image,
              args: ['operator', 'scan-job', '--result-url', `${this.options.resultUrl.replace(/\/+$/, '')}/internal/scan-results/${id}`, ...this.options.jobArgs],
              env: [secretEnv('PICKET_SCAN_UNIT', 'unit'), secretEnv('PICKET_SCAN_TOKEN', 'token'), { name: 'PICKET_CACHE_DIR', value: '/tmp/picket' }],
              resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
              securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
            }],
            volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '4Gi' } }],
          },
        },
      },
    };
  }
}
