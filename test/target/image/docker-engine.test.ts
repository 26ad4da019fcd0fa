/**
 * The Docker engine image source against a real dockerd (Debian docker.io 20.10, started by
 * test/support/dockerd.ts on a private socket): images built with `docker build`, pushed with
 * `docker push` to a real registry, opened by tag, id, short id and digest.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { Parser } from 'tar';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { EngineError, EngineUnavailableError, ImageNotFoundError, isEngineMiss, openDockerEngineImage } from '../../../src/target/image/sources/docker-engine.js';
import type { ImageLayer, ImageSource } from '../../../src/target/image/types.js';
import { DockerdUnavailable, startDockerd, type TestDockerd } from '../../support/dockerd.js';
import { startRegistry } from '../../support/registry.js';
import { tempDir } from '../../support/temp.js';

const run = promisify(execFile);

// Started at the top level: dockerd (and its mounts and directory) goes when this file ends,
// whether its tests pass or not.
const started = await startDockerd().catch((err: unknown) => {
  if (err instanceof DockerdUnavailable) return err;
  throw err;
});
const skip = started instanceof DockerdUnavailable ? `dockerd cannot run here: ${started.message}` : false;
const dockerd = started instanceof DockerdUnavailable ? undefined : started;
if (dockerd) console.log(`dockerd (${dockerd.storageDriver}) answered /_ping ${dockerd.startSeconds.toFixed(2)} s after spawn`);

/** A two-layer image from scratch: /hello.txt, then /etc/hi.txt. */
async function buildTiny(engine: TestDockerd, tag: string): Promise<string> {
  const context = join(tempDir('picket-engine-ctx-'), 'ctx');
  mkdirSync(context);
  writeFileSync(join(context, 'hello.txt'), 'hello from picket\n');
  writeFileSync(join(context, 'hi.txt'), `hi ${tag}\n`);
  writeFileSync(join(context, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /hello.txt\nCOPY hi.txt /etc/hi.txt\nLABEL org.example.test=picket\n');
  await engine.docker(['build', '--network', 'none', '--quiet', '-t', tag, context]);
  return (await engine.docker(['image', 'inspect', '--format', '{{.Id}}', tag])).stdout.trim();
}

/**
 * A two-layer image made without Docker and loaded with `docker load`: umoci packs a rootfs
 * (etc/hi.txt, etc/gone.txt), then a layer that deletes etc/gone.txt (a whiteout); skopeo writes
 * the docker-archive.
 */
async function loadWhiteoutImage(engine: TestDockerd, tag: string): Promise<void> {
  const dir = tempDir('picket-engine-umoci-');
  const layout = join(dir, 'layout');
  const bundle = join(dir, 'bundle');
  await run('umoci', ['init', '--layout', layout]);
  await run('umoci', ['new', '--image', `${layout}:t`]);
  await run('umoci', ['unpack', '--rootless', '--image', `${layout}:t`, bundle]);
  mkdirSync(join(bundle, 'rootfs', 'etc'));
  writeFileSync(join(bundle, 'rootfs', 'etc', 'hi.txt'), 'hi\n');
  writeFileSync(join(bundle, 'rootfs', 'etc', 'gone.txt'), 'deleted in layer 2\n');
  await run('umoci', ['repack', '--image', `${layout}:t`, bundle]);
  rmSync(bundle, { recursive: true });
  // repack diffs against the last unpack: unpack again before the second layer.
  await run('umoci', ['unpack', '--rootless', '--image', `${layout}:t`, bundle]);
  rmSync(join(bundle, 'rootfs', 'etc', 'gone.txt'));
  await run('umoci', ['repack', '--image', `${layout}:t`, bundle]);
  const archive = join(dir, 'image.tar');
  await run('skopeo', ['copy', '--quiet', `oci:${layout}:t`, `docker-archive:${archive}:${tag}`]);
  await engine.docker(['load', '--quiet', '-i', archive]);
}

const imageTag = 'test/tiny:1';
let imageId = '';
// In a hook, not at the top level: a failure here fails the tests and still runs after().
before(async () => {
  if (dockerd) imageId = await buildTiny(dockerd, imageTag);
});

/** sha256 and the names of non-directory entries of a layer's uncompressed tar (gzip sniffed, as the layer reader does). */
async function readLayer(layer: ImageLayer): Promise<{ diffId: string; entries: string[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of await layer.open()) chunks.push(chunk as Buffer);
  const blob = Buffer.concat(chunks);
  const tar = blob[0] === 0x1f && blob[1] === 0x8b ? gunzipSync(blob) : blob;
  const entries: string[] = [];
  const parser = new Parser({ onReadEntry: (entry) => { if (entry.type !== 'Directory') entries.push(entry.path); entry.resume(); } });
  await new Promise<void>((resolve) => parser.end(tar, resolve));
  return { diffId: `sha256:${createHash('sha256').update(tar).digest('hex')}`, entries };
}

async function assertTinyImage(image: ImageSource): Promise<void> {
  assert.equal(image.kind, 'docker');
  assert.equal(image.imageId, imageId);
  const diffIds = image.config.rootfs?.diff_ids ?? [];
  assert.equal(diffIds.length, 2);
  assert.equal(image.layers.length, 2);
  assert.equal(image.config.config?.Labels?.['org.example.test'], 'picket');
  const layers = [];
  for (const [i, layer] of image.layers.entries()) {
    assert.equal(layer.diffId, diffIds[i]);
    const read = await readLayer(layer);
    assert.equal(read.diffId, diffIds[i], `layer ${i} hashes to its config diff_id`);
    layers.push(read.entries);
  }
  assert.deepEqual(layers, [['hello.txt'], ['etc/hi.txt']]);
}

/** Opens, checks, closes; the exported tar is gone from the temp dir afterwards. */
async function openAndClose<T>(reference: string, check: (image: ImageSource) => Promise<T>, host = dockerd!.host): Promise<T> {
  const dir = tempDir('picket-engine-tmp-');
  const image = await openDockerEngineImage(reference, { host, tempDir: dir });
  try {
    assert.equal(readdirSync(dir).length, 1, 'one exported tar while open');
    return await check(image);
  } finally {
    await image.close();
    assert.deepEqual(readdirSync(dir), [], 'close() removes the exported tar');
  }
}

const isError = (type: abstract new (...args: never[]) => Error, ...patterns: RegExp[]) => (err: unknown) => {
  assert.ok(err instanceof type, `expected ${type.name}, got ${String(err)}`);
  for (const pattern of patterns) assert.match(err.message, pattern);
  assert.ok(!err.message.includes('\n'), 'one line');
  return true;
};

test('opens a built image by tag: id, tags, no digests (never pushed), layers hash to their diff_ids', { skip }, async () => {
  await openAndClose(imageTag, async (image) => {
    assert.equal(image.name, imageTag);
    assert.deepEqual(image.repoTags, [imageTag]);
    assert.deepEqual(image.repoDigests, []);
    await assertTinyImage(image);
  });
});

test('opens the same image by full id and by short id; the engine still names its tags', { skip }, async () => {
  for (const reference of [imageId, imageId.slice('sha256:'.length, 'sha256:'.length + 12)]) {
    await openAndClose(reference, async (image) => {
      assert.equal(image.name, reference);
      assert.deepEqual(image.repoTags, [imageTag]);
      await assertTinyImage(image);
    });
  }
});

test('an image pushed to a registry has its repo digest, and opens by that digest', { skip }, async () => {
  const registry = await startRegistry('open');
  const pushedTag = `${registry.host}/test/tiny:1`;
  await dockerd!.docker(['tag', imageTag, pushedTag]);
  await dockerd!.docker(['push', '--quiet', pushedTag]);
  const response = await fetch(`http://${registry.host}/v2/test/tiny/manifests/1`, { method: 'HEAD', headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' } });
  const manifestDigest = response.headers.get('docker-content-digest');
  assert.match(manifestDigest ?? '', /^sha256:[a-f0-9]{64}$/);
  const repoDigest = `${registry.host}/test/tiny@${manifestDigest}`;
  await openAndClose(repoDigest, async (image) => {
    assert.deepEqual(image.repoDigests, [repoDigest]);
    assert.deepEqual([...image.repoTags].sort(), [pushedTag, imageTag].sort());
    await assertTinyImage(image);
  });
  await dockerd!.docker(['rmi', pushedTag]);
});

test('opens an image made by umoci and loaded with docker load; the whiteout layer keeps its .wh. entry', { skip }, async () => {
  const tag = 'test/loaded:1';
  await loadWhiteoutImage(dockerd!, tag);
  const id = (await dockerd!.docker(['image', 'inspect', '--format', '{{.Id}}', tag])).stdout.trim();
  await openAndClose(tag, async (image) => {
    assert.equal(image.imageId, id);
    assert.deepEqual(image.repoTags, [tag]);
    assert.deepEqual(image.repoDigests, []);
    assert.equal(image.layers.length, 2);
    const read = await Promise.all(image.layers.map(readLayer));
    assert.deepEqual(read.map((r) => r.diffId), image.config.rootfs?.diff_ids);
    assert.deepEqual(read.map((r) => r.entries.sort()), [['etc/gone.txt', 'etc/hi.txt'], ['etc/.wh.gone.txt']]);
  });
});

test('DOCKER_HOST is the default engine host', { skip }, async () => {
  const saved = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = dockerd!.host;
  try {
    const dir = tempDir('picket-engine-tmp-');
    const image = await openDockerEngineImage(imageTag, { tempDir: dir });
    assert.equal(image.imageId, imageId);
    await image.close();
  } finally {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  }
});

test('a tcp:// host reaches the same engine (through a loopback forwarder to its socket)', { skip }, async (t) => {
  const server: Server = createServer((client) => {
    const upstream = createConnection(dockerd!.socketPath);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  await openAndClose(imageTag, assertTinyImage, `tcp://127.0.0.1:${port}`);
});

test('an image the engine does not have: ImageNotFoundError naming the image and the engine host', { skip }, async () => {
  const dir = tempDir('picket-engine-tmp-');
  await assert.rejects(
    openDockerEngineImage('test/does-not-exist:9', { host: dockerd!.host, tempDir: dir }),
    isError(ImageNotFoundError, /^image "test\/does-not-exist:9" not found in the Docker engine at unix:\/\/\/\S+\/docker\.sock$/),
  );
  await assert.rejects(openDockerEngineImage('test/does-not-exist:9', { host: dockerd!.host, tempDir: dir }), (err: unknown) => isEngineMiss(err));
  assert.deepEqual(readdirSync(dir), []);
});

test('a socket that does not exist: EngineUnavailableError naming the image and the host', async () => {
  const host = `unix://${join(tempDir('picket-engine-nosock-'), 'docker.sock')}`;
  await assert.rejects(
    openDockerEngineImage('test/tiny:1', { host, tempDir: tempDir() }),
    isError(EngineUnavailableError, new RegExp(`^cannot reach the Docker engine at ${host.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} for image "test/tiny:1": no such socket$`)),
  );
});

test('a tcp:// host where nothing listens: EngineUnavailableError (connection refused)', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  await assert.rejects(
    openDockerEngineImage('alpine:3.19', { host: `tcp://127.0.0.1:${port}`, tempDir: tempDir() }),
    isError(EngineUnavailableError, new RegExp(`^cannot reach the Docker engine at tcp://127\\.0\\.0\\.1:${port} for image "alpine:3\\.19": connection refused$`)),
  );
});

test('hosts picket cannot speak to are unavailable, not fatal; bad references are EngineErrors that hide credentials', async () => {
  await assert.rejects(openDockerEngineImage('alpine', { host: 'ssh://me@build-host', tempDir: tempDir() }), isError(EngineUnavailableError, /ssh:\/\/ engine hosts are not supported/));
  await assert.rejects(openDockerEngineImage('user:s3cret@registry.example/x', { host: 'unix:///nonexistent.sock', tempDir: tempDir() }), (err: unknown) => {
    isError(EngineError, /"@" must be followed by a digest/)(err);
    assert.ok(!isEngineMiss(err));
    assert.ok(!(err as Error).message.includes('s3cret'));
    return true;
  });
  await assert.rejects(openDockerEngineImage('bad name?', { host: 'unix:///nonexistent.sock', tempDir: tempDir() }), isError(EngineError, /^invalid image reference "bad name\?" for the Docker engine$/));
});
