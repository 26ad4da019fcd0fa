/**
 * `picket operator --leader-elect`: two replicas against the test cluster share one
 * coordination.k8s.io Lease; only the holder watches and writes reports, the other stands by
 * (healthy and ready, no report series). When the leader dies without giving the lease up
 * (SIGKILL), the other takes over once the lease expires and does the work.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestCluster } from '../support/k8s/test-cluster.js';
import { startOperatorProcess, waitFor } from '../support/operator-process.js';
import { repoRoot } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const cluster = await startTestCluster();
await promisify(execFile)('kubectl', ['--kubeconfig', cluster.kubeconfig, 'apply', '-k', join(repoRoot, 'deploy', 'crds')]);
const replica = (name: string) => startOperatorProcess([
  '--kubeconfig', cluster.kubeconfig, '--listen', '127.0.0.1:0', '--cache-dir', cluster.cacheDir, '--store-dir', tempDir(`picket-operator-${name}-`),
  '--leader-elect', '--lease-namespace', 'default', '--lease-duration', '2s', '--scanners', 'misconfig', ...cluster.dbArgs,
], { env: { POD_NAME: name } });
const lease = () => fetch(`${cluster.api.url}/apis/coordination.k8s.io/v1/namespaces/default/leases/picket-operator`).then(async (r) => (r.ok ? (await r.json()) as { spec: { holderIdentity: string; leaseTransitions?: number } } : undefined));
const auditSeries = (url: string) => fetch(`${url}/metrics`).then((r) => r.text()).then((t) => t.split('\n').filter((l) => l.startsWith('picket_resource_configaudits{')).length);

test('one replica leads; the other stands by and takes over when the leader dies', async () => {
  const a = await replica('replica-a');
  await waitFor('replica-a to hold the lease', () => lease().then((l) => (l?.spec.holderIdentity === 'replica-a' ? l : undefined)));
  await waitFor('replica-a to report', () => auditSeries(a.url).then((n) => (n > 0 ? n : undefined)));
  const b = await replica('replica-b');
  assert.equal((await fetch(`${b.url}/readyz`)).status, 200, 'a standby replica is ready');
  assert.equal((await fetch(`${b.url}/healthz`)).status, 200);
  // Three renewals of a 2 s lease: still replica-a's, and replica-b did nothing.
  await new Promise((r) => setTimeout(r, 3000));
  assert.equal((await lease())?.spec.holderIdentity, 'replica-a');
  assert.equal(await auditSeries(b.url), 0, 'the standby writes and reports nothing');
  assert.match(b.log(), /waiting for the lease default\/picket-operator/);

  await a.stop('SIGKILL');
  const taken = await waitFor('replica-b to take the lease', () => lease().then((l) => (l?.spec.holderIdentity === 'replica-b' ? l : undefined)), 30_000);
  assert.equal(taken.spec.leaseTransitions, 1);
  await waitFor('replica-b to report', () => auditSeries(b.url).then((n) => (n > 0 ? n : undefined)), 30_000);
  assert.equal(await b.stop(), 0, 'a clean stop on SIGTERM');
  // Its lease is given up on the way out: free at once for the next replica.
  assert.equal((await lease())?.spec.holderIdentity, '');
});
