import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { DOCKER_HUB } from './reference.js';
import type { Credentials } from './credentials.js';

/** Docker Hub's key in config.json, as `docker login` writes it. */
const DOCKER_HUB_KEYS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return env.DOCKER_CONFIG ? join(env.DOCKER_CONFIG, 'config.json') : join(home, '.docker', 'config.json');
}

/**
 * The credentials `docker login` stored for a registry in the `auths` section of config.json
 * (`auth` = base64 of `user:password`, or `username`/`password`). Keys may carry a scheme and a
 * path (`https://index.docker.io/v1/`); Docker Hub's aliases all match `docker.io`.
 * Credential helpers (`credsStore`, `credHelpers`) are not consulted. No file: undefined.
 */
export async function dockerConfigCredentials(registry: string, configPath: string = dockerConfigPath()): Promise<Credentials | undefined> {
  let text: string;
  try {
    text = await readFile(configPath, 'utf8');
  } catch {
    return undefined;
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    throw new UserError(`docker config ${configPath}: not valid JSON`);
  }
  const auths = (config as { auths?: unknown } | null)?.auths;
  if (typeof auths !== 'object' || auths === null) return undefined;
  const entries = Object.entries(auths as Record<string, unknown>);
  const wanted = normaliseRegistryKey(registry);
  const match = entries.find(([key]) => key === registry) ?? entries.find(([key]) => normaliseRegistryKey(key) === wanted);
  if (!match) return undefined;
  const [key, entry] = match;
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { auth, username, password } = entry as { auth?: unknown; username?: unknown; password?: unknown };
  if (typeof auth === 'string' && auth !== '') {
    const decoded = Buffer.from(auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new UserError(`docker config ${configPath}: the "auth" of "${key}" is not base64 of user:password`);
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (typeof username === 'string' && username !== '' && typeof password === 'string') return { username, password };
  return undefined;
}

/** `https://index.docker.io/v1/` -> `docker.io`; `http://127.0.0.1:5000/v2/` -> `127.0.0.1:5000`. */
function normaliseRegistryKey(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').split('/')[0].toLowerCase();
  return DOCKER_HUB_KEYS.has(host) ? DOCKER_HUB : host;
}
