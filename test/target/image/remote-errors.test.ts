/**
 * Registry failures the registry image source turns into one line naming the image and the
 * registry: nothing listening, a server that never answers, 500s after the retries, a manifest
 * type that is not an image. These need servers misbehaving on purpose: small ones on 127.0.0.1.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { RegistryError } from '../../../src/oci/errors.js';
import { UserError } from '../../../src/errors.js';
import { openRemoteImage, type RemoteImageOptions } from '../../../src/target/image/sources/remote.js';
import { tempDir } from '../../support/temp.js';

const fastRetry = { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 };
const options = (extra: Partial<RemoteImageOptions> = {}): RemoteImageOptions => ({ tempDir: tempDir(), env: { DOCKER_CONFIG: tempDir() }, retry: fastRetry, ...extra });

/** An HTTP server on 127.0.0.1 for this file; returns its `host:port`. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const oneLine = (err: Error) => assert.ok(!err.message.includes('\n'), 'one line');

test('nothing listening: a network error naming the image and the registry, after the bounded retries', async () => {
  const unused = createServer();
  await new Promise<void>((resolve) => unused.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(unused.address() as AddressInfo).port}`;
  await new Promise((resolve) => unused.close(resolve));
  await assert.rejects(openRemoteImage(`${host}/test/x:1`, options()), (err: unknown) => {
    assert.ok(err instanceof RegistryError);
    assert.equal(err.kind, 'network');
    assert.equal(err.message, `${host}/test/x:1: registry ${host} unreachable (cannot reach http://${host}: ECONNREFUSED)`);
    return true;
  });
});

test('a server that accepts connections and never answers: the headers timeout ends it', async () => {
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  after(() => new Promise<void>((resolve) => {
    for (const socket of sockets) socket.destroy();
    silent.close(() => resolve());
  }));
  const host = `127.0.0.1:${(silent.address() as AddressInfo).port}`;
  await assert.rejects(openRemoteImage(`${host}/test/x:1`, options({ headersTimeoutMs: 200 })), (err: unknown) => {
    assert.ok(err instanceof RegistryError);
    assert.equal(err.kind, 'network');
    assert.equal(err.message, `${host}/test/x:1: registry ${host} unreachable (cannot reach http://${host}: no response within 0.2 s)`);
    return true;
  });
  assert.ok(sockets.size <= fastRetry.attempts);
});

test('500s: retried, then one line with the registry\'s words', async () => {
  let calls = 0;
  const host = await serve((_req, res) => {
    calls++;
    res.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[{"code":"UNKNOWN","message":"storage backend down"}]}');
  });
  await assert.rejects(openRemoteImage(`${host}/test/x:1`, options()), (err: unknown) => {
    assert.ok(err instanceof RegistryError);
    assert.equal(err.message, `${host}/test/x:1: manifest test/x:1 failed: HTTP 500 UNKNOWN: storage backend down`);
    oneLine(err);
    return true;
  });
  assert.equal(calls, fastRetry.attempts);
});

test('a manifest media type that is not an image is refused, naming it', async () => {
  const body = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.example.bundle.v1+json', parts: [] });
  const host = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/vnd.example.bundle.v1+json' }).end(body);
  });
  await assert.rejects(openRemoteImage(`${host}/test/x:1`, options()), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.match(err.message, /^127\.0\.0\.1:\d+\/test\/x:1: not a container image \(.*unsupported manifest media type "application\/vnd\.example\.bundle\.v1\+json"\); picket reads OCI and Docker v2 image manifests and indexes$/);
    return true;
  });
});

test('invalid references are refused before any request', async () => {
  await assert.rejects(openRemoteImage('127.0.0.1:1/Bad Name:1', options()), /invalid reference/);
  await assert.rejects(openRemoteImage('', options()), /empty image reference/);
});
