/**
 * Test helper: a real OCI registry (Debian's `docker-registry`, distribution 2.8) on 127.0.0.1,
 * on a free port with its own temporary storage, in one of three modes:
 *
 * - `open`: no authentication;
 * - `basic`: htpasswd (bcrypt, made with `htpasswd -Bbn`), one user with a random password;
 * - `token`: Bearer tokens from `startTokenServer` (key and certificate made with openssl),
 *   the same user gets pull and push, anonymous clients pull only.
 *
 * The registry is ready when `/v2/` answers; it and the token server are stopped in `after()`
 * of the context that started them: call it at the top level of a test file (for the whole file)
 * or inside a test, not in a `before()` hook (whose `after()` runs when the hook ends).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after } from 'node:test';
import { promisify } from 'node:util';
import { tempDir } from './temp.js';
import { startTokenServer, type TokenServer } from './token-server.js';

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
  stop(): Promise<void>;
}

const run = promisify(execFile);
const SERVICE = 'picket-test-registry';
const ISSUER = 'picket-test-issuer';

export async function startRegistry(mode: RegistryMode): Promise<TestRegistry> {
  const dir = tempDir('picket-registry-');
  const username = 'picket-test';
  const password = `pw-${randomBytes(9).toString('hex')}`;
  let auth: Record<string, unknown> | undefined;
  let tokenServer: TokenServer | undefined;
  if (mode === 'basic') {
    const { stdout } = await run('htpasswd', ['-Bbn', username, password]);
    writeFileSync(join(dir, 'htpasswd'), stdout);
    auth = { htpasswd: { realm: 'picket-test-realm', path: join(dir, 'htpasswd') } };
  } else if (mode === 'token') {
    const key = join(dir, 'token.key');
    const cert = join(dir, 'token.crt');
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=picket-test-token-issuer']);
    tokenServer = await startTokenServer({ keyPem: readFileSync(key, 'utf8'), certPem: readFileSync(cert, 'utf8'), service: SERVICE, issuer: ISSUER, users: { [username]: password } });
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
      http: { addr: host, secret: randomBytes(16).toString('hex') },
      ...(auth ? { auth } : {}),
    };
    // JSON is YAML: the registry reads it as its config file.
    const configPath = join(dir, 'config.yml');
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    const started = spawn('docker-registry', ['serve', configPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    started.stderr!.setEncoding('utf8').on('data', (d: string) => (log = (log + d).slice(-4000)));
    if (await answers(host, started)) child = started;
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
  return { mode, host, username, password, ...(tokenServer ? { tokenServer } : {}), stop };
}

/** A port nothing listens on right now (the kernel's choice for port 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `/v2/` until the registry answers (any status), the process exits, or 10 s pass. */
async function answers(host: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    try {
      const response = await fetch(`http://${host}/v2/`);
      await response.body?.cancel();
      // Another process that grabbed the port would not speak the registry API.
      return response.headers.get('docker-distribution-api-version') === 'registry/2.0';
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  return false;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
