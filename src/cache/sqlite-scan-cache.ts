import type Database from 'better-sqlite3';
import { decodeValue, encodeValue } from './codec.js';
import { sqliteCode } from './connect.js';
import type { ScanCache, ScanCacheStats } from './types.js';

export interface SqliteScanCacheOptions {
  maxBytes: number;
  /** A get refreshes an entry's last use only when the stored one is older than this. */
  touchIntervalMs: number;
  busyTimeoutMs: number;
  now: () => number;
  onWarning: (message: string) => void;
}

interface Row {
  encoding: number;
  used_at: number;
  value: Buffer;
}

function prepareStatements(db: Database.Database) {
  return {
    get: db.prepare('SELECT encoding, used_at, value FROM entry WHERE key = ?'),
    has: db.prepare('SELECT 1 FROM entry WHERE key = ?').pluck(),
    touch: db.prepare('UPDATE entry SET used_at = ? WHERE key = ? AND used_at < ?'),
    upsert: db.prepare(
      'INSERT INTO entry (key, encoding, size, used_at, value) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET encoding = excluded.encoding, size = excluded.size, used_at = excluded.used_at, value = excluded.value',
    ),
    delete: db.prepare('DELETE FROM entry WHERE key = ?'),
    deleteById: db.prepare('DELETE FROM entry WHERE rowid = ?'),
    // instr() compares characters, so the test is right for any prefix, `%` and `_` included.
    deletePrefix: db.prepare('DELETE FROM entry WHERE key >= ? AND instr(key, ?) = 1'),
    stats: db.prepare('SELECT count(*) AS entries, coalesce(sum(size), 0) AS bytes FROM entry'),
    total: db.prepare('SELECT coalesce(sum(size), 0) FROM entry').pluck(),
    lru: db.prepare('SELECT rowid AS id, key, size FROM entry ORDER BY used_at, rowid'),
  };
}

/** Eviction stops when the stored bytes are at or below this share of the cap. */
const EVICT_TO = 0.9;

/**
 * The scan cache in one SQLite file (see openScanCache). Values are JSON, brotli-compressed
 * when that pays off. After a put that takes the stored bytes over `maxBytes`, the least recently
 * used entries are deleted until they are under 90 % of it, in the same transaction. SQLite errors
 * never reach the caller: a busy cache skips the one operation, a failing one turns itself off
 * (reads and writes, or writes only when the file is read-only), each with a warning.
 */
export class SqliteScanCache implements ScanCache {
  private readable = true;
  private writable = true;
  private readonly stmt: ReturnType<typeof prepareStatements>;

  constructor(private readonly db: Database.Database, readonly path: string, private readonly options: SqliteScanCacheOptions) {
    this.stmt = prepareStatements(db);
  }

  /** True until an error turned the cache off (or it was closed). */
  get enabled(): boolean {
    return this.readable;
  }

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  get(key: string): unknown | undefined {
    const row = this.guard('read', `get ${key}`, undefined, () => this.stmt.get.get(key) as Row | undefined);
    if (!row) return undefined;
    let value: unknown;
    try {
      value = decodeValue(row.value, row.encoding);
    } catch (err) {
      this.options.onWarning(`scan cache ${this.path}: entry ${key} is unreadable (${(err as Error).message}): removed`);
      this.delete(key);
      return undefined;
    }
    const now = this.options.now();
    if (now - row.used_at >= this.options.touchIntervalMs) {
      this.guard('write', `last-use update of ${key}`, undefined, () => this.stmt.touch.run(now, key, now));
    }
    return value;
  }

  has(key: string): boolean {
    return this.guard('read', `lookup of ${key}`, false, () => this.stmt.has.get(key) === 1);
  }

  put(key: string, value: unknown): void {
    if (!this.writable) return;
    const encoded = encodeValue(value);
    const size = encoded.blob.length + Buffer.byteLength(key, 'utf8');
    if (size > this.options.maxBytes) {
      this.options.onWarning(`scan cache: entry ${key} (${size} bytes stored) is larger than the cache limit (${this.options.maxBytes} bytes): not stored`);
      return;
    }
    this.guard('write', `put ${key}`, undefined, () =>
      this.db.transaction(() => {
        this.stmt.upsert.run(key, encoded.encoding, size, this.options.now(), encoded.blob);
        this.evictOverCap(key);
      }).immediate(),
    );
  }

  delete(key: string): boolean {
    return this.guard('write', `delete ${key}`, false, () => this.stmt.delete.run(key).changes > 0);
  }

  deleteByPrefix(prefix: string): number {
    return this.guard('write', `delete ${prefix}*`, 0, () => this.stmt.deletePrefix.run(prefix, prefix).changes);
  }

  stats(): ScanCacheStats {
    return this.guard('read', 'stats', { entries: 0, bytes: 0 }, () => this.stmt.stats.get() as ScanCacheStats);
  }

  close(): void {
    this.readable = this.writable = false;
    if (this.db.open) this.db.close();
  }

  /** Deletes least recently used entries (never `keep`, the one just written) until under 90 % of the cap. */
  private evictOverCap(keep: string): void {
    const total = this.stmt.total.get() as number;
    if (total <= this.options.maxBytes) return;
    const target = Math.floor(this.options.maxBytes * EVICT_TO);
    let remaining = total;
    const victims: number[] = [];
    for (const row of this.stmt.lru.iterate() as IterableIterator<{ id: number; key: string; size: number }>) {
      if (remaining <= target) break;
      if (row.key === keep) continue;
      victims.push(row.id);
      remaining -= row.size;
    }
    for (const id of victims) this.stmt.deleteById.run(id);
  }

  /** Runs one SQLite operation; on an SQLite error warns, degrades as the class comment says, and returns `fallback`. */
  private guard<T>(kind: 'read' | 'write', what: string, fallback: T, work: () => T): T {
    if (!this.readable || (kind === 'write' && !this.writable)) return fallback;
    try {
      return work();
    } catch (err) {
      const code = sqliteCode(err);
      if (code === undefined) throw err;
      const reason = `${(err as Error).message} (${code})`;
      if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
        this.options.onWarning(`scan cache ${this.path} stayed busy for ${this.options.busyTimeoutMs} ms: ${what} skipped`);
      } else if (kind === 'write' && (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_FULL' || code.startsWith('SQLITE_PERM'))) {
        this.writable = false;
        this.options.onWarning(`scan cache ${this.path} cannot be written (${reason}): layers are analysed and not stored`);
      } else {
        this.close();
        this.options.onWarning(`scan cache ${this.path} failed (${reason}): continuing without it ("picket clean --scan-cache" removes it)`);
      }
      return fallback;
    }
  }
}
