/**
 * `picket k8s --format sarif` and `--format cyclonedx` against the test cluster of real parts
 * (test/support/k8s/test-cluster.ts: fake API server, real docker-registries, images built with
 * umoci): the SARIF log checked with the OASIS SARIF 2.1.0 schema, the cluster BOM with the
 * official CycloneDX 1.6 schema (strict), and the planted findings looked up in each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { osNameVersion, runtimeNameVersion } from '../../src/k8s/formats/kbom-nodes.js';
import { renderClusterReport } from '../../src/k8s/render.js';
import type { K8sReport } from '../../src/k8s/report.js';
import { cyclonedxErrors, sarifErrors } from '../report/writers/schemas.js';
import { runK8s } from '../support/k8s/run-k8s.js';
import { ENV_SECRET, startTestCluster } from '../support/k8s/test-cluster.js';

const cluster = await startTestCluster();
const base = ['--kubeconfig', cluster.kubeconfig, '--cache-dir', cluster.cacheDir, ...cluster.dbArgs, '--no-progress'];
const env = { HOME: cluster.dir };

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; endLine: number } };
  message: { text: string };
  logicalLocations: { fullyQualifiedName: string; kind: string }[];
}
interface SarifLog {
  runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: SarifLocation[] }[]; properties: { clusterName: string } }[];
}
interface Component { 'bom-ref': string; type: string; name: string; version?: string; purl?: string; properties?: { name: string; value: string }[] }
interface Bom {
  metadata: { component: Component };
  components: Component[];
  dependencies: { ref: string; dependsOn: string[] }[];
  vulnerabilities?: { id: string; affects: { ref: string }[] }[];
}

const prop = (c: Component, name: string) => (c.properties ?? []).filter((p) => p.name === name).map((p) => p.value);

test('--format sarif: one SARIF 2.1.0 run, every finding located at its resource (and image)', async () => {
  const r = await runK8s([...base, '-f', 'sarif'], { env });
  assert.equal(r.code, 0, r.stderr);
  const log = JSON.parse(r.stdout) as SarifLog;
  assert.deepEqual(sarifErrors(log), []);
  assert.equal(log.runs.length, 1);
  const [run] = log.runs;
  assert.equal(run.properties.clusterName, 'test-cluster');
  assert.equal(run.tool.driver.name, 'Picket');
  assert.ok(run.results.every((x) => run.tool.driver.rules[x.ruleIndex]?.id === x.ruleId), 'rule indexes point at their rules');
  assert.equal(new Set(run.tool.driver.rules.map((x) => x.id)).size, run.tool.driver.rules.length, 'one rule per id');
  const at = (ruleId: string, uri: string) => run.results.filter((x) => x.ruleId === ruleId && x.locations[0].physicalLocation.artifactLocation.uri === uri);

  // The privileged debug Pod: a check on the live object, its lines in the object's YAML.
  const privileged = at('KSV-0017', 'apps/Pod/debug');
  assert.equal(privileged.length, 1, JSON.stringify(run.results.filter((x) => x.ruleId === 'KSV-0017').map((x) => x.locations[0].physicalLocation)));
  assert.equal(privileged[0].level, 'error');
  assert.ok(privileged[0].locations[0].physicalLocation.region.startLine > 1);
  assert.deepEqual(privileged[0].locations[0].logicalLocations, [{ name: 'debug', fullyQualifiedName: 'apps/Pod/debug', kind: 'resource' }]);
  assert.match(privileged[0].message.text, /^Resource: apps\/Pod\/debug\n/);

  // lodash 4.17.20 in k8s/web: one result per workload, at the workload, the image it names and the file.
  const lodash = `${cluster.web.repository}:1.0`;
  const inDeployment = at('CVE-2021-23337', `apps/Deployment/web/${lodash}/srv/app/node_modules/lodash/package.json`);
  assert.equal(inDeployment.length, 1, JSON.stringify(run.results.filter((x) => x.ruleId === 'CVE-2021-23337').map((x) => x.locations[0].physicalLocation.artifactLocation.uri)));
  assert.equal(inDeployment[0].locations[0].message.text, `apps/Deployment/web: ${lodash}: srv/app/node_modules/lodash/package.json: lodash@4.17.20`);
  assert.deepEqual(inDeployment[0].locations[0].logicalLocations.map((l) => l.fullyQualifiedName), ['apps/Deployment/web', `apps/Deployment/web/${lodash}`]);
  assert.match(inDeployment[0].message.text, new RegExp(`^Resource: apps/Deployment/web\nImage: ${lodash.replace(/\./g, '\\.')}\nPackage: lodash\n`));
  assert.equal(at('CVE-2021-23337', `apps/Pod/debug/${cluster.web.repository}:latest/srv/app/node_modules/lodash/package.json`).length, 1, 'the same image by its latest tag');

  // The Stripe key in the tool image's layer, and the Slack token in the Pod's env (masked).
  assert.equal(at('stripe-secret-key', `tools/Pod/tool/${cluster.tool.repository}:2.0/srv/tool/.env`).length, 1);
  assert.equal(at('slack-bot-token', 'tools/Pod/tool').length, 1);
  assert.ok(!r.stdout.includes(ENV_SECRET), 'secrets masked');
  assert.ok(!r.stdout.includes(cluster.basicRegistry.password), 'no registry password');
});

test('--format cyclonedx: the cluster BOM (CycloneDX 1.6): cluster, node, images, their vulnerabilities', async () => {
  const out = join(cluster.dir, 'cluster.cdx.json');
  const r = await runK8s([...base, '--skip-db-update', '-f', 'cyclonedx', '--scanners', 'vuln', '-o', out], { env });
  assert.equal(r.code, 0, r.stderr);
  const text = readFileSync(out, 'utf8');
  assert.deepEqual(await cyclonedxErrors(text, '1.6'), []);
  const bom = JSON.parse(text) as Bom;

  const root = bom.metadata.component;
  assert.equal(root.type, 'platform');
  assert.equal(root.name, 'test-cluster');
  // The API server's version (the fake API server's /version).
  assert.equal(root.version, 'v1.32.0-fake');
  const refs = new Set(bom.components.map((c) => c['bom-ref']));
  assert.equal(refs.size, bom.components.length, 'bom-refs unique');
  const dependsOn = (ref: string) => bom.dependencies.find((d) => d.ref === ref)?.dependsOn ?? [];
  for (const d of bom.dependencies) for (const ref of [d.ref, ...d.dependsOn]) assert.ok(ref === root['bom-ref'] || refs.has(ref), `dependency on an unknown ref ${ref}`);

  // The node: its versions as properties; its OS and core components (kubelet, containerd) as trivy's KBOM has them.
  const node = bom.components.find((c) => c.type === 'platform' && c.name === 'node-1')!;
  assert.ok(node, 'node component');
  assert.deepEqual(prop(node, 'aquasecurity:trivy:KubeletVersion'), ['v1.29.4']);
  assert.deepEqual(prop(node, 'aquasecurity:trivy:ContainerRuntimeVersion'), ['containerd://1.7.13']);
  assert.deepEqual(prop(node, 'aquasecurity:trivy:KernelVersion'), ['6.1.0-18-amd64']);
  assert.deepEqual(prop(node, 'aquasecurity:trivy:Architecture'), ['amd64']);
  assert.deepEqual(prop(node, 'aquasecurity:trivy:NodeRole'), ['worker']);
  const nodeParts = dependsOn(node['bom-ref']).map((ref) => bom.components.find((c) => c['bom-ref'] === ref)!);
  assert.deepEqual(nodeParts.map((c) => `${c.type} ${c.name} ${c.version ?? ''}`.trim()), ['operating-system debian gnu/linux 12', 'application node-core-components']);
  const core = dependsOn(nodeParts[1]['bom-ref']).map((ref) => bom.components.find((c) => c['bom-ref'] === ref)!);
  assert.deepEqual(core.map((c) => c.purl), ['pkg:k8s/k8s.io%2Fkubelet@1.29.4', 'pkg:golang/github.com/containerd/containerd@1.7.13']);

  // The images: one component per digest (web:1.0 and web:latest are one), named from the reference, pkg:oci purl.
  const containers = bom.components.filter((c) => c.type === 'container');
  assert.deepEqual(containers.map((c) => c.name).sort(), [cluster.tool.repository, cluster.web.repository].sort());
  const web = containers.find((c) => c.name === cluster.web.repository)!;
  assert.ok(['1.0', 'latest'].includes(web.version!), web.version);
  const purl = new URL(web.purl!.replace(/^pkg:/, 'pkg://x/'));
  assert.equal(decodeURIComponent(purl.pathname), `/oci/web@${cluster.web.digest}`);
  assert.equal(purl.searchParams.get('repository_url'), cluster.web.repository);
  assert.deepEqual(prop(web, 'aquasecurity:trivy:RepoTag').sort(), [`${cluster.web.repository}:1.0`, `${cluster.web.repository}:latest`]);
  assert.deepEqual(prop(web, 'picket:k8s:workload').sort(), ['apps/Deployment/web', 'apps/Pod/debug']);
  assert.deepEqual(prop(web, 'aquasecurity:trivy:ImageID'), [cluster.web.image.configDigest]);
  const tool = containers.find((c) => c.name === cluster.tool.repository)!;
  assert.equal(tool.version, '2.0');
  assert.ok(tool.purl!.includes(cluster.tool.digest.replace(':', '%3A')) || tool.purl!.includes(cluster.tool.digest), tool.purl);
  assert.deepEqual(dependsOn(root['bom-ref']).sort(), [node['bom-ref'], web['bom-ref'], tool['bom-ref']].sort());

  // lodash under the web image, and its vulnerability affecting it.
  const lodash = bom.components.find((c) => c.purl === 'pkg:npm/lodash@4.17.20')!;
  assert.ok(lodash, 'lodash component');
  assert.ok(dependsOn(web['bom-ref']).includes(lodash['bom-ref']));
  const cve = bom.vulnerabilities?.find((v) => v.id === 'CVE-2021-23337');
  assert.ok(cve, `vulnerabilities: ${bom.vulnerabilities?.map((v) => v.id).join(', ')}`);
  assert.deepEqual(cve.affects.map((a) => a.ref), [lodash['bom-ref']]);
});

test('picket k8s --help names the four formats', async () => {
  const r = await runK8s(['--help']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout.replace(/\s+/g, ' '), /--format <format> output format \(sarif: one run for the whole cluster; cyclonedx: the cluster BOM\) \(one of: table, json, sarif, cyclonedx;/);
});

test('node OS and container runtime as trivy reads them', () => {
  assert.deepEqual(osNameVersion('Ubuntu 22.04.3 LTS'), { name: 'ubuntu', version: '22.04.3' });
  assert.deepEqual(osNameVersion('Debian GNU/Linux 12 (bookworm)'), { name: 'debian gnu/linux', version: '12' });
  assert.deepEqual(osNameVersion('Bottlerocket OS 1.19.2 (aws-k8s-1.29)'), { name: 'bottlerocket os', version: '1.19.2' });
  assert.deepEqual(osNameVersion('Container-Optimized OS from Google'), { name: 'container-optimized os from google' });
  assert.deepEqual(runtimeNameVersion('containerd://1.7.13'), { name: 'containerd', module: 'github.com/containerd/containerd', version: '1.7.13' });
  assert.deepEqual(runtimeNameVersion('cri-o://1.28.1'), { name: 'cri-o', module: 'github.com/cri-o/cri-o', version: '1.28.1' });
  assert.deepEqual(runtimeNameVersion('remote://v2'), { name: 'remote', version: '2' });
});

test('the cluster BOM: the API server version given, the same document for the same report and time', async () => {
  const report: K8sReport = {
    ClusterName: 'prod',
    Picket: { Version: '9.9.9' },
    Resources: [
      { Namespace: 'kube-system', Kind: 'Pod', Name: 'kube-apiserver-cp-1', Metadata: { Image: 'registry.k8s.io/kube-apiserver:v1.30.1' }, Error: 'not scanned: unauthorized' },
      { Kind: 'Node', Name: 'cp-1', Metadata: { NodeInfo: { NodeRole: 'master', KubeletVersion: 'v1.30.1', ContainerRuntimeVersion: 'cri-o://1.30.0', OsImage: 'Ubuntu 22.04.4 LTS', KernelVersion: '5.15.0', OperatingSystem: 'linux', Architecture: 'arm64' } } },
    ],
  };
  const options = { format: 'cyclonedx', report: 'summary', severities: [], color: false, clusterVersion: 'v1.30.1', now: new Date('2025-01-02T03:04:05Z') };
  const text = await renderClusterReport(report, options);
  assert.equal(await renderClusterReport(report, options), text);
  assert.deepEqual(await cyclonedxErrors(text, '1.6'), []);
  const bom = JSON.parse(text) as Bom & { metadata: { timestamp: string } };
  assert.equal(bom.metadata.component.version, 'v1.30.1');
  assert.equal(bom.metadata.timestamp, '2025-01-02T03:04:05Z');
  // An image that could not be scanned is still part of the cluster: named from its reference, no purl.
  const apiserver = bom.components.find((c) => c.type === 'container')!;
  assert.deepEqual([apiserver.name, apiserver.version, apiserver.purl], ['registry.k8s.io/kube-apiserver', 'v1.30.1', undefined]);
  assert.deepEqual(prop(apiserver, 'aquasecurity:trivy:resource:Type'), ['controlPlane']);
  assert.deepEqual(bom.components.filter((c) => c.purl).map((c) => c.purl), ['pkg:k8s/k8s.io%2Fkubelet@1.30.1', 'pkg:golang/github.com/cri-o/cri-o@1.30.0']);
});
