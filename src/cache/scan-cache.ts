import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parsePositiveByteSize } from './byte-size.js';
import { connectScanCache, sqliteCode } from './connect.js';
import { SCAN_CACHE_FILE_NAME, scanCacheDirOf } from './layout.js';
import { SqliteScanCache } from './sqlite-scan-cache.js';
import type { ScanCache, ScanCacheStats } from './types.js';

export type { ScanCache, ScanCacheStats } from './types.js';
export { scanCacheDirOf } from './layout.js';

/** Default cap on the bytes the scan cache stores: 2 GiB (trivy's cache has no cap). */
export const DEFAULT_SCAN_CACHE_MAX_BYTES = 2 * 1024 ** 3;

/** The environment variable that sets the cap (bytes, or `512MiB`, `4GiB`, ...). */
export const SCAN_CACHE_MAX_BYTES_ENV = 'PICKET_SCAN_CACHE_MAX_BYTES';

export interface ScanCacheOptions {
  /** Stored bytes above which puts evict least recently used entries (default 2 GiB). */
  maxBytes?: number;
  /** How long a write waits for another process holding the file (default 15 s). */
  busyTimeoutMs?: number;
  /** A get records its time only when the last recorded use is older than this (default 60 s). */
  touchIntervalMs?: number;
  /** The clock for last-use times (tests pass their own). */
  now?: () => number;
  /** Told when the cache is recreated, turned off, or skips an operation. */
  onWarning?: (message: string) => void;
}

/**
 * Opens (creating it, mode 0700) the per-layer scan cache `<cacheDir>/scan-cache/cache.db`. It
 * never fails a scan: a damaged file is removed and recreated, and a directory that cannot be
 * written gives a disabled cache (gets miss, puts do nothing); both with a warning.
 */
export function openScanCache(cacheDir: string, options: ScanCacheOptions = {}): ScanCache {
  const onWarning = options.onWarning ?? (() => {});
  const maxBytes = options.maxBytes ?? DEFAULT_SCAN_CACHE_MAX_BYTES;
  if (!Number.isFinite(maxBytes) || maxBytes <= 0) throw new RangeError(`scan cache: maxBytes must be a positive number, not ${maxBytes}`);
  const busyTimeoutMs = options.busyTimeoutMs ?? 15_000;
  const dir = scanCacheDirOf(cacheDir);
  const path = join(dir, SCAN_CACHE_FILE_NAME);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const db = connectScanCache(path, { busyTimeoutMs, onWarning });
    return new SqliteScanCache(db, path, {
      maxBytes,
      busyTimeoutMs,
      touchIntervalMs: options.touchIntervalMs ?? 60_000,
      now: options.now ?? Date.now,
      onWarning,
    });
  } catch (err) {
    const code = sqliteCode(err);
    // Storage trouble (SQLite or file system errors) only: anything else is a bug and surfaces.
    if (code === undefined && typeof (err as NodeJS.ErrnoException).code !== 'string') throw err;
    onWarning(`scan cache ${path} cannot be opened (${(err as Error).message}${code ? `, ${code}` : ''}): scanning without it`);
    return disabledScanCache(maxBytes);
  }
}

/** A cache that stores nothing: what openScanCache() returns when the cache cannot be used. */
export function disabledScanCache(maxBytes = DEFAULT_SCAN_CACHE_MAX_BYTES): ScanCache {
  const empty: ScanCacheStats = { entries: 0, bytes: 0 };
  return {
    enabled: false,
    path: undefined,
    maxBytes,
    get: () => undefined,
    put: () => {},
    has: () => false,
    delete: () => false,
    deleteByPrefix: () => 0,
    stats: () => ({ ...empty }),
    close: () => {},
  };
}

/**
 * The cap set by PICKET_SCAN_CACHE_MAX_BYTES (a number of bytes, or with a unit: `512MiB`,
 * `4GiB`), or undefined when it is not set; throws a one-line UserError for a malformed value.
 */
export function scanCacheLimitFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[SCAN_CACHE_MAX_BYTES_ENV];
  if (raw === undefined || raw.trim() === '') return undefined;
  return parsePositiveByteSize(raw, SCAN_CACHE_MAX_BYTES_ENV);
}
