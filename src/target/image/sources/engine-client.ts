import { request, type IncomingMessage } from 'node:http';
import type { EngineEndpoint } from './engine-host.js';

/**
 * The engine could not be talked to at all (no socket, refused, no answer in time), as opposed to
 * an HTTP answer with an error status. `reason` is short and fit for a message.
 */
export class EngineConnectionError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'EngineConnectionError';
  }
}

/**
 * Sends `GET path` (unversioned: the engine answers in its own API version; Docker and podman's
 * compat API both serve unversioned paths) over a unix socket or plain TCP, one connection per
 * request. Resolves with the response whatever its status; rejects with EngineConnectionError when
 * the engine cannot be reached or goes quiet for `idleTimeoutMs` before answering.
 */
export function engineGet(endpoint: EngineEndpoint, path: string, idleTimeoutMs?: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const target = 'socketPath' in endpoint ? { socketPath: endpoint.socketPath } : { host: endpoint.hostname, port: endpoint.port };
    const req = request({ ...target, path, method: 'GET', agent: false, headers: { Host: 'docker', Accept: 'application/json, application/x-tar' } });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      req.setTimeout(0);
      resolve(res);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (!answered) reject(err instanceof EngineConnectionError ? err : new EngineConnectionError(describeConnectError(err)));
    });
    if (idleTimeoutMs !== undefined) {
      req.setTimeout(idleTimeoutMs, () => req.destroy(new EngineConnectionError(`no answer within ${Math.round(idleTimeoutMs / 1000)} s`)));
    }
    req.end();
  });
}

/** Reads a JSON answer (at most `limit` bytes; engine answers to inspect are a few KB). */
export async function readJson(res: IncomingMessage, limit = 16 * 1024 * 1024): Promise<unknown> {
  const text = await readText(res, limit);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new EngineConnectionError(`answered HTTP ${res.statusCode} with a body that is not JSON`);
  }
}

/** The engine's error message of a non-2xx answer (`{"message": …}`), or the start of its body. */
export async function readErrorMessage(res: IncomingMessage): Promise<string> {
  const text = await readText(res, 64 * 1024).catch(() => '');
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string' && body.message !== '') return body.message;
  } catch {
    // Not JSON: a proxy or something else answered; show what it said.
  }
  return text.trim().slice(0, 200) || `HTTP ${res.statusCode}`;
}

async function readText(res: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      res.destroy();
      throw new EngineConnectionError(`answered with more than ${limit} bytes where a small JSON document was expected`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeConnectError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such socket';
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTSOCK':
      return 'not a socket';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name not found';
    default:
      return err.code ? `${err.code}: ${err.message}` : err.message;
  }
}
