/**
 * Test helper: a transparent HTTP proxy on 127.0.0.1 in front of a real registry, recording
 * every request (method, path, status), so a test can count how often a manifest or blob was
 * fetched. Images are referenced through it (`127.0.0.1:PROXY/repo:tag`); headers (Basic auth
 * too) and bodies pass through unchanged. Stopped by `stop()`, also registered with `after()`
 * unless `stopAfterTests: false` (benches, outside the test runner).
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  path: string;
  status: number;
}

export interface CountingProxy {
  /** `127.0.0.1:PORT`, as a reference's registry part. */
  host: string;
  requests: ProxiedRequest[];
  /** GETs of `/v2/<repository>/blobs/<digest>` answered 200. */
  blobFetches(repository: string, digest: string): number;
  stop(): Promise<void>;
}

export async function startCountingProxy(upstreamHost: string, options: { stopAfterTests?: boolean } = {}): Promise<CountingProxy> {
  const [hostname, port] = upstreamHost.split(':');
  const requests: ProxiedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const upstream = request({ hostname, port: Number(port), method: req.method, path: req.url, headers: { ...req.headers, host: upstreamHost } }, (answer) => {
      requests.push({ method: req.method ?? 'GET', path: (req.url ?? '').split('?')[0], status: answer.statusCode ?? 0 });
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.once('error', (err) => {
      res.writeHead(502);
      res.end(String(err));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: own } = server.address() as AddressInfo;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  if (options.stopAfterTests !== false) (await import('node:test')).after(stop);
  return {
    host: `127.0.0.1:${own}`,
    requests,
    blobFetches: (repository, digest) => requests.filter((r) => r.method === 'GET' && r.status === 200 && r.path === `/v2/${repository}/blobs/${digest}`).length,
    stop,
  };
}
