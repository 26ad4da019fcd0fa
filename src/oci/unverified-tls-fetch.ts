import { Agent, request as httpsRequest } from 'node:https';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

/** What this fetch takes: the subset of RequestInit the registry transport uses. */
export interface UnverifiedFetchInit {
  method: string;
  headers: Record<string, string>;
  body?: BodyInit;
  signal?: AbortSignal;
}

/** Statuses whose Response must have no body (the Response constructor refuses one). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

let agent: Agent | undefined;

/**
 * An https request that accepts any server certificate (`--insecure`: self-signed or private CA),
 * answered as a fetch `Response` so callers treat it like the global fetch. Node's global fetch
 * takes no TLS options without an undici dispatcher, and undici is not a dependency; node:https
 * is. Redirects are not followed (like `redirect: 'manual'`); the body is not decompressed (no
 * Accept-Encoding is sent). One keep-alive agent is shared; idle sockets do not hold the process.
 */
export function fetchWithoutTlsVerification(url: URL, init: UnverifiedFetchInit): Promise<Response> {
  agent ??= new Agent({ rejectUnauthorized: false, keepAlive: true });
  return new Promise<Response>((resolve, reject) => {
    if (init.signal?.aborted) {
      reject(init.signal.reason);
      return;
    }
    const req = httpsRequest(url, { method: init.method, headers: init.headers, agent, rejectUnauthorized: false });
    const onAbort = () => req.destroy(init.signal!.reason instanceof Error ? init.signal!.reason : new Error('aborted'));
    init.signal?.addEventListener('abort', onAbort, { once: true });
    req.once('error', (err) => {
      init.signal?.removeEventListener('abort', onAbort);
      reject(new TypeError('fetch failed', { cause: err }));
    });
    req.once('response', (res) => {
      init.signal?.removeEventListener('abort', onAbort);
      resolve(toResponse(res));
    });
    sendBody(req, init.body);
  });
}

function toResponse(res: IncomingMessage): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
  const status = res.statusCode ?? 502;
  if (NULL_BODY_STATUSES.has(status)) {
    res.resume();
    return new Response(null, { status, statusText: res.statusMessage ?? '', headers });
  }
  const body = Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, { status, statusText: res.statusMessage ?? '', headers });
}

function sendBody(req: ClientRequest, body: BodyInit | undefined): void {
  if (body === undefined || body === null) {
    req.end();
  } else if (typeof body === 'string' || body instanceof Uint8Array) {
    req.end(body);
  } else if (body instanceof ArrayBuffer) {
    req.end(Buffer.from(body));
  } else if (typeof (body as { getReader?: unknown }).getReader === 'function') {
    const source = Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>);
    source.once('error', (err) => req.destroy(err));
    source.pipe(req);
  } else {
    req.destroy(new Error('unsupported request body type for an unverified https request'));
  }
}
