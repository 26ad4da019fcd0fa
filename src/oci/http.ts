import { setTimeout as sleep } from 'node:timers/promises';
import { RegistryError } from './errors.js';
import { isLoopbackHost } from './reference.js';
import { fetchWithoutTlsVerification } from './unverified-tls-fetch.js';

/** How often and how patiently a request is repeated after 429, 5xx or a network failure. */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  /** Upper bound of one wait, Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 300, maxDelayMs: 8_000 };

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** Sent to the origin of `url` only; dropped when a redirect leads to another host. */
  authorization?: string;
  /** Makes a fresh body for each try and redirect (a stream can be read only once). */
  body?: () => BodyInit;
}

export interface HttpTransportOptions {
  retry?: Partial<RetryPolicy>;
  /** Allow plain http to hosts that are not loopback, and https with certificates that are not trusted (self-signed). */
  insecure?: boolean;
  /** Time to wait for response headers (the body may take longer). */
  headersTimeoutMs?: number;
  userAgent?: string;
  onDebug?: (message: string) => void;
}

/**
 * fetch with what registries need: redirects followed by hand (Authorization kept only on the
 * same origin, no https -> http downgrade), bounded retries with exponential backoff and
 * Retry-After, a timeout for the response headers, and plain http only where allowed.
 *
 * Where plain http is allowed (loopback, `insecure`) but the server speaks https only (it answers
 * "Client sent an HTTP request to an HTTPS server"), that origin is used over https from then on.
 * With `insecure`, https certificates are not verified; without it, an untrusted certificate is
 * one error that says so (never retried).
 */
export class HttpTransport {
  private readonly retry: RetryPolicy;
  private readonly insecure: boolean;
  private readonly headersTimeoutMs: number;
  private readonly userAgent: string;
  private readonly debug: (message: string) => void;
  /** `http://host:port` origins found to speak https only. */
  private readonly httpsOnlyOrigins = new Set<string>();

  constructor(options: HttpTransportOptions = {}) {
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.insecure = options.insecure ?? false;
    this.headersTimeoutMs = options.headersTimeoutMs ?? 60_000;
    this.userAgent = options.userAgent ?? 'picket';
    this.debug = options.onDebug ?? (() => {});
  }

  /** True when `url` may be used: https, or http to a loopback host or with `insecure`. */
  allows(url: URL): boolean {
    return url.protocol === 'https:' || (url.protocol === 'http:' && (this.insecure || isLoopbackHost(url.host)));
  }

