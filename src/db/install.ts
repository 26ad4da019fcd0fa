import { readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DB_FILE_NAME, MetaKey, SCHEMA_VERSION } from './schema.js';
import { isAlive } from './lock.js';
import { UserError } from '../errors.js';

/** A temporary DB file name in `dbDir` owned by this process. */
export function temporaryDbPath(dbDir: string, purpose: string): string {
  return join(dbDir, `${DB_FILE_NAME}.${purpose}-${process.pid}`);
}

/** Removes temporary files left by picket processes that no longer run (killed mid-update). */
export async function removeStaleTemporaries(dbDir: string): Promise<void> {
  const names = await readdir(dbDir).catch(() => [] as string[]);
  for (const name of names) {
    const m = new RegExp(`^${DB_FILE_NAME.replace('.', '\\.')}\\.[a-z]+-(\\d+)(-journal|-wal|-shm)?$`).exec(name);
    if (m && !isAlive(Number(m[1]))) await rm(join(dbDir, name), { recursive: true, force: true });
  }
}

/**
 * Checks a new DB file (opens, integrity check, schema version) and moves it over the current one
 * with one rename: readers see the old DB or the new one, never a mix or a half-written file.
 */
export async function installDbFile(candidate: string, dbDir: string): Promise<string> {
  verifyDbFile(candidate);
  const finalPath = join(dbDir, DB_FILE_NAME);
  await rename(candidate, finalPath);
  return finalPath;
}

/** Opens the file, runs SQLite's quick check and reads the schema version; `shownAs` names it in errors. */
export function verifyDbFile(path: string, shownAs = path): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`integrity check failed (${String(check)})`);
    const version = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(MetaKey.schemaVersion);
    if (version !== String(SCHEMA_VERSION)) throw new Error(`schema ${String(version)}, picket needs ${SCHEMA_VERSION}`);
  } catch (err) {
    throw new UserError(`advisory DB ${shownAs} is not usable: ${(err as Error).message}`);
  } finally {
    db?.close();
  }
}
