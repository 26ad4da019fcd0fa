/**
 * How the scan reads workloads (src/k8s/objects.ts, owners.ts, workload-images.ts,
 * serialize.ts, kinds.ts): pod specs of every workload kind, containers of all three lists,
 * digests from container statuses, who controls whom, the manifest the checks read, and the
 * kind names users may write.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { kindNamed, selectKinds } from '../../src/k8s/kinds.js';
import { containersOf, podSpecOf, type K8sObject } from '../../src/k8s/objects.js';
import { OwnerIndex } from '../../src/k8s/owners.js';
import { manifestYaml } from '../../src/k8s/serialize.js';
import { digestOfImageId } from '../../src/k8s/workload-images.js';

const DIGEST = `sha256:${'b'.repeat(64)}`;
const spec = { containers: [{ name: 'app', image: 'app:1' }], initContainers: [{ name: 'init', image: 'init:1' }], ephemeralContainers: [{ name: 'dbg', image: 'busybox:1' }] };
const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'ns', ...extra });

test('the pod spec of every workload kind', () => {
  const template = { template: { spec } };
  const objects: K8sObject[] = [
    { apiVersion: 'v1', kind: 'Pod', metadata: meta('p'), spec },
    ...['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'].map((kind) => ({ apiVersion: 'apps/v1', kind, metadata: meta(kind), spec: template })),
    { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('cj'), spec: { jobTemplate: { spec: template } } },
  ];
  for (const obj of objects) assert.deepEqual(podSpecOf(obj), spec, obj.kind);
  assert.equal(podSpecOf({ apiVersion: 'v1', kind: 'Service', metadata: meta('s'), spec: { ports: [] } }), undefined);
  assert.deepEqual(containersOf(spec).map((c) => `${c.list}:${c.container.name}`), ['initContainers:init', 'containers:app', 'ephemeralContainers:dbg']);
});

test('digests from container statuses: registry digests only, not local image ids', () => {
  assert.equal(digestOfImageId(`docker-pullable://reg.example/app@${DIGEST}`), DIGEST);
  assert.equal(digestOfImageId(`docker.io/library/nginx@${DIGEST}`), DIGEST);
  assert.equal(digestOfImageId(DIGEST), undefined);
  assert.equal(digestOfImageId(''), undefined);
});

test('owners: a Deployment reports its ReplicaSet\'s Pods; an unlisted owner leaves the object reported', () => {
  const deployment: K8sObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('d', { uid: 'u-d' }) };
  const rs: K8sObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: meta('rs', { uid: 'u-rs', ownerReferences: [{ kind: 'Deployment', name: 'd', uid: 'u-d', controller: true }] }) };
  const pod: K8sObject = { apiVersion: 'v1', kind: 'Pod', metadata: meta('p', { uid: 'u-p', ownerReferences: [{ kind: 'ReplicaSet', name: 'rs', uid: 'u-rs', controller: true }] }) };
  const orphan: K8sObject = { apiVersion: 'v1', kind: 'Pod', metadata: meta('o', { uid: 'u-o', ownerReferences: [{ kind: 'ReplicaSet', name: 'gone', uid: 'u-gone', controller: true }] }) };
  const index = new OwnerIndex([deployment, rs, pod, orphan]);
  assert.equal(index.isControlledByListedWorkload(rs), true);
  assert.equal(index.isControlledByListedWorkload(pod), true);
  assert.equal(index.isControlledByListedWorkload(orphan), false);
  assert.equal(index.isControlledByListedWorkload(deployment), false);
  assert.deepEqual(index.podsOf(deployment).map((p) => p.metadata.name), ['p']);
  assert.deepEqual(index.podsOf(orphan).map((p) => p.metadata.name), ['o']);
});

test('the manifest the checks read: no status, server bookkeeping or last-applied copy', () => {
  const yaml = manifestYaml({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'p', namespace: 'ns', uid: 'u', resourceVersion: '9', generation: 2, creationTimestamp: '2024-01-01T00:00:00Z', managedFields: [{ manager: 'kubectl' }], labels: { a: 'b' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"kind":"Pod"}', keep: 'me' } },
    spec, status: { phase: 'Running' },
  });
  assert.deepEqual(parse(yaml), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', labels: { a: 'b' }, annotations: { keep: 'me' } }, spec });
});

test('kind names: kind, plural, short name, any case; unknown ones are refused', () => {
  for (const word of ['Deployment', 'deployments', 'deploy', 'DEPLOY']) assert.equal(kindNamed(word)?.kind, 'Deployment');
  assert.deepEqual(selectKinds(['po', 'cronjobs', 'NetworkPolicy'], ['cj']).map((k) => k.kind), ['Pod', 'NetworkPolicy']);
  assert.equal(selectKinds([], []).length, 15);
  assert.throws(() => selectKinds([], ['configmaps']), /--exclude-kinds: unknown kind "configmaps"/);
});
