import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Authenticator, type Access } from './auth.js';
import type { Credentials } from './credentials.js';
import { DigestVerifier, requireSha256, sha256Digest } from './digest.js';
import { RegistryError } from './errors.js';
import { HttpTransport, errorDetail, type HttpRequest, type RetryPolicy } from './http.js';
import { parseManifest, type Descriptor, type ParsedManifest } from './manifest.js';
import { ALL_MANIFEST_TYPES } from './media-types.js';
import { registryBaseUrl } from './reference.js';

export interface RegistryClientOptions {
  /** Anonymous when absent. */
  credentials?: Credentials;
  /** A bearer token sent to the registry as is (`--registry-token`); credentials are then not used. */
  registryToken?: string;
  /** Plain http to a registry that is not on a loopback address. */
  insecure?: boolean;
  retry?: Partial<RetryPolicy>;
  headersTimeoutMs?: number;
  userAgent?: string;
  /** Request lines (method, URL without query, status); never headers or credentials. */
  onDebug?: (message: string) => void;
}

export interface FetchedManifest {
  /** sha256 of the bytes as served (verified against the digest asked for, if any). */
  digest: string;
  mediaType: string;
  bytes: Buffer;
  parsed: ParsedManifest;
}

/** Bytes in memory, or a file streamed from disk. */
export type BlobContent = Uint8Array | { file: string };

/** Manifests are small; a registry answering more is refused rather than buffered. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * A client of one registry speaking the OCI distribution API (Docker registry v2): manifests
 * and indexes by tag or digest, blobs streamed and verified, monolithic blob upload.
 * Authentication is negotiated per request (anonymous, Basic, Bearer token per repository).
 */
export class RegistryClient {
  readonly baseUrl: string;
  private readonly transport: HttpTransport;
  private readonly auth: Authenticator;

