import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { UserError } from '../errors.js';
import { K8sApiError } from './api-error.js';

/** How to reach one API server: its address, a name for messages, and the per-request credentials. */
export interface ApiTransport {
  server: URL;
  /** `cluster "name" (https://host:port)`, for messages. */
  where: string;
  timeoutMs: number;
  /** Adds TLS settings, the agent and the Authorization header to the request options. */
  prepare(request: RequestOptions): Promise<void>;
}

/** A request that changes something: its method and JSON body (the operator writes its reports so). */
export interface ApiWrite {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Default application/json; PATCH takes `application/apply-patch+yaml` (JSON is YAML) or `application/merge-patch+json`. */
  contentType?: string;
}

/** Lists are paged by the server; a list answer larger than this is refused rather than held. */
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/**
 * GET of an API path answered as JSON, over node:http(s) with the options client-node prepares
 * (so objects arrive as the server wrote them, not as client-node's model classes). Failures are
 * one line naming the cluster: unreachable, timed out, refused credentials (401), forbidden (403,
 * a K8sApiError the lister may skip), not found (404), or the Status message of the API.
 */
export async function apiRequest<T>(transport: ApiTransport, path: string, query?: Record<string, string>, write?: ApiWrite): Promise<T> {
  const url = new URL(path, transport.server);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
  const method = write?.method ?? 'GET';
  const payload = write?.body !== undefined ? Buffer.from(JSON.stringify(write.body)) : undefined;
  const options: RequestOptions = {
    method,
    protocol: url.protocol,
    hostname: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port,
    path: `${url.pathname}${url.search}`,
    headers: {
      accept: 'application/json', 'user-agent': 'picket',
      ...(payload ? { 'content-type': write?.contentType ?? 'application/json', 'content-length': String(payload.length) } : {}),
    },
  };
  await transport.prepare(options);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const req = send(options, resolve);
    req.setTimeout(transport.timeoutMs, () => req.destroy(new UserError(`${transport.where}: no answer to ${method} ${url.pathname} within ${Math.round(transport.timeoutMs / 1000)} s`)));
    req.once('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof UserError) reject(err);
      else reject(new UserError(`${transport.where} unreachable: ${describeNetworkError(err)}`));
    });
    req.end(payload);
  });
  const body = await readBody(response, transport, url.pathname);
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) {
    try {
      return JSON.parse(body) as T;
    } catch {
      throw new UserError(`${transport.where}: ${method} ${url.pathname} did not answer JSON (is ${transport.server.origin} a Kubernetes API server?)`);
    }
  }
  const apiStatus = parseStatus(body);
  const said = apiStatus?.message ?? `HTTP ${status}`;
  if (status === 401) throw new K8sApiError(`${transport.where} refused the credentials (401 ${said}): check the user of the kubeconfig context`, status, 'Unauthorized');
  throw new K8sApiError(`${transport.where}: ${method} ${url.pathname}: ${said} (HTTP ${status})`, status, apiStatus?.reason);
}

async function readBody(response: IncomingMessage, transport: ApiTransport, path: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_RESPONSE_BYTES) {
        response.destroy();
        throw new UserError(`${transport.where}: GET ${path} answered more than ${MAX_RESPONSE_BYTES / 1048576} MiB`);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`${transport.where}: GET ${path}: the answer was cut (${(err as Error).message})`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseStatus(body: string): { message?: string; reason?: string } | undefined {
  try {
    const parsed = JSON.parse(body) as { kind?: string; message?: string; reason?: string };
    return parsed.kind === 'Status' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** `connect ECONNREFUSED 127.0.0.1:6443`, or the TLS problem in words. */
function describeNetworkError(err: NodeJS.ErrnoException): string {
  if (err.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || err.code === 'SELF_SIGNED_CERT_IN_CHAIN' || err.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' || err.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `TLS certificate not trusted (${err.code}): set certificate-authority-data for the cluster in the kubeconfig`;
  }
  return err.message.split('\n')[0];
}
