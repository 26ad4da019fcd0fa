/**
 * Test helper: a real OCI registry (Debian's `docker-registry`, distribution 2.8) on 127.0.0.1,
 * on a free port with its own temporary storage, in one of three modes:
 *
 * - `open`: no authentication;
 * - `basic`: htpasswd (bcrypt, made with `htpasswd -Bbn`), one user with a random password;
 * - `token`: Bearer tokens from `startTokenServer` (key and certificate made with openssl),
 *   the same user gets pull and push, anonymous clients pull only.
 *
 * Options: `tls` serves https with a self-signed certificate for 127.0.0.1 (made with openssl),
 * `schema1` accepts schema 1 manifest pushes, `foreignLayerUrls` lets manifests carry foreign
 * layers with URLs matching those expressions. In token mode the user also has an identity token
 * (an OAuth2 refresh token the token server accepts).
 *
 * The registry is ready when `/v2/` answers; it and the token server are stopped in `after()`
 * of the context that started them: call it at the top level of a test file (for the whole file)
 * or inside a test, not in a `before()` hook (whose `after()` runs when the hook ends).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { get as httpsGet } from 'node:https';
import { join } from 'node:path';
import { after } from 'node:test';
import { promisify } from 'node:util';
import { tempDir } from './temp.js';
import { startTokenServer, type TokenServer } from './token-server.js';
import { freePort } from './free-port.js';

export type RegistryMode = 'open' | 'basic' | 'token';

export interface TestRegistry {
  mode: RegistryMode;
  /** `127.0.0.1:PORT`, as a reference's registry part. */
  host: string;
  /** The user that may push (basic and token modes). */
  username: string;
  password: string;
  /** Token mode only: the token server and the requests it answered. */
  tokenServer?: TokenServer;
  /** Token mode only: the user's identity token (OAuth2 refresh token). */
  identityToken?: string;
  /** With `tls`: the registry's self-signed certificate (PEM). */
  certificatePem?: string;
  stop(): Promise<void>;
}

export interface RegistryOptions {
  /** Serve https with a self-signed certificate for 127.0.0.1 and localhost. */
  tls?: boolean;
  /** Accept schema 1 manifests (`compatibility.schema1.enabled`). */
  schema1?: boolean;
  /** Regular expressions of the URLs foreign layers may carry (`validation.manifests.urls.allow`). */
  foreignLayerUrls?: string[];
}

const run = promisify(execFile);
const SERVICE = 'picket-test-registry';
const ISSUER = 'picket-test-issuer';

export async function startRegistry(mode: RegistryMode, options: RegistryOptions = {}): Promise<TestRegistry> {
  const dir = tempDir('picket-registry-');
  const username = 'picket-test';
  const password = `pw-${randomBytes(9).toString('hex')}`;
  const identityToken = mode === 'token' ? `idt-${randomBytes(9).toString('hex')}` : undefined;
  let auth: Record<string, unknown> | undefined;
  let tokenServer: TokenServer | undefined;
  let tls: { certificate: string; key: string } | undefined;
  let certificatePem: string | undefined;
  if (options.tls) {
    tls = { certificate: join(dir, 'tls.crt'), key: join(dir, 'tls.key') };
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', tls.key, '-out', tls.certificate, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost']);
    certificatePem = readFileSync(tls.certificate, 'utf8');
  }
  if (mode === 'basic') {
    const { stdout } = await run('htpasswd', ['-Bbn', username, password]);
    writeFileSync(join(dir, 'htpasswd'), stdout);
    auth = { htpasswd: { realm: 'picket-test-realm', path: join(dir, 'htpasswd') } };
  } else if (mode === 'token') {
    const key = join(dir, 'token.key');
    const cert = join(dir, 'token.crt');
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=picket-test-token-issuer']);
    tokenServer = await startTokenServer({ keyPem: readFileSync(key, 'utf8'), certPem: readFileSync(cert, 'utf8'), service: SERVICE, issuer: ISSUER, users: { [username]: password }, refreshTokens: { [identityToken!]: username } });
    auth = { token: { realm: tokenServer.realm, service: SERVICE, issuer: ISSUER, rootcertbundle: cert } };
  }

  let child: ChildProcess | undefined;
  let host = '';
  let log = '';
  for (let attempt = 0; attempt < 3 && !child; attempt++) {
    const port = await freePort();
    host = `127.0.0.1:${port}`;
    const config = {
      version: '0.1',
      log: { level: 'warn', accesslog: { disabled: true } },
      storage: { filesystem: { rootdirectory: join(dir, 'storage') }, delete: { enabled: true } },
      http: { addr: host, secret: randomBytes(16).toString('hex'), ...(tls ? { tls } : {}) },
      ...(auth ? { auth } : {}),
      ...(options.schema1 ? { compatibility: { schema1: { enabled: true } } } : {}),
      ...(options.foreignLayerUrls ? { validation: { manifests: { urls: { allow: options.foreignLayerUrls } } } } : {}),
    };
    // JSON is YAML: the registry reads it as its config file.
    const configPath = join(dir, 'config.yml');
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    const started = spawn('docker-registry', ['serve', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    started.stderr!.setEncoding('utf8').on('data', (d: string) => (log = (log + d).slice(-4000)));
    if (await answers(host, started, certificatePem)) child = started;
    else await stopProcess(started);
  }
  if (!child) {
    await tokenServer?.close();
    throw new Error(`docker-registry (${mode}) did not start: ${log}`);
  }
  const registryProcess = child;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopProcess(registryProcess);
    await tokenServer?.close();
  };
  after(stop);
  return { mode, host, username, password, ...(tokenServer ? { tokenServer } : {}), ...(identityToken ? { identityToken } : {}), ...(certificatePem ? { certificatePem } : {}), stop };
}

/** Polls `/v2/` until the registry answers (any status), the process exits, or 10 s pass. */
async function answers(host: string, child: ChildProcess, certificatePem: string | undefined): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    try {
      const apiVersion = certificatePem ? await httpsApiVersion(host, certificatePem) : await httpApiVersion(host);
      // Another process that grabbed the port would not speak the registry API.
      return apiVersion === 'registry/2.0';
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return false;
}

async function httpApiVersion(host: string): Promise<string | null> {
  const response = await fetch(`http://${host}/v2/`);
  await response.body?.cancel();
  return response.headers.get('docker-distribution-api-version');
}

/** Over https, trusting only the registry's own certificate. */
function httpsApiVersion(host: string, ca: string): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const request = httpsGet(`https://${host}/v2/`, { ca }, (response) => {
      response.resume();
      const version = response.headers['docker-distribution-api-version'];
      resolve(typeof version === 'string' ? version : null);
    });
    request.once('error', reject);
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
