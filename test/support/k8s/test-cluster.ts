/**
 * Test helper: a small "cluster" for `picket k8s` end-to-end tests, made of real parts:
 *
 * - two real images built with umoci and pushed with skopeo: `web` (an npm app whose
 *   `node_modules/lodash` is 4.17.20: CVE-2021-23337 and others) to an open docker-registry,
 *   reached through a counting proxy (so tests count blob fetches), under the tags `1.0` and
 *   `latest` (one digest); and `tool` (a layer holding a Stripe key in `srv/tool/.env`) to a
 *   basic-auth docker-registry;
 * - the fake API server (fake-apiserver.ts) holding namespaces `apps`, `tools`, `other`:
 *   in `apps` a Deployment `web` (2 replicas of web:1.0) with its ReplicaSet and 2 Pods as a
 *   controller would make them (ownerReferences; one Pod reports the image digest in its
 *   status), a standalone privileged Pod `debug` running web:latest, and a Role `wildcard` with
 *   verbs `*`; in `tools` a Secret `regcred` (kubernetes.io/dockerconfigjson for the basic-auth
 *   registry) and a Pod `tool` pulling with it, whose env holds a Slack token; a ClusterRole
 *   `reader`; a Node `node-1` with its versions. `other` is empty, for `kubectl apply`.
 *
 * Call `startTestCluster()` at the top level of a test file: the registries, proxy and API server
 * are stopped after the file. `cacheDir` holds a copy of the image tests' advisory DB (use
 * `dbArgs` in scans so it is not rebuilt).
 */
import { join } from 'node:path';
import { cacheDirWithDb, dbSourceArgs } from '../image-db.js';
import { startRegistry, type TestRegistry } from '../registry.js';
import { tempDir } from '../temp.js';
import { buildUmociImage, skopeo, type LayoutImage } from '../umoci-image.js';
import { startCountingProxy, type CountingProxy } from './counting-proxy.js';
import { startFakeApiServer, type FakeApiServer, type FakeObject } from './fake-apiserver.js';
import { writeKubeconfig } from './kubeconfig.js';

export interface PushedImage {
  image: LayoutImage;
  /** `registry/repository` as references name it. */
  repository: string;
  /** The repository path inside the registry (`k8s/web`). */
  path: string;
  /** The manifest digest the registry serves. */
  digest: string;
}

export interface TestCluster {
  api: FakeApiServer;
  kubeconfig: string;
  dir: string;
  proxy: CountingProxy;
  openRegistry: TestRegistry;
  basicRegistry: TestRegistry;
  web: PushedImage;
  tool: PushedImage;
  /** A cache dir with the advisory DB; `dbArgs` are the `--db-source` flags it was built from. */
  cacheDir: string;
  dbArgs: string[];
}

/** A Slack bot token shape, assembled here so no scanner flags this file. */
export const ENV_SECRET = ['xoxb', '123456789012', '1234567890123', 'abcdefghijABCDEFGHIJklmn'].join('-');
const LAYER_SECRET = `STRIPE_KEY=${['sk', 'live', '4eC39HqLyjWDarjtT1zdp7dc'].join('_')}\n`;

