import { K8sApiError } from '../k8s/api-error.js';
import type { ClusterClient } from '../k8s/cluster-client.js';

export interface LeaderElectionOptions {
  namespace: string;
  name: string;
  /** This replica's name (the pod name). */
  identity: string;
  /** How long a lease holds without renewal (default 15 s). */
  leaseSeconds?: number;
  /** How often the holder renews and others retry (default a third of leaseSeconds). */
  retryMs?: number;
  onDebug?: (message: string) => void;
}

interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

/** RFC 3339 with microseconds, as Kubernetes writes MicroTime. */
const microTime = (d: Date) => d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');

/**
 * Leader election with a coordination.k8s.io Lease, as client-go's leaderelection does: a
 * replica takes the lease when it is free or its holder has not renewed it within its duration,
 * writes with the lease's resourceVersion (a 409 means another replica won), and renews it
 * regularly. `run` resolves once this replica leads; `lost` is called if a renewal finds the
 * lease taken or cannot be made before the lease expires.
 */
export class LeaderElection {
  private timer: NodeJS.Timeout | undefined;
  private leading = false;
  private lastRenew = 0;
  private readonly leaseSeconds: number;
  private readonly retryMs: number;

  constructor(private readonly client: ClusterClient, private readonly options: LeaderElectionOptions) {
    this.leaseSeconds = options.leaseSeconds ?? 15;
    this.retryMs = options.retryMs ?? Math.round((this.leaseSeconds * 1000) / 3);
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** Waits until this replica holds the lease, then keeps renewing it; `lost` if it stops holding it. */
  async run(lost: () => void): Promise<void> {
    while (!(await this.tryAcquire())) await new Promise((r) => setTimeout(r, this.retryMs));
    this.leading = true;
    this.lastRenew = Date.now();
    this.options.onDebug?.(`operator: leading (lease ${this.options.namespace}/${this.options.name})`);
    const renew = async () => {
      let held: boolean;
      try {
        held = await this.tryAcquire();
      } catch {
        held = Date.now() - this.lastRenew < this.leaseSeconds * 1000;
      }
      if (held && this.leading) {
        this.lastRenew = Date.now();
        this.timer = setTimeout(() => void renew(), this.retryMs);
      } else if (this.leading) {
        this.leading = false;
        lost();
      }
    };
    this.timer = setTimeout(() => void renew(), this.retryMs);
  }

  /** Stops renewing and gives the lease up, so another replica takes over at once. */
  async release(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    if (!this.leading) return;
    this.leading = false;
    try {
      const lease = await this.client.getJson<Lease>(this.path());
      if (lease.spec.holderIdentity !== this.options.identity) return;
      await this.client.send(this.path(), { method: 'PUT', body: { ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: microTime(new Date()) } } });
    } catch {
      // The lease expires by itself.
    }
  }

  private path(name?: string): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.options.namespace)}/leases${name === '' ? '' : `/${encodeURIComponent(name ?? this.options.name)}`}`;
  }

  private async tryAcquire(): Promise<boolean> {
    const now = new Date();
    let lease: Lease | undefined;
    try {
      lease = await this.client.getJson<Lease>(this.path());
    } catch (err) {
      if (!(err instanceof K8sApiError && err.status === 404)) throw err;
    }
    const spec = { holderIdentity: this.options.identity, leaseDurationSeconds: this.leaseSeconds, renewTime: microTime(now) };
    try {
      if (!lease) {
        await this.client.send(this.path(''), { method: 'POST', body: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.options.name, namespace: this.options.namespace }, spec: { ...spec, acquireTime: microTime(now), leaseTransitions: 0 } } });
        return true;
      }
      const holder = lease.spec.holderIdentity ?? '';
      const renewed = Date.parse(lease.spec.renewTime ?? '') || 0;
      const expired = renewed + (lease.spec.leaseDurationSeconds ?? this.leaseSeconds) * 1000 < now.getTime();
      if (holder !== '' && holder !== this.options.identity && !expired) return false;
      const taking = holder !== this.options.identity;
      await this.client.send(this.path(), {
        method: 'PUT',
        body: { ...lease, spec: { ...lease.spec, ...spec, ...(taking ? { acquireTime: microTime(now), leaseTransitions: (lease.spec.leaseTransitions ?? 0) + 1 } : {}) } },
      });
      return true;
    } catch (err) {
      // Another replica wrote first (409 Conflict / 409 AlreadyExists): it leads.
      if (err instanceof K8sApiError && err.status === 409) return false;
      throw err;
    }
  }
}
