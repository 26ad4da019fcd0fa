import { UserError } from '../errors.js';
import { dockerConfigPath, lookupDockerConfig } from './docker-config.js';

/** A registry user and password (or access token). Never logged, never put in a message. */
export interface Credentials {
  username: string;
  password: string;
  /**
   * Docker's identity token (a helper's `<token>` user, `identitytoken` in config.json): an OAuth2
   * refresh token for the registry's token server, used instead of the password (then empty).
   */
  identityToken?: string;
}

/** Where the credentials in use came from (safe to show). */
export type CredentialSource = 'flags' | 'environment' | 'docker config' | 'credential helper' | 'none';

export interface ResolveCredentialsOptions {
  /** Time a docker credential helper may take (default 10 s). */
  helperTimeoutMs?: number;
}

/**
 * The credentials for a registry, first found wins: `--username/--password`, then
 * PICKET_USERNAME/PICKET_PASSWORD, then the docker config.json (the registry's `credHelpers`
 * helper or the `credsStore`, then `auths`); else anonymous. A user without a password (or the
 * reverse) is a mistake, reported as such. `detail` names the helper that answered (for logs).
 */
export async function resolveCredentials(
  registry: string,
  flags: { username?: string; password?: string },
  env: NodeJS.ProcessEnv = process.env,
  options: ResolveCredentialsOptions = {},
): Promise<{ credentials?: Credentials; source: CredentialSource; detail?: string }> {
  const fromFlags = pair(flags.username, flags.password, '--username', '--password');
  if (fromFlags) return { credentials: fromFlags, source: 'flags' };
  const fromEnv = pair(env.PICKET_USERNAME, env.PICKET_PASSWORD, 'PICKET_USERNAME', 'PICKET_PASSWORD');
  if (fromEnv) return { credentials: fromEnv, source: 'environment' };
  const fromDocker = await lookupDockerConfig(registry, dockerConfigPath(env), { env, ...(options.helperTimeoutMs !== undefined ? { helperTimeoutMs: options.helperTimeoutMs } : {}) });
  if (fromDocker?.from === 'auths') return { credentials: fromDocker.credentials, source: 'docker config' };
  if (fromDocker) return { credentials: fromDocker.credentials, source: 'credential helper', detail: fromDocker.from };
  return { source: 'none' };
}

function pair(username: string | undefined, password: string | undefined, userName: string, passwordName: string): Credentials | undefined {
  const hasUser = username !== undefined && username !== '';
  const hasPassword = password !== undefined && password !== '';
  if (hasUser && hasPassword) return { username, password };
  if (hasUser) throw new UserError(`${userName} is given without ${passwordName}`);
  if (hasPassword) throw new UserError(`${passwordName} is given without ${userName}`);
  return undefined;
}
