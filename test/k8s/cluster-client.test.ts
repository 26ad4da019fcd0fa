/**
 * Connecting to a cluster (src/k8s/cluster-client.ts) and listing it (list-resources.ts) against
 * the fake API server: kubeconfig files merged from KUBECONFIG with --context, the in-cluster
 * service account over https with a token and CA, list paging, kinds the server does not serve,
 * and namespace selection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { connectCluster } from '../../src/k8s/cluster-client.js';
import { K8S_KINDS, selectKinds } from '../../src/k8s/kinds.js';
import { listAll, listResources, selectNamespaces } from '../../src/k8s/list-resources.js';
import { startFakeApiServer } from '../support/k8s/fake-apiserver.js';
import { writeKubeconfig } from '../support/k8s/kubeconfig.js';
import { tempDir } from '../support/temp.js';

const dir = tempDir('picket-k8s-client-');

test('KUBECONFIG with two files, merged; --context picks the second one\'s cluster and namespace', async () => {
  const first = await startFakeApiServer();
  const second = await startFakeApiServer();
  const a = writeKubeconfig(join(dir, 'merge'), [{ name: 'first', server: first.url }], 'a.yaml');
  const b = writeKubeconfig(join(dir, 'merge'), [{ name: 'second', server: second.url, namespace: 'team' }], 'b.yaml');
  const env = { KUBECONFIG: [a, b].join(delimiter), HOME: dir };
  const byDefault = await connectCluster({ env });
  assert.equal(byDefault.contextName, 'first');
  assert.equal(byDefault.defaultNamespace, 'default');
  const client = await connectCluster({ env, context: 'second' });
  assert.equal(client.clusterName, 'second-cluster');
  assert.equal(client.defaultNamespace, 'team');
  await client.getJson('/api/v1/namespaces');
  assert.equal(second.requests.filter((r) => r.path === '/api/v1/namespaces').length, 1);
  assert.equal(first.requests.length, 0);
});

test('in-cluster: the service account token and CA under the root, the service host from the environment', async () => {
  await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'tls.key'), '-out', join(dir, 'tls.crt'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
  const cert = readFileSync(join(dir, 'tls.crt'), 'utf8');
  const api = await startFakeApiServer({ token: 'sa-token', tls: { cert, key: readFileSync(join(dir, 'tls.key'), 'utf8') } });
  const root = join(dir, 'pod-root');
  const saDir = join(root, 'var/run/secrets/kubernetes.io/serviceaccount');
  mkdirSync(saDir, { recursive: true });
  writeFileSync(join(saDir, 'token'), 'sa-token');
  writeFileSync(join(saDir, 'ca.crt'), cert);
  writeFileSync(join(saDir, 'namespace'), 'scanner');
  const client = await connectCluster({ env: { HOME: join(dir, 'nohome'), KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(api.port) }, inClusterRoot: root });
  assert.equal(client.defaultNamespace, 'scanner');
  const namespaces = await listAll(client, '/api/v1/namespaces');
  assert.ok(namespaces.some((n) => n.metadata.name === 'kube-system'));
});

test('lists are read page by page', async () => {
  const api = await startFakeApiServer();
  api.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'many' } });
  api.put(...Array.from({ length: 7 }, (_, i) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${i}`, namespace: 'many' }, spec: { containers: [{ name: 'c', image: 'x:1' }] } })));
  const client = await connectCluster({ kubeconfig: writeKubeconfig(join(dir, 'paging'), [{ name: 'p', server: api.url }]) });
  const pods = await listAll(client, '/api/v1/pods', 3);
  assert.deepEqual(pods.map((p) => p.metadata.name), ['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
  assert.equal(api.requests.filter((r) => r.path === '/api/v1/pods').length, 3);
});

test('listResources: kinds and namespaces chosen, kind and apiVersion filled in, unserved kinds skipped', async () => {
  const api = await startFakeApiServer();
  api.put(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b' } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'a' } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'b' } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'cr' } },
  );
  const client = await connectCluster({ kubeconfig: writeKubeconfig(join(dir, 'list'), [{ name: 'l', server: api.url }]) });
  const kinds = selectKinds(['services', 'clusterroles'], []);
  const all = await listResources(client, { kinds, namespaces: selectNamespaces({ exclude: ['b'] }) });
  assert.deepEqual(all.map((o) => `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`).sort(), ['rbac.authorization.k8s.io/v1 ClusterRole -/cr', 'v1 Service a/s']);
  const inB = await listResources(client, { kinds, namespaces: selectNamespaces({ namespace: 'b' }) });
  assert.deepEqual(inB.map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`), ['Service b/s']);
  assert.ok(api.requests.some((r) => r.path === '/api/v1/namespaces/b/services'));

  const debug: string[] = [];
  const unserved = { ...K8S_KINDS[0], kind: 'Widget', plural: 'widgets', apiPath: '/apis/example.com/v1' };
  assert.deepEqual(await listResources(client, { kinds: [unserved], namespaces: selectNamespaces({}), onDebug: (m) => debug.push(m) }), []);
  assert.ok(debug.some((m) => m.includes('widgets not served')));
});
