import { K8sApiError } from '../k8s/api-error.js';
import type { ClusterClient } from '../k8s/cluster-client.js';
import type { KindSpec } from '../k8s/kinds.js';
import type { K8sObject } from '../k8s/objects.js';

/** What the informers tell: an object as it is now, or that it is gone. */
export type WatchEvent = { type: 'upsert' | 'delete'; object: K8sObject };

export interface ResourceWatchOptions {
  kinds: readonly KindSpec[];
  /** Watch one namespace only (`--namespace`); otherwise the whole cluster. */
  namespace?: string;
  onEvent: (event: WatchEvent) => void;
  onWarning?: (message: string) => void;
  /** Seconds the server keeps one watch open before it is renewed (default 300). */
  watchSeconds?: number;
}

interface ListAnswer {
  items?: K8sObject[];
  metadata?: { resourceVersion?: string; continue?: string };
}

/**
 * Informers over the API (client-node's ListWatch: list, then watch from the list's
 * resourceVersion, relist on 410 Gone) for each kind, fed by picket's own JSON requests so
 * objects stay as the server wrote them. A failed list or watch restarts after a growing delay.
 * `start` resolves once every kind was listed (the operator is then "synced").
 */
export class ResourceWatch {
  private readonly informers: { stop(): Promise<void> }[] = [];
  private stopped = false;

  constructor(private readonly client: ClusterClient, private readonly options: ResourceWatchOptions) {}

  async start(): Promise<void> {
    const { ListWatch } = await import('@kubernetes/client-node');
    await Promise.all(this.options.kinds.map(async (spec) => {
      const path = `${spec.apiPath}${spec.namespaced && this.options.namespace ? `/namespaces/${encodeURIComponent(this.options.namespace)}` : ''}/${spec.plural}`;
      const withKind = (o: K8sObject): K8sObject => ({ ...o, apiVersion: o.apiVersion ?? spec.apiPath.replace(/^\/apis?\//, ''), kind: o.kind ?? spec.kind });
      const list = async () => {
        const items: K8sObject[] = [];
        let token: string | undefined;
        let resourceVersion = '';
        do {
          const page = await this.client.getJson<ListAnswer>(path, { limit: '500', ...(token ? { continue: token } : {}) });
          items.push(...(page.items ?? []).map(withKind));
          resourceVersion ||= page.metadata?.resourceVersion ?? '';
          token = page.metadata?.continue || undefined;
        } while (token);
        return { apiVersion: 'v1', kind: `${spec.kind}List`, metadata: { resourceVersion }, items };
      };
      const watch = {
        watch: (p: string, query: Record<string, string | number | boolean | undefined>, callback: (phase: string, obj: unknown) => void, done: (err: unknown) => void) => {
          const params: Record<string, string> = { timeoutSeconds: String(this.options.watchSeconds ?? 300), allowWatchBookmarks: 'true' };
          for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params[k] = String(v);
          return this.client.watch(p, params, (phase, obj) => callback(phase, phase === 'BOOKMARK' ? obj : withKind(obj as K8sObject)), done);
        },
      };
      const informer = new ListWatch(path, watch as never, list as never, false);
      informer.on('add', (o) => this.options.onEvent({ type: 'upsert', object: o as K8sObject }));
      informer.on('update', (o) => this.options.onEvent({ type: 'upsert', object: o as K8sObject }));
      informer.on('delete', (o) => this.options.onEvent({ type: 'delete', object: o as K8sObject }));
      // start() resolves once the list was handed out and the watch began, or after an error
      // (then retried here with a growing delay); the kind is synced after the first clean start.
      let failures = 0;
      let listed!: () => void;
      const synced = new Promise<void>((resolve) => { listed = resolve; });
      const attempt = async () => {
        const before = failures;
        await informer.start();
        if (failures === before) {
          failures = 0;
          listed();
        }
      };
      informer.on('error', (err: unknown) => {
        if (this.stopped) return;
        if (err instanceof K8sApiError && (err.status === 403 || err.status === 404)) {
          // Not permitted (least-privilege RBAC left this kind out) or not served: skipped, not retried.
          this.options.onWarning?.(`operator: ${spec.plural} not watched: ${err.message}`);
          listed();
          return;
        }
        failures++;
        const delay = Math.min(30_000, 500 * 2 ** Math.min(failures, 6));
        this.options.onWarning?.(`operator: watching ${spec.plural} failed (${(err as Error)?.message ?? String(err)}): again in ${Math.round(delay / 1000)} s`);
        setTimeout(() => { if (!this.stopped) void attempt(); }, delay).unref();
      });
      this.informers.push(informer);
      await attempt();
      await synced;
    }));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.informers.map((i) => i.stop()));
  }
}
