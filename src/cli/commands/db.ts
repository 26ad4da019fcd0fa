import { statSync } from 'node:fs';
import { dbOptionSpecs } from '../../config/options.js';
import { loadSettings } from '../settings.js';
import { buildDatabase } from '../../db/build.js';
import { AdvisoryStore, databasePath } from '../../db/store.js';
import { DEFAULT_DB_SOURCES } from '../../db/default-sources.js';
import { buildProgressReporter } from '../progress.js';
import { UserError } from '../../errors.js';

/** `picket db build`: (re)builds the advisory DB from --source/--db-source, env or config. */
export async function runDbBuild(flags: Record<string, unknown>): Promise<number> {
  const merged = { ...flags, dbSource: [...((flags.dbSource as string[]) ?? []), ...((flags.source as string[]) ?? [])] };
  if ((merged.dbSource as string[]).length === 0) delete (merged as Record<string, unknown>).dbSource;
  const { values, logger, dbDir } = await loadSettings(merged, dbOptionSpecs.filter((s) => s.name === 'db-source'));
  const sources = (values['db-source'] as string[] | undefined) ?? [...DEFAULT_DB_SOURCES];
  const progress = await buildProgressReporter(logger);
  let invalid = 0;
  try {
    const summary = await buildDatabase({
      dbDir,
      sources,
      onProgress: progress.onProgress,
      onWarning: (m) => {
        invalid++;
        if (invalid <= 20) logger.warn(m);
      },
    });
    progress.done(summary);
    if (invalid > 20) logger.warn(`${invalid - 20} more unusable records not shown`);
    process.stdout.write(`${summary.path}: ${summary.advisories} advisories, ${summary.withdrawnSkipped} withdrawn skipped, ${summary.invalid} unusable, ${summary.seconds.toFixed(1)} s\n`);
    return 0;
  } finally {
    progress.done();
  }
}

/** `picket db info`: what the DB holds and where it came from. */
export async function runDbInfo(flags: Record<string, unknown>): Promise<number> {
  const { dbDir } = await loadSettings(flags, []);
  const format = (flags.format as string | undefined) ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UserError(`invalid value for format: "${format}" is not one of table, json`);
  const store = AdvisoryStore.open(dbDir);
  const info = store.info(statSync(databasePath(dbDir)).size);
  store.close();
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `Path:           ${info.path}`,
    `Schema version: ${info.schemaVersion}`,
    `Built at:       ${info.builtAt}`,
    `Size:           ${(info.sizeBytes / 1024 / 1024).toFixed(1)} MiB`,
    `Advisories:     ${info.advisories} (${info.withdrawnSkipped} withdrawn skipped)`,
    `Sources:`,
    ...info.sources.map((s) => `  - ${s}`),
    `Advisories per ecosystem:`,
    ...Object.entries(info.ecosystems).map(([eco, n]) => `  ${eco.padEnd(14)} ${n}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
