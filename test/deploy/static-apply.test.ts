/**
 * deploy/static and deploy/crds applied with the real kubectl to the tests' fake API server
 * (RECIPES.md §3: no real kube-apiserver can run here): `kubectl apply -k deploy/static` creates
 * every object (CRDs included), a second apply changes nothing, the report kinds then resolve by
 * their short names (`kubectl get vulns -A`), the ServiceMonitor applies once its CRD exists,
 * and each CRD's printer columns, evaluated by kubectl as custom columns (the fake serves no
 * Table output), read the values of a report shaped as the contract says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { startFakeApiServer } from '../support/k8s/fake-apiserver.js';
import { kubectl, writeKubeconfig } from '../support/k8s/kubeconfig.js';
import { tempDir } from '../support/temp.js';
import { crdDir, readManifestDir, readObjects, staticDir, yamlFiles, type K8sObject } from './deploy-files.js';
import { SAMPLE_REPORTS } from './sample-reports.js';

const dir = tempDir('picket-deploy-apply-');

/** A minimal monitoring.coreos.com ServiceMonitor CRD, standing in for the Prometheus Operator's. */
const SERVICE_MONITOR_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'servicemonitors.monitoring.coreos.com' },
  spec: {
    group: 'monitoring.coreos.com',
    scope: 'Namespaced',
    names: { kind: 'ServiceMonitor', listKind: 'ServiceMonitorList', plural: 'servicemonitors', singular: 'servicemonitor', shortNames: ['smon'] },
    versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
  },
};

/** `kind/name` (with the namespace, when it has one) of each object, as kubectl prints resources. */
const ids = (objects: readonly K8sObject[]) => objects.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();

interface CrdColumns {
  spec: { names: { plural: string }; versions: { additionalPrinterColumns: { name: string; jsonPath: string }[] }[] };
}

test('kustomization.yaml lists every manifest of deploy/static but the ServiceMonitor', () => {
  const kustomization = readObjects(join(staticDir, 'kustomization.yaml'))[0] as unknown as { resources: string[] };
  const manifests = yamlFiles(staticDir).filter((n) => n !== 'kustomization.yaml' && n !== 'servicemonitor.yaml');
  assert.deepEqual([...kustomization.resources].sort(), ['../crds', ...manifests].sort());
});