export async function startTestCluster(): Promise<TestCluster> {
  const dir = tempDir('picket-k8s-cluster-');
  const [openRegistry, basicRegistry, api, cacheDir, dbArgs] = await Promise.all([
    startRegistry('open'), startRegistry('basic'), startFakeApiServer(), cacheDirWithDb(), dbSourceArgs(),
  ]);
  const proxy = await startCountingProxy(openRegistry.host);
  const layout = join(dir, 'layout');
  const webImage = buildUmociImage(layout, {
    tag: 'web',
    layers: [{ files: { 'srv/app/package.json': JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { lodash: '4.17.20' } }), 'srv/app/node_modules/lodash/package.json': JSON.stringify({ name: 'lodash', version: '4.17.20', license: 'MIT' }) } }],
  });
  const toolImage = buildUmociImage(layout, { tag: 'tool', layers: [{ files: { 'srv/tool/.env': LAYER_SECRET, 'srv/tool/README': 'a tool\n' } }] });
  for (const tag of ['1.0', 'latest']) skopeo('copy', '-q', '--dest-tls-verify=false', `oci:${layout}:web`, `docker://${openRegistry.host}/k8s/web:${tag}`);
  skopeo('copy', '-q', '--dest-tls-verify=false', '--dest-creds', `${basicRegistry.username}:${basicRegistry.password}`, `oci:${layout}:tool`, `docker://${basicRegistry.host}/private/tool:2.0`);
  // skopeo keeps the OCI manifest bytes: the layout's digest is the registry's.
  const web: PushedImage = { image: webImage, repository: `${proxy.host}/k8s/web`, path: 'k8s/web', digest: webImage.manifestDigest };
  const tool: PushedImage = { image: toolImage, repository: `${basicRegistry.host}/private/tool`, path: 'private/tool', digest: toolImage.manifestDigest };

  api.put(...clusterObjects(web, tool, basicRegistry));
  const kubeconfig = writeKubeconfig(join(dir, 'kube'), [{ name: 'test', server: api.url, namespace: 'apps' }]);
  return { api, kubeconfig, dir, proxy, openRegistry, basicRegistry, web, tool, cacheDir, dbArgs };
}

/** The objects a cluster with these workloads would hold (controllers' work done by hand). */
function clusterObjects(web: PushedImage, tool: PushedImage, basic: TestRegistry): FakeObject[] {
  const ns = (name: string): FakeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const labels = { app: 'web' };
  const webContainer = { name: 'web', image: `${web.repository}:1.0`, ports: [{ containerPort: 8080 }] };
  const deploymentUid = 'a0000000-0000-4000-8000-000000000001';
  const replicaSetUid = 'a0000000-0000-4000-8000-000000000002';
  const template = { metadata: { labels }, spec: { containers: [webContainer] } };
  const pod = (name: string, withDigest: boolean): FakeObject => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'apps', labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d4f8', uid: replicaSetUid, controller: true, blockOwnerDeletion: true }] },
    spec: { ...template.spec, nodeName: 'node-1' },
    status: { phase: 'Running', containerStatuses: [{ name: 'web', image: webContainer.image, ready: true, ...(withDigest ? { imageID: `${web.repository}@${web.digest}` } : {}) }] },
  });
  const dockerconfig = { auths: { [`http://${basic.host}`]: { auth: Buffer.from(`${basic.username}:${basic.password}`).toString('base64') } } };
  return [
    ns('apps'), ns('tools'), ns('other'),
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', labels: { 'kubernetes.io/os': 'linux' } }, status: { nodeInfo: { kubeletVersion: 'v1.29.4', kubeProxyVersion: 'v1.29.4', containerRuntimeVersion: 'containerd://1.7.13', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-18-amd64', operatingSystem: 'linux', architecture: 'amd64' } } },
    { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'apps', uid: deploymentUid, labels }, spec: { replicas: 2, selector: { matchLabels: labels }, template } },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-5d4f8', namespace: 'apps', uid: replicaSetUid, labels, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: deploymentUid, controller: true, blockOwnerDeletion: true }] }, spec: { replicas: 2, selector: { matchLabels: labels }, template } },
    pod('web-5d4f8-abcde', true),
    pod('web-5d4f8-fghij', false),
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'apps' }, spec: { nodeName: 'node-1', containers: [{ name: 'shell', image: `${web.repository}:latest`, securityContext: { privileged: true } }] } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'wildcard', namespace: 'apps' }, rules: [{ apiGroups: [''], resources: ['pods', 'secrets'], verbs: ['*'] }] },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'regcred', namespace: 'tools' }, type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': Buffer.from(JSON.stringify(dockerconfig)).toString('base64') } },
    {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'tool', namespace: 'tools' },
      spec: { imagePullSecrets: [{ name: 'regcred' }], containers: [{ name: 'tool', image: `${tool.repository}:2.0`, env: [{ name: 'SLACK_TOKEN', value: ENV_SECRET }, { name: 'MODE', value: 'batch' }] }] },
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] },
  ];
}
