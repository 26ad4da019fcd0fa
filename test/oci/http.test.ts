/**
 * Client behaviour a well-behaved registry never shows: 429/5xx with retries, redirects to blob
 * storage on another origin, content that does not match its digest. Served by small fake
 * registries on 127.0.0.1.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseChallenges } from '../../src/oci/auth.js';
import { RegistryClient } from '../../src/oci/client.js';
import { sha256Digest } from '../../src/oci/digest.js';
import { RegistryError } from '../../src/oci/errors.js';
import { HttpTransport } from '../../src/oci/http.js';
import { MediaType } from '../../src/oci/media-types.js';
import { tempDir } from '../support/temp.js';

/** An HTTP server on 127.0.0.1 for this file; returns its `host:port`. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const fastRetry = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };
const manifestBody = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: { mediaType: MediaType.ociEmpty, digest: sha256Digest(Buffer.from('{}')), size: 2 }, layers: [] }));

test('WWW-Authenticate: several schemes, quoted values with commas and escapes', () => {
  assert.deepEqual(parseChallenges('Bearer realm="https://auth.example.org/token",service="registry.example.org",scope="repository:a/b:pull,push"'), [
    { scheme: 'bearer', params: { realm: 'https://auth.example.org/token', service: 'registry.example.org', scope: 'repository:a/b:pull,push' } },
  ]);
  assert.deepEqual(parseChallenges('Basic realm="r \\"q\\"", Bearer realm=https://x/token, error=insufficient_scope'), [
    { scheme: 'basic', params: { realm: 'r "q"' } },
    { scheme: 'bearer', params: { realm: 'https://x/token', error: 'insufficient_scope' } },
  ]);
  assert.deepEqual(parseChallenges(''), []);
});

test('retries 429 and 5xx with backoff, then succeeds; gives up after the bounded number of tries', async () => {
  let calls = 0;
  const host = await serve((req, res) => {
    calls++;
    if (req.url!.includes('flaky') && calls <= 2) {
      res.writeHead(calls === 1 ? 429 : 503, { 'retry-after': '0' }).end();
      return;
    }
    if (req.url!.includes('broken')) {
      res.writeHead(502).end('{"errors":[{"code":"UNAVAILABLE","message":"upstream down"}]}');
      return;
    }
    res.writeHead(200, { 'content-type': MediaType.ociManifest }).end(manifestBody);
  });
  const client = new RegistryClient(host, { retry: fastRetry });
  const fetched = await client.getManifest('flaky/repo', 'v1');
  assert.equal(fetched.digest, sha256Digest(manifestBody));
  assert.equal(calls, 3);
  calls = 0;
  await assert.rejects(client.getManifest('broken/repo', 'v1'), (err: unknown) => err instanceof RegistryError && err.kind === 'protocol' && err.status === 502 && /HTTP 502 UNAVAILABLE: upstream down/.test(err.message));
  assert.equal(calls, fastRetry.attempts);
});

test('follows a blob redirect to another origin without sending Authorization there', async () => {
  const blob = Buffer.from('blob content from storage');
  const digest = sha256Digest(blob);
  const seen: { where: string; authorization: string | undefined }[] = [];
  const storage = await serve((req, res) => {
    seen.push({ where: 'storage', authorization: req.headers.authorization });
    res.writeHead(200).end(blob);
  });
  const registry = await serve((req, res) => {
    seen.push({ where: 'registry', authorization: req.headers.authorization });
    if (!req.headers.authorization) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="fake"' }).end();
      return;
    }
    res.writeHead(307, { location: `http://${storage}/signed/${digest}?sig=abc` }).end();
  });
  const client = new RegistryClient(registry, { retry: fastRetry, credentials: { username: 'u', password: 'p' } });
  assert.deepEqual(await client.getBlobBytes('a/b', { digest, size: blob.length }), blob);
  assert.deepEqual(seen.map((s) => [s.where, s.authorization !== undefined]), [['registry', false], ['registry', true], ['storage', false]]);
});

test('content that does not match its digest is refused, and a failed download leaves no file', async () => {
  const claimed = Buffer.from('the real content');
  const served = Buffer.from('tampered content');
  const host = await serve((req, res) => {
    if (req.url!.includes('/manifests/')) {
      res.writeHead(200, { 'content-type': MediaType.ociManifest, 'docker-content-digest': sha256Digest(Buffer.from('other')) }).end(manifestBody);
      return;
    }
    res.writeHead(200).end(served);
  });
  const client = new RegistryClient(host, { retry: fastRetry });
  const file = join(tempDir(), 'blob');
  await assert.rejects(client.downloadBlob('a/b', { digest: sha256Digest(claimed), size: claimed.length }, file), (err: unknown) => err instanceof RegistryError && err.kind === 'digest-mismatch' && /content has digest sha256:/.test(err.message));
  assert.equal(existsSync(file), false);
  await assert.rejects(client.getManifest('a/b', 'v1'), (err: unknown) => err instanceof RegistryError && err.kind === 'digest-mismatch');
  await assert.rejects(client.getManifest('a/b', sha256Digest(Buffer.from('asked for'))), (err: unknown) => err instanceof RegistryError && err.kind === 'digest-mismatch');
});

test('plain http only to loopback hosts unless insecure; unreachable registries are a network error after retries', async () => {
  assert.equal(new HttpTransport().allows(new URL('http://10.1.2.3:5000/v2/')), false);
  assert.equal(new HttpTransport().allows(new URL('http://127.0.0.1:5000/v2/')), true);
  assert.equal(new HttpTransport().allows(new URL('https://10.1.2.3/v2/')), true);
  assert.equal(new HttpTransport({ insecure: true }).allows(new URL('http://10.1.2.3:5000/v2/')), true);
  assert.equal(new RegistryClient('registry.example.org:5000', { insecure: true }).baseUrl, 'http://registry.example.org:5000');
  // A port the kernel just handed out and that nothing listens on any more.
  const unused = createServer();
  await new Promise<void>((resolve) => unused.listen(0, '127.0.0.1', resolve));
  const freePort = (unused.address() as AddressInfo).port;
  await new Promise((resolve) => unused.close(resolve));
  const client = new RegistryClient(`127.0.0.1:${freePort}`, { retry: fastRetry });
  await assert.rejects(client.ping(), (err: unknown) => err instanceof RegistryError && err.kind === 'network' && /cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/.test(err.message));
});

test('a redirect from a registry to plain http elsewhere is refused (no https downgrade, no cleartext to other hosts)', async () => {
  const host = await serve((_req, res) => {
    res.writeHead(302, { location: 'http://10.255.255.1:9/blob' }).end();
  });
  const client = new RegistryClient(host, { retry: fastRetry });
  await assert.rejects(client.getBlobBytes('a/b', { digest: sha256Digest(Buffer.from('x')), size: 1 }), (err: unknown) => err instanceof RegistryError && /refusing plain http to 10\.255\.255\.1:9/.test(err.message));
});
