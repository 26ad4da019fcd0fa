import type { OptionValues } from '../config/options.js';
import { DEFAULT_DB_SOURCES } from '../db/default-sources.js';
import type { AdvisoryStore } from '../db/store.js';
import type { Logger } from './logger.js';
import { buildProgressReporter } from './progress.js';

/**
 * Opens the advisory DB the way every scanning command does: its sources and update options from
 * the resolved flags, a progress bar while a build runs, stale-DB warnings. The DB driver loads
 * only when a scan has packages to match.
 */
export async function openStoreFromOptions(values: OptionValues, logger: Logger, dbDir: string): Promise<AdvisoryStore> {
  const progress = await buildProgressReporter(logger, values['no-progress'] as boolean);
  const { openAdvisoryStore } = await import('../db/open.js');
  try {
    return await openAdvisoryStore({
      dbDir,
      sources: (values['db-source'] as string[] | undefined) ?? [...DEFAULT_DB_SOURCES],
      skipUpdate: values['skip-db-update'] as boolean,
      offline: values.offline as boolean,
      maxAgeMs: values['db-max-age'] as number,
      onStale: (m) => logger.warn(m),
      onProgress: progress.onProgress,
      onWarning: (m) => logger.debug(m),
      onBuilt: (s) => progress.done(s),
    });
  } finally {
    progress.done();
  }
}
