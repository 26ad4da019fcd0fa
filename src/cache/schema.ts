import type Database from 'better-sqlite3';

/**
 * Version of the scan cache's tables, kept in SQLite's `user_version`. A file with another
 * version is emptied and recreated: the cache is disposable, so there are no migrations.
 */
export const SCAN_CACHE_SCHEMA_VERSION = 1;

// One row per key. The small columns come first and the value last, so reading a row's key, size
// or last use (eviction, `has`) never touches the value's overflow pages.
const CREATE = `
CREATE TABLE entry (
  key      TEXT PRIMARY KEY NOT NULL,
  encoding INTEGER NOT NULL,
  size     INTEGER NOT NULL, -- bytes stored: the value as encoded plus the key
  used_at  INTEGER NOT NULL, -- last put or get, ms since the epoch (gets update it at most once a minute)
  value    BLOB NOT NULL
);
CREATE INDEX entry_lru ON entry (used_at, size);
`;

/** Creates the tables, or drops and recreates them when the file holds another schema version. */
export function ensureSchema(db: Database.Database): void {
  // Reading sqlite_master parses the first page: a damaged file fails here, not in a later get.
  db.prepare('SELECT count(*) FROM sqlite_master').pluck().get();
  if (db.pragma('user_version', { simple: true }) === SCAN_CACHE_SCHEMA_VERSION) return;
  db.transaction(() => {
    // Another process may have done it while this one waited for the write lock.
    if (db.pragma('user_version', { simple: true }) === SCAN_CACHE_SCHEMA_VERSION) return;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").pluck().all() as string[];
    for (const name of tables) db.exec(`DROP TABLE "${name.replace(/"/g, '""')}"`);
    db.exec(CREATE);
    db.pragma(`user_version = ${SCAN_CACHE_SCHEMA_VERSION}`);
  }).immediate();
}
