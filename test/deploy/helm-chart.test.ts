/**
 * deploy/helm/picket-operator rendered with picket's own Helm renderer (the one `picket config`
 * runs on charts; `helm` is not installed here): with default values it renders the objects of
 * deploy/static with the same RBAC rules, pod spec, security context and Service; values change
 * what they should (image digest, scan mode, namespaces, metrics, persistence, ServiceMonitor,
 * release name and namespace) and nothing else; bad combinations fail to render; and the chart's
 * crds/ are byte-identical copies of deploy/crds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChartError } from '../../src/detector/misconfig/helm/chart.js';
import {
  chartDir, crdDir, find, flagValue, operatorPod, readManifestDir, readObjects, renderOperatorChart, staticDir, yamlFiles, type K8sObject,
} from './deploy-files.js';

const statics = readManifestDir(staticDir);
const DIGEST = 'sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

const rules = (o: K8sObject) => o.rules;
const kinds = (objects: readonly K8sObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();

test('the chart\'s crds/ are byte-identical copies of deploy/crds', () => {
  const files = yamlFiles(crdDir).filter((n) => n !== 'kustomization.yaml');
  assert.deepEqual(yamlFiles(join(chartDir, 'crds')), files);
  for (const name of files) assert.ok(readFileSync(join(chartDir, 'crds', name)).equals(readFileSync(join(crdDir, name))), `${name} differs: cp deploy/crds/${name} deploy/helm/picket-operator/crds/`);
});

test('default values render deploy/static\'s objects (but the Namespace, which the release namespace replaces)', () => {
  const rendered = renderOperatorChart();
  const expected = statics.filter((o) => o.kind !== 'Namespace' && o.kind !== 'ServiceMonitor');
  assert.deepEqual(kinds(rendered), kinds(expected));
  for (const o of rendered) {
    if (o.kind !== 'ClusterRole' && o.kind !== 'ClusterRoleBinding') assert.equal(o.metadata.namespace, 'picket-system', `${o.kind} ${o.metadata.name}`);
  }
  for (const kind of ['ClusterRole', 'Role']) assert.deepEqual(rules(find(rendered, kind, 'picket-operator')), rules(find(statics, kind, 'picket-operator')), kind);
  for (const kind of ['ClusterRoleBinding', 'RoleBinding']) {
    const [mine, theirs] = [find(rendered, kind, 'picket-operator'), find(statics, kind, 'picket-operator')];
    assert.deepEqual([mine.roleRef, mine.subjects], [theirs.roleRef, theirs.subjects], kind);
  }
  for (const name of ['picket-operator', 'picket-scan-job']) {
    assert.equal(find(rendered, 'ServiceAccount', name).automountServiceAccountToken, find(statics, 'ServiceAccount', name).automountServiceAccountToken, name);
  }
  assert.deepEqual(find(rendered, 'Service', 'picket-operator').spec, find(statics, 'Service', 'picket-operator').spec);

  // The whole pod spec is the same: image, args, env, probes, ports, resources, security contexts, volumes.
  const chart = operatorPod(rendered);
  const plain = operatorPod(statics);
  assert.deepEqual(chart.pod, plain.pod);
  const [chartSpec, plainSpec] = [chart.deployment.spec as Record<string, unknown>, plain.deployment.spec as Record<string, unknown>];
  assert.deepEqual([chartSpec.replicas, chartSpec.selector, chartSpec.strategy], [plainSpec.replicas, plainSpec.selector, plainSpec.strategy]);
  // and the pods carry the labels the Service selects
  const podLabels = (chartSpec.template as { metadata: { labels: Record<string, string> } }).metadata.labels;
  for (const [k, v] of Object.entries((find(rendered, 'Service', 'picket-operator').spec as { selector: Record<string, string> }).selector)) assert.equal(podLabels[k], v, k);
});

test('deploy/static\'s Deployment: the restricted security context, the contract\'s args and env, probes on port http', () => {
  const { pod, container } = operatorPod(statics);
  assert.deepEqual(container.args.slice(0, 4), ['operator', '--leader-elect', '--scan-mode', 'in-process']);
  assert.deepEqual(pod.securityContext, { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
  assert.deepEqual(container.securityContext, {
    runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false,
    capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
  });
  const env = Object.fromEntries(container.env.map((e) => [e.name, e.value ?? e.valueFrom]));
  assert.deepEqual(env.POD_NAMESPACE, { fieldRef: { fieldPath: 'metadata.namespace' } });
  assert.deepEqual(env.POD_NAME, { fieldRef: { fieldPath: 'metadata.name' } });
  assert.equal(env.PICKET_OPERATOR_IMAGE, container.image, 'scan jobs run the operator\'s own image');
  assert.equal(container.image, 'ghcr.io/OWNER/picket:0.1.0');
  assert.match(readFileSync(join(staticDir, 'deployment.yaml'), 'utf8'), /ghcr\.io\/OWNER\/picket:0\.1\.0@sha256:<digest>/, 'the digest placeholder comment');
  assert.equal(container.resources.limits.memory, '512Mi');
  assert.ok(container.resources.requests.memory && container.resources.requests.cpu && container.resources.limits.cpu);
  assert.deepEqual(container.ports, [{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
  assert.deepEqual([container.livenessProbe, container.readinessProbe].map((p) => (p as { httpGet: unknown }).httpGet), [{ path: '/healthz', port: 'http' }, { path: '/readyz', port: 'http' }]);
  // Every writable path is a volume: the cache (PICKET_CACHE_DIR), the store (--store-dir), /tmp.
  const mounts = Object.fromEntries((container.volumeMounts as { name: string; mountPath: string }[]).map((m) => [m.mountPath, m.name]));
  assert.equal(mounts['/home/picket/.cache'], 'cache');
  assert.ok(env.PICKET_CACHE_DIR?.toString().startsWith('/home/picket/.cache/'));
  assert.equal(mounts[flagValue(container.args, '--store-dir')!], 'store');
  assert.equal(mounts['/tmp'], 'tmp');
  assert.ok(pod.volumes.every((v) => v.emptyDir), 'emptyDir volumes');
  assert.equal(pod.serviceAccountName, 'picket-operator');
  assert.equal(find(statics, 'ServiceAccount', 'picket-scan-job').automountServiceAccountToken, false, 'scan jobs get no API token');
});

test('values set: image digest, jobs mode, namespaces, vuln-id series, lease name, persistence, ServiceMonitor', () => {
  const rendered = renderOperatorChart([
    `image.digest=${DIGEST}`, 'scanMode=jobs', 'targetNamespaces={shop,payments}', 'excludeNamespaces={kube-system}',
    'metrics.vulnIdSeries=true', 'leaderElection.leaseName=picket-lease', 'concurrentScans=5', 'persistence.enabled=true',
    'persistence.storageClass=fast', 'serviceMonitor.enabled=true', 'serviceMonitor.labels.release=kube-prometheus',
  ]);
  const { pod, container, deployment } = operatorPod(rendered);
  assert.equal(container.image, `ghcr.io/OWNER/picket:0.1.0@${DIGEST}`);
  assert.equal(container.env.find((e) => e.name === 'PICKET_OPERATOR_IMAGE')?.value, container.image);
  const args = container.args;
  assert.equal(flagValue(args, '--scan-mode'), 'jobs');
  assert.equal(flagValue(args, '--scan-job-service-account'), 'picket-scan-job');
  assert.equal(flagValue(args, '--include-namespaces'), 'shop,payments');
  assert.equal(flagValue(args, '--exclude-namespaces'), 'kube-system');
  assert.equal(flagValue(args, '--lease-name'), 'picket-lease');
  assert.equal(flagValue(args, '--concurrent-scans'), '5');
  assert.ok(args.includes('--metrics-vuln-id') && args.includes('--leader-elect'));

  const claim = pod.volumes.find((v) => v.name === 'store')?.persistentVolumeClaim?.claimName;
  const pvc = find(rendered, 'PersistentVolumeClaim', claim!);
  assert.deepEqual(pvc.spec, { accessModes: ['ReadWriteOnce'], storageClassName: 'fast', resources: { requests: { storage: '1Gi' } } });
  assert.deepEqual((deployment.spec as { strategy: unknown }).strategy, { type: 'Recreate' });

  const monitor = find(rendered, 'ServiceMonitor', 'picket-operator');
  assert.equal(monitor.metadata.labels?.release, 'kube-prometheus');
  assert.deepEqual(monitor.spec, find(readObjects(join(staticDir, 'servicemonitor.yaml')), 'ServiceMonitor', 'picket-operator').spec);

  // What values do not touch stays as in deploy/static.
  const plain = operatorPod(statics);
  assert.deepEqual([pod.securityContext, container.securityContext, container.resources], [plain.pod.securityContext, plain.container.securityContext, plain.container.resources]);
  for (const kind of ['ClusterRole', 'Role']) assert.deepEqual(rules(find(rendered, kind, 'picket-operator')), rules(find(statics, kind, 'picket-operator')), kind);
});

test('leader election off, other scanners and an existing claim', () => {
  const rendered = renderOperatorChart(['leaderElection.enabled=false', 'scanners={vuln}', 'persistence.enabled=true', 'persistence.existingClaim=reports', 'extraArgs={--db-update-interval=24h}']);
  const { pod, container } = operatorPod(rendered);
  assert.ok(!container.args.includes('--leader-elect'));
  assert.equal(flagValue(container.args, '--scanners'), 'vuln');
  assert.equal(flagValue(container.args, '--db-update-interval'), '24h');
  assert.equal(pod.volumes.find((v) => v.name === 'store')?.persistentVolumeClaim?.claimName, 'reports');
  assert.ok(!rendered.some((o) => o.kind === 'PersistentVolumeClaim'), 'an existing claim is not created');
});

test('another release name and namespace: object names, bindings and namespaces follow', () => {
  const rendered = renderOperatorChart(['serviceMonitor.enabled=true'], { releaseName: 'sec', namespace: 'security' });
  for (const kind of ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'Deployment', 'Service', 'ServiceAccount', 'ServiceMonitor']) find(rendered, kind, 'sec-picket-operator');
  for (const kind of ['ClusterRoleBinding', 'RoleBinding']) {
    const binding = find(rendered, kind, 'sec-picket-operator') as K8sObject & { subjects: unknown; roleRef: { name: string } };
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'sec-picket-operator', namespace: 'security' }], kind);
    assert.equal(binding.roleRef.name, 'sec-picket-operator');
  }
  assert.ok(rendered.filter((o) => !o.kind.startsWith('Cluster')).every((o) => o.metadata.namespace === 'security'));
  assert.equal(operatorPod(rendered, 'sec-picket-operator').pod.serviceAccountName, 'sec-picket-operator');
  const monitor = find(rendered, 'ServiceMonitor', 'sec-picket-operator').spec as { namespaceSelector: unknown };
  assert.deepEqual(monitor.namespaceSelector, { matchNames: ['security'] });
});

test('bad values fail to render with a message', () => {
  assert.throws(() => renderOperatorChart(['persistence.enabled=true', 'replicas=2']), (e: unknown) => e instanceof ChartError && /persistence\.enabled needs replicas: 1/.test(e.message));
  assert.throws(() => renderOperatorChart(['scanMode=daemon']), (e: unknown) => e instanceof ChartError && /scanMode must be in-process or jobs, not "daemon"/.test(e.message));
});
