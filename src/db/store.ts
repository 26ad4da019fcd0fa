import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { DB_FILE_NAME, MetaKey, SCHEMA_VERSION } from './schema.js';
import type { OsvAffected, OsvRecord } from './osv-types.js';
import type { CveEnrichment } from './sources/types.js';
import { normalizePackageName } from './package-name.js';
import { UserError } from '../errors.js';

export interface AffectedEntry {
  advisoryId: string;
  /** Index of the entry in the record's `affected` list (its ecosystem_specific, ...). */
  seq: number;
  /** The affected[] entry without its versions list (ranges, ecosystem_specific, ...). */
  entry: OsvAffected;
  /** True when the entry's explicit versions list names the version asked about. */
  listed: boolean;
}

export interface DatabaseInfo {
  path: string;
  schemaVersion: number;
  builtAt: string;
  sources: string[];
  advisories: number;
  withdrawnSkipped: number;
  ecosystems: Record<string, number>;
  sizeBytes: number;
}

/** [name, advisory id, seq, entry JSON] */
type AffectedRow = [string, string, number, string];

function listsVersions(row: AffectedRow): boolean {
  return row[3].includes('"hasVersions":true');
}

/** Prefetch reads the whole ecosystem when names x this factor reach its row count. */
const WHOLE_ECOSYSTEM_FACTOR = 8;
/** Names per batched query. */
const NAME_BATCH = 500;

export function databasePath(dbDir: string): string {
  return join(dbDir, DB_FILE_NAME);
}

/** Read-only access to a built advisory DB. */
export class AdvisoryStore {
  private readonly db: Database.Database;
  private readonly selectAffected;
  private readonly selectListed;
  private readonly selectAdvisory;
  /** Ecosystems whose rows are all in the cache: a name missing there has no advisory. */
  private readonly wholeEcosystems = new Set<string>();
  /** Affected rows per ecosystem, from the meta table. */
  private affectedRows: Record<string, number> | undefined;
  private readonly selectEcosystem;
  private readonly records = new Map<string, { record: OsvRecord; dataSource?: string }>();
  private readonly enrichments = new Map<string, CveEnrichment | null>();
  private readonly selectEnrichment;
  /** Unparsed affected rows of the packages looked up or prefetched so far. */
  private readonly rowsByEcosystem = new Map<string, Map<string, AffectedRow[]>>();
  private readonly selectAffectedBatch;
  private readonly selectListedBatch;
  /** Per ecosystem: `name \0 version` -> entries whose versions list names it. */
  private readonly listedByEcosystem = new Map<string, Map<string, Set<string>>>();

  private constructor(readonly path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    const version = this.meta(MetaKey.schemaVersion);
    if (version !== String(SCHEMA_VERSION)) {
      this.db.close();
      throw new UserError(`advisory DB ${path} has schema ${version ?? 'unknown'}, picket needs ${SCHEMA_VERSION}: run "picket db build"`);
    }
    this.selectAffected = this.db.prepare('SELECT advisory_id, seq, data FROM affected WHERE ecosystem = ? AND name = ?').raw();
    this.selectEcosystem = this.db.prepare('SELECT name, advisory_id, seq, data FROM affected WHERE ecosystem = ?').raw();
    this.selectAffectedBatch = this.db
      .prepare('SELECT name, advisory_id, seq, data FROM affected WHERE ecosystem = ? AND name IN (SELECT value FROM json_each(?))')
      .raw();
    this.selectListedBatch = this.db
      .prepare(
        "SELECT p.name, p.version, a.advisory_id, a.seq FROM (SELECT json_extract(value, '$[0]') AS name, json_extract(value, '$[1]') AS version FROM json_each(@pairs)) AS p JOIN affected_versions AS a ON a.ecosystem = @ecosystem AND a.name = p.name AND instr(a.versions, char(10) || p.version || char(10)) > 0",
      )
      .raw();
    this.selectListed = this.db.prepare('SELECT advisory_id, seq FROM affected_versions WHERE ecosystem = ? AND name = ? AND instr(versions, char(10) || ? || char(10)) > 0').raw();
    this.selectAdvisory = this.db.prepare('SELECT record, data_source FROM advisory WHERE id = ?').raw();
    this.selectEnrichment = this.db.prepare('SELECT data FROM cve_enrichment WHERE cve = ?').pluck();
  }

