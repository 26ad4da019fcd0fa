import { UserError } from '../errors.js';
import { dockerConfigCredentials, dockerConfigPath } from './docker-config.js';

/** A registry user and password (or access token). Never logged, never put in a message. */
export interface Credentials {
  username: string;
  password: string;
}

/** Where the credentials in use came from (safe to show). */
export type CredentialSource = 'flags' | 'environment' | 'docker config' | 'none';

/**
 * The credentials for a registry, first found wins: `--username/--password`, then
 * PICKET_USERNAME/PICKET_PASSWORD, then the docker config.json `auths` entry; else anonymous.
 * A user without a password (or the reverse) is a mistake, reported as such.
 */
export async function resolveCredentials(
  registry: string,
  flags: { username?: string; password?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ credentials?: Credentials; source: CredentialSource }> {
  const fromFlags = pair(flags.username, flags.password, '--username', '--password');
  if (fromFlags) return { credentials: fromFlags, source: 'flags' };
  const fromEnv = pair(env.PICKET_USERNAME, env.PICKET_PASSWORD, 'PICKET_USERNAME', 'PICKET_PASSWORD');
  if (fromEnv) return { credentials: fromEnv, source: 'environment' };
  const fromDocker = await dockerConfigCredentials(registry, dockerConfigPath(env));
  if (fromDocker) return { credentials: fromDocker, source: 'docker config' };
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
