import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import Database from 'better-sqlite3';
import { ensureSchema } from './schema.js';
import { isAlive } from '../db/lock.js';

/** An SQLite error code (`SQLITE_BUSY`, `SQLITE_NOTADB`, ...), or undefined for other errors. */
export function sqliteCode(err: unknown): string | undefined {
  return err instanceof Database.SqliteError ? err.code : undefined;
}

/** The file is not an SQLite database, or its first pages are damaged. */
function isCorruption(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === 'SQLITE_NOTADB' || code?.startsWith('SQLITE_CORRUPT') === true;
}

function isBusy(err: unknown): boolean {
  const code = sqliteCode(err);
  return code?.startsWith('SQLITE_BUSY') === true || code?.startsWith('SQLITE_LOCKED') === true;
}

/** Blocks this thread for `ms` (opening happens once per process, before any work). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface ConnectOptions {
  busyTimeoutMs: number;
  onWarning: (message: string) => void;
}

/**
 * Opens the cache file shared by several processes: WAL (readers never wait for the writer),
 * a busy timeout for writers, the current schema. A file that is not an SQLite database (or whose
 * first pages are damaged) is removed and recreated, with a warning. Throws SqliteError or a
 * Node error when the file cannot be opened at all (read-only or missing directory).
 */
export function connectScanCache(path: string, options: ConnectOptions): Database.Database {
  try {
    return connectWithRetry(path, options.busyTimeoutMs);
  } catch (err) {
    if (!isCorruption(err)) throw err;
    withRecoveryLock(path, options.busyTimeoutMs, () => {
      // Re-check under the lock: another process may already have replaced the file.
      if (!stillCorrupt(path, options.busyTimeoutMs)) return;
      for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
      options.onWarning(`scan cache ${path} was damaged (${(err as Error).message}): removed it and started an empty one`);
    });
    return connectWithRetry(path, options.busyTimeoutMs);
  }
}

function connect(path: string, busyTimeoutMs: number): Database.Database {
  const db = new Database(path, { timeout: busyTimeoutMs });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // A checkpointed WAL is truncated to this size, so big puts do not leave a big -wal file behind.
    db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    ensureSchema(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Switching a new file to WAL needs a moment alone with it; when several processes start at once, wait for it. */
function connectWithRetry(path: string, busyTimeoutMs: number): Database.Database {
  const deadline = Date.now() + busyTimeoutMs;
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    try {
      return connect(path, busyTimeoutMs);
    } catch (err) {
      if (!isBusy(err) || Date.now() > deadline) throw err;
      sleepSync(wait);
    }
  }
}

function stillCorrupt(path: string, busyTimeoutMs: number): boolean {
  try {
    connectWithRetry(path, busyTimeoutMs).close();
    return false;
  } catch (err) {
    if (isCorruption(err)) return true;
    throw err;
  }
}

/** One process at a time replaces a damaged file: a lock file holding the owner's pid, taken over when its owner is gone. */
function withRecoveryLock(dbPath: string, waitMs: number, work: () => void): void {
  const lock = `${dbPath}.recover.lock`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let owner = NaN;
      try {
        owner = Number(readFileSync(lock, 'utf8').trim());
      } catch {
        continue; // removed meanwhile: try again
      }
      // An empty file is a lock being written right now.
      if (!Number.isNaN(owner) && owner !== 0 && !isAlive(owner)) {
        rmSync(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw err;
      sleepSync(20);
    }
  }
  try {
    work();
  } finally {
    rmSync(lock, { force: true });
  }
}