  static open(dbDir: string): AdvisoryStore {
    const path = databasePath(dbDir);
    if (!existsSync(path)) throw new UserError(`no advisory DB at ${path}: run "picket db build --source PATH_OR_URL"`);
    try {
      return new AdvisoryStore(path);
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw new UserError(`advisory DB ${path} cannot be read (${(err as Error).message}): rebuild it with "picket db build"`);
    }
  }

  /**
   * Loads the affected rows of many packages of one ecosystem at once, before they are looked up:
   * the whole ecosystem in one pass when the names are many compared to its rows, else in
   * batches of names; then, for the packages whose entries list versions, which of those lists
   * name their version. Rows stay unparsed until a package asks for them.
   */
  prefetch(ecosystem: string, packages: { name: string; version: string }[]): void {
    const cache = this.rowCache(ecosystem);
    const keyed = packages.map((p) => ({ name: normalizePackageName(ecosystem, p.name), version: p.version }));
    const wanted = this.wholeEcosystems.has(ecosystem) ? [] : [...new Set(keyed.map((p) => p.name))].filter((n) => !cache.has(n));
    if (wanted.length > 0 && wanted.length * WHOLE_ECOSYSTEM_FACTOR >= this.rowCount(ecosystem)) {
      for (const row of this.selectEcosystem.iterate(ecosystem) as Iterable<AffectedRow>) {
        let rows = cache.get(row[0]);
        if (!rows) cache.set(row[0], (rows = []));
        rows.push(row);
      }
      this.wholeEcosystems.add(ecosystem);
    } else {
      for (let i = 0; i < wanted.length; i += NAME_BATCH) {
        const batch = wanted.slice(i, i + NAME_BATCH);
        for (const n of batch) cache.set(n, []);
        for (const row of this.selectAffectedBatch.all(ecosystem, JSON.stringify(batch)) as AffectedRow[]) cache.get(row[0])!.push(row);
      }
    }
    this.prefetchListed(ecosystem, keyed.filter((p) => cache.get(p.name)?.some(listsVersions)));
  }

  /**
   * Affected entries for one package of one ecosystem (exact ecosystem string, e.g. `npm`), with
   * `listed` set for entries whose explicit versions list names `version`.
   */
  affected(ecosystem: string, name: string, version?: string): AffectedEntry[] {
    const key = normalizePackageName(ecosystem, name);
    const cache = this.rowCache(ecosystem);
    let rows = cache.get(key);
    if (!rows) {
      if (this.wholeEcosystems.has(ecosystem)) return [];
      rows = (this.selectAffected.all(ecosystem, key) as [string, number, string][]).map(([id, seq, data]): AffectedRow => [key, id, seq, data]);
      cache.set(key, rows);
    }
    if (rows.length === 0) return [];
    const listed = version !== undefined && rows.some(listsVersions) ? this.listedEntries(ecosystem, key, version) : undefined;
    return rows.map(([, advisoryId, seq, data]) => ({
      advisoryId,
      seq,
      entry: JSON.parse(data) as OsvAffected,
      listed: listed !== undefined && listed.size > 0 && listed.has(`${advisoryId}\0${seq}`),
    }));
  }

  /** Loads which (name, version) pairs are named by explicit versions lists, in batches. */
  private prefetchListed(ecosystem: string, packages: { name: string; version: string }[]): void {
    const listed = this.listedCache(ecosystem);
    const wanted = packages.filter((p) => !listed.has(`${p.name}\0${p.version}`));
    for (let i = 0; i < wanted.length; i += NAME_BATCH) {
      const batch = wanted.slice(i, i + NAME_BATCH);
      for (const p of batch) listed.set(`${p.name}\0${p.version}`, new Set());
      const pairs = JSON.stringify(batch.map((p) => [p.name, p.version]));
      for (const [name, version, id, seq] of this.selectListedBatch.all({ ecosystem, pairs }) as [string, string, string, number][]) {
        listed.get(`${name}\0${version}`)!.add(`${id}\0${seq}`);
      }
    }
  }

