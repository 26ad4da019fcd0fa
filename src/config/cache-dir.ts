import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The cache directory: --cache-dir, else $XDG_CACHE_HOME/picket, else ~/.cache/picket. */
export function resolveCacheDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(base, 'picket');
}

/** Where the advisory DB lives inside the cache directory. */
export function dbDirOf(cacheDir: string): string {
  return join(cacheDir, 'db');
}
