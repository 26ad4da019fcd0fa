import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { credentialsFromHelper } from './credential-helper.js';
import { DOCKER_HUB } from './reference.js';
import type { Credentials } from './credentials.js';

/** Docker Hub's key in config.json, as `docker login` writes it. */
const DOCKER_HUB_KEYS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
/** The server name docker gives credential helpers for Docker Hub. */
const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return env.DOCKER_CONFIG ? join(env.DOCKER_CONFIG, 'config.json') : join(home, '.docker', 'config.json');
}

export interface DockerConfigOptions {
  /** Environment of credential helpers (their PATH). */
  env?: NodeJS.ProcessEnv;
  helperTimeoutMs?: number;
}

/** Credentials found in the docker config, and where: `auths`, or the helper that gave them. */
export interface DockerConfigCredentials {
  credentials: Credentials;
  /** `auths`, or `docker-credential-<name>`. */
  from: string;
}

/**
 * The credentials the docker config holds for a registry, looked up as the docker CLI does:
 * the registry's `credHelpers` entry, else the `credsStore`, runs that helper
 * (`docker-credential-<name> get`); when the helper holds nothing for the registry, or none is
 * configured, the `auths` entry (`auth` = base64 of `user:password`, or `username`/`password`;
 * `identitytoken`). Keys may carry a scheme and a path (`https://index.docker.io/v1/`); Docker
 * Hub's aliases all match `docker.io`. No file: undefined. A configured helper that is missing
 * or fails is a UserError naming it.
 */
export async function lookupDockerConfig(registry: string, configPath: string = dockerConfigPath(), options: DockerConfigOptions = {}): Promise<DockerConfigCredentials | undefined> {
  const config = await readDockerConfig(configPath);
  if (!config) return undefined;
  const helper = findEntry(config.credHelpers, registry);
  const helperName = typeof helper?.[1] === 'string' && helper[1] !== '' ? helper[1] : typeof config.credsStore === 'string' && config.credsStore !== '' ? config.credsStore : undefined;
  if (helperName !== undefined) {
    const configuredIn = `${helper ? `credHelpers "${helper[0]}"` : 'credsStore'} in ${configPath}`;
    const fromHelper = await credentialsFromHelper(helperName, helperServer(registry), {
      configuredIn,
      ...(options.env ? { env: options.env } : {}),
      ...(options.helperTimeoutMs !== undefined ? { timeoutMs: options.helperTimeoutMs } : {}),
    });
    if (fromHelper) return { credentials: fromHelper, from: `docker-credential-${helperName}` };
  }
  const fromAuths = authsEntry(config.auths, registry, configPath);
  return fromAuths ? { credentials: fromAuths, from: 'auths' } : undefined;
}

/** The credentials of {@link lookupDockerConfig}, without where they came from. */
export async function dockerConfigCredentials(registry: string, configPath: string = dockerConfigPath(), options: DockerConfigOptions = {}): Promise<Credentials | undefined> {
  return (await lookupDockerConfig(registry, configPath, options))?.credentials;
}

interface DockerConfigFile {
  auths?: unknown;
  credHelpers?: unknown;
  credsStore?: unknown;
}

async function readDockerConfig(configPath: string): Promise<DockerConfigFile | undefined> {
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
  return typeof config === 'object' && config !== null && !Array.isArray(config) ? (config as DockerConfigFile) : undefined;
}

/** The entry for the registry: its exact key first, then a key that normalises to the same host. */
function findEntry(section: unknown, registry: string): [string, unknown] | undefined {
  if (typeof section !== 'object' || section === null) return undefined;
  const entries = Object.entries(section as Record<string, unknown>);
  const wanted = normaliseRegistryKey(registry);
  return entries.find(([key]) => key === registry) ?? entries.find(([key]) => normaliseRegistryKey(key) === wanted);
}

function authsEntry(auths: unknown, registry: string, configPath: string): Credentials | undefined {
  const match = findEntry(auths, registry);
  if (!match) return undefined;
  const [key, entry] = match;
  if (typeof entry !== 'object' || entry === null) return undefined;
  const { auth, username, password, identitytoken } = entry as { auth?: unknown; username?: unknown; password?: unknown; identitytoken?: unknown };
  let pair: Credentials | undefined;
  if (typeof auth === 'string' && auth !== '') {
    const decoded = Buffer.from(auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new UserError(`docker config ${configPath}: the "auth" of "${key}" is not base64 of user:password`);
    pair = { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  } else if (typeof username === 'string' && username !== '' && typeof password === 'string') {
    pair = { username, password };
  }
  // An identity token (`docker login` to registries with OAuth2) replaces the password.
  if (typeof identitytoken === 'string' && identitytoken !== '') return { username: pair?.username ?? '', password: '', identityToken: identitytoken };
  return pair;
}

/** What a helper is asked for: the registry host as written, Docker Hub as docker names it. */
function helperServer(registry: string): string {
  return normaliseRegistryKey(registry) === DOCKER_HUB ? DOCKER_HUB_SERVER : registry;
}

/** `https://index.docker.io/v1/` -> `docker.io`; `http://127.0.0.1:5000/v2/` -> `127.0.0.1:5000`. */
function normaliseRegistryKey(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//i, '').split('/')[0].toLowerCase();
  return DOCKER_HUB_KEYS.has(host) ? DOCKER_HUB : host;
}
