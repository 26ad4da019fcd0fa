import { existsSync } from 'node:fs';
import { buildDatabaseIfMissing, type BuildProgress, type BuildSummary } from './build.js';
import { redactUrl } from './sources/redact-url.js';
import { AdvisoryStore, databasePath } from './store.js';
import { UserError } from '../errors.js';

export interface OpenDatabaseOptions {
  dbDir: string;
  sources: string[];
  /** Never build: use what is there or fail. */
  skipUpdate: boolean;
  /** Use kept copies of URL sources only. */
  offline?: boolean;
  /** Warn (onWarning) when the DB was built longer ago than this; 0 = never. */
  maxAgeMs?: number;
  onProgress?: (event: BuildProgress) => void;
  onWarning?: (message: string) => void;
  /** Told when the DB is older than maxAgeMs. */
  onStale?: (message: string) => void;
  onBuilt?: (summary: BuildSummary) => void;
}

/** Opens the advisory DB, building it first from the sources when there is none yet. */
export async function openAdvisoryStore(options: OpenDatabaseOptions): Promise<AdvisoryStore> {
  if (!existsSync(databasePath(options.dbDir))) {
    if (options.skipUpdate) {
      throw new UserError(`no advisory DB at ${databasePath(options.dbDir)} and --skip-db-update is set: run "picket db build --db-source PATH_OR_URL" first`);
    }
    try {
      const summary = await buildDatabaseIfMissing(options);
      if (summary) options.onBuilt?.(summary);
    } catch (err) {
      if (err instanceof UserError) {
        throw new UserError(
          `cannot build the advisory DB from ${options.sources.map(redactUrl).join(', ')}: ${err.message}. ` +
            'Give a reachable source with --db-source PATH_OR_URL (OSV .json, .jsonl(.gz), .zip or a directory), PICKET_DB_SOURCES, or db-source in picket.yaml',
        );
      }
      throw err;
    }
  }
  const store = AdvisoryStore.open(options.dbDir);
  const builtAt = Date.parse(store.builtAt());
  if (options.maxAgeMs && Number.isFinite(builtAt) && Date.now() - builtAt > options.maxAgeMs) {
    const days = ((Date.now() - builtAt) / 86_400_000).toFixed(1);
    options.onStale?.(`the advisory DB was built ${days} days ago (${new Date(builtAt).toISOString()}): run "picket db update" for newer advisories`);
  }
  return store;
}
