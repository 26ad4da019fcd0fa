/**
 * The tests' fake API server (test/support/k8s/fake-apiserver.ts) against the real kubectl:
 * apply (client-side, and again: unchanged), get with label selectors, delete of a namespace
 * cascading to its objects; list pagination; the bearer token over https; and the child-process
 * mode the benchmark uses.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startFakeApiServer } from '../support/k8s/fake-apiserver.js';
import { kubectl, writeKubeconfig } from '../support/k8s/kubeconfig.js';
import { repoRoot } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const dir = tempDir('picket-fake-api-');

test('kubectl apply, get and delete against the fake', async () => {
  const api = await startFakeApiServer();
  const kubeconfig = writeKubeconfig(join(dir, 'kubectl'), [{ name: 'fake', server: api.url, namespace: 'default' }]);
  const manifest = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop, labels: {tier: backend}}
spec:
  replicas: 1
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart}}
    spec:
      containers: [{name: cart, image: "shop/cart:1.2"}]
`;
  assert.match(await kubectl(kubeconfig, ['apply', '-f', '-'], { stdin: manifest }), /deployment\.apps\/cart created/);
  assert.match(await kubectl(kubeconfig, ['apply', '-f', '-'], { stdin: manifest }), /deployment\.apps\/cart unchanged/);
  assert.equal(await kubectl(kubeconfig, ['get', 'deploy', '-n', 'shop', '-l', 'tier in (backend)', '-o', 'jsonpath={.items[*].spec.template.spec.containers[0].image}']), 'shop/cart:1.2');
  assert.ok(api.requests.some((r) => r.method === 'POST' && r.path === '/apis/apps/v1/namespaces/shop/deployments' && r.status === 201));
  await kubectl(kubeconfig, ['delete', 'namespace', 'shop']);
  const left = await fetch(`${api.url}/apis/apps/v1/deployments`).then((r) => r.json()) as { items: unknown[] };
  assert.equal(left.items.length, 0);
});

test('lists page with limit and continue', async () => {
  const api = await startFakeApiServer();
  api.put(...Array.from({ length: 5 }, (_, i) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'default' } })));
  const names: string[] = [];
  let token = '';
  let pages = 0;
  do {
    const page = await fetch(`${api.url}/api/v1/configmaps?limit=2${token ? `&continue=${token}` : ''}`).then((r) => r.json()) as { items: { metadata: { name: string } }[]; metadata: { continue?: string } };
    names.push(...page.items.map((i) => i.metadata.name));
    token = page.metadata.continue ?? '';
    pages++;
  } while (token);
  assert.equal(pages, 3);
  assert.deepEqual(names, ['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4']);
});

test('a required token: 401 without it, 200 with it', async () => {
  const api = await startFakeApiServer({ token: 'sesame' });
  assert.equal((await fetch(`${api.url}/api/v1/namespaces`)).status, 401);
  assert.equal((await fetch(`${api.url}/api/v1/namespaces`, { headers: { authorization: 'Bearer sesame' } })).status, 200);
});

test('as a child process: prints its port, serves, stops on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test/support/k8s/fake-apiserver.ts')], { cwd: repoRoot, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}`)));
  });
  const version = await fetch(`http://127.0.0.1:${port}/version`).then((r) => r.json()) as { gitVersion: string };
  assert.equal(version.gitVersion, 'v1.32.0-fake');
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});
