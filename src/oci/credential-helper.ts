import { spawn } from 'node:child_process';
import { UserError } from '../errors.js';
import type { Credentials } from './credentials.js';

/** How long a helper may take (a keychain prompt that nobody answers must not hang the scan). */
export const DEFAULT_HELPER_TIMEOUT_MS = 10_000;

/** The user name a helper answers with when the secret is an identity token (docker's convention). */
const IDENTITY_TOKEN_USER = '<token>';
/** What the helpers of docker-credential-helpers print when they hold nothing for the server. */
const NOT_FOUND = /credentials not found/i;
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_OUTPUT_BYTES = 1024 * 1024;

export interface CredentialHelperOptions {
  /** Environment of the helper; its PATH is where `docker-credential-<name>` is looked up. */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Where the helper was configured, for messages (`credsStore in /home/u/.docker/config.json`). */
  configuredIn?: string;
}

/**
 * Asks a docker credential helper for a server's credentials with the helpers' protocol: runs
 * `docker-credential-<name> get`, writes the server (`127.0.0.1:5000`, or
 * `https://index.docker.io/v1/` for Docker Hub) on stdin and reads `{"Username","Secret"}` from
 * stdout (`ServerURL` is ignored). The user `<token>` marks an identity token. Undefined when the
 * helper holds nothing for the server. A missing helper, a failure or no answer within the
 * timeout is a UserError naming the helper; the secret never appears in a message.
 */
export async function credentialsFromHelper(name: string, serverUrl: string, options: CredentialHelperOptions = {}): Promise<Credentials | undefined> {
  const where = options.configuredIn ? ` (${options.configuredIn})` : '';
  if (!HELPER_NAME.test(name)) throw new UserError(`docker credential helper "${name}"${where}: not a valid helper name`);
  const program = `docker-credential-${name}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_HELPER_TIMEOUT_MS;
  const { code, stdout, stderr } = await runHelper(program, serverUrl, options.env ?? process.env, timeoutMs, where);
  if (code !== 0) {
    const said = `${stdout}\n${stderr}`;
    if (NOT_FOUND.test(said)) return undefined;
    throw new UserError(`${program}${where} failed for ${serverUrl} (exit code ${code})${describeOutput(said)}`);
  }
  let answer: { Username?: unknown; Secret?: unknown };
  try {
    answer = JSON.parse(stdout) as typeof answer;
  } catch {
    throw new UserError(`${program}${where} answered for ${serverUrl} something that is not the helper JSON ({"Username","Secret"})`);
  }
  const username = typeof answer?.Username === 'string' ? answer.Username : '';
  const secret = typeof answer?.Secret === 'string' ? answer.Secret : '';
  if (secret === '') return undefined;
  if (username === IDENTITY_TOKEN_USER) return { username: '', password: '', identityToken: secret };
  if (username === '') throw new UserError(`${program}${where} answered for ${serverUrl} a secret without a user name`);
  return { username, password: secret };
}

/** The helper's complaint, short and on one line; nothing that looks like its JSON answer (it may hold the secret). */
function describeOutput(output: string): string {
  const line = output.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '');
  if (line === undefined || line.includes('{') || /secret/i.test(line)) return '';
  return `: ${line.slice(0, 200)}`;
}

function runHelper(program: string, serverUrl: string, env: NodeJS.ProcessEnv, timeoutMs: number, where: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['get'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let failure: UserError | undefined;
    const fail = (error: UserError) => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => fail(new UserError(`${program}${where} did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) fail(new UserError(`${program}${where} wrote more than ${MAX_OUTPUT_BYTES} bytes`));
      else into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    // A helper that exits without reading stdin makes the write fail with EPIPE: its exit status tells.
    child.stdin.on('error', () => {});
    child.stdin.end(serverUrl);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') reject(new UserError(`docker credential helper ${program}${where} is not installed or not on PATH; install it, or remove it from the docker config`));
      else reject(new UserError(`docker credential helper ${program}${where} could not be run: ${error.code ?? error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (failure) reject(failure);
      else resolve({ code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
