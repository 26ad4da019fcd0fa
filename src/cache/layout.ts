import { join } from 'node:path';

/** Directory of the per-layer scan cache inside the cache directory. */
export const SCAN_CACHE_DIR_NAME = 'scan-cache';

/** The scan cache's SQLite file inside its directory. */
export const SCAN_CACHE_FILE_NAME = 'cache.db';

/** Where the per-layer scan cache lives inside the cache directory (`<cacheDir>/scan-cache`). */
export function scanCacheDirOf(cacheDir: string): string {
  return join(cacheDir, SCAN_CACHE_DIR_NAME);
}

/**
 * What picket creates directly inside the cache directory: `picket clean --all` removes these
 * and nothing else, so a cache directory pointed at a shared place (`--cache-dir ~`) loses only
 * picket's own files. Add a row when a new kind of cached data gets its own entry.
 */
export const PICKET_CACHE_ENTRIES: readonly { name: string | RegExp; what: string }[] = [
  { name: SCAN_CACHE_DIR_NAME, what: 'scan cache' },
  { name: 'db', what: 'advisory DB' },
  // `picket repo URL` clones into mkdtemp(<cacheDir>/repo-XXXXXX); a killed scan leaves one behind.
  { name: /^repo-[A-Za-z0-9]{6}$/, what: 'repository clone left by an interrupted scan' },
  // `picket image` keeps temporary files (a Docker engine export, a gunzipped archive) in tmp/.
  { name: 'tmp', what: 'temporary image files' },
];

/** Which PICKET_CACHE_ENTRIES row a name in the cache directory matches, if any. */
export function picketCacheEntry(name: string): { name: string | RegExp; what: string } | undefined {
  return PICKET_CACHE_ENTRIES.find((e) => (typeof e.name === 'string' ? e.name === name : e.name.test(name)));
}