test('kubectl apply -k deploy/static creates every object; the report kinds resolve; the ServiceMonitor applies after its CRD', async () => {
  const api = await startFakeApiServer();
  const kubeconfig = writeKubeconfig(join(dir, 'kubectl'), [{ name: 'fake', server: api.url, namespace: 'default' }]);

  const applied = await kubectl(kubeconfig, ['apply', '-k', staticDir]);
  const expected = [...readManifestDir(crdDir), ...readManifestDir(staticDir).filter((o) => o.kind !== 'ServiceMonitor')];
  assert.equal(applied.trim().split('\n').length, expected.length, applied);
  assert.doesNotMatch(applied, /unchanged|configured/);
  for (const o of expected) assert.match(applied, new RegExp(`/${o.metadata.name} created`), `${o.kind} ${o.metadata.name}: ${applied}`);
  const again = await kubectl(kubeconfig, ['apply', '-k', staticDir]);
  assert.equal(again.trim().split('\n').filter((l) => !l.endsWith(' unchanged')).length, 0, again);

  // Every object is on the server, in its namespace.
  const onServer: K8sObject[] = [];
  for (const kind of ['crd', 'namespace', 'serviceaccount', 'clusterrole', 'clusterrolebinding', 'role', 'rolebinding', 'deployment', 'service']) {
    const list = JSON.parse(await kubectl(kubeconfig, ['get', kind, '-A', '-o', 'json'])) as { items: K8sObject[] };
    onServer.push(...list.items.filter((o) => o.metadata.labels?.['app.kubernetes.io/part-of'] === 'picket'));
  }
  assert.deepEqual(ids(onServer), ids(expected));
  const deployment = JSON.parse(await kubectl(kubeconfig, ['get', 'deploy', 'picket-operator', '-n', 'picket-system', '-o', 'json'])) as K8sObject;
  assert.deepEqual((deployment.spec as { template: unknown }).template, (expected.find((o) => o.kind === 'Deployment')!.spec as { template: unknown }).template);

  // The report kinds resolve, by plural and short names, namespaced and cluster-scoped.
  for (const name of ['vulns', 'vuln', 'configaudits', 'exposedsecrets', 'sboms', 'vulnerabilityreports.picket.dev']) {
    assert.equal((await kubectl(kubeconfig, ['get', name, '-A', '-o', 'name'])).trim(), '', name);
  }
  assert.equal((await kubectl(kubeconfig, ['get', 'clusterconfigaudit', '-o', 'name'])).trim(), '');
  const resources = await kubectl(kubeconfig, ['api-resources', '--api-group', 'picket.dev', '-o', 'name']);
  assert.deepEqual(resources.trim().split('\n').sort(), ['clusterconfigauditreports.picket.dev', 'configauditreports.picket.dev', 'exposedsecretreports.picket.dev', 'sbomreports.picket.dev', 'vulnerabilityreports.picket.dev']);

  // The ServiceMonitor: only where its CRD exists.
  const monitorFile = join(staticDir, 'servicemonitor.yaml');
  // (a real apiserver says `no matches for kind "ServiceMonitor"`; the fake has no OpenAPI for the group)
  await assert.rejects(kubectl(kubeconfig, ['apply', '-f', monitorFile]), /no matches for kind "ServiceMonitor"|could not find the requested resource/);
  await kubectl(kubeconfig, ['apply', '-f', '-'], { stdin: stringify(SERVICE_MONITOR_CRD) });
  assert.match(await kubectl(kubeconfig, ['apply', '-f', monitorFile]), /servicemonitor\.monitoring\.coreos\.com\/picket-operator created/);
  assert.equal(await kubectl(kubeconfig, ['get', 'servicemonitor', '-n', 'picket-system', '-o', 'jsonpath={.items[*].spec.endpoints[0].port}']), 'http');
});

test('each CRD\'s printer columns read a report shaped as the contract says', async () => {
  const api = await startFakeApiServer();
  const kubeconfig = writeKubeconfig(join(dir, 'columns'), [{ name: 'fake', server: api.url, namespace: 'default' }]);
  await kubectl(kubeconfig, ['apply', '-k', crdDir]);
  await kubectl(kubeconfig, ['apply', '-f', '-'], { stdin: stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }) });
  await kubectl(kubeconfig, ['apply', '-f', '-'], { stdin: SAMPLE_REPORTS.map((r) => stringify(r)).join('---\n') });

  for (const crd of readManifestDir(crdDir) as unknown as CrdColumns[]) {
    const columns = crd.spec.versions[0].additionalPrinterColumns;
    const spec = columns.map((c) => `${c.name.toUpperCase()}:${c.jsonPath}`).join(',');
    const out = await kubectl(kubeconfig, ['get', crd.spec.names.plural, '-A', '-o', `custom-columns=${spec}`, '--no-headers']);
    const cells = out.trim().split(/\s+/);
    const sample = SAMPLE_REPORTS.find((s) => `${s.kind.toLowerCase()}s` === crd.spec.names.plural)!;
    const report = sample.report as { artifact?: { repository: string; tag: string }; summary: Record<string, number> };
    const expected = columns.map((c) => {
      if (c.name === 'Age') return /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
      if (c.name === 'Repository') return report.artifact!.repository;
      if (c.name === 'Tag') return report.artifact!.tag;
      return String(report.summary[c.name === 'Components' ? 'componentsCount' : `${c.name.toLowerCase()}Count`]);
    });
    assert.equal(cells.length, expected.length, `${crd.spec.names.plural}: ${out}`);
    expected.forEach((e, i) => (typeof e === 'string' ? assert.equal(cells[i], e, `${crd.spec.names.plural} ${columns[i].name}`) : assert.match(cells[i], e)));
  }
  // The labels every report carries select it.
  assert.equal(await kubectl(kubeconfig, ['get', 'vulns', '-A', '-l', 'picket.dev/resource-kind=Deployment,picket.dev/container-name=cart', '-o', 'jsonpath={.items[*].metadata.name}']), 'deployment-cart-cart');
});
