import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createSchemaSql, DB_FILE_NAME, MetaKey, SCHEMA_VERSION } from './schema.js';
import { FeedIngester } from './ingest.js';
import { sourceFingerprints } from './fingerprint.js';
import { withDbLock } from './lock.js';
import { installDbFile, removeStaleTemporaries, temporaryDbPath } from './install.js';
import { converterFor } from './sources/registry.js';
import { readSourceDocuments } from './sources/input.js';
import { redactUrl } from './sources/redact-url.js';
import { UserError } from '../errors.js';

export interface BuildOptions {
  /** Directory the DB file lives in (`<cache-dir>/db`). */
  dbDir: string;
  sources: string[];
  /** Use kept copies of URL sources only (no network). */
  offline?: boolean;
  /** The sources' fingerprints when the caller has just computed them (db update). */
  fingerprints?: string[];
  /** Called for each record or document that cannot be used (one line each). */
  onWarning?: (message: string) => void;
  /** Called as records are ingested and while sources download. */
  onProgress?: (event: BuildProgress) => void;
}

export type BuildProgress =
  | { kind: 'source'; source: string; index: number; total: number }
  | { kind: 'records'; count: number }
  | { kind: 'download'; done: number; total: number | undefined };

export interface BuildSummary {
  path: string;
  advisories: number;
  withdrawnSkipped: number;
  invalid: number;
  ecosystems: Record<string, number>;
  seconds: number;
}

/**
 * Builds the advisory DB from OSV sources into a temporary file and moves it into place only when
 * every source was read: a scan never sees a half-built DB, and a failed build keeps the old one.
 */
export async function buildDatabase(options: BuildOptions): Promise<BuildSummary> {
  if (options.sources.length === 0) throw new UserError('no advisory source given: pass --db-source PATH_OR_URL');
  const started = Date.now();
  await mkdir(options.dbDir, { recursive: true });
  return withDbLock(options.dbDir, () => buildLocked(options, started));
}

/**
 * Builds the DB unless one exists once the lock is held: scans that start together while there
 * is no DB build it once, the others wait and use it.
 */
export async function buildDatabaseIfMissing(options: BuildOptions): Promise<BuildSummary | undefined> {
  const started = Date.now();
  await mkdir(options.dbDir, { recursive: true });
  return withDbLock(options.dbDir, async () => (existsSync(join(options.dbDir, DB_FILE_NAME)) ? undefined : buildLocked(options, started)));
}

async function buildLocked(options: BuildOptions, started: number): Promise<BuildSummary> {
  await removeStaleTemporaries(options.dbDir);
  const tmpPath = temporaryDbPath(options.dbDir, 'build');
  await rm(tmpPath, { force: true });

  const db = new Database(tmpPath);
  let summary: BuildSummary;
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(createSchemaSql);
    const ingest = new FeedIngester(db, options.onWarning);
    db.exec('BEGIN');
    const fingerprints = options.fingerprints ?? (await sourceFingerprints(options.sources, { cacheDir: sourceCacheDir(options.dbDir), offline: options.offline, onWarning: options.onWarning }));
    for (const [index, source] of options.sources.entries()) {
      options.onProgress?.({ kind: 'source', source: redactUrl(source), index, total: options.sources.length });
      const documents = readSourceDocuments(source, {
        downloadDir: sourceCacheDir(options.dbDir),
        offline: options.offline,
        onDownloadProgress: (done, total) => options.onProgress?.({ kind: 'download', done, total }),
        onWarning: options.onWarning,
        accepts: (path) => converterFor(path) !== undefined,
      });
      for await (const doc of documents) {
        ingest.document(doc, redactUrl(source));
        if (ingest.seen % 2000 === 0) options.onProgress?.({ kind: 'records', count: ingest.seen });
      }
    }
    ingest.finish();
    options.onProgress?.({ kind: 'records', count: ingest.seen });
    const ecosystems = ingest.ecosystemCounts();
    const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    const advisories = (db.prepare('SELECT count(*) AS n FROM advisory').get() as { n: number }).n;
    setMeta.run(MetaKey.schemaVersion, String(SCHEMA_VERSION));
    setMeta.run(MetaKey.builtAt, new Date().toISOString());
    setMeta.run(MetaKey.sources, JSON.stringify(options.sources.map(redactUrl)));
    setMeta.run(MetaKey.sourceFingerprints, JSON.stringify(fingerprints));
    setMeta.run(MetaKey.ecosystemCounts, JSON.stringify(ecosystems));
    setMeta.run(MetaKey.advisoryCount, String(advisories));
    setMeta.run(MetaKey.withdrawnSkipped, String(ingest.withdrawn));
    const rowsPerEcosystem = db.prepare('SELECT ecosystem, count(*) FROM affected GROUP BY ecosystem').raw().all() as [string, number][];
    setMeta.run(MetaKey.affectedRows, JSON.stringify(Object.fromEntries(rowsPerEcosystem)));
    db.exec('COMMIT');
    db.exec('ANALYZE');
    summary = {
      path: join(options.dbDir, DB_FILE_NAME),
      advisories,
      withdrawnSkipped: ingest.withdrawn,
      invalid: ingest.invalid,
      ecosystems,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (err) {
    db.close();
    await rm(tmpPath, { force: true });
    throw err;
  }
  db.close();
  try {
    await installDbFile(tmpPath, options.dbDir);
  } catch (err) {
    await rm(tmpPath, { force: true });
    throw err;
  }
  return summary;
}

/** Where downloaded sources are kept between updates (inside the DB directory of the cache). */
export function sourceCacheDir(dbDir: string): string {
  return join(dbDir, 'sources');
}