  constructor(readonly registry: string, options: RegistryClientOptions = {}) {
    this.baseUrl = registryBaseUrl(registry, options.insecure ?? false);
    this.transport = new HttpTransport({
      insecure: options.insecure ?? false,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.headersTimeoutMs !== undefined ? { headersTimeoutMs: options.headersTimeoutMs } : {}),
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...(options.onDebug ? { onDebug: options.onDebug } : {}),
    });
    this.auth = new Authenticator(this.transport, options.credentials, Date.now, options.registryToken);
  }

  /** `GET /v2/`: checks the registry answers and the credentials are accepted. */
  async ping(): Promise<void> {
    const response = await this.send(undefined, 'pull', { method: 'GET', url: `${this.baseUrl}/v2/` });
    await this.expect(response, [200], 'API check /v2/');
  }

  /** A manifest or index by tag or digest, its digest checked. */
  async getManifest(repository: string, reference: string, accept: readonly string[] = ALL_MANIFEST_TYPES): Promise<FetchedManifest> {
    const what = `manifest ${repository}:${reference}`;
    const byDigest = reference.includes(':');
    if (byDigest) requireSha256(reference, what);
    const response = await this.send(repository, 'pull', { method: 'GET', url: this.url(repository, 'manifests', reference), headers: { accept: accept.join(', ') } });
    if (response.status === 404) throw new RegistryError('not-found', `not found: ${what} (${await errorDetail(response)})`, 404);
    await this.expect(response, [200], what);
    const bytes = await readLimited(response, MAX_MANIFEST_BYTES, what);
    const digest = sha256Digest(bytes);
    // Parsed first: a schema 1 manifest is refused as such (its announced digest is the one of its unsigned payload).
    const parsed = parseManifest(bytes, response.headers.get('content-type'), what);
    const announced = response.headers.get('docker-content-digest');
    const wanted = byDigest ? reference : announced?.startsWith('sha256:') ? announced : undefined;
    if (wanted !== undefined && wanted !== digest) throw new RegistryError('digest-mismatch', `digest mismatch: ${what} has digest ${digest}, expected ${wanted}`);
    const mediaType = parsed.kind === 'manifest' ? parsed.manifest.mediaType : parsed.index.mediaType;
    return { digest, mediaType, bytes, parsed };
  }

  /** Stores a manifest (bytes exactly as given) under a tag or its digest; returns its digest. */
  async putManifest(repository: string, reference: string, bytes: Uint8Array, mediaType: string): Promise<string> {
    const digest = sha256Digest(bytes);
    const what = `manifest ${repository}:${reference}`;
    const response = await this.send(repository, 'push', {
      method: 'PUT',
      url: this.url(repository, 'manifests', reference),
      headers: { 'content-type': mediaType, 'content-length': String(bytes.length) },
      body: () => Buffer.from(bytes),
    });
    await this.expect(response, [201], `push of ${what}`);
    await response.body?.cancel().catch(() => {});
    const announced = response.headers.get('docker-content-digest');
    if (announced && announced !== digest) throw new RegistryError('digest-mismatch', `digest mismatch: the registry stored ${what} as ${announced}, the bytes sent are ${digest}`);
    return digest;
  }

  /** True when the repository holds the blob. */
  async hasBlob(repository: string, digest: string): Promise<boolean> {
    const response = await this.send(repository, 'pull', { method: 'HEAD', url: this.url(repository, 'blobs', digest) });
    if (response.status === 404) return false;
    await this.expect(response, [200], `blob ${digest}`);
    return true;
  }

  /**
   * Uploads a blob unless the repository has it: `POST …/blobs/uploads/`, then one `PUT` of the
   * whole content to the returned location with `?digest=`. The digest and size are the caller's
   * claim; the registry checks them.
   */
  async pushBlob(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, content: BlobContent): Promise<void> {
    requireSha256(descriptor.digest, `blob ${descriptor.digest}`);
    if (await this.hasBlob(repository, descriptor.digest)) return;
    const what = `upload of blob ${descriptor.digest} to ${repository}`;
    const started = await this.send(repository, 'push', { method: 'POST', url: `${this.baseUrl}/v2/${repository}/blobs/uploads/`, headers: { 'content-length': '0' } });
    await this.expect(started, [202], what);
    await started.body?.cancel().catch(() => {});
    const location = started.headers.get('location');
    if (!location) throw new RegistryError('protocol', `${what}: the registry gave no upload location`);
    const upload = new URL(location, this.baseUrl).href;
    const target = `${upload}${upload.includes('?') ? '&' : '?'}digest=${encodeURIComponent(descriptor.digest)}`;
    const body = 'file' in content ? () => Readable.toWeb(createReadStream(content.file)) as unknown as BodyInit : () => Buffer.from(content);
    const finished = await this.send(repository, 'push', {
      method: 'PUT',
      url: target,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(descriptor.size) },
      body,
    });
    if (finished.status === 400) throw new RegistryError('digest-mismatch', `${what}: refused (${await errorDetail(finished)})`, 400);
    await this.expect(finished, [201, 204], what);
    await finished.body?.cancel().catch(() => {});
  }

  /** A blob as a stream that fails when its content does not match the descriptor. */
  async openBlob(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>): Promise<Readable> {
    const what = `blob ${descriptor.digest}`;
    const verifier = new DigestVerifier(descriptor.digest, descriptor.size, what);
    const response = await this.send(repository, 'pull', { method: 'GET', url: this.url(repository, 'blobs', descriptor.digest) });
    if (response.status === 404) throw new RegistryError('not-found', `not found: ${what} in ${repository} (${await errorDetail(response)})`, 404);
    await this.expect(response, [200], what);
    if (!response.body) throw new RegistryError('protocol', `${what}: empty response`);
    const source = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
    source.on('error', (err) => verifier.destroy(err));
    return source.pipe(verifier);
  }

  /** Downloads a blob to `file`, verified; nothing is left at `file` when it fails. */
  async downloadBlob(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, file: string): Promise<void> {
    try {
      await pipeline(await this.openBlob(repository, descriptor), createWriteStream(file));
    } catch (err) {
      await rm(file, { force: true });
      throw err;
    }
  }

  /** A small blob (a config) in memory, verified; larger than `maxBytes` is refused. */
  async getBlobBytes(repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, maxBytes = MAX_MANIFEST_BYTES): Promise<Buffer> {
    if (descriptor.size > maxBytes) throw new RegistryError('protocol', `blob ${descriptor.digest}: ${descriptor.size} bytes, more than the ${maxBytes} expected`);
    const chunks: Buffer[] = [];
    for await (const chunk of await this.openBlob(repository, descriptor)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  private url(repository: string, kind: 'manifests' | 'blobs', reference: string): string {
    return `${this.baseUrl}/v2/${repository}/${kind}/${encodeURIComponent(reference).replace(/%3A/gi, ':')}`;
  }

  /** Sends with authorization: on a 401 the challenge is answered once, then the request is repeated. */
  private async send(repository: string | undefined, access: Access, request: HttpRequest): Promise<Response> {
    for (let round = 0; ; round++) {
      const authorization = await this.auth.authorization(repository, access);
      const response = await this.transport.send({ ...request, ...(authorization ? { authorization } : {}) });
      if (response.status !== 401) return response;
      const challenge = response.headers.get('www-authenticate');
      const detail = await errorDetail(response);
      if (round > 0) throw this.auth.refused(detail);
      await this.auth.challenged(challenge, repository, access, detail);
    }
  }

  private async expect(response: Response, statuses: number[], what: string): Promise<void> {
    if (statuses.includes(response.status)) return;
    const detail = await errorDetail(response);
    if (response.status === 403) throw new RegistryError('unauthorized', `denied: ${what} (${detail})`, 403);
    if (response.status === 404) throw new RegistryError('not-found', `not found: ${what} (${detail})`, 404);
    throw new RegistryError('protocol', `${what} failed: ${detail}`, response.status);
  }
}

/** The response body, refusing more than `limit` bytes. */
async function readLimited(response: Response, limit: number, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await response.body?.cancel().catch(() => {});
    throw new RegistryError('protocol', `${what}: ${declared} bytes, more than the ${limit} allowed`);
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>)) {
    total += (chunk as Uint8Array).length;
    if (total > limit) throw new RegistryError('protocol', `${what}: more than the ${limit} bytes allowed`);
    chunks.push(chunk as Uint8Array);
  }
  return Buffer.concat(chunks);
}
