// The cluster the Kubernetes benches scan: N small images built with umoci and pushed with skopeo
// to a real docker-registry, and the objects a cluster running them holds (one Deployment per
// image with its ReplicaSet and Pods, as a controller would make them, with the image digest in
// the Pods' container statuses), for the tests' fake API server. Also: the fake API server and
// the image tests' advisory DB (TypeScript test helpers, through tsx), a kubeconfig
// for the fake, an asynchronous tool runner and a counting registry proxy.
//
// The fake API server answers from the caller's process: nothing here blocks the event loop once
// it serves (tools run asynchronously).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { parseAllDocuments } from 'yaml';

register();
const { startFakeApiServer } = await import('../../test/support/k8s/fake-apiserver.ts');
const { buildUmociImage, readLayoutImage } = await import('../../test/support/umoci-image.ts');
const { startCountingProxy: startTestProxy } = await import('../../test/support/k8s/counting-proxy.ts');

export { startFakeApiServer };

/** The project root. */
export const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The image tests' advisory DB (test/support/image-db.ts: built once per machine) and the
 * `--db-source` flags it was built from. Asked of a child process: that helper's temp-dir module
 * registers a node:test hook, which would print an empty TAP report into the bench's output.
 */
export async function benchDb() {
  const code = `const m = await import(${JSON.stringify(join(root, 'test/support/image-db.ts'))});
process.stderr.write('\\nBENCH-DB ' + JSON.stringify({ db: await m.imageTestDb(), dbArgs: await m.dbSourceArgs() }) + '\\n');`;
  const stderr = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (status) => (status === 0 ? resolve(err) : reject(new Error(`the image tests' DB: exited ${status}: ${err.slice(-2000)}`))));
  });
  const line = stderr.split('\n').find((l) => l.startsWith('BENCH-DB '));
  if (!line) throw new Error(`the image tests' DB: no answer: ${stderr.slice(-2000)}`);
  return JSON.parse(line.slice('BENCH-DB '.length));
}

/**
 * Runs a tool asynchronously (stdout ignored, stderr kept for the error): the registry and the
 * fake API server live in this process's event loop, and a blocked loop stops both.
 */
export function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr = (stderr + d).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

/**
 * Builds `count` images (`app<i>`: an npm app whose node_modules holds lodash 4.17.20, plus a
 * layer of its own; one OCI layout each, as umoci's work grows with the layout) and pushes each
 * to `registryHost` as `bench/app<i>:1.0`. Images are referenced through `referenceHost`
 * (default the registry itself; a proxy in front of it otherwise). Returns per image its
 * reference, digest, repository, registry path, layout, layout tag and layer digests.
 */
export async function buildBenchImages({ work, registryHost, referenceHost = registryHost, count }) {
  const images = [];
  for (let i = 0; i < count; i++) {
    const layout = join(work, `layout-${i}`);
    const tag = `app${i}`;
    const image = buildUmociImage(layout, {
      tag,
      layers: [
        { files: { 'srv/app/node_modules/lodash/package.json': JSON.stringify({ name: 'lodash', version: '4.17.20' }), 'srv/app/package.json': JSON.stringify({ name: `app${i}`, version: '1.0.0' }) } },
        { files: { [`srv/app/build-${i}.txt`]: `build ${i}\n`.repeat(100) } },
      ],
    });
    const path = `bench/app${i}`;
    await run('skopeo', ['--insecure-policy', 'copy', '-q', '--dest-tls-verify=false', `oci:${layout}:${tag}`, `docker://${registryHost}/${path}:1.0`]);
    images.push({
      ref: `${referenceHost}/${path}:1.0`, digest: image.manifestDigest, repository: `${referenceHost}/${path}`, path, layout, tag,
      layers: image.manifest.layers.map((l) => l.digest),
    });
  }
  return images;
}

/**
 * Pushes `image` again as `<path>:<newTag>` with a label added to its config (umoci config):
 * a new manifest digest and config, the very same layers. Returns the new reference and digest.
 */