  /** `advisory id \0 seq` of the entries whose versions list names this version of the package. */
  private listedEntries(ecosystem: string, name: string, version: string): Set<string> {
    const listed = this.listedCache(ecosystem);
    const key = `${name}\0${version}`;
    let set = listed.get(key);
    if (!set) {
      set = new Set((this.selectListed.all(ecosystem, name, version) as [string, number][]).map(([id, s]) => `${id}\0${s}`));
      listed.set(key, set);
    }
    return set;
  }

  private listedCache(ecosystem: string): Map<string, Set<string>> {
    let cache = this.listedByEcosystem.get(ecosystem);
    if (!cache) {
      cache = new Map();
      this.listedByEcosystem.set(ecosystem, cache);
    }
    return cache;
  }

  private rowCache(ecosystem: string): Map<string, AffectedRow[]> {
    let cache = this.rowsByEcosystem.get(ecosystem);
    if (!cache) {
      cache = new Map();
      this.rowsByEcosystem.set(ecosystem, cache);
    }
    return cache;
  }

  private rowCount(ecosystem: string): number {
    this.affectedRows ??= JSON.parse(this.meta(MetaKey.affectedRows) ?? '{}') as Record<string, number>;
    return this.affectedRows[ecosystem] ?? 0;
  }

  advisory(id: string): OsvRecord | undefined {
    return this.storedAdvisory(id)?.record;
  }

  /** The database findings from this advisory cite (`DataSource.ID`), when its feed named one. */
  dataSourceOf(id: string): string | undefined {
    return this.storedAdvisory(id)?.dataSource;
  }

  /** What the enrichment feeds (KEV, EPSS, CVSS, CWE) say about a CVE. */
  enrichment(cve: string): CveEnrichment | undefined {
    let data = this.enrichments.get(cve);
    if (data === undefined) {
      const text = this.selectEnrichment.get(cve) as string | undefined;
      data = text === undefined ? null : (JSON.parse(text) as CveEnrichment);
      this.enrichments.set(cve, data);
    }
    return data ?? undefined;
  }

  private storedAdvisory(id: string): { record: OsvRecord; dataSource?: string } | undefined {
    let stored = this.records.get(id);
    if (!stored) {
      const row = this.selectAdvisory.get(id) as [Buffer, string | null] | undefined;
      if (row === undefined) return undefined;
      stored = { record: JSON.parse(inflateRawSync(row[0]).toString('utf8')) as OsvRecord, ...(row[1] ? { dataSource: row[1] } : {}) };
      this.records.set(id, stored);
    }
    return stored;
  }

  private meta(key: string): string | undefined {
    try {
      return this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
    } catch {
      return undefined;
    }
  }

  /** When the DB was built (ISO 8601). */
  builtAt(): string {
    return this.meta(MetaKey.builtAt) ?? '';
  }

  info(sizeBytes: number): DatabaseInfo {
    return {
      path: this.path,
      schemaVersion: Number(this.meta(MetaKey.schemaVersion)),
      builtAt: this.meta(MetaKey.builtAt) ?? '',
      sources: JSON.parse(this.meta(MetaKey.sources) ?? '[]') as string[],
      advisories: Number(this.meta(MetaKey.advisoryCount) ?? 0),
      withdrawnSkipped: Number(this.meta(MetaKey.withdrawnSkipped) ?? 0),
      ecosystems: JSON.parse(this.meta(MetaKey.ecosystemCounts) ?? '{}') as Record<string, number>,
      sizeBytes,
    };
  }

  close(): void {
    this.db.close();
  }
}
