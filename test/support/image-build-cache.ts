/**
 * Builds an expensive test artefact (a container image, an advisory DB) once per machine and
 * reuses it from every test file and every later run: the result lives in
 * `<os tmpdir>/picket-test-images/<recipe>/<name>`. It is built into a temporary sibling and
 * renamed into place, so a reader sees either nothing or the whole thing. Concurrent test
 * processes take a lock directory (`<name>.lock`, created atomically by mkdir) so only one builds;
 * the others wait for the result. A lock whose owner process is gone (or that is older than
 * `staleAfterMs`) is taken over, and the half-built siblings it left are removed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Root of every cached test artefact. */
export const testImageCacheRoot = join(tmpdir(), 'picket-test-images');

interface LockOwner {
  pid: number;
  host: string;
  started: number;
}

export interface BuildOnceOptions {
  /** Recipe version: bump it when what `build` makes changes, and old builds are ignored. */
  recipe: string;
  /** Name of the artefact inside the recipe's folder. */
  name: string;
  /** Fills the (empty, existing) directory it is given. */
  build: (dir: string) => Promise<void>;
  /** A lock older than this is considered abandoned even if its process still exists. */
  staleAfterMs?: number;
  /** How long to wait for another process's build before giving up. */
  waitMs?: number;
}

/** Returns the directory holding the artefact, building it first if no process has yet. */
export async function buildOnce(options: BuildOnceOptions): Promise<string> {
  const parent = join(testImageCacheRoot, options.recipe);
  const final = join(parent, options.name);
  const lock = `${final}.lock`;
  const staleAfterMs = options.staleAfterMs ?? 20 * 60_000;
  const deadline = Date.now() + (options.waitMs ?? 30 * 60_000);
  mkdirSync(parent, { recursive: true });
  for (;;) {
    if (existsSync(final)) return final;
    if (tryLock(lock)) {
      try {
        if (existsSync(final)) return final;
        removeLeftovers(parent, options.name);
        const temp = `${final}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
        mkdirSync(temp);
        try {
          await options.build(temp);
          renameSync(temp, final);
        } catch (error) {
          rmSync(temp, { recursive: true, force: true });
          throw error;
        }
        return final;
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    }
    if (isStale(lock, staleAfterMs)) {
      // Rename first: of several processes that see the same stale lock, one wins the rename.
      const claimed = `${lock}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
      try {
        renameSync(lock, claimed);
        rmSync(claimed, { recursive: true, force: true });
      } catch {
        // Another process took it over first.
      }
      continue;
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${lock} (another test process is building ${options.name})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function tryLock(lock: string): boolean {
  try {
    mkdirSync(lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  const owner: LockOwner = { pid: process.pid, host: hostname(), started: Date.now() };
  writeFileSync(join(lock, 'owner.json'), JSON.stringify(owner));
  return true;
}

/** A lock is stale when its owner is a dead process on this host, or it is too old. */
function isStale(lock: string, staleAfterMs: number): boolean {
  let owner: LockOwner | undefined;
  let createdMs: number;
  try {
    createdMs = statSync(lock).mtimeMs;
    owner = JSON.parse(readFileSync(join(lock, 'owner.json'), 'utf8')) as LockOwner;
  } catch {
    // Gone (not stale: retry), or created but its owner file not written yet (stale only if old).
    if (!existsSync(lock)) return false;
    try {
      createdMs = statSync(lock).mtimeMs;
    } catch {
      return false;
    }
    return Date.now() - createdMs > 60_000;
  }
  if (Date.now() - owner.started > staleAfterMs) return true;
  if (owner.host !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Half-built siblings of a build that died (only called while holding the lock). */
function removeLeftovers(parent: string, name: string): void {
  for (const entry of readdirSync(parent)) {
    if (entry.startsWith(`${name}.tmp-`) || entry.startsWith(`${name}.lock.stale-`)) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}
