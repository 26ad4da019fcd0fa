import { existsSync } from 'node:fs';
import { lstat, readdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanOptionSpecs } from '../../config/options.js';
import { loadSettings } from '../settings.js';
import { formatBytes } from '../../cache/byte-size.js';
import { picketCacheEntry, SCAN_CACHE_DIR_NAME } from '../../cache/layout.js';
import { removeTree } from '../../cache/remove-tree.js';
import { DB_LOCK_FILE, withDbLock } from '../../db/lock.js';
import { UserError } from '../../errors.js';
import type { Logger } from '../logger.js';

/** The DB's writer lock file (db/lock.ts): kept while the DB's other files go, removed by withDbLock. */

/**
 * `picket clean`: removes the per-layer scan cache (--scan-cache), the advisory DB (--vuln-db,
 * refused while another picket builds it) or everything picket made in the cache directory
 * (--all; other files there stay). Logs each removal and the bytes freed.
 */
export async function runClean(flags: Record<string, unknown>): Promise<number> {
  const { values, logger, cacheDir, dbDir } = await loadSettings(flags, cleanOptionSpecs);
  const all = values.all === true;
  const names = new Set<string>();
  if (values['scan-cache'] === true) names.add(SCAN_CACHE_DIR_NAME);
  if (values['vuln-db'] === true) names.add('db');
  if (!all && names.size === 0) {
    throw new UserError('clean: say what to remove: --scan-cache (the per-layer scan cache), --vuln-db (the advisory DB) or --all (everything picket keeps in the cache directory)');
  }
  if (!existsSync(cacheDir)) {
    logger.info(`nothing to remove: ${cacheDir} does not exist`);
    return 0;
  }
  const present = await readdir(cacheDir);
  if (all) for (const name of present) if (picketCacheEntry(name)) names.add(name);

  let freed = 0;
  let removedAny = false;
  const report = (name: string, bytes: number | undefined) => {
    if (bytes === undefined) return;
    removedAny = true;
    freed += bytes;
    logger.info(`removed ${join(cacheDir, name)}: ${picketCacheEntry(name)?.what ?? name}, ${formatBytes(bytes)}`);
  };
  // The DB first: when another picket is building it, fail before anything else is gone.
  if (names.delete('db')) report('db', await removeAdvisoryDb(dbDir));
  for (const name of [...names].sort()) report(name, await removeTree(join(cacheDir, name)));

  if (removedAny) logger.info(`freed ${formatBytes(freed)} (${freed} bytes) in ${cacheDir}`);
  else logger.info(`nothing to remove in ${cacheDir}`);
  if (all) reportKept(logger, cacheDir, present.filter((name) => !picketCacheEntry(name)));
  return 0;
}

/** Removes the DB directory holding its writer lock, so a build in progress is never cut short. */
async function removeAdvisoryDb(dbDir: string): Promise<number | undefined> {
  const st = await lstat(dbDir).catch(() => undefined);
  if (!st) return undefined;
  // A link (or a stray file) named db: remove it, never what it points to.
  if (!st.isDirectory()) return removeTree(dbDir);
  let bytes = 0;
  try {
    await withDbLock(dbDir, async () => {
      for (const name of await readdir(dbDir)) if (name !== DB_LOCK_FILE) bytes += (await removeTree(join(dbDir, name))) ?? 0;
    }, { waitMs: 0 });
  } catch (err) {
    if (err instanceof UserError) throw new UserError(`clean: cannot remove the advisory DB: ${err.message}`);
    throw err;
  }
  // Another picket may have taken the lock since: then the directory stays, with its lock only.
  await rmdir(dbDir).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST' && err.code !== 'ENOENT') throw err;
  });
  return bytes;
}

function reportKept(logger: Logger, cacheDir: string, others: string[]): void {
  if (others.length === 0) return;
  const shown = others.sort().slice(0, 5).join(', ') + (others.length > 5 ? ', ...' : '');
  logger.info(`kept ${others.length} ${others.length === 1 ? 'entry' : 'entries'} in ${cacheDir} that picket did not create: ${shown}`);
}
