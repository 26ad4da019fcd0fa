import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import Database from 'better-sqlite3';
import { UserError } from '../errors.js';
import type { Report } from '../report/model.js';
import type { ImageFacts } from './image-facts.js';

/** Bumped when what the store keeps changes shape: an older store is emptied (images are scanned again). */
const STORE_FORMAT = '1';

/**
 * The operator's own store (`<store-dir>/operator.db`, SQLite in WAL mode, on a volume): per image
 * (digest + platform) the recorded facts and the last evaluated full report, and per resource its
 * last config-audit results. Report resources in the cluster stay small; the full reports are
 * served over HTTP from here, and the facts let a DB update re-judge every image without a pull.
 * Values are brotli-compressed JSON.
 */
export class ReportStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(readonly path: string, db: Database.Database) {
    this.db = db;
    this.statements = {
      putFacts: db.prepare('INSERT INTO images (key, facts, scanned_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET facts = excluded.facts, scanned_at = excluded.scanned_at, report = NULL, db_stamp = NULL'),
      putReport: db.prepare('UPDATE images SET report = ?, db_stamp = ? WHERE key = ?'),
      facts: db.prepare('SELECT facts FROM images WHERE key = ?').pluck(),
      report: db.prepare('SELECT report, db_stamp FROM images WHERE key = ?'),
      keys: db.prepare('SELECT key FROM images').pluck(),
      dropImage: db.prepare('DELETE FROM images WHERE key = ?'),
      putResource: db.prepare('INSERT INTO resources (key, report) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET report = excluded.report'),
      resource: db.prepare('SELECT report FROM resources WHERE key = ?').pluck(),
      dropResource: db.prepare('DELETE FROM resources WHERE key = ?'),
    };
  }

  /** Opens (creating, mode 0700) `<dir>/operator.db`; a file that is not a store of this format is a UserError naming it. */
  static open(dir: string): ReportStore {
    const path = join(dir, 'operator.db');
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.exec(`CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS images (key TEXT PRIMARY KEY, facts BLOB NOT NULL, scanned_at TEXT NOT NULL, report BLOB, db_stamp TEXT);
        CREATE TABLE IF NOT EXISTS resources (key TEXT PRIMARY KEY, report BLOB NOT NULL);`);
      const format = db.prepare("SELECT value FROM meta WHERE key = 'format'").pluck().get() as string | undefined;
      if (format !== STORE_FORMAT) {
        db.exec("DELETE FROM images; DELETE FROM resources; INSERT OR REPLACE INTO meta (key, value) VALUES ('format', '" + STORE_FORMAT + "')");
      }
      return new ReportStore(path, db);
    } catch (err) {
      throw new UserError(`operator store ${path}: cannot be opened (${(err as Error).message.split('\n')[0]}): give a writable --store-dir`);
    }
  }

  putFacts(key: string, facts: ImageFacts, scannedAt = new Date()): void {
    this.statements.putFacts.run(key, pack(facts), scannedAt.toISOString());
  }

  facts(key: string): ImageFacts | undefined {
    const blob = this.statements.facts.get(key) as Buffer | undefined;
    return blob ? unpack<ImageFacts>(blob) : undefined;
  }

  /** Keeps the image's evaluated report and the DB it was judged with. */
  putReport(key: string, report: Report, dbStamp: string): void {
    this.statements.putReport.run(pack(report), dbStamp, key);
  }

  report(key: string): { report: Report; dbStamp: string } | undefined {
    const row = this.statements.report.get(key) as { report: Buffer | null; db_stamp: string | null } | undefined;
    return row?.report ? { report: unpack<Report>(row.report), dbStamp: row.db_stamp ?? '' } : undefined;
  }

  imageKeys(): string[] {
    return this.statements.keys.all() as string[];
  }

  dropImage(key: string): void {
    this.statements.dropImage.run(key);
  }

  putResource(key: string, report: Report): void {
    this.statements.putResource.run(key, pack(report));
  }

  resource(key: string): Report | undefined {
    const blob = this.statements.resource.get(key) as Buffer | undefined;
    return blob ? unpack<Report>(blob) : undefined;
  }

  dropResource(key: string): void {
    this.statements.dropResource.run(key);
  }

  close(): void {
    this.db.close();
  }
}

function pack(value: unknown): Buffer {
  return brotliCompressSync(Buffer.from(JSON.stringify(value)), { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
}

function unpack<T>(blob: Buffer): T {
  return JSON.parse(brotliDecompressSync(blob).toString('utf8')) as T;
}
