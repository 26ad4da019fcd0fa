/** Counts of a scan cache: entries and the bytes they take as stored (keys plus encoded values). */
export interface ScanCacheStats {
  entries: number;
  bytes: number;
}

/**
 * A store of JSON values under opaque string keys, shared by the picket processes of one cache
 * directory (`picket image` keys layer facts by `layer:<diffId>:<analyzer fingerprint>`). Never
 * throws for storage trouble: a cache that cannot work warns once and answers like an empty one.
 */
export interface ScanCache {
  /** False for the stand-in used when the cache cannot be opened, or once an error turned it off: gets miss, puts do nothing. */
  readonly enabled: boolean;
  /** The SQLite file, undefined when disabled. */
  readonly path: string | undefined;
  /** The stored bytes above which a put evicts least recently used entries. */
  readonly maxBytes: number;
  /** The value stored under `key` (a fresh copy), or undefined; marks the entry as used. */
  get(key: string): unknown | undefined;
  /** Stores a JSON-serialisable value (replacing any under `key`); may evict other entries. */
  put(key: string, value: unknown): void;
  /** Whether `key` is stored (does not mark it as used). */
  has(key: string): boolean;
  /** Removes one entry; true when it was there. */
  delete(key: string): boolean;
  /** Removes every entry whose key starts with `prefix`; returns how many. */
  deleteByPrefix(prefix: string): number;
  stats(): ScanCacheStats;
  /** Closes the file; later calls behave like a disabled cache. */
  close(): void;
}
