import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { UserError } from '../errors.js';
import { apiRequest, type ApiTransport, type ApiWrite } from './api-request.js';

export { K8sApiError } from './api-error.js';

/** Where the connection comes from: a kubeconfig (flag, KUBECONFIG, ~/.kube/config) or the pod's service account. */
export interface ClusterConnectOptions {
  /** `--kubeconfig`: wins over KUBECONFIG and ~/.kube/config. */
  kubeconfig?: string;
  /** `--context`: a context of the kubeconfig instead of its current one. */
  context?: string;
  /** Where KUBECONFIG, HOME and the in-cluster variables come from (default: process.env). */
  env?: NodeJS.ProcessEnv;
  /** Time a request may take until its response headers (default 30 s). */
  requestTimeoutMs?: number;
  /** Root of the service account files in-cluster (tests); default `/`. */
  inClusterRoot?: string;
  onDebug?: (message: string) => void;
}

/**
 * One cluster, as the scan needs it: its name (the kubeconfig context's cluster, as trivy
 * reports `ClusterName`), the namespace of the context, and JSON GETs on API paths. The
 * operator reuses it for lists; requests carry the context's credentials (tokens, client
 * certificates, exec and auth-provider plugins, via @kubernetes/client-node).
 */
export interface ClusterClient {
  clusterName: string;
  contextName: string;
  server: string;
  /** The context's namespace, else `default`. */
  defaultNamespace: string;
  /** GET `path` (with `query`) as JSON; a non-2xx answer is a K8sApiError with its status. */
  getJson<T>(path: string, query?: Record<string, string>): Promise<T>;
  /** A write (create, apply, delete) answered as JSON; failures as getJson's. */
  send<T>(path: string, write: ApiWrite, query?: Record<string, string>): Promise<T>;
  /**
   * Streams `path?watch=true` as client-node's Watch does (the operator's informers): each event
   * to `onEvent`, then `done` once when the stream ends or fails. Returns the abort handle.
   */
  watch(path: string, query: Record<string, string>, onEvent: (type: string, object: unknown) => void, done: (err: unknown) => void): Promise<AbortController>;
}

const SERVICE_ACCOUNT_DIR = 'var/run/secrets/kubernetes.io/serviceaccount';

/**
 * Connects as kubectl would: `--kubeconfig`, else KUBECONFIG (several files merged), else
 * ~/.kube/config, else the pod's service account when running in a cluster; `--context` picks
 * a context. @kubernetes/client-node is imported here, so only `picket k8s` pays for it. Every
 * problem (no config, unknown context, unreadable file) is a one-line UserError.
 */
export async function connectCluster(options: ClusterConnectOptions = {}): Promise<ClusterClient> {
  const env = options.env ?? process.env;
  const { KubeConfig } = await import('@kubernetes/client-node');
  const kc = new KubeConfig();
  const root = options.inClusterRoot ?? '/';
  const files = options.kubeconfig !== undefined ? [options.kubeconfig]
    : env.KUBECONFIG ? env.KUBECONFIG.split(delimiter).filter(Boolean)
      : existsSync(join(env.HOME ?? homedir(), '.kube', 'config')) ? [join(env.HOME ?? homedir(), '.kube', 'config')] : [];
  let source: string;
  if (files.length > 0) {
    for (const [i, file] of files.entries()) {
      if (!existsSync(file)) throw new UserError(`kubeconfig ${file}: no such file`);
      try {
        if (i === 0) kc.loadFromFile(file);
        else {
          const more = new KubeConfig();
          more.loadFromFile(file);
          kc.mergeConfig(more, true);
        }
      } catch (err) {
        throw new UserError(`kubeconfig ${file}: cannot be read (${firstLine(err)})`);
      }
    }
    source = `kubeconfig ${files.join(delimiter)}`;
  } else if (env.KUBERNETES_SERVICE_HOST && existsSync(join(root, SERVICE_ACCOUNT_DIR, 'token'))) {
    // client-node reads the variables from process.env and the files under the prefix.
    const saved = { host: process.env.KUBERNETES_SERVICE_HOST, port: process.env.KUBERNETES_SERVICE_PORT };
    process.env.KUBERNETES_SERVICE_HOST = env.KUBERNETES_SERVICE_HOST;
    process.env.KUBERNETES_SERVICE_PORT = env.KUBERNETES_SERVICE_PORT ?? '443';
    try {
      kc.loadFromCluster(root === '/' ? '' : root.replace(/\/+$/, ''));
    } finally {
      restoreEnv('KUBERNETES_SERVICE_HOST', saved.host);
      restoreEnv('KUBERNETES_SERVICE_PORT', saved.port);
    }
    source = 'the in-cluster service account';
  } else {
    throw new UserError('no Kubernetes configuration: give --kubeconfig FILE, set KUBECONFIG, create ~/.kube/config, or run inside a cluster');
  }

  if (options.context !== undefined) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new UserError(`context "${options.context}" is not in ${source} (contexts: ${known.join(', ') || 'none'})`);
    }
    kc.setCurrentContext(options.context);
  }
  const contextName = kc.getCurrentContext();
  const context = kc.getContextObject(contextName);
  const cluster = kc.getCurrentCluster();
  if (!context || !cluster) throw new UserError(`${source}: ${contextName ? `context "${contextName}" names no cluster` : 'no current context (give --context NAME)'}`);
  let server: URL;
  try {
    server = new URL(cluster.server);
  } catch {
    throw new UserError(`${source}: cluster "${cluster.name}" has an invalid server address "${cluster.server}"`);
  }
  const clusterName = cluster.name;
  const where = `cluster "${clusterName}" (${server.origin})`;
  options.onDebug?.(`kubernetes: ${where}, context "${contextName}" from ${source}`);

  const transport: ApiTransport = {
    server,
    where,
    timeoutMs: options.requestTimeoutMs ?? 30_000,
    // Credentials and TLS settings from the context, applied per request (tokens may expire and be refreshed by plugins).
    prepare: async (request) => {
      try {
        await kc.applyToHTTPSOptions(request);
      } catch (err) {
        throw new UserError(`${where}: cannot use the credentials of context "${contextName}" (${firstLine(err)})`);
      }
    },
  };
  return {
    clusterName,
    contextName,
    server: server.origin,
    defaultNamespace: context.namespace || 'default',
    getJson: <T>(path: string, query?: Record<string, string>) => apiRequest<T>(transport, path, query),
    send: <T>(path: string, write: ApiWrite, query?: Record<string, string>) => apiRequest<T>(transport, path, query, write),
    watch: async (path, query, onEvent, done) => {
      const { Watch } = await import('@kubernetes/client-node');
      return new Watch(kc).watch(path, query, (type, object) => onEvent(type, object), done);
    },
  };
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}
