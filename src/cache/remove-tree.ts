import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

async function lstatOrUndefined(path: string) {
  try {
    return await lstat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Bytes of the regular files under `path` (itself included); symbolic links are not followed. */
export async function treeBytes(path: string): Promise<number> {
  const st = await lstatOrUndefined(path);
  if (!st) return 0;
  if (st.isFile()) return st.size;
  if (!st.isDirectory()) return 0;
  let total = 0;
  for (const name of await readdir(path)) total += await treeBytes(join(path, name));
  return total;
}

/**
 * Removes a file, a symbolic link (the link only, never its target) or a directory tree (links in
 * it are removed, not followed). Returns the bytes of the regular files removed, or undefined when
 * there was nothing at `path`.
 */
export async function removeTree(path: string): Promise<number | undefined> {
  if (!(await lstatOrUndefined(path))) return undefined;
  const bytes = await treeBytes(path);
  await rm(path, { recursive: true, force: true });
  return bytes;
}
