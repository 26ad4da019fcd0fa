/**
 * `picket operator` end to end (src/operator/): the real CLI as a process against the test
 * cluster (test/support/k8s/test-cluster.ts: the fake API server with the CRDs of deploy/crds
 * applied by the real kubectl, real docker-registries behind a counting proxy, images built with
 * umoci), the advisory DB of the image tests, and the real promtool on /metrics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDatabase } from '../../src/db/build.js';
import { dbSources } from '../support/image-db.js';
import { ENV_SECRET, startTestCluster } from '../support/k8s/test-cluster.js';
import { startOperatorProcess, waitFor } from '../support/operator-process.js';
import { startPrometheus } from '../support/prometheus.js';
import { repoRoot } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const cluster = await startTestCluster();
// Async: the fake API server answers from this process.
const kubectl = async (...args: string[]) => (await promisify(execFile)('kubectl', ['--kubeconfig', cluster.kubeconfig, ...args], { encoding: 'utf8' })).stdout;
await kubectl('apply', '-k', join(repoRoot, 'deploy', 'crds'));
const storeDir = tempDir('picket-operator-store-');
const operator = await startOperatorProcess([
  '--kubeconfig', cluster.kubeconfig, '--listen', '127.0.0.1:0', '--cache-dir', cluster.cacheDir, '--store-dir', storeDir,
  '--db-poll-interval', '1s', ...cluster.dbArgs,
]);

interface Resource { metadata: { name: string; namespace?: string; ownerReferences?: { uid: string; kind: string }[]; labels?: Record<string, string> }; report: Record<string, any> }
const get = (plural: string, namespace: string | undefined, name: string): Promise<Resource | undefined> => fetch(`${cluster.api.url}/apis/picket.dev/v1alpha1${namespace ? `/namespaces/${namespace}` : ''}/${plural}/${name}`)
  .then(async (r) => (r.status === 200 ? ((await r.json()) as Resource) : undefined));
const metrics = () => fetch(`${operator.url}/metrics`).then((r) => r.text());
const series = (text: string, name: string, labels: Record<string, string>) => text.split('\n')
  .filter((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)))
  .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
const layerFetches = () => cluster.web.image.manifest.layers.reduce((n, l) => n + cluster.proxy.blobFetches(cluster.web.path, l.digest), 0);

test('the cluster\'s workloads get their reports: vulnerabilities, secrets, SBOM, config audit', async () => {
  const vulns = await waitFor('the VulnerabilityReport of Deployment web', () => get('vulnerabilityreports', 'apps', 'deployment-web-web').then((r) => (r && (r.report.vulnerabilitiesTotal as number) > 0 ? r : undefined)));
  const deployment = JSON.parse(await kubectl('get', 'deployment', 'web', '-n', 'apps', '-o', 'json')) as { metadata: { uid: string } };
  assert.deepEqual(vulns.metadata.ownerReferences?.map((o) => `${o.kind} ${o.uid}`), [`Deployment ${deployment.metadata.uid}`]);
  assert.equal(vulns.metadata.labels?.['picket.dev/container-name'], 'web');
  assert.equal(vulns.report.artifact.digest, cluster.web.digest);
  assert.equal(vulns.report.artifact.tag, '1.0');
  assert.ok(vulns.report.vulnerabilities.some((v: { vulnerabilityID: string; resource: string }) => v.vulnerabilityID === 'CVE-2021-23337' && v.resource === 'lodash'));
  assert.equal(vulns.report.fullReport, '/reports/apps/Deployment/web/web');

  const secrets = await waitFor('the ExposedSecretReport of Pod tool', () => get('exposedsecretreports', 'tools', 'pod-tool-tool'));
  const stripe = secrets.report.secrets.find((s: { ruleID: string }) => /stripe/i.test(s.ruleID));
  assert.ok(stripe, JSON.stringify(secrets.report.secrets));
  assert.ok(!JSON.stringify(secrets).includes('4eC39HqLyjWDarjtT1zdp7dc'), 'the secret is masked');

  // The Slack token written into the Pod's env: a report of the workload's manifest, masked.
  const manifest = await waitFor('the ExposedSecretReport of Pod tool\'s manifest', () => get('exposedsecretreports', 'tools', 'pod-tool'));
  assert.equal(manifest.report.source, 'manifest');
  assert.ok(manifest.report.secrets.some((s: { ruleID: string }) => /slack/i.test(s.ruleID)), JSON.stringify(manifest.report.secrets));
  assert.ok(!JSON.stringify(manifest).includes(ENV_SECRET), 'the token is masked');
  const toolAudit = await fetch(`${operator.url}/reports/tools/Pod/tool`).then((r) => r.text());
  assert.ok(toolAudit.includes('"Class": "secret"') && !toolAudit.includes(ENV_SECRET), `served with the config audit, masked: ${toolAudit.slice(Math.max(0, toolAudit.indexOf(ENV_SECRET) - 400), toolAudit.indexOf(ENV_SECRET) + 100)}`);

  const sbom = await waitFor('the SbomReport of Deployment web', () => get('sbomreports', 'apps', 'deployment-web-web'));
  assert.ok(sbom.report.components.some((c: { name: string; version: string }) => c.name === 'lodash' && c.version === '4.17.20'));

  const debug = await waitFor('the ConfigAuditReport of Pod debug', () => get('configauditreports', 'apps', 'pod-debug'));
  assert.ok(debug.report.checks.some((c: { checkID: string }) => c.checkID === 'KSV-0017'), JSON.stringify(debug.report.checks.map((c: { checkID: string }) => c.checkID)));
  assert.ok(debug.report.summary.highCount >= 1);
  await waitFor('the ConfigAuditReport of Role wildcard', () => get('configauditreports', 'apps', 'role-wildcard'));
  await waitFor('the ClusterConfigAuditReport of ClusterRole reader', () => get('clusterconfigauditreports', undefined, 'clusterrole-reader'));
  // The Deployment's ReplicaSet and Pods are reported through it, not on their own.
  assert.equal(await get('vulnerabilityreports', 'apps', 'pod-web-5d4f8-abcde-web'), undefined);

  // web:1.0 (the Deployment) and web:latest (Pod debug) are one digest: its layers were fetched once.
  await waitFor('the VulnerabilityReport of Pod debug', () => get('vulnerabilityreports', 'apps', 'pod-debug-shell'));
  assert.equal(layerFetches(), cluster.web.image.manifest.layers.length);

  const full = await fetch(`${operator.url}/reports/apps/Deployment/web/web`).then((r) => r.json()) as { ArtifactName: string; Results: { Vulnerabilities?: { VulnerabilityID: string }[] }[] };
  assert.equal(full.ArtifactName, `${cluster.web.repository}:1.0`);
  assert.ok(full.Results.some((r) => r.Vulnerabilities?.some((v) => v.VulnerabilityID === 'CVE-2021-23337')));
  const bom = await fetch(`${operator.url}/reports/apps/Deployment/web/web?format=cyclonedx`).then((r) => r.json()) as { bomFormat: string; components: { name: string }[] };
  assert.equal(bom.bomFormat, 'CycloneDX');
  assert.ok(bom.components.some((c) => c.name === 'lodash'));
  const audit = await fetch(`${operator.url}/reports/apps/Pod/debug`).then((r) => r.json()) as { Results: { Misconfigurations?: { ID: string }[] }[] };
  assert.ok(audit.Results.some((r) => r.Misconfigurations?.some((m) => m.ID === 'KSV-0017')));
  assert.equal((await fetch(`${operator.url}/reports/apps/Deployment/nope/web`)).status, 404);
  assert.equal((await fetch(`${operator.url}/healthz`)).status, 200);
  assert.equal((await fetch(`${operator.url}/readyz`)).status, 200);
});

test('/metrics: severity series per workload container, linted by promtool', async () => {
  const text = await waitFor('the web image series', () => metrics().then((t) => (series(t, 'picket_image_vulnerabilities', { resource_name: 'web', severity: 'CRITICAL' }).length > 0 ? t : undefined)));
  const web = { namespace: 'apps', resource_kind: 'Deployment', resource_name: 'web', container_name: 'web', image_repository: 'k8s/web', image_tag: '1.0', image_digest: cluster.web.digest };
  const total = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'].reduce((n, severity) => n + series(text, 'picket_image_vulnerabilities', { ...web, severity })[0], 0);
  const report = await get('vulnerabilityreports', 'apps', 'deployment-web-web');
  assert.equal(total, report!.report.vulnerabilitiesTotal, 'the metric counts what the report counts');
  assert.ok(series(text, 'picket_resource_configaudits', { namespace: 'apps', resource_kind: 'Pod', resource_name: 'debug', severity: 'HIGH' })[0] >= 1);
  assert.ok(series(text, 'picket_image_exposedsecrets', { resource_name: 'tool', container_name: 'tool' }).reduce((a, b) => a + b, 0) >= 1);
  assert.deepEqual(series(text, 'picket_image_info', { resource_name: 'web', container_name: 'web' }), [1]);
  assert.match(text, /^picket_scans_total\{result="ok"\} [1-9]/m);
  assert.match(text, /^process_resident_memory_bytes /m);
  const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  assert.equal(lint.status, 0, `promtool check metrics: ${lint.stdout}${lint.stderr}`);
});

test('a real Prometheus scrapes the operator: the query API returns the vulnerability series', async () => {
  const prometheus = await startPrometheus([new URL(operator.url).host]);
  const web = await waitFor('the scraped series of the web Deployment', () => prometheus.query('sum by (severity) (picket_image_vulnerabilities{namespace="apps",resource_name="web"})').then((r) => (r.length > 0 ? r : undefined)), 60_000);
  const text = await metrics();
  for (const { metric, value } of web) assert.equal(value, series(text, 'picket_image_vulnerabilities', { resource_name: 'web', resource_kind: 'Deployment', severity: metric.severity! })[0], metric.severity);
  const up = await prometheus.query('up{job="picket"}');
  assert.deepEqual(up.map((s) => s.value), [1]);
  await prometheus.stop();
});

test('a Deployment applied gets its reports within seconds (image known: no pull); deleted, they go', async () => {
  const before = layerFetches();
  const manifest = join(tempDir('picket-operator-apply-'), 'api.yaml');
  writeFileSync(manifest, [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: api, namespace: other}',
    'spec:', '  selector: {matchLabels: {app: api}}', '  template:', '    metadata: {labels: {app: api}}',
    `    spec: {containers: [{name: api, image: "${cluster.web.repository}:1.0"}]}`, '',
  ].join('\n'));
  const applied = Date.now();
  await kubectl('apply', '-f', manifest);
  const report = await waitFor('the new Deployment\'s VulnerabilityReport', () => get('vulnerabilityreports', 'other', 'deployment-api-api'), 30_000);
  const seconds = (Date.now() - applied) / 1000;
  assert.ok(report.report.vulnerabilitiesTotal > 0);
  await waitFor('its ConfigAuditReport', () => get('configauditreports', 'other', 'deployment-api'));
  assert.equal(layerFetches(), before, 'a digest already analyzed is not pulled again');
  process.stderr.write(`# deployment applied -> report written: ${seconds.toFixed(2)} s\n`);

  await kubectl('delete', 'deployment', 'api', '-n', 'other');
  await waitFor('its reports to go', async () => ((await get('vulnerabilityreports', 'other', 'deployment-api-api')) === undefined && (await get('configauditreports', 'other', 'deployment-api')) === undefined && (await get('sbomreports', 'other', 'deployment-api-api')) === undefined ? true : undefined), 30_000);
  const text = await metrics();
  assert.deepEqual(series(text, 'picket_image_vulnerabilities', { namespace: 'other', resource_name: 'api' }), [], 'its series are gone');
});

test('two workloads whose report names coincide get one report each; deleting one leaves the other', async () => {
  const manifest = join(tempDir('picket-operator-names-'), 'names.yaml');
  const deployment = (name: string, container: string) => [
    'apiVersion: apps/v1', 'kind: Deployment', `metadata: {name: ${name}, namespace: other}`,
    'spec:', `  selector: {matchLabels: {app: ${name}}}`, '  template:', `    metadata: {labels: {app: ${name}}}`,
    `    spec: {containers: [{name: ${container}, image: "${cluster.web.repository}:1.0"}]}`,
  ].join('\n');
  writeFileSync(manifest, `${deployment('a', 'b-c')}\n---\n${deployment('a-b', 'c')}\n`);
  await kubectl('apply', '-f', manifest);
  type List = { items: Resource[] };
  const list = () => fetch(`${cluster.api.url}/apis/picket.dev/v1alpha1/namespaces/other/vulnerabilityreports`).then((r) => r.json() as Promise<List>);
  const both = await waitFor('a report for each', () => list().then((l) => (l.items.length === 2 ? l.items : undefined)), 30_000)
    .catch(async (err: Error) => { throw new Error(`${err.message}: ${(await list()).items.map((r) => r.metadata.name).join(' ')}\n${operator.log().slice(-3000)}`); });
  const owners = both.map((r) => `${r.metadata.labels?.['picket.dev/resource-name']}/${r.metadata.labels?.['picket.dev/container-name']}`).sort();
  assert.deepEqual(owners, ['a-b/c', 'a/b-c']);
  assert.ok(both.some((r) => r.metadata.name === 'deployment-a-b-c') && both.some((r) => /^deployment-a-b-c-[0-9a-f]{10}$/.test(r.metadata.name)), both.map((r) => r.metadata.name).join(' '));
  await kubectl('delete', 'deployment', 'a', '-n', 'other');
  const left = await waitFor('only a-b\'s report', () => list().then((l) => (l.items.length === 1 ? l.items : undefined)), 30_000);
  assert.equal(left[0].metadata.labels?.['picket.dev/resource-name'], 'a-b');
  await kubectl('delete', 'deployment', 'a-b', '-n', 'other');
});

test('a DB update raises the image\'s metric without pulling it again; a report of 1,200 findings stays small', async () => {
  const before = layerFetches();
  const text = await metrics();
  const web = { resource_kind: 'Deployment', resource_name: 'web', severity: 'CRITICAL' };
  const criticalBefore = series(text, 'picket_image_vulnerabilities', web)[0];
  // 1,200 new advisories for the image's lodash 4.17.20, each with a long text.
  const extra = tempDir('picket-operator-advisories-');
  mkdirSync(join(extra, 'osv'));
  for (let i = 0; i < 1200; i++) {
    const id = `PICKET-TEST-${String(i).padStart(4, '0')}`;
    writeFileSync(join(extra, 'osv', `${id}.json`), JSON.stringify({
      schema_version: '1.4.0', id, modified: '2026-11-01T00:00:00Z', published: '2026-11-01T00:00:00Z',
      summary: `Test advisory ${i}: ${'prototype pollution through crafted input '.repeat(8)}`, details: 'x'.repeat(2000),
      severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
      affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }] }],
      database_specific: { severity: 'CRITICAL' },
    }));
  }
  await buildDatabase({ dbDir: join(cluster.cacheDir, 'db'), sources: [...(await dbSources()), extra] });
  const after = await waitFor('the new advisories in the metric', () => metrics().then((t) => {
    const critical = series(t, 'picket_image_vulnerabilities', web)[0];
    return critical >= criticalBefore + 1200 ? critical : undefined;
  }), 60_000);
  assert.equal(after, criticalBefore + 1200);
  assert.equal(layerFetches(), before, 'judged from the recorded facts: no layer fetched');

  const report = await waitFor('the rewritten report', () => get('vulnerabilityreports', 'apps', 'deployment-web-web').then((r) => (r && r.report.vulnerabilitiesTotal >= 1200 ? r : undefined)));
  const bytes = Buffer.byteLength(JSON.stringify(report));
  assert.ok(bytes < 256 * 1024, `report resource is ${bytes} bytes`);
  assert.equal(report.report.summary.criticalCount, after);
  assert.equal(report.report.vulnerabilities.length, 50, 'the first 50 findings (--report-findings)');
  assert.equal(report.report.vulnerabilities[0].severity, 'CRITICAL');
  const full = await fetch(`${operator.url}/reports/apps/Deployment/web/web`).then((r) => r.json()) as { Results: { Vulnerabilities?: unknown[] }[] };
  assert.ok(full.Results.reduce((n, r) => n + (r.Vulnerabilities?.length ?? 0), 0) >= 1200, 'the full report is served');
});