  async send(request: HttpRequest): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.retry.attempts;
      let response: Response;
      try {
        response = await this.followRedirects(request);
      } catch (err) {
        if (err instanceof RegistryError) throw err;
        if (last) throw networkError(this.upgraded(new URL(request.url)).origin, err);
        const wait = this.backoff(attempt);
        this.debug(`${request.method} ${describe(request.url)}: ${causeOf(err)}; retrying in ${wait} ms`);
        await sleep(wait);
        continue;
      }
      if (!RETRY_STATUSES.has(response.status) || last) return response;
      await response.body?.cancel().catch(() => {});
      const wait = this.backoff(attempt, response.headers.get('retry-after'));
      this.debug(`${request.method} ${describe(request.url)}: HTTP ${response.status}; retrying in ${wait} ms`);
      await sleep(wait);
    }
  }

  private async followRedirects(request: HttpRequest): Promise<Response> {
    let url = this.upgraded(new URL(request.url));
    let origin = url.origin;
    let method = request.method;
    let body = request.body;
    for (let hop = 0; ; hop++) {
      if (!this.allows(url)) throw new RegistryError('protocol', `refusing plain http to ${url.host} (use https, or --insecure for a registry you trust)`);
      const headers: Record<string, string> = { 'user-agent': this.userAgent, ...request.headers };
      // Credentials go to the origin they were meant for, never to blob storage elsewhere.
      if (request.authorization && url.origin === origin) headers.authorization = request.authorization;
      let response: Response;
      try {
        response = await this.fetchWithTimeout(url, method, headers, body);
      } catch (err) {
        // An untrusted certificate stays untrusted: no retry.
        if (isCertificateError(err)) throw certificateError(url.host, err);
        throw err;
      }
      this.debug(`${method} ${describe(url.href)} -> ${response.status}`);
      if (url.protocol === 'http:' && response.status === 400) {
        const checked = await httpsOnlyAnswer(response);
        if (checked === 'https-only') {
          this.debug(`${url.host} speaks https only; using https`);
          this.httpsOnlyOrigins.add(url.origin);
          const upgraded = this.upgraded(url);
          if (url.origin === origin) origin = upgraded.origin;
          url = upgraded;
          hop--; // the same hop again, over https
          continue;
        }
        response = checked;
      }
      const location = response.headers.get('location');
      if (!REDIRECT_STATUSES.has(response.status) || !location) return response;
      if (hop >= MAX_REDIRECTS) throw new RegistryError('protocol', `${describe(request.url)}: more than ${MAX_REDIRECTS} redirects`);
      await response.body?.cancel().catch(() => {});
      const next = new URL(location, url);
      if (url.protocol === 'https:' && next.protocol !== 'https:') throw new RegistryError('protocol', `${describe(request.url)}: redirect from https to ${next.protocol.replace(':', '')} refused`);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = method === 'HEAD' ? 'HEAD' : 'GET';
        body = undefined;
      }
      url = next;
    }
  }

  private async fetchWithTimeout(url: URL, method: string, headers: Record<string, string>, body: (() => BodyInit) | undefined): Promise<Response> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error(`no response within ${this.headersTimeoutMs / 1000} s`)), this.headersTimeoutMs);
    try {
      if (url.protocol === 'https:' && this.insecure) {
        return await fetchWithoutTlsVerification(url, { method, headers, signal: controller.signal, ...(body ? { body: body() } : {}) });
      }
      const init: RequestInit & { duplex?: 'half' } = { method, headers, redirect: 'manual', signal: controller.signal };
      if (body) {
        init.body = body();
        init.duplex = 'half';
      }
      return await fetch(url, init);
    } finally {
      clearTimeout(timer);
    }
  }

  /** `url` over https when its http origin was found to speak https only. */
  private upgraded(url: URL): URL {
    if (url.protocol !== 'http:' || !this.httpsOnlyOrigins.has(url.origin)) return url;
    const next = new URL(url.href);
    next.protocol = 'https:';
    return next;
  }

  private backoff(attempt: number, retryAfter?: string | null): number {
    const seconds = retryAfter && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) : undefined;
    const exponential = this.retry.baseDelayMs * 2 ** (attempt - 1);
    const wait = seconds !== undefined ? seconds * 1000 : exponential * (0.75 + Math.random() / 2);
    return Math.round(Math.min(wait, this.retry.maxDelayMs));
  }
}

/** A URL fit for messages and logs: no user info, no query (upload URLs carry state tokens). */
export function describe(url: string | URL): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}

function networkError(origin: string, err: unknown): RegistryError {
  return new RegistryError('network', `cannot reach ${origin}: ${causeOf(err)}`);
}

/** OpenSSL's verification failures (self-signed, unknown CA, expired, wrong name): retrying cannot help. */
const CERTIFICATE_ERROR = /^(?:ERR_TLS_CERT_ALTNAME_INVALID|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(?:GET|VERIFY|DECRYPT)_\w+|CERT_\w+|INVALID_CA|HOSTNAME_MISMATCH)$/;

function certificateCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CERTIFICATE_ERROR.test(code)) return code;
  }
  return undefined;
}

function isCertificateError(err: unknown): boolean {
  return certificateCode(err) !== undefined;
}

function certificateError(host: string, err: unknown): RegistryError {
  const cause = (err as { cause?: { message?: unknown } }).cause;
  const reason = typeof cause?.message === 'string' ? `: ${cause.message}` : '';
  return new RegistryError('network', `the TLS certificate of ${host} is not trusted (${certificateCode(err)}${reason}); use --insecure if you trust this registry`);
}

/** What TLS servers answer to plain http: Go's net/http (docker registry) and nginx. */
const HTTPS_ONLY_ANSWER = /sent an HTTP request to an HTTPS server|plain HTTP request was sent to HTTPS port/i;

/**
 * Reads a 400 answer to plain http: `https-only` when it is a TLS server's complaint, else the
 * same response, its (small) body kept readable.
 */
async function httpsOnlyAnswer(response: Response): Promise<Response | 'https-only'> {
  const text = await response.text().catch(() => '');
  if (HTTPS_ONLY_ANSWER.test(text.slice(0, 1000))) return 'https-only';
  return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * The registry's own words for a failed request (`{"errors":[{"code","message"}]}`), short and on
 * one line; falls back to the HTTP status.
 */
export async function errorDetail(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { errors?: { code?: unknown; message?: unknown }[] };
    const first = parsed.errors?.[0];
    if (first && (typeof first.code === 'string' || typeof first.message === 'string')) {
      return `HTTP ${response.status} ${[first.code, first.message].filter((s) => typeof s === 'string' && s !== '').join(': ').slice(0, 200)}`;
    }
  } catch {
    // not the registry error format
  }
  return `HTTP ${response.status}`;
}
