/**
 * Registry credentials from image pull secrets (src/k8s/pull-secrets.ts) and the image plan
 * (image-plan.ts, registry-access.ts): tags resolved to digests once per reference with a real
 * basic-auth docker-registry (reached through a counting proxy), uses grouped by digest, refused
 * logins passed over for the next, and unresolvable images reported as one-line failures.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { connectCluster } from '../../src/k8s/cluster-client.js';
import { planImageScans } from '../../src/k8s/image-plan.js';
import type { K8sObject } from '../../src/k8s/objects.js';
import { loginsOfSecret, PullSecretReader, registryOfAuthKey, type RegistryLogin } from '../../src/k8s/pull-secrets.js';
import { createDigestResolver } from '../../src/k8s/registry-access.js';
import type { ImageUse } from '../../src/k8s/workload-images.js';
import { startCountingProxy } from '../support/k8s/counting-proxy.js';
import { startFakeApiServer } from '../support/k8s/fake-apiserver.js';
import { writeKubeconfig } from '../support/k8s/kubeconfig.js';
import { startRegistry } from '../support/registry.js';
import { tempDir } from '../support/temp.js';
import { buildUmociImage, skopeo } from '../support/umoci-image.js';

const dir = tempDir('picket-k8s-images-');
const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (type: string, key: string, value: unknown): K8sObject => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'ns' }, type, data: { [key]: b64(JSON.stringify(value)) } } as K8sObject);

test('logins of dockerconfigjson and dockercfg secrets; registry keys as references name them', () => {
  assert.deepEqual(loginsOfSecret(secret('kubernetes.io/dockerconfigjson', '.dockerconfigjson', { auths: { 'https://index.docker.io/v1/': { auth: b64('hub:pw:with:colons') }, 'ghcr.io': { username: 'u', password: 'p' } } })), [
    { registry: 'docker.io', username: 'hub', password: 'pw:with:colons', from: 'ns/s' },
    { registry: 'ghcr.io', username: 'u', password: 'p', from: 'ns/s' },
  ]);
  assert.deepEqual(loginsOfSecret(secret('kubernetes.io/dockercfg', '.dockercfg', { 'http://127.0.0.1:5000': { auth: b64('a:b') } })), [{ registry: '127.0.0.1:5000', username: 'a', password: 'b', from: 'ns/s' }]);
  assert.deepEqual(loginsOfSecret(secret('Opaque', '.dockerconfigjson', { auths: { 'x.io': { auth: b64('a:b') } } })), []);
  assert.deepEqual(loginsOfSecret({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('{not json') } }), []);
  assert.equal(registryOfAuthKey('Registry.Example.org:8443/v2/'), 'registry.example.org:8443');
});

test('pull secrets of the pod and of its service account; an unreadable one is a warning', async () => {
  const api = await startFakeApiServer();
  const login = (name: string, host: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'ns' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64(JSON.stringify({ auths: { [host]: { auth: b64(`${name}:pw`) } } })) } });
  api.put(
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } },
    login('own', 'a.example'), login('from-sa', 'b.example'),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'builder', namespace: 'ns' }, imagePullSecrets: [{ name: 'from-sa' }] },
  );
  const client = await connectCluster({ kubeconfig: writeKubeconfig(join(dir, 'secrets'), [{ name: 'x', server: api.url }]) });
  const warnings: string[] = [];
  const reader = new PullSecretReader(client, (m) => warnings.push(m));
  const logins = await reader.loginsFor('ns', { serviceAccountName: 'builder', imagePullSecrets: [{ name: 'own' }, { name: 'missing' }] });
  assert.deepEqual(logins.map((l) => `${l.from} ${l.registry} ${l.username}`), ['ns/own a.example own', 'ns/from-sa b.example from-sa']);
  assert.deepEqual(warnings, ['kubernetes: image pull secret ns/missing cannot be read (not found): images are pulled without it']);
  await reader.loginsFor('ns', { serviceAccountName: 'builder', imagePullSecrets: [{ name: 'own' }] });
  assert.equal(api.requests.filter((r) => r.path === '/api/v1/namespaces/ns/secrets/own').length, 1, 'each secret read once');
});

test('the plan: tags resolved once with the pull secret\'s login, uses grouped by digest, failures explained', async () => {
  const registry = await startRegistry('basic');
  const proxy = await startCountingProxy(registry.host);
  const layout = join(dir, 'layout');
  const image = buildUmociImage(layout, { tag: 'app', layers: [{ files: { 'etc/app.conf': 'x=1\n' } }] });
  for (const tag of ['1.0', 'stable']) skopeo('copy', '-q', '--dest-tls-verify=false', '--dest-creds', `${registry.username}:${registry.password}`, `oci:${layout}:app`, `docker://${registry.host}/team/app:${tag}`);
  const wrong: RegistryLogin = { registry: proxy.host, username: registry.username, password: 'wrong', from: 'ns/stale' };
  const right: RegistryLogin = { registry: proxy.host, username: registry.username, password: registry.password, from: 'ns/regcred' };
  const workload = (name: string): K8sObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'ns' } });
  const use = (name: string, image: string, extra: Partial<ImageUse> = {}): ImageUse => ({ resource: workload(name), container: 'c', image, logins: [wrong, right], ...extra });
  const uses = [
    use('a', `${proxy.host}/team/app:1.0`), use('b', `${proxy.host}/team/app:1.0`), use('c', `${proxy.host}/team/app:stable`),
    use('d', `${proxy.host}/team/app:1.0`, { digest: image.manifestDigest, platform: 'linux/arm64' }),
    use('e', `${proxy.host}/team/app:nope`), use('f', 'Not A Reference'),
  ];
  const plan = await planImageScans(uses, createDigestResolver({ insecure: false, userAgent: 'picket-test', env: { HOME: dir } }), { defaultPlatform: 'linux/amd64', concurrency: 2 });
  assert.deepEqual(plan.units.map((u) => [u.digest, u.platform, u.uses.map((x) => x.resource.metadata.name).join(',')]), [
    [image.manifestDigest, 'linux/amd64', 'a,b,c'],
    [image.manifestDigest, 'linux/arm64', 'd'],
  ]);
  assert.deepEqual(plan.units[0].candidates.map((c) => c.reference), [`${proxy.host}/team/app@${image.manifestDigest}`]);
  // One manifest GET per tag (after the stale login's 401), none for the digest known from a Pod status.
  const manifestGets = proxy.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v2/team/app/manifests/') && r.status === 200).map((r) => r.path);
  assert.deepEqual(manifestGets.sort(), ['/v2/team/app/manifests/1.0', '/v2/team/app/manifests/stable']);
  const failures = Object.fromEntries(plan.failures.map((f) => [f.use.resource.metadata.name, f.error]));
  assert.match(failures.e, /team\/app:nope: not found in/);
  assert.match(failures.f, /invalid reference/);
  assert.ok(plan.failures.every((f) => !f.error.includes(registry.password)), "no password in a message");
});

test('every login refused: one line naming the secrets tried', async () => {
  const registry = await startRegistry('basic');
  const resolve = createDigestResolver({ insecure: false, userAgent: 'picket-test', env: { HOME: dir } });
  const stale: RegistryLogin = { registry: registry.host, username: 'nobody', password: 'nothing', from: 'ns/stale' };
  await assert.rejects(resolve({ registry: registry.host, repository: 'team/app', tag: '1.0' }, [stale]), /refused the logins of image pull secrets ns\/stale and the credentials of the environment/);
});
