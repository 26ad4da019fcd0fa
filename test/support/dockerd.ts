/**
 * Test helper: a real Docker engine (Debian's `dockerd`, RECIPES.md §5.1) on a private unix socket
 * in its own temporary directory, with no bridge, no iptables and no proxy, so it touches no
 * network. Storage is overlay2, or vfs when overlay2 will not start here (e.g. /tmp on overlayfs).
 *
 * `startDockerd()` resolves when `/_ping` answers; it throws DockerdUnavailable (whose message is
 * the reason, fit for a test's `skip`) when dockerd is missing, we are not root, or it will not
 * start. Stopping kills dockerd by its PID (and its managed containerd, if it outlives it),
 * unmounts whatever is still mounted under the directory (dockerd 20.10 leaves the nsfs mount at
 * `<exec-root>/netns/default`) and removes the directory. It is registered with `after()` of the
 * context that started it: call it at the top level of a test file or inside a test.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestDockerd {
  /** `unix:///tmp/picket-dockerd-…/docker.sock`, as DOCKER_HOST. */
  host: string;
  socketPath: string;
  /** The temporary directory holding socket, data and exec roots (removed by stop()). */
  dir: string;
  storageDriver: 'overlay2' | 'vfs';
  /** Seconds from spawn to the first `/_ping` answer (for reports; never asserted). */
  startSeconds: number;
  /** Runs the docker CLI against this engine, with a private, empty CLI config. */
  docker(args: string[]): Promise<{ stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

/** dockerd cannot run here; the message says why. */
export class DockerdUnavailable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'DockerdUnavailable';
  }
}

/** Storage drivers to try, in order; the first that starts wins. */
export interface StartDockerdOptions {
  storageDrivers?: readonly ('overlay2' | 'vfs')[];
}

/** Starts dockerd in a fresh temporary directory (see the file comment); stopped by `after()`. */
export async function startDockerd(options: StartDockerdOptions = {}): Promise<TestDockerd> {
  if (process.platform !== 'linux') throw new DockerdUnavailable(`dockerd runs on Linux only (this is ${process.platform})`);
  if (process.getuid?.() !== 0) throw new DockerdUnavailable('dockerd needs root (these tests run it with a private socket and data root)');
  if (!(await found('dockerd'))) throw new DockerdUnavailable('dockerd is not installed (apt-get install docker.io)');
  if (!(await found('docker'))) throw new DockerdUnavailable('the docker CLI is not installed');

  const dir = mkdtempSync(join(tmpdir(), 'picket-dockerd-'));
  let current: Running | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      if (current) await stopRunning(current);
    } finally {
      await unmountUnder(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  };
  after(stop);

  const failures: string[] = [];
  for (const storageDriver of options.storageDrivers ?? (['overlay2', 'vfs'] as const)) {
    const attempt = await launch(join(dir, storageDriver), storageDriver);
    if ('running' in attempt) {
      current = attempt.running;
      const { socketPath } = attempt.running;
      const host = `unix://${socketPath}`;
      const cliConfig = join(dir, 'cli-config');
      mkdirSync(cliConfig, { recursive: true });
      // No DOCKER_* from the developer's shell (contexts, TLS): only this engine, a private config
      // and the classic builder (no buildx needed).
      const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('DOCKER_')));
      const docker = (args: string[]) =>
        run('docker', args, { env: { ...env, DOCKER_HOST: host, DOCKER_CONFIG: cliConfig, DOCKER_BUILDKIT: '0', DOCKER_CLI_HINTS: 'false' }, maxBuffer: 64 * 1024 * 1024 });
      return { host, socketPath, dir, storageDriver, startSeconds: attempt.running.startSeconds, docker, stop };
    }
    failures.push(`${storageDriver}: ${attempt.failure}`);
    await unmountUnder(join(dir, storageDriver));
  }
  await stop();
  throw new DockerdUnavailable(`dockerd did not start (${failures.join('; ')})`);
}

interface Running {
  child: ChildProcess;
  watchdog: ChildProcess;
  socketPath: string;
  execRoot: string;
  startSeconds: number;
}

