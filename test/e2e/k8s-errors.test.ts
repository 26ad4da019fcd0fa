/**
 * What a user can get wrong when pointing `picket k8s` at a cluster, each a one-line error and
 * exit code 1: no configuration, a missing or malformed kubeconfig, an unknown context, an API
 * server that is not listening, a token it refuses, a certificate the kubeconfig does not trust.
 * The fake API server runs in https mode with a required token, as a real one would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFakeApiServer } from '../support/k8s/fake-apiserver.js';
import { writeKubeconfig } from '../support/k8s/kubeconfig.js';
import { runK8s } from '../support/k8s/run-k8s.js';
import { tempDir } from '../support/temp.js';
import type { K8sReport } from '../../src/k8s/report.js';

const dir = tempDir('picket-k8s-errors-');
await promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'tls.key'), '-out', join(dir, 'tls.crt'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost']);
const cert = readFileSync(join(dir, 'tls.crt'), 'utf8');
const TOKEN = 'picket-test-token';
const api = await startFakeApiServer({ token: TOKEN, tls: { cert, key: readFileSync(join(dir, 'tls.key'), 'utf8') } });

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function failsWith(args: string[], pattern: RegExp, env: Record<string, string> = {}): Promise<void> {
  const r = await runK8s([...args, '--scanners', 'misconfig', '--cache-dir', join(dir, 'cache')], { env: { HOME: dir, ...env } });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.match(r.stderr.trim(), pattern);
  assert.ok(!r.stderr.includes(TOKEN), 'the token is never printed');
}

test('the right token and CA: the scan runs', async () => {
  const kubeconfig = writeKubeconfig(join(dir, 'good'), [{ name: 'good', server: api.url, token: TOKEN, caPem: cert }]);
  const r = await runK8s(['--kubeconfig', kubeconfig, '--scanners', 'misconfig', '-f', 'json', '-q', '--cache-dir', join(dir, 'cache')], { env: { HOME: dir } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as K8sReport).ClusterName, 'good-cluster');
});

test('no kubeconfig anywhere and not in a cluster', async () => {
  await failsWith([], /^picket: no Kubernetes configuration: give --kubeconfig FILE, set KUBECONFIG/);
});

test('a kubeconfig that does not exist, or is not a kubeconfig', async () => {
  await failsWith(['--kubeconfig', join(dir, 'missing.yaml')], /^picket: kubeconfig .*missing\.yaml: no such file$/);
  writeFileSync(join(dir, 'broken.yaml'), 'clusters: [unclosed\n');
  await failsWith(['--kubeconfig', join(dir, 'broken.yaml')], /^picket: kubeconfig .*broken\.yaml: cannot be read/);
});

test('KUBECONFIG naming a missing file', async () => {
  await failsWith([], /^picket: kubeconfig .*nowhere: no such file$/, { KUBECONFIG: join(dir, 'nowhere') });
});

test('an unknown --context names the contexts there are', async () => {
  const kubeconfig = writeKubeconfig(join(dir, 'ctx'), [{ name: 'one', server: api.url, token: TOKEN, caPem: cert }, { name: 'two', server: api.url, token: TOKEN, caPem: cert }]);
  await failsWith(['--kubeconfig', kubeconfig, '--context', 'three'], /^picket: context "three" is not in kubeconfig .* \(contexts: one, two\)$/);
});

test('an API server that does not answer', async () => {
  const kubeconfig = writeKubeconfig(join(dir, 'down'), [{ name: 'down', server: `https://127.0.0.1:${await closedPort()}`, token: TOKEN, caPem: cert }]);
  await failsWith(['--kubeconfig', kubeconfig], /^picket: cluster "down-cluster" \(https:\/\/127\.0\.0\.1:\d+\) unreachable: connect ECONNREFUSED/);
});

test('a token the API server refuses', async () => {
  const kubeconfig = writeKubeconfig(join(dir, 'badtoken'), [{ name: 'bad', server: api.url, token: 'wrong-token', caPem: cert }]);
  await failsWith(['--kubeconfig', kubeconfig], /^picket: cluster "bad-cluster" .* refused the credentials \(401 Unauthorized\)/);
});

test('a server certificate the kubeconfig does not trust', async () => {
  const kubeconfig = writeKubeconfig(join(dir, 'untrusted'), [{ name: 'untrusted', server: api.url, token: TOKEN }]);
  await failsWith(['--kubeconfig', kubeconfig], /^picket: cluster "untrusted-cluster" .* unreachable: TLS certificate not trusted/);
});
