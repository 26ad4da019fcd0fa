import { existsSync } from 'node:fs';
import { buildDatabase, type BuildProgress, type BuildSummary } from './build.js';
import { redactUrl } from './sources/redact-url.js';
import { AdvisoryStore, databasePath } from './store.js';
import { UserError } from '../errors.js';

export interface OpenDatabaseOptions {
  dbDir: string;
  sources: string[];
  /** Never build: use what is there or fail. */
  skipUpdate: boolean;
  onProgress?: (event: BuildProgress) => void;
  onWarning?: (message: string) => void;
  onBuilt?: (summary: BuildSummary) => void;
}

/** Opens the advisory DB, building it first from the sources when there is none yet. */
export async function openAdvisoryStore(options: OpenDatabaseOptions): Promise<AdvisoryStore> {
  if (!existsSync(databasePath(options.dbDir))) {
    if (options.skipUpdate) {
      throw new UserError(`no advisory DB at ${databasePath(options.dbDir)} and --skip-db-update is set: run "picket db build --db-source PATH_OR_URL" first`);
    }
    try {
      options.onBuilt?.(await buildDatabase(options));
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
  return AdvisoryStore.open(options.dbDir);
}