export async function pushRelabeled(image, { registryHost, referenceHost = registryHost, newTag, label }) {
  const layoutTag = `${image.tag}-${newTag}`;
  await run('umoci', ['config', '--image', `${image.layout}:${image.tag}`, '--tag', layoutTag, '--config.label', label]);
  const relabeled = readLayoutImage(image.layout, layoutTag);
  await run('skopeo', ['--insecure-policy', 'copy', '-q', '--dest-tls-verify=false', `oci:${image.layout}:${layoutTag}`, `docker://${registryHost}/${image.path}:${newTag}`]);
  return { ref: `${referenceHost}/${image.path}:${newTag}`, digest: relabeled.manifestDigest, layers: relabeled.manifest.layers.map((l) => l.digest) };
}

/**
 * The objects of a cluster running `images`: one Node, `namespaces` namespaces (`team-<n>`), and
 * per image a Deployment `app<i>` in `team-<i mod namespaces>` with its ReplicaSet and
 * `podsPerDeployment` running Pods (ownerReferences, image digest in the container statuses).
 */
export function clusterObjects(images, { namespaces, podsPerDeployment }) {
  const objects = [
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' }, status: { nodeInfo: { kubeletVersion: 'v1.29.4', containerRuntimeVersion: 'containerd://1.7.13', osImage: 'Debian GNU/Linux 12', kernelVersion: '6.1.0', operatingSystem: 'linux', architecture: 'amd64' } } },
  ];
  for (let n = 0; n < namespaces; n++) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${n}` } });
  for (const [i, image] of images.entries()) {
    const namespace = `team-${i % namespaces}`;
    const labels = { app: `app${i}` };
    const template = { metadata: { labels }, spec: { containers: [{ name: 'app', image: image.ref, resources: { limits: { cpu: '500m', memory: '256Mi' } } }] } };
    const deploymentUid = `d-${i}`;
    const rsUid = `rs-${i}`;
    objects.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app${i}`, namespace, uid: deploymentUid, labels }, spec: { replicas: podsPerDeployment, selector: { matchLabels: labels }, template } });
    objects.push({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `app${i}-6b8f`, namespace, uid: rsUid, labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: `app${i}`, uid: deploymentUid, controller: true }] }, spec: { replicas: podsPerDeployment, selector: { matchLabels: labels }, template } });
    for (let p = 0; p < podsPerDeployment; p++) {
      objects.push({
        apiVersion: 'v1', kind: 'Pod',
        metadata: { name: `app${i}-6b8f-${p}`, namespace, labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `app${i}-6b8f`, uid: rsUid, controller: true }] },
        spec: { ...template.spec, nodeName: 'node-1' },
        status: { phase: 'Running', containerStatuses: [{ name: 'app', image: image.ref, imageID: `${image.repository}@${image.digest}` }] },
      });
    }
  }
  return objects;
}

/** The CustomResourceDefinitions of deploy/crds, as objects (what `kubectl apply -k deploy/crds` creates). */
export function reportCrds() {
  const dir = join(root, 'deploy', 'crds');
  return readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').sort()
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS()).filter((o) => o?.kind === 'CustomResourceDefinition'));
}

/** Writes a kubeconfig (JSON is YAML) for the fake API server at `server`. */
export function writeKubeconfig(path, server) {
  writeFileSync(path, JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'bench',
    clusters: [{ name: 'bench', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'bench', user: {} }],
    contexts: [{ name: 'bench', context: { cluster: 'bench', user: 'bench' } }],
  }));
  return path;
}

/**
 * The tests' counting registry proxy (test/support/k8s/counting-proxy.ts), started outside the
 * test runner; `blobFetches(proxy, digests)` counts GETs of `/v2/…/blobs/<digest>` answered 200.
 */
export function startCountingProxy(upstreamHost) {
  return startTestProxy(upstreamHost, { stopAfterTests: false });
}

export function blobFetches(proxy, digests) {
  const wanted = new Set(digests);
  return proxy.requests.filter((r) => r.method === 'GET' && r.status === 200 && r.path.includes('/blobs/') && wanted.has(r.path.slice(r.path.lastIndexOf('/') + 1))).length;
}
