/**
 * Runs the real image tools the test images are made with (mmdebstrap, umoci, skopeo, dpkg,
 * rpm) as child processes, without blocking the test runner; a failure names the command and
 * ends with the tool's own stderr.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Runs `command args...` and returns its stdout; throws with the command line and stderr on failure. */
export function tool(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: options.cwd, env: options.env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stderr.slice(-4000)}`));
      else resolve(stdout);
    });
  });
}

/**
 * The Debian mirror this machine's apt uses (first `URIs:` of
 * /etc/apt/sources.list.d/debian.sources, as ../shared/infra/infra.sh reads it), or `$MIRROR`.
 */
export function debianMirror(): string {
  if (process.env.MIRROR) return process.env.MIRROR;
  try {
    const match = /^URIs:\s*(\S+)/m.exec(readFileSync('/etc/apt/sources.list.d/debian.sources', 'utf8'));
    if (match) return match[1];
  } catch {
    // fall through
  }
  throw new Error('no Debian mirror configured: set MIRROR or configure apt (/etc/apt/sources.list.d/debian.sources)');
}
