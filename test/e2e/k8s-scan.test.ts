/**
 * `picket k8s` against a test cluster of real parts (test/support/k8s/test-cluster.ts): the fake
 * API server holding a Deployment with its ReplicaSet and 2 Pods, a privileged Pod on the `latest`
 * tag of the same image, a Role with wildcard verbs, a Pod pulling from a basic-auth registry
 * with an imagePullSecret and holding a Slack token in its env; images in real docker-registries,
 * the web image counted through a proxy; the advisory DB built from ../shared/db-seed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runK8s } from '../support/k8s/run-k8s.js';
import { startTestCluster } from '../support/k8s/test-cluster.js';
import type { K8sReport, K8sResource, K8sSummaryReport } from '../../src/k8s/report.js';

const cluster = await startTestCluster();
const base = ['--kubeconfig', cluster.kubeconfig, '--cache-dir', cluster.cacheDir, ...cluster.dbArgs, '--no-progress'];
const env = { HOME: cluster.dir };

const find = (resources: K8sResource[], key: string) => resources.filter((r) => `${r.Namespace ? `${r.Namespace}/` : ''}${r.Kind}/${r.Name}` === key);
const vulnIds = (resources: K8sResource[]) => [...new Set(resources.flatMap((r) => (r.Results ?? []).flatMap((x) => (x.Vulnerabilities ?? []).map((v) => v.VulnerabilityID))))].sort();
const checkIds = (resources: K8sResource[]) => [...new Set(resources.flatMap((r) => (r.Results ?? []).flatMap((x) => (x.Misconfigurations ?? []).map((m) => m.ID))))].sort();

// The first scan reads every layer (fresh scan cache); the tests after it read from this one.
const first = await runK8s([...base, '-f', 'json', '--report', 'all', '--debug'], { env });

test('--report all JSON: trivy k8s shape, workloads with their image findings, checks and secrets', () => {
  assert.equal(first.code, 0, first.stderr);
  const report = JSON.parse(first.stdout) as K8sReport;
  assert.equal(report.ClusterName, 'test-cluster');
  const web = find(report.Resources, 'apps/Deployment/web');
  assert.ok(web.length >= 2, 'a checks entry and an image entry');
  assert.ok(vulnIds(web).includes('CVE-2021-23337'), `lodash 4.17.20 findings: ${vulnIds(web).join(', ')}`);
  const image = web.find((r) => r.Metadata?.ImageID)!;
  assert.equal(image.Metadata!.ImageID, cluster.web.image.configDigest);
  assert.deepEqual(image.Metadata!.RepoDigests, [`${cluster.web.repository}@${cluster.web.digest}`]);
  // The Deployment's ReplicaSet and Pods are reported through it.
  assert.equal(find(report.Resources, 'apps/ReplicaSet/web-5d4f8').length, 0);
  assert.equal(find(report.Resources, 'apps/Pod/web-5d4f8-abcde').length, 0);

  const debug = find(report.Resources, 'apps/Pod/debug');
  assert.ok(checkIds(debug).includes('KSV-0017'), 'privileged');
  assert.ok(checkIds(debug).includes('KSV-0013'), 'image tag latest');
  assert.ok(vulnIds(debug).includes('CVE-2021-23337'), 'same image by its latest tag');
  const config = debug.flatMap((r) => r.Results ?? []).find((r) => r.Class === 'config')!;
  assert.equal(config.Target, 'Pod/debug');

  const role = find(report.Resources, 'apps/Role/wildcard');
  assert.ok(checkIds(role).some((id) => ['KSV-0045', 'KSV-0046', 'KSV-0044', 'KSV-0041'].includes(id)), `wildcard verb checks: ${checkIds(role).join(', ')}`);

  // The private image was pulled with the pod's imagePullSecret; its layer secret and the env secret are found.
  const tool = find(report.Resources, 'tools/Pod/tool');
  assert.ok(tool.every((r) => !r.Error), JSON.stringify(tool.map((r) => r.Error)));
  const toolImage = tool.find((r) => r.Metadata?.ImageID)!;
  assert.equal(toolImage.Metadata!.ImageID, cluster.tool.image.configDigest);
  const secrets = tool.flatMap((r) => r.Results ?? []).filter((r) => r.Class === 'secret');
  assert.ok(secrets.some((r) => r.Target === 'srv/tool/.env' && r.Secrets!.some((s) => s.RuleID === 'stripe-secret-key')), 'secret in an image layer');
  assert.ok(secrets.some((r) => r.Target === 'Pod/tool' && r.Secrets!.some((s) => s.RuleID === 'slack-bot-token')), 'secret in an env value');
  assert.ok(!first.stdout.includes(cluster.basicRegistry.password), 'no registry password in the report');
  assert.ok(!first.stderr.includes(cluster.basicRegistry.password), 'no registry password in the log');

  const node = find(report.Resources, 'Node/node-1')[0];
  assert.deepEqual((node.Metadata!.NodeInfo as Record<string, string>).KubeletVersion, 'v1.29.4');
  assert.ok(find(report.Resources, 'ClusterRole/reader').length === 1);
});

test('each unique image digest is pulled and scanned once, whatever the number of workloads and tags', () => {
  // web:1.0 (Deployment, digest from a Pod status) and web:latest (Pod debug, resolved by tag): one digest.
  const layer = cluster.web.image.manifest.layers[0].digest;
  assert.equal(cluster.proxy.blobFetches(cluster.web.path, layer), 1);
  assert.equal(cluster.proxy.blobFetches(cluster.web.path, cluster.web.image.configDigest), 1);
  const scans = first.stderr.split('\n').filter((l) => l.includes('kubernetes: scanning '));
  assert.equal(scans.length, 2, scans.join('\n'));
  assert.match(first.stderr, /3 container images, 2 unique, 2 scanned/);
});

test('--report summary (default) table: planted misconfigurations and the image findings per resource', async () => {
  const r = await runK8s([...base, '--skip-db-update'], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Summary Report for test-cluster/);
  const row = (resource: string) => r.stdout.split('\n').find((l) => l.includes(` ${resource} `));
  for (const resource of ['Deployment/web', 'Pod/debug', 'Pod/tool']) assert.ok(row(resource), `${resource} listed:\n${r.stdout}`);
  assert.ok(r.stdout.includes('RBAC Assessment') && row('Role/wildcard'), r.stdout);
  // Pod/debug: misconfigurations (privileged is HIGH) and the image's vulnerabilities.
  const cells = row('Pod/debug')!.split('│').map((c) => c.trim());
  assert.ok(cells.slice(3, 8).some((c) => /^\d+$/.test(c)), `vulnerability counts: ${row('Pod/debug')}`);
  assert.ok(cells.slice(8, 13).some((c) => /^\d+$/.test(c)), `misconfiguration counts: ${row('Pod/debug')}`);
  assert.match(r.stdout, /node-1 .* v1\.29\.4 .* containerd:\/\/1\.7\.13/);
  assert.match(r.stdout, /Severities: C=CRITICAL H=HIGH M=MEDIUM L=LOW U=UNKNOWN/);
});

test('--report summary JSON: one entry per object (Findings), consolidated', async () => {
  const r = await runK8s([...base, '--skip-db-update', '-f', 'json'], { env });
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(r.stdout) as K8sSummaryReport;
  const web = find(summary.Findings, 'apps/Deployment/web');
  assert.equal(web.length, 1);
  assert.deepEqual(web[0].Results!.map((x) => x.Class), ['config', 'lang-pkgs']);
});

test('--severity and --exit-code apply to every kind of finding', async () => {
  const r = await runK8s([...base, '--skip-db-update', '-f', 'json', '--report', 'all', '-s', 'CRITICAL', '--exit-code', '4'], { env });
  assert.equal(r.code, 4, r.stderr);
  const report = JSON.parse(r.stdout) as K8sReport;
  const severities = new Set(report.Resources.flatMap((x) => (x.Results ?? []).flatMap((y) => [...(y.Vulnerabilities ?? []), ...(y.Misconfigurations ?? []), ...(y.Secrets ?? [])].map((f) => f.Severity))));
  assert.deepEqual([...severities], ['CRITICAL']);
});

test('--report all table to a file (-o): each resource with findings, then the summary', async () => {
  const out = join(cluster.dir, 'report.txt');
  const r = await runK8s([...base, '--skip-db-update', '--report', 'all', '-o', out], { env });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  const text = readFileSync(out, 'utf8');
  for (const heading of ['apps/Deployment/web', 'apps/Pod/debug', 'apps/Role/wildcard', 'tools/Pod/tool']) assert.ok(text.includes(`${heading}\n${'#'.repeat(heading.length)}`), heading);
  assert.match(text, /CVE-2021-23337/);
  assert.match(text, /Summary Report for test-cluster/);
});
