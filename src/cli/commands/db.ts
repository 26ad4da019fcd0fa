import { statSync } from 'node:fs';
import { dbOptionSpecs } from '../../config/options.js';
import { loadSettings, type CommandSettings } from '../settings.js';
import { buildDatabase, type BuildSummary } from '../../db/build.js';
import { updateDatabase } from '../../db/update.js';
import { exportDatabase, importDatabase } from '../../db/archive.js';
import { AdvisoryStore, databasePath } from '../../db/store.js';
import { DEFAULT_DB_SOURCES } from '../../db/default-sources.js';
import { buildProgressReporter } from '../progress.js';
import { UserError } from '../../errors.js';
import { parseDbArtifactLocation, pullDatabaseArtifact, pushDatabaseArtifact, type DbArtifactOptions } from '../../db/oci-artifact.js';
import { resolveCredentials } from '../../oci/credentials.js';
import { RegistryError } from '../../oci/errors.js';
import { picketVersion } from '../version.js';

const sourceSpecs = dbOptionSpecs.filter((s) => s.name === 'db-source' || s.name === 'offline');

/** `--source` is `db build`'s own name for `--db-source`; both may be repeated. */
function withSources(flags: Record<string, unknown>): Record<string, unknown> {
  const sources = [...((flags.dbSource as string[]) ?? []), ...((flags.source as string[]) ?? [])];
  const merged: Record<string, unknown> = { ...flags };
  delete merged.source;
  if (sources.length > 0) merged.dbSource = sources;
  else delete merged.dbSource;
  return merged;
}

/** Runs a build or an update with the progress bar and the warning budget. */
async function rebuild(settings: CommandSettings, run: (options: Parameters<typeof buildDatabase>[0]) => Promise<BuildSummary | undefined>): Promise<BuildSummary | undefined> {
  const { values, logger, dbDir } = settings;
  const sources = (values['db-source'] as string[] | undefined) ?? [...DEFAULT_DB_SOURCES];
  const progress = await buildProgressReporter(logger);
  let warnings = 0;
  try {
    const summary = await run({
      dbDir,
      sources,
      offline: values.offline as boolean,
      onProgress: progress.onProgress,
      onWarning: (m) => {
        warnings++;
        if (warnings <= 20) logger.warn(m);
      },
    });
    progress.done(summary);
    if (warnings > 20) logger.warn(`${warnings - 20} more warnings not shown`);
    return summary;
  } finally {
    progress.done();
  }
}

function printSummary(summary: BuildSummary): void {
  process.stdout.write(`${summary.path}: ${summary.advisories} advisories, ${summary.withdrawnSkipped} withdrawn skipped, ${summary.invalid} unusable, ${summary.seconds.toFixed(1)} s\n`);
}

/** `picket db build`: (re)builds the advisory DB from --source/--db-source, env or config. */
export async function runDbBuild(flags: Record<string, unknown>): Promise<number> {
  const settings = await loadSettings(withSources(flags), sourceSpecs);
  printSummary((await rebuild(settings, buildDatabase))!);
  return 0;
}

/** `picket db update`: rebuilds only when a source changed since the last build. */
export async function runDbUpdate(flags: Record<string, unknown>): Promise<number> {
  const settings = await loadSettings(withSources(flags), sourceSpecs);
  let upToDate = false;
  const summary = await rebuild(settings, async (options) => {
    const result = await updateDatabase(options);
    upToDate = result.upToDate;
    return result.upToDate ? undefined : result.summary;
  });
  if (upToDate) process.stdout.write(`${databasePath(settings.dbDir)}: up to date (no source changed)\n`);
  else printSummary(summary!);
  return 0;
}

/** `picket db export FILE`: the DB as one compressed, checksummed file. */
export async function runDbExport(file: string, flags: Record<string, unknown>): Promise<number> {
  const { dbDir } = await loadSettings(flags, []);
  const meta = await exportDatabase(dbDir, file);
  process.stdout.write(`${file}: advisory DB built ${meta.builtAt}, sha256 ${meta.sha256}\n`);
  return 0;
}

/** `picket db import FILE`: installs an exported DB after checking it. */
export async function runDbImport(file: string, flags: Record<string, unknown>): Promise<number> {
  const { dbDir } = await loadSettings(flags, []);
  const meta = await importDatabase(dbDir, file);
  process.stdout.write(`${databasePath(dbDir)}: imported from ${file} (built ${meta.builtAt}, sha256 verified)\n`);
  return 0;
}

/** Registry options shared by `db push` and `db pull`: credentials from flags, env or docker config. */
async function registryOptions(location: string, flags: Record<string, unknown>): Promise<{ options: DbArtifactOptions; anonymous: boolean }> {
  const { dbDir, logger } = await loadSettings(flags, []);
  const ref = parseDbArtifactLocation(location);
  const { credentials, source } = await resolveCredentials(ref.registry, { username: flags.username as string | undefined, password: flags.password as string | undefined });
  logger.debug(`registry ${ref.registry}: ${source === 'none' ? 'anonymous (no credentials found)' : `credentials from ${source}`}`);
  const options: DbArtifactOptions = { dbDir, location, insecure: flags.insecure === true, userAgent: `picket/${picketVersion()}`, onDebug: (m) => logger.debug(m) };
  if (credentials) options.credentials = credentials;
  return { options, anonymous: source === 'none' };
}

/** Adds how to log in to an `unauthorized` error when no credentials were given. */
function withLoginHint(err: unknown, anonymous: boolean): unknown {
  if (err instanceof RegistryError && err.kind === 'unauthorized' && anonymous) {
    return new UserError(`${err.message}; give --username and --password (or PICKET_USERNAME/PICKET_PASSWORD, or docker login)`);
  }
  return err;
}

/** `picket db push oci://REGISTRY/REPO:TAG`: the DB as an OCI artifact. */
export async function runDbPush(location: string, flags: Record<string, unknown>): Promise<number> {
  const { options, anonymous } = await registryOptions(location, flags);
  const { digest, metadata } = await pushDatabaseArtifact(options).catch((err: unknown) => { throw withLoginHint(err, anonymous); });
  process.stdout.write(`${location}: pushed advisory DB built ${metadata.builtAt}, digest ${digest}\n`);
  return 0;
}

/** `picket db pull oci://REGISTRY/REPO:TAG`: installs a DB pushed by `db push`, verified. */
export async function runDbPull(location: string, flags: Record<string, unknown>): Promise<number> {
  const { options, anonymous } = await registryOptions(location, flags);
  const { digest, metadata } = await pullDatabaseArtifact(options).catch((err: unknown) => { throw withLoginHint(err, anonymous); });
  process.stdout.write(`${databasePath(options.dbDir)}: pulled from ${location} (digest ${digest}, built ${metadata.builtAt}, sha256 verified)\n`);
  return 0;
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
