import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.js';

/**
 * One writer at a time for the DB directory: a lock file created exclusively, holding the owner's
 * pid. A lock whose owner is gone (killed mid-update) is taken over. Readers never lock: they
 * open the current file, which writers only ever replace by rename.
 */
/** The lock file of the DB directory (kept by `picket clean --vuln-db`). */
export const DB_LOCK_FILE = 'update.lock';

export async function withDbLock<T>(dbDir: string, work: () => Promise<T>, options: { waitMs?: number } = {}): Promise<T> {
  const path = join(dbDir, DB_LOCK_FILE);
  const deadline = Date.now() + (options.waitMs ?? 120_000);
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (!isAlive(owner)) {
        await rm(path, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new UserError(`the advisory DB in ${dbDir} is being updated by another picket (pid ${owner}); try again when it ends`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}

/** Is a process with this pid running (on this machine)? */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
