/**
 * The operator's small parts on their own: the keyed work queue (dedupe, re-run after a change
 * during a run, retries with backoff, bounded), report names and label values Kubernetes
 * accepts, `--listen` parsing, and report resources cut to fit whatever the image.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseListen } from '../../src/operator/http-server.js';
import { labelValue, reportName } from '../../src/operator/report-names.js';
import { MAX_RESOURCE_BYTES, vulnerabilityReport } from '../../src/operator/report-resources.js';
import { WorkQueue } from '../../src/operator/work-queue.js';
import type { DetectedVulnerability, Report } from '../../src/report/model.js';
import { startFakeApiServer } from '../support/k8s/fake-apiserver.js';
import { writeKubeconfig } from '../support/k8s/kubeconfig.js';
import { startOperatorProcess } from '../support/operator-process.js';
import { tempDir } from '../support/temp.js';

const base = { concurrency: 2, maxQueued: 100, retries: 0, baseDelayMs: 1, maxDelayMs: 10, minIntervalMs: 0 };

test('work queue: a key queued twice runs once; added while running, it runs again after', async () => {
  const runs: string[] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const queue = new WorkQueue({ ...base, concurrency: 1, run: async (key) => { runs.push(key); if (runs.length === 1) await gate; } });
  queue.add('a');
  queue.add('b'); // waits behind a
  queue.add('b');
  assert.equal(queue.has('a'), true);
  await new Promise((r) => setImmediate(r));
  queue.add('a'); // while it runs
  release();
  await queue.idle();
  assert.deepEqual(runs.sort(), ['a', 'a', 'b']);
});

test('work queue: failures are retried with backoff, then given up; a full queue drops', async () => {
  // The queue's timers do not hold the process open (the operator's server does): this one does here.
  const keepAlive = setInterval(() => {}, 1000);
  let attempts = 0;
  const errors: (number | undefined)[] = [];
  const queue = new WorkQueue({ ...base, retries: 2, run: async () => { attempts++; throw new Error('no'); }, onError: (_k, _e, retry) => errors.push(retry) });
  queue.add('x');
  await queue.idle();
  assert.equal(attempts, 3);
  assert.deepEqual(errors, [1, 2, undefined]);

  const dropped: string[] = [];
  const small = new WorkQueue({ ...base, concurrency: 1, maxQueued: 1, run: () => new Promise((r) => setTimeout(r, 5)), onDropped: (k) => dropped.push(k) });
  small.add('1'); // runs
  small.add('2'); // waits
  assert.equal(small.add('3'), false);
  assert.deepEqual(dropped, ['3']);
  await small.idle();
  clearInterval(keepAlive);
});

test('work queue: a key run recently waits out the churn interval, unless added as immediate', async () => {
  const keepAlive = setInterval(() => {}, 1000);
  const runs: string[] = [];
  const queue = new WorkQueue({ ...base, minIntervalMs: 60_000, run: async (key) => { runs.push(key); } });
  queue.add('k');
  await queue.idle();
  queue.add('k');
  assert.equal(queue.depth, 1, 'held back');
  queue.add('k', true);
  await queue.idle();
  assert.deepEqual(runs, ['k', 'k']);
  queue.stop();
  clearInterval(keepAlive);
});

test('report names: kind-name-container in lower case; too long or odd names end in a hash', () => {
  assert.equal(reportName('Deployment', 'web', 'nginx'), 'deployment-web-nginx');
  assert.equal(reportName('ClusterRole', 'system:controller:foo'), reportName('ClusterRole', 'system:controller:foo'));
  assert.match(reportName('ClusterRole', 'system:controller:foo'), /^clusterrole-system-controller-foo-[0-9a-f]{10}$/);
  const long = reportName('Deployment', 'x'.repeat(300), 'c');
  assert.ok(long.length <= 253 && /^[a-z0-9.-]+$/.test(long), long);
  assert.notEqual(reportName('Deployment', `${'x'.repeat(300)}a`), reportName('Deployment', `${'x'.repeat(300)}b`));
  assert.equal(labelValue('web'), 'web');
  assert.equal(labelValue('a'.repeat(64)).length, 63);
  assert.match(labelValue('system:admin'), /^[0-9a-f]{63}$/);
});

test('--listen: [host]:port forms; a bad one is a one-line error', () => {
  assert.deepEqual(parseListen(':8080'), { host: undefined, port: 8080 });
  assert.deepEqual(parseListen('127.0.0.1:0'), { host: '127.0.0.1', port: 0 });
  assert.deepEqual(parseListen('[::1]:9000'), { host: '::1', port: 9000 });
  assert.throws(() => parseListen('nonsense'), /--listen nonsense: expected \[HOST\]:PORT/);
  assert.throws(() => parseListen(':99999'), /--listen/);
});

test('a VulnerabilityReport of 5,000 findings with long texts stays under the size cap, most severe first', () => {
  const severities = ['LOW', 'CRITICAL', 'MEDIUM', 'HIGH'] as const;
  const vulnerabilities: DetectedVulnerability[] = Array.from({ length: 5000 }, (_, i) => ({
    VulnerabilityID: `CVE-2026-${10000 + i}`, PkgID: `p${i}@1`, PkgName: `p${i}`, PkgIdentifier: { PURL: `pkg:npm/p${i}@1`, UID: String(i) },
    InstalledVersion: '1', FixedVersion: '2', Status: 'fixed', Severity: severities[i % 4], Title: 'y'.repeat(500), Description: 'z'.repeat(5000),
    PrimaryURL: `https://vuln.example.org/${'q'.repeat(3000)}`,
  }));
  const report: Report = { SchemaVersion: 2, CreatedAt: '', ArtifactName: 'img', ArtifactType: 'container_image', Picket: { Version: 't' }, Results: [{ Target: 't', Class: 'lang-pkgs', Vulnerabilities: vulnerabilities }] };
  const subject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'apps', uid: 'u1' } };
  const resource = vulnerabilityReport(subject, 'web', 'registry.example.org/web:1', 'sha256:ab', report, { findings: 5000, version: 't', now: new Date(0), fullReport: '/reports/apps/Deployment/web/web' });
  const bytes = Buffer.byteLength(JSON.stringify(resource));
  assert.ok(bytes <= MAX_RESOURCE_BYTES, `${bytes} bytes`);
  const shown = resource.report.vulnerabilities as { severity: string }[];
  assert.ok(shown.length > 0 && shown.length < 5000);
  assert.ok(shown.every((v) => v.severity === 'CRITICAL'), 'the most severe are kept');
  assert.equal(resource.report.vulnerabilitiesTotal, 5000);
  assert.deepEqual(resource.report.summary, { criticalCount: 1250, highCount: 1250, mediumCount: 1250, lowCount: 1250, unknownCount: 0 });
});

test('an operator that cannot start (no DB, none to build) exits 1 with the reason in one line', async () => {
  const api = await startFakeApiServer();
  const dir = tempDir('picket-operator-nodb-');
  const kubeconfig = writeKubeconfig(join(dir, 'kube'), [{ name: 'test', server: api.url }]);
  const operator = await startOperatorProcess(['--kubeconfig', kubeconfig, '--listen', '127.0.0.1:0', '--cache-dir', join(dir, 'cache'), '--skip-db-update']);
  assert.equal(await operator.exited, 1);
  assert.match(operator.log(), /^picket: no advisory DB at .* and --skip-db-update is set/m);
  assert.doesNotMatch(operator.log(), /^\s+at /m, 'no stack trace');
});
