/**
 * Runs `picket k8s ARGS` as a user would: the built CLI (`bin/picket.js`) once its main.ts has
 * the command, else the sources through tsx (test/support/k8s/cli-entry.ts), with the same clean
 * environment as `runPicket` (no PICKET_* variables, no KUBECONFIG from the developer's shell).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliResult } from '../cli.js';
import { runPicket } from '../cli.js';
import { repoRoot } from '../paths.js';

/** True when the built CLI registers `k8s` (the lead adds it to src/cli/main.ts). */
function builtCliHasK8s(): boolean {
  const main = join(repoRoot, 'dist', 'cli', 'main.js');
  return existsSync(join(repoRoot, 'dist', 'cli', 'commands', 'k8s.js')) && existsSync(main) && readFileSync(main, 'utf8').includes('commands/k8s.js');
}

export function runK8s(args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  const env = { KUBECONFIG: '', ...options.env };
  if (builtCliHasK8s()) return runPicket(['k8s', ...args], { ...options, env });
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('PICKET_') && k !== 'NO_COLOR') childEnv[k] = v;
  Object.assign(childEnv, env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'test', 'support', 'k8s', 'cli-entry.ts'), 'k8s', ...args], { cwd: repoRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
