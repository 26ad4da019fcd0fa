import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { Analyzer, AnalyzerInput } from '../types.js';
import { ParseError } from '../parse-error.js';
import { rpmDatabaseResult } from './rpm-package.js';

/**
 * rpm's sqlite database (rpm ≥ 4.16: Fedora 33+, RHEL 9, CentOS Stream 9, Rocky/Alma 9):
 * `var/lib/rpm/rpmdb.sqlite` or `usr/lib/sysimage/rpm/rpmdb.sqlite`. Table
 * `Packages(hnum INTEGER PRIMARY KEY, blob BLOB)`: one rpm header per installed package
 * (rpm-header.ts); the other tables are indexes and are not read.
 *
 * rpm keeps the database in WAL mode. When the `-wal` file beside it holds frames not yet copied
 * back, both are copied to a temporary directory and opened there, so SQLite replays the log;
 * otherwise the file is opened from memory (its header switched to rollback-journal mode, which
 * SQLite requires of an in-memory image).
 */
const PATHS = new Set(['var/lib/rpm/rpmdb.sqlite', 'usr/lib/sysimage/rpm/rpmdb.sqlite']);
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export const rpmSqliteAnalyzer: Analyzer = {
  name: 'rpm-sqlite',
  version: 2,
  scope: 'any',
  wants: (info) => PATHS.has(info.path),
  companionNames: ['rpmdb.sqlite-wal'],
  async analyze(input) {
    return rpmDatabaseResult(input.path, await packageBlobs(input));
  },
};

async function packageBlobs(input: AnalyzerInput): Promise<Buffer[]> {
  if (!input.content.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw new ParseError(input.path, input.content.length === 0 ? 'empty file' : 'not an SQLite database');
  }
  const { default: Database } = await import('better-sqlite3');
  const wal = await input.readFile(`${input.path}-wal`);
  if (wal && wal.length > 0) {
    return withTemporaryCopy(input.content, wal, (file) => readBlobs(() => new Database(file, { fileMustExist: true }), input.path));
  }
  return readBlobs(() => new Database(inMemoryImage(input.content)), input.path);
}

/** A copy whose header says "rollback journal" (bytes 18 and 19 = 1) instead of WAL (2). */
function inMemoryImage(content: Buffer): Buffer {
  const image = Buffer.from(content);
  if (image.length > 19) {
    image[18] = 1;
    image[19] = 1;
  }
  return image;
}

async function withTemporaryCopy<T>(content: Buffer, wal: Buffer, read: (file: string) => T): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'picket-rpmdb-'));
  try {
    const file = join(dir, 'rpmdb.sqlite');
    await writeFile(file, content);
    await writeFile(`${file}-wal`, wal);
    return read(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Every `Packages.blob` in `hnum` order; SQLite's errors (not a database, no table) become ParseErrors. */
function readBlobs(open: () => BetterSqlite3.Database, file: string): Buffer[] {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = open();
    const rows = db.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum').all() as { hnum: unknown; blob: unknown }[];
    return rows.map(({ hnum, blob }) => {
      if (!Buffer.isBuffer(blob)) throw new ParseError(file, `Packages row ${String(hnum)} holds no blob`);
      return blob;
    });
  } catch (err) {
    if (err instanceof ParseError) throw err;
    throw new ParseError(file, `cannot read the rpm sqlite database: ${(err as Error).message}`);
  } finally {
    db?.close();
  }
}
