import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { createSchemaSql, DB_FILE_NAME, MetaKey, SCHEMA_VERSION } from './schema.js';
import { osvRecordProblem, type OsvAffected, type OsvRange, type OsvRecord } from './osv-types.js';
import { normalizePackageName } from './package-name.js';
import { readSourceDocuments } from './sources/input.js';
import { redactUrl } from './sources/redact-url.js';
import { UserError } from '../errors.js';

export interface BuildOptions {
  /** Directory the DB file lives in (`<cache-dir>/db`). */
  dbDir: string;
  sources: string[];
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
  const finalPath = join(options.dbDir, DB_FILE_NAME);
  const tmpPath = join(options.dbDir, `${DB_FILE_NAME}.tmp-${process.pid}`);
  await rm(tmpPath, { force: true });

  const db = new Database(tmpPath);
  let summary: BuildSummary;
  try {
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(createSchemaSql);
    const ingest = new RecordIngester(db, options.onWarning);
    db.exec('BEGIN');
    for (const [index, source] of options.sources.entries()) {
      options.onProgress?.({ kind: 'source', source: redactUrl(source), index, total: options.sources.length });
      const documents = readSourceDocuments(source, {
        downloadDir: join(options.dbDir, 'downloads'),
        onDownloadProgress: (done, total) => options.onProgress?.({ kind: 'download', done, total }),
        onWarning: options.onWarning,
      });
      for await (const doc of documents) {
        ingest.document(doc.origin, doc.text, source);
        if (ingest.seen % 2000 === 0) options.onProgress?.({ kind: 'records', count: ingest.seen });
      }
    }
    options.onProgress?.({ kind: 'records', count: ingest.seen });
    const ecosystems = ingest.ecosystemCounts();
    const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    const advisories = (db.prepare('SELECT count(*) AS n FROM advisory').get() as { n: number }).n;
    setMeta.run(MetaKey.schemaVersion, String(SCHEMA_VERSION));
    setMeta.run(MetaKey.builtAt, new Date().toISOString());
    setMeta.run(MetaKey.sources, JSON.stringify(options.sources.map(redactUrl)));
    setMeta.run(MetaKey.ecosystemCounts, JSON.stringify(ecosystems));
    setMeta.run(MetaKey.advisoryCount, String(advisories));
    setMeta.run(MetaKey.withdrawnSkipped, String(ingest.withdrawn));
    const rowsPerEcosystem = db.prepare('SELECT ecosystem, count(*) FROM affected GROUP BY ecosystem').raw().all() as [string, number][];
    setMeta.run(MetaKey.affectedRows, JSON.stringify(Object.fromEntries(rowsPerEcosystem)));
    db.exec('COMMIT');
    db.exec('ANALYZE');
    summary = {
      path: finalPath,
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
  } finally {
    await rm(join(options.dbDir, 'downloads'), { recursive: true, force: true });
  }
  db.close();
  await rename(tmpPath, finalPath);
  return summary;
}

/**
 * What matching needs of an affected[] entry: its version ranges (commit ranges left out) and
 * whether it lists versions. The rest (ecosystem_specific symbols, ...) stays in the record.
 */
function matchingData(affected: OsvAffected, hasVersions: boolean): { ranges?: OsvRange[]; hasVersions?: true } {
  const ranges = (affected.ranges ?? []).filter((r) => r.type !== 'GIT').map((r) => ({ type: r.type, events: r.events }));
  return { ...(ranges.length > 0 ? { ranges } : {}), ...(hasVersions ? { hasVersions: true } : {}) };
}

/** Parses documents into OSV records and writes them; the newest `modified` wins per id. */
class RecordIngester {
  seen = 0;
  withdrawn = 0;
  invalid = 0;
  private readonly modifiedById = new Map<string, string>();
  private readonly insertAdvisory;
  private readonly insertAffected;
  private readonly insertVersion;
  private readonly deleteAffected;
  private readonly deleteVersions;
  private readonly countEcosystems;

  constructor(private readonly db: Database.Database, private readonly warn?: (message: string) => void) {
    this.insertAdvisory = db.prepare('INSERT OR REPLACE INTO advisory (id, modified, source, record) VALUES (?, ?, ?, ?)');
    this.insertAffected = db.prepare('INSERT OR REPLACE INTO affected (ecosystem, name, advisory_id, seq, data) VALUES (?, ?, ?, ?, ?)');
    this.insertVersion = db.prepare('INSERT OR IGNORE INTO affected_version (ecosystem, name, version, advisory_id, seq) VALUES (?, ?, ?, ?, ?)');
    this.deleteAffected = db.prepare('DELETE FROM affected WHERE advisory_id = ?');
    this.deleteVersions = db.prepare('DELETE FROM affected_version WHERE advisory_id = ?');
    this.countEcosystems = db.prepare(
      "SELECT CASE WHEN instr(ecosystem, ':') > 0 THEN substr(ecosystem, 1, instr(ecosystem, ':') - 1) ELSE ecosystem END AS eco, count(DISTINCT advisory_id) AS n FROM affected GROUP BY eco ORDER BY eco",
    );
  }

  document(origin: string, text: string, source: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      this.invalid++;
      this.warn?.(`${origin}: not valid JSON (${(err as Error).message})`);
      return;
    }
    for (const item of Array.isArray(value) ? value : [value]) this.record(origin, item, source);
  }

  private record(origin: string, value: unknown, source: string): void {
    this.seen++;
    const problem = osvRecordProblem(value);
    if (problem) {
      this.invalid++;
      this.warn?.(`${origin}: not an OSV record (${problem})`);
      return;
    }
    const record = value as OsvRecord;
    if (record.withdrawn) {
      this.withdrawn++;
      if (this.modifiedById.has(record.id)) this.remove(record.id);
      return;
    }
    const previous = this.modifiedById.get(record.id);
    if (previous !== undefined && previous >= record.modified) return;
    if (previous !== undefined) this.deleteEntries(record.id);
    this.modifiedById.set(record.id, record.modified);
    this.insertAdvisory.run(record.id, record.modified, redactUrl(source), deflateRawSync(JSON.stringify(record)));
    record.affected?.forEach((affected, seq) => {
      const pkg = affected.package;
      if (!pkg || typeof pkg.ecosystem !== 'string' || typeof pkg.name !== 'string') return;
      const name = normalizePackageName(pkg.ecosystem, pkg.name);
      const versions = Array.isArray(affected.versions) ? affected.versions : [];
      this.insertAffected.run(pkg.ecosystem, name, record.id, seq, JSON.stringify(matchingData(affected, versions.length > 0)));
      for (const v of versions) if (typeof v === 'string') this.insertVersion.run(pkg.ecosystem, name, v, record.id, seq);
    });
  }

  private remove(id: string): void {
    this.modifiedById.delete(id);
    this.deleteEntries(id);
    this.db.prepare('DELETE FROM advisory WHERE id = ?').run(id);
  }

  private deleteEntries(id: string): void {
    this.deleteAffected.run(id);
    this.deleteVersions.run(id);
  }

  ecosystemCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const row of this.countEcosystems.all() as { eco: string; n: number }[]) out[row.eco] = row.n;
    return out;
  }
}
