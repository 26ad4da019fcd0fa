/**
 * Test helper: kubeconfig files for the fake API server, and the real `kubectl` run against them.
 *
 * - `writeKubeconfig(dir, server, options)` writes `dir/kubeconfig` with one context per entry of
 *   `options.contexts` (default one, `fake`), each with its server, token and namespace; plain
 *   http servers get `insecure-skip-tls-verify: true` (client-node refuses http otherwise), https
 *   ones the CA given (`caPem`).
 * - `kubectl(kubeconfig, args, { stdin })` runs the preinstalled kubectl with a private
 *   `KUBECACHEDIR` (its discovery cache) next to the kubeconfig; throws with stderr on failure.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

export interface KubeContext {
  name: string;
  server: string;
  token?: string;
  namespace?: string;
  /** CA certificate (PEM) of an https server. */
  caPem?: string;
  /** Skip TLS verification (always on for http servers). */
  insecure?: boolean;
}

/** Writes a kubeconfig whose current context is the first one; returns its path. */
export function writeKubeconfig(dir: string, contexts: KubeContext[], file = 'kubeconfig'): string {
  if (contexts.length === 0) throw new Error('writeKubeconfig: give at least one context');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: contexts.map((c) => ({
      name: `${c.name}-cluster`,
      cluster: {
        server: c.server,
        ...(c.server.startsWith('http:') || c.insecure ? { 'insecure-skip-tls-verify': true } : {}),
        ...(c.caPem ? { 'certificate-authority-data': Buffer.from(c.caPem).toString('base64') } : {}),
      },
    })),
    users: contexts.map((c) => ({ name: `${c.name}-user`, user: c.token ? { token: c.token } : {} })),
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: `${c.name}-cluster`, user: `${c.name}-user`, ...(c.namespace ? { namespace: c.namespace } : {}) } })),
    'current-context': contexts[0].name,
  };
  const path = join(dir, file);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path, stringify(config), { mode: 0o600 });
  return path;
}

/** Runs the real kubectl against `kubeconfig`; resolves with stdout, rejects with stderr. */
export function kubectl(kubeconfig: string, args: string[], options: { stdin?: string; timeoutMs?: number } = {}): Promise<string> {
  const cacheDir = join(dirname(kubeconfig), 'kubectl-cache');
  return new Promise((resolve, reject) => {
    const child = execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], {
      env: { ...process.env, KUBECACHEDIR: cacheDir, HOME: dirname(kubeconfig) },
      timeout: options.timeoutMs ?? 60_000,
      maxBuffer: 16 * 1024 * 1024,
    }, (err, stdout, stderr) => {
      if (err) reject(new Error(`kubectl ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout);
    });
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  });
}