async function launch(root: string, storageDriver: 'overlay2' | 'vfs'): Promise<{ running: Running } | { failure: string }> {
  mkdirSync(root, { recursive: true });
  const socketPath = join(root, 'docker.sock');
  const execRoot = join(root, 'exec');
  const configFile = join(root, 'daemon.json');
  // Our own (empty) daemon.json: the machine's /etc/docker/daemon.json must not apply.
  writeFileSync(configFile, '{}\n');
  const logPath = join(root, 'dockerd.log');
  const log = openSync(logPath, 'a');
  const args = [
    '--config-file', configFile,
    '--host', `unix://${socketPath}`,
    '--data-root', join(root, 'data'),
    '--exec-root', execRoot,
    '--pidfile', join(root, 'dockerd.pid'),
    '--bridge', 'none',
    '--iptables=false', '--ip6tables=false', '--ip-masq=false', '--ip-forward=false', '--userland-proxy=false',
    '--storage-driver', storageDriver,
  ];
  const started = process.hrtime.bigint();
  const child = spawn('dockerd', args, { stdio: ['ignore', log, log] });
  closeSync(log);
  const watchdog = startWatchdog(child);
  const ready = await pingUntilReady(socketPath, child);
  const startSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const running: Running = { child, watchdog, socketPath, execRoot, startSeconds };
  if (ready) return { running };
  await stopRunning(running);
  const tail = readFileSync(logPath, 'utf8').trim().split('\n').filter((l) => /level=(error|fatal)|failed/i.test(l)).slice(-2).join(' | ');
  return { failure: tail || `exited with ${child.exitCode ?? child.signalCode} before answering` };
}

/** Polls `/_ping` until it answers OK, dockerd exits, or 60 s pass (a safety net only). */
async function pingUntilReady(socketPath: string, child: ChildProcess): Promise<boolean> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    if (await ping(socketPath)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

function ping(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** SIGTERM by PID (SIGKILL after 20 s), then the managed containerd by its PID if it is still there. */
async function stopRunning(running: Running): Promise<void> {
  const containerdPid = readPid(join(running.execRoot, 'containerd', 'containerd.pid'));
  await stopProcess(running.watchdog, 'SIGKILL');
  await stopProcess(running.child);
  if (containerdPid !== undefined) await stopPid(containerdPid);
}

/**
 * A last resort for a test process that dies without running after() (a throw at the top level of
 * a test file ends node before its hooks): a shell that waits for its stdin, a pipe from this
 * process, to close, then sends dockerd SIGTERM; dockerd then stops its containerd and unmounts
 * its data root itself (the temporary directory stays). stop() kills the watchdog first.
 */
function startWatchdog(dockerd: ChildProcess): ChildProcess {
  const watchdog = spawn('sh', ['-c', 'read _ignored; kill -TERM "$1" 2>/dev/null', 'picket-dockerd-watchdog', String(dockerd.pid)], { stdio: ['pipe', 'ignore', 'ignore'] });
  // Neither the watchdog nor its pipe keeps the test process alive.
  watchdog.unref();
  (watchdog.stdin as Socket).unref();
  return watchdog;
}

async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** Waits for a process we did not spawn ourselves (dockerd's containerd) to exit, ending it by PID. */
async function stopPid(pid: number): Promise<void> {
  const cmdline = () => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return undefined;
    }
  };
  const isOurs = () => cmdline()?.startsWith('containerd\0') === true;
  // dockerd stops its containerd itself; give it a moment, then end it.
  for (let i = 0; i < 100 && isOurs(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!isOurs()) return;
  process.kill(pid, 'SIGTERM');
  for (let i = 0; i < 200 && isOurs(); i++) await new Promise((r) => setTimeout(r, 50));
  if (isOurs()) process.kill(pid, 'SIGKILL');
}

function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Unmounts every mount point at or below `dir`, deepest first (the netns nsfs mount, data-root binds, overlays). */
async function unmountUnder(dir: string): Promise<void> {
  for (const mountPoint of mountsUnder(dir)) {
    try {
      await run('umount', [mountPoint]);
    } catch {
      await run('umount', ['--lazy', mountPoint]).catch(() => {});
    }
  }
  const left = mountsUnder(dir);
  if (left.length > 0) throw new Error(`mounts left behind under ${dir}: ${left.join(', ')}`);
}

function mountsUnder(dir: string): string[] {
  const points = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8))))
    .filter((p) => p === dir || p.startsWith(`${dir}/`));
  return [...new Set(points)].sort((a, b) => b.length - a.length);
}

async function found(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}
