/**
 * `picket k8s` sees what the real kubectl applied to the (fake) API server, and its namespace and
 * kind filters choose what is listed. Checks only (`--scanners misconfig`): no images involved.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startFakeApiServer } from '../support/k8s/fake-apiserver.js';
import { kubectl, writeKubeconfig } from '../support/k8s/kubeconfig.js';
import { runK8s } from '../support/k8s/run-k8s.js';
import { tempDir } from '../support/temp.js';
import type { K8sReport } from '../../src/k8s/report.js';

const MANIFESTS = `
apiVersion: v1
kind: Namespace
metadata: {name: apps}
---
apiVersion: v1
kind: Namespace
metadata: {name: tools}
---
apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: applied, namespace: other}
spec:
  replicas: 1
  selector: {matchLabels: {app: applied}}
  template:
    metadata: {labels: {app: applied}}
    spec:
      containers:
      - name: app
        image: registry.invalid/app@sha256:${'a'.repeat(64)}
        securityContext: {privileged: true}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: all-verbs, namespace: apps}
rules:
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["*"]
---
apiVersion: v1
kind: Pod
metadata: {name: runner, namespace: tools}
spec:
  containers:
  - name: runner
    image: registry.invalid/runner:1.0
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: apps}
spec:
  ports: [{port: 80}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: everything}
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]
`;

const api = await startFakeApiServer();
const dir = tempDir('picket-k8s-filters-');
const kubeconfig = writeKubeconfig(join(dir, 'kube'), [{ name: 'fake', server: api.url }]);
const applied = await kubectl(kubeconfig, ['apply', '-f', '-'], { stdin: MANIFESTS });

/** The `namespace/Kind/name` of every resource a checks-only scan reports with these flags. */
async function scanned(...flags: string[]): Promise<string[]> {
  const r = await runK8s(['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), '--scanners', 'misconfig', '-f', 'json', '--report', 'all', '-q', ...flags], { env: { HOME: dir } });
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as K8sReport;
  return report.Resources.map((x) => `${x.Namespace ? `${x.Namespace}/` : ''}${x.Kind}/${x.Name}`).sort();
}

test('objects applied with the real kubectl are listed and checked', async () => {
  assert.match(applied, /deployment\.apps\/applied created/);
  const r = await runK8s(['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), '--scanners', 'misconfig', '-f', 'json', '--report', 'all', '-q'], { env: { HOME: dir } });
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout) as K8sReport;
  const deployment = report.Resources.find((x) => x.Kind === 'Deployment' && x.Name === 'applied')!;
  assert.equal(deployment.Namespace, 'other');
  const ids = deployment.Results!.flatMap((x) => x.Misconfigurations ?? []).map((m) => m.ID);
  assert.ok(ids.includes('KSV-0017'), ids.join(','));
  // kubectl's last-applied annotation is not scanned as a second copy of the object.
  assert.equal(ids.filter((id) => id === 'KSV-0017').length, 1);
  assert.ok(report.Resources.some((x) => x.Kind === 'ClusterRole' && x.Name === 'everything'));
});

test('--namespace: that namespace only, no cluster-scoped resources', async () => {
  assert.deepEqual(await scanned('--namespace', 'tools'), ['tools/Pod/runner']);
  assert.deepEqual(await scanned('-n', 'apps'), ['apps/Role/all-verbs', 'apps/Service/web']);
});

test('--include-namespaces minus --exclude-namespaces', async () => {
  assert.deepEqual(await scanned('--include-namespaces', 'apps,other', '--exclude-namespaces', 'other'), ['apps/Role/all-verbs', 'apps/Service/web']);
  const all = await scanned('--exclude-namespaces', 'apps,tools');
  assert.deepEqual(all, ['ClusterRole/everything', 'other/Deployment/applied']);
});

test('--include-kinds and --exclude-kinds, by kind, plural or short name', async () => {
  assert.deepEqual(await scanned('--include-kinds', 'roles,ClusterRole'), ['ClusterRole/everything', 'apps/Role/all-verbs']);
  assert.deepEqual(await scanned('--exclude-kinds', 'po,deploy,svc,clusterroles'), ['apps/Role/all-verbs']);
  // A cluster-scoped kind named explicitly is listed in a namespace scan too.
  assert.deepEqual(await scanned('-n', 'apps', '--include-kinds', 'role,clusterrole'), ['ClusterRole/everything', 'apps/Role/all-verbs']);
});

test('an unknown kind is a one-line error naming the known ones', async () => {
  const r = await runK8s(['--kubeconfig', kubeconfig, '--scanners', 'misconfig', '--include-kinds', 'pods,widgets'], { env: { HOME: dir } });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^picket: --include-kinds: unknown kind "widgets"; known kinds: Pod, Deployment/);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});
