import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { buildDatabase, sourceCacheDir, type BuildOptions, type BuildSummary } from './build.js';
import { sourceFingerprints } from './fingerprint.js';
import { redactUrl } from './sources/redact-url.js';
import { DB_FILE_NAME, MetaKey } from './schema.js';

export type UpdateResult = { upToDate: true } | { upToDate: false; summary: BuildSummary };

/**
 * `picket db update`: rebuilds the DB from its sources when any of them changed (or the source
 * list did, or there is no DB yet); otherwise leaves it alone. URL sources are revalidated with
 * ETag / If-Modified-Since, so an unchanged feed costs one small request.
 */
export async function updateDatabase(options: BuildOptions): Promise<UpdateResult> {
  const current = readBuiltFrom(options.dbDir);
  if (current && JSON.stringify(current.sources) === JSON.stringify(options.sources.map(redactUrl))) {
    const fingerprints = await sourceFingerprints(options.sources, { cacheDir: sourceCacheDir(options.dbDir), offline: options.offline, onWarning: options.onWarning });
    if (JSON.stringify(fingerprints) === JSON.stringify(current.fingerprints)) return { upToDate: true };
    return { upToDate: false, summary: await buildDatabase({ ...options, fingerprints }) };
  }
  return { upToDate: false, summary: await buildDatabase(options) };
}

function readBuiltFrom(dbDir: string): { sources: string[]; fingerprints: string[] } | undefined {
  const path = join(dbDir, DB_FILE_NAME);
  if (!existsSync(path)) return undefined;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const get = (key: string) => db!.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
    return { sources: JSON.parse(get(MetaKey.sources) ?? '[]') as string[], fingerprints: JSON.parse(get(MetaKey.sourceFingerprints) ?? '[]') as string[] };
  } catch {
    return undefined;
  } finally {
    db?.close();
  }
}
