/**
 * `picket operator --scan-mode jobs`: each image digest analyzed by a Kubernetes Job. The fake
 * API server has no Job controller, so test/support/k8s/job-runner.ts plays it: it runs each
 * Job's container args with the picket CLI and its env resolved from the Job's Secret, then sets
 * the Job's status (and runs with --metrics-vuln-id). Checks what a cluster admin would: resource limits and a restricted
 * security context on the Job, no registry credentials in its spec, Jobs and Secrets deleted
 * afterwards, and the reports written from the Jobs' results (the private image too, pulled with
 * its pod's image pull secret).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connectCluster } from '../../src/k8s/cluster-client.js';
import { JobScanner } from '../../src/operator/job-scanner.js';
import { freePort } from '../support/free-port.js';
import { startJobRunner } from '../support/k8s/job-runner.js';
import { startTestCluster } from '../support/k8s/test-cluster.js';
import { startOperatorProcess, waitFor } from '../support/operator-process.js';
import { repoRoot } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const cluster = await startTestCluster();
await promisify(execFile)('kubectl', ['--kubeconfig', cluster.kubeconfig, 'apply', '-k', join(repoRoot, 'deploy', 'crds')]);
cluster.api.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'picket-system' } });
const port = await freePort();
const runner = startJobRunner(cluster.api.url, 'picket-system');
const operator = await startOperatorProcess([
  '--kubeconfig', cluster.kubeconfig, '--listen', `127.0.0.1:${port}`, '--cache-dir', cluster.cacheDir, '--store-dir', tempDir('picket-operator-jobs-'),
  '--scan-mode', 'jobs', '--scan-job-image', 'registry.example.org/picket:test', '--scan-job-namespace', 'picket-system',
  '--scan-job-result-url', `http://127.0.0.1:${port}`, '--scanners', 'vuln,secret', '--metrics-vuln-id', ...cluster.dbArgs,
]);

const get = (path: string) => fetch(`${cluster.api.url}${path}`).then(async (r) => (r.status === 200 ? (await r.json()) as { report: Record<string, any>; items?: unknown[] } : undefined));

test('images are analyzed by Jobs: limits, restricted pods, credentials only in a Secret, cleaned up after', async () => {
  const web = await waitFor('the web Deployment\'s VulnerabilityReport', () => get('/apis/picket.dev/v1alpha1/namespaces/apps/vulnerabilityreports/deployment-web-web'))
    .catch((err: Error) => { throw new Error(`${err.message}\noperator:\n${operator.log()}\njobs:\n${runner.runs.map((r) => r.output).join('\n')}`); });
  assert.ok(web.report.vulnerabilities.some((v: { vulnerabilityID: string }) => v.vulnerabilityID === 'CVE-2021-23337'));
  const tool = await waitFor('the private tool image\'s ExposedSecretReport', () => get('/apis/picket.dev/v1alpha1/namespaces/tools/exposedsecretreports/pod-tool-tool'));
  assert.ok(tool.report.secretsTotal >= 1);

  // One Job per unique digest: web (1.0 and latest) and tool.
  await waitFor('the Job processes to exit', async () => (runner.runs.every((r) => r.exitCode !== null) ? true : undefined));
  assert.equal(runner.runs.length, 2, runner.runs.map((r) => r.output).join('\n'));
  for (const run of runner.runs) {
    assert.equal(run.exitCode, 0, run.output);
    const container = run.job.spec.template.spec.containers[0];
    assert.deepEqual(container.resources, { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } });
    assert.deepEqual(container.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    assert.equal(run.job.spec.template.spec.serviceAccountName, 'picket-scan-job');
    assert.ok(!run.manifest.includes(cluster.basicRegistry.password), 'no registry password in the Job');
  }
  await waitFor('Jobs and Secrets deleted', async () => {
    const jobs = await fetch(`${cluster.api.url}/apis/batch/v1/namespaces/picket-system/jobs`).then((r) => r.json()) as { items: unknown[] };
    const secrets = await fetch(`${cluster.api.url}/api/v1/namespaces/picket-system/secrets`).then((r) => r.json()) as { items: unknown[] };
    return jobs.items.length === 0 && secrets.items.length === 0 ? true : undefined;
  });
  const metrics = await fetch(`${operator.url}/metrics`).then((r) => r.text());
  assert.match(metrics, /^picket_scan_duration_seconds_count\{mode="jobs"\} 2$/m);
  // --metrics-vuln-id: one series per finding, with the package and versions.
  const line = metrics.split('\n').find((l) => l.startsWith('picket_vulnerability_id{') && l.includes('vuln_id="CVE-2021-23337"') && l.includes('resource_name="web"'));
  assert.ok(line, 'a series for CVE-2021-23337 in Deployment web');
  assert.match(line, /pkg_name="lodash".*installed_version="4\.17\.20".*fixed_version="4\.17\.21"/);
  assert.match(line, / 1$/);
});

test('a scan result needs the Job\'s own token; a Job\'s error fails the scan with its message', async () => {
  const client = await connectCluster({ kubeconfig: cluster.kubeconfig });
  cluster.api.put({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scan-tokens' } });
  const scanner = new JobScanner(client, {
    namespace: 'scan-tokens', image: 'registry.example.org/picket:test', serviceAccount: 'picket-scan-job', resultUrl: 'http://127.0.0.1:1',
    timeoutMs: 60_000, jobArgs: [], pollMs: 50, log: { warn: () => {}, debug: () => {} },
  });
  const scan = scanner.analyze({ key: 'k', digest: cluster.web.digest, platform: 'linux/amd64', displayName: 'web', candidates: [{ reference: `${cluster.web.repository}@${cluster.web.digest}`, logins: [] }], uses: [] });
  scan.catch(() => {});
  const job = await waitFor('the Job', () => fetch(`${cluster.api.url}/apis/batch/v1/namespaces/scan-tokens/jobs`).then((r) => r.json() as Promise<{ items: { metadata: { name: string }; spec: { template: { spec: { containers: { args: string[] }[] } } } }[] }>).then((l) => l.items[0]));
  const id = job.spec.template.spec.containers[0].args[3].split('/').pop()!;
  const secret = await fetch(`${cluster.api.url}/api/v1/namespaces/scan-tokens/secrets/${job.metadata.name}`).then((r) => r.json()) as { data: { token: string; unit: string } };
  const token = Buffer.from(secret.data.token, 'base64').toString();
  assert.match(token, /^[0-9a-f]{64}$/);
  assert.equal(await scanner.scanResult(id, 'f'.repeat(64), Buffer.from('{}')), 401);
  assert.equal(await scanner.scanResult('unknown', token, Buffer.from('{}')), 404);
  assert.equal(await scanner.scanResult(id, token, Buffer.from('not json')), 400);
  assert.equal(await scanner.scanResult(id, token, Buffer.from(JSON.stringify({ error: 'registry refused the credentials' }))), 204);
  await assert.rejects(scan, /scan job: registry refused the credentials/);
  await waitFor('the Job and Secret deleted', () => fetch(`${cluster.api.url}/api/v1/namespaces/scan-tokens/secrets/${job.metadata.name}`).then((r) => (r.status === 404 ? true : undefined)));
  assert.equal((await fetch(`${operator.url}/internal/scan-results/${id}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{}' })).status, 404, 'the operator has no such scan');
});
