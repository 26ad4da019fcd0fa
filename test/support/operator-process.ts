/**
 * Runs `picket operator ARGS` as a child process, as it runs in a cluster: the built CLI when
 * dist/ has the command, else the sources through tsx. Resolves once it serves HTTP (the URL is
 * read from its `serving http://…` log line; pass `--listen 127.0.0.1:0`). `stop()` sends
 * SIGTERM and waits for the exit (SIGKILL after 10 s); it is also registered with `after()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import { repoRoot } from './paths.js';

export interface OperatorProcess {
  url: string;
  child: ChildProcess;
  /** Everything it logged so far. */
  log(): string;
  /** Resolves with the exit code once it has exited. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Node arguments that run the CLI: the built one when dist/ has `commandFile` (under cli/commands/), else the sources through tsx. */
export function picketEntry(commandFile: string): string[] {
  return existsSync(join(repoRoot, 'dist', 'cli', 'commands', commandFile))
    ? [join(repoRoot, 'bin', 'picket.js')]
    : ['--import', 'tsx', join(repoRoot, 'test', 'support', 'src-cli.ts')];
}

export async function startOperatorProcess(args: string[], options: { env?: Record<string, string> } = {}): Promise<OperatorProcess> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('PICKET_') && k !== 'NO_COLOR' && k !== 'KUBECONFIG' && k !== 'POD_NAMESPACE' && k !== 'POD_NAME') env[k] = v;
  Object.assign(env, options.env);
  const child = spawn(process.execPath, [...picketEntry('operator.js'), 'operator', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`operator did not start within 60 s:\n${output}`)), 60_000);
    const look = () => {
      const m = /serving (http:\/\/[^\s]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stderr!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`operator exited (${code}) before serving:\n${output}`));
    });
  });
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  after(() => stop());
  return { url, child, log: () => output, exited, stop };
}

/** Polls `probe` until it returns a value (not undefined), or fails after `ms` with `what` and the last error. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
