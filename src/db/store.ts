import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { DB_FILE_NAME, MetaKey, SCHEMA_VERSION } from './schema.js';
import type { OsvAffected, OsvRecord } from './osv-types.js';
import { normalizePackageName } from './package-name.js';
import { UserError } from '../errors.js';

export interface AffectedEntry {
  advisoryId: string;
  entry: OsvAffected;
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

export function databasePath(dbDir: string): string {
  return join(dbDir, DB_FILE_NAME);
}

/** Read-only access to a built advisory DB. */
export class AdvisoryStore {
  private readonly db: Database.Database;
  private readonly selectAffected;
  private readonly selectAdvisory;
  /** Names that have any advisory, per ecosystem: most packages have none, and skip SQLite. */
  private readonly namesByEcosystem = new Map<string, Set<string>>();
  private readonly records = new Map<string, OsvRecord>();

  private constructor(readonly path: string) {
    this.db = new Database(path, { readonly: true, fileMustExist: true });
    const version = this.meta(MetaKey.schemaVersion);
    if (version !== String(SCHEMA_VERSION)) {
      this.db.close();
      throw new UserError(`advisory DB ${path} has schema ${version ?? 'unknown'}, picket needs ${SCHEMA_VERSION}: run "picket db build"`);
    }
    this.selectAffected = this.db.prepare('SELECT advisory_id, data FROM affected WHERE ecosystem = ? AND name = ?').raw();
    this.selectAdvisory = this.db.prepare('SELECT record FROM advisory WHERE id = ?').pluck();
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

  /** Affected entries for one package of one ecosystem (exact ecosystem string, e.g. `npm`). */
  affected(ecosystem: string, name: string): AffectedEntry[] {
    const key = normalizePackageName(ecosystem, name);
    if (!this.names(ecosystem).has(key)) return [];
    return (this.selectAffected.all(ecosystem, key) as [string, string][]).map(([advisoryId, data]) => ({
      advisoryId,
      entry: JSON.parse(data) as OsvAffected,
    }));
  }

  advisory(id: string): OsvRecord | undefined {
    let record = this.records.get(id);
    if (!record) {
      const blob = this.selectAdvisory.get(id) as Buffer | undefined;
      if (blob === undefined) return undefined;
      record = JSON.parse(inflateRawSync(blob).toString('utf8')) as OsvRecord;
      this.records.set(id, record);
    }
    return record;
  }

  private names(ecosystem: string): Set<string> {
    let names = this.namesByEcosystem.get(ecosystem);
    if (!names) {
      const rows = this.db.prepare('SELECT DISTINCT name FROM affected WHERE ecosystem = ?').pluck().all(ecosystem) as string[];
      names = new Set(rows);
      this.namesByEcosystem.set(ecosystem, names);
    }
    return names;
  }

  private meta(key: string): string | undefined {
    try {
      return this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
    } catch {
      return undefined;
    }
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
