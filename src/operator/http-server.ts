import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../errors.js';
import type { Report } from '../report/model.js';

/** What the operator's HTTP server serves from. */
export interface HttpHandlers {
  metrics(): Promise<{ contentType: string; body: string }>;
  ready(): boolean;
  /** The full report of a resource (no container: its config audit) or of a container's image. */
  report(namespace: string | undefined, kind: string, name: string, container?: string): Report | undefined;
  /** The containers a resource has reports for. */
  containers(namespace: string | undefined, kind: string, name: string): string[] | undefined;
  /** Renders a report in another format (`?format=cyclonedx|sarif|table|…`). */
  render(report: Report, format: string): Promise<{ contentType: string; body: string }>;
  /** Jobs mode: a scan Job posts its result (authorized by its own token). */
  scanResult?(id: string, token: string | undefined, body: Buffer): Promise<number>;
}

/** Scan results posted by jobs are facts of one image; larger bodies are refused. */
const MAX_RESULT_BYTES = 256 * 1024 * 1024;

/**
 * The operator's one HTTP server: `/metrics` (Prometheus text), `/healthz` (the process runs),
 * `/readyz` (informers synced, or standing by as a non-leader), `/reports/NS/KIND/NAME[/CONTAINER]`
 * (the full JSON report, `?format=` for other formats; `_` is the namespace of cluster-scoped
 * resources), and `POST /internal/scan-results/ID` for scan Jobs.
 */
export async function startHttpServer(listen: string, handlers: HttpHandlers, onError: (message: string) => void): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const { host, port } = parseListen(listen);
  const server = createServer((req, res) => {
    handle(req, res, handlers).catch((err: unknown) => {
      onError(`operator http: ${req.method} ${req.url}: ${(err as Error).message}`);
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error\n');
      else res.destroy();
    });
  });
  server.requestTimeout = 600_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(new UserError(`--listen ${listen}: cannot listen (${err.code ?? err.message})`)));
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    url: `http://${shownHost === '0.0.0.0' || shownHost === '[::]' ? '127.0.0.1' : shownHost}:${address.port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** `:8080`, `127.0.0.1:0`, `[::1]:9000`, `8080`. */
export function parseListen(listen: string): { host: string | undefined; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*))?:?(\d+)$/.exec(listen.trim());
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) throw new UserError(`--listen ${listen}: expected [HOST]:PORT, e.g. :8080 or 127.0.0.1:8080`);
  const host = m[1] ?? m[2];
  return { host: host ? host : undefined, port };
}

async function handle(req: IncomingMessage, res: ServerResponse, handlers: HttpHandlers): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://operator');
  const path = url.pathname;
  if (req.method === 'POST' && path.startsWith('/internal/scan-results/') && handlers.scanResult) {
    const id = decodeURIComponent(path.slice('/internal/scan-results/'.length));
    const auth = req.headers.authorization;
    const body = await readBody(req);
    if (!body) return send(res, 413, 'text/plain', 'too large\n');
    const status = await handlers.scanResult(id, auth?.startsWith('Bearer ') ? auth.slice(7) : undefined, body);
    return send(res, status, 'text/plain', `${status === 204 ? '' : status}\n`);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed\n');
  if (path === '/healthz') return send(res, 200, 'text/plain', 'ok\n');
  if (path === '/readyz') return handlers.ready() ? send(res, 200, 'text/plain', 'ok\n') : send(res, 503, 'text/plain', 'not ready: informers not synced\n');
  if (path === '/metrics') {
    const { contentType, body } = await handlers.metrics();
    return send(res, 200, contentType, body);
  }
  const m = /^\/reports\/([^/]+)\/([^/]+)\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path);
  if (m) {
    const [namespace, kind, name, container] = m.slice(1).map((p) => (p === undefined ? undefined : decodeURIComponent(p)));
    const ns = namespace === '_' ? undefined : namespace;
    const report = handlers.report(ns, kind!, name!, container);
    if (!report) {
      const containers = container === undefined ? undefined : handlers.containers(ns, kind!, name!);
      return send(res, 404, 'application/json', `${JSON.stringify({ error: `no report for ${namespace}/${kind}/${name}${container ? `/${container}` : ''}`, ...(containers ? { containers } : {}) })}\n`);
    }
    const format = url.searchParams.get('format') ?? 'json';
    if (format === 'json') return send(res, 200, 'application/json', `${JSON.stringify(report, null, 2)}\n`);
    try {
      const { contentType, body } = await handlers.render(report, format);
      return send(res, 200, contentType, body);
    } catch (err) {
      if (err instanceof UserError) return send(res, 400, 'text/plain', `${err.message}\n`);
      throw err;
    }
  }
  send(res, 404, 'text/plain', 'not found: /metrics, /healthz, /readyz, /reports/NAMESPACE/KIND/NAME[/CONTAINER]\n');
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_RESULT_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
