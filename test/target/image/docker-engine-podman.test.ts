/**
 * The engine source against podman's Docker-compatible socket (`podman system service`, with a
 * private root, run root and vfs storage, RECIPES.md §5.2). podman is not installed by default:
 * the test then skips, saying so. The image is made with umoci and skopeo and loaded through the
 * socket with the docker CLI.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openDockerEngineImage } from '../../../src/target/image/sources/docker-engine.js';
import { tempDir } from '../../support/temp.js';

const run = promisify(execFile);
const has = (command: string) => run('sh', ['-c', `command -v ${command}`]).then(() => true, () => false);
const missing = (await Promise.all(['podman', 'docker', 'umoci', 'skopeo'].map(async (c) => ((await has(c)) ? [] : [c])))).flat();
const skip = missing.length > 0 ? `not installed here: ${missing.join(', ')} (podman is not part of the default tool set)` : process.getuid?.() !== 0 ? 'the podman service runs as root here' : false;

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

test('opens an image from podman through its Docker-compatible socket', { skip }, async (t) => {
  const dir = tempDir('picket-podman-');
  const socketPath = join(dir, 'podman.sock');
  const podmanArgs = ['--root', join(dir, 'root'), '--runroot', join(dir, 'runroot'), '--tmpdir', join(dir, 'tmp'), '--storage-driver', 'vfs'];
  const service = spawn('podman', [...podmanArgs, 'system', 'service', '--time=0', `unix://${socketPath}`], { stdio: 'ignore' });
  t.after(async () => {
    if (service.exitCode !== null || service.signalCode !== null) return;
    const exited = new Promise((resolve) => service.once('exit', resolve));
    service.kill('SIGTERM');
    await exited;
  });
  while (!(await ping(socketPath))) {
    assert.equal(service.exitCode, null, 'podman system service exited before answering');
    await new Promise((r) => setTimeout(r, 50));
  }

  // A one-layer image: umoci packs a rootfs directory, skopeo writes a docker-archive.
  const layout = join(dir, 'layout');
  await run('umoci', ['init', '--layout', layout]);
  await run('umoci', ['new', '--image', `${layout}:tiny`]);
  const bundle = join(dir, 'bundle');
  await run('umoci', ['unpack', '--rootless', '--image', `${layout}:tiny`, bundle]);
  mkdirSync(join(bundle, 'rootfs', 'etc'), { recursive: true });
  writeFileSync(join(bundle, 'rootfs', 'etc', 'hi.txt'), 'hi from podman\n');
  await run('umoci', ['repack', '--image', `${layout}:tiny`, bundle]);
  const archive = join(dir, 'tiny.tar');
  await run('skopeo', ['copy', `oci:${layout}:tiny`, `docker-archive:${archive}:test/tiny:1`]);
  await run('docker', ['load', '-i', archive], { env: { ...process.env, DOCKER_HOST: `unix://${socketPath}`, DOCKER_CONFIG: join(dir, 'cli') } });

  const image = await openDockerEngineImage('test/tiny:1', { host: `unix://${socketPath}`, engine: 'podman', tempDir: join(dir, 'picket-tmp') });
  try {
    assert.equal(image.kind, 'podman');
    assert.match(image.imageId, /^sha256:[a-f0-9]{64}$/);
    assert.ok(image.repoTags.some((tag) => tag.endsWith('test/tiny:1')), image.repoTags.join(', '));
    assert.equal(image.layers.length, 1);
    const chunks: Buffer[] = [];
    for await (const chunk of await image.layers[0].open()) chunks.push(chunk as Buffer);
    assert.equal(`sha256:${createHash('sha256').update(Buffer.concat(chunks)).digest('hex')}`, image.config.rootfs?.diff_ids[0]);
  } finally {
    await image.close();
  }
});
