import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { downloadSource, HttpNotFound, type DownloadOptions } from './sources/download.js';
import { osvExportEcosystems } from './sources/input.js';
import { UserError } from '../errors.js';

/**
 * A short string that changes when a source's content changes: for URLs the ETag/Last-Modified
 * of what was (re)fetched — a kept copy is revalidated, not downloaded again — and for local
 * paths the number, total size and newest mtime of their files. `db update` rebuilds only when
 * some fingerprint differs from the ones the DB was built from.
 */
export async function sourceFingerprint(source: string, options: DownloadOptions): Promise<string> {
  if (/^https?:\/\//i.test(source)) {
    const urls = source.endsWith('/') ? osvExportEcosystems.map((e) => `${source}${encodeURIComponent(e)}/all.zip`) : [source];
    const parts: string[] = [];
    for (const url of urls) {
      try {
        parts.push((await downloadSource(url, options)).fingerprint);
      } catch (err) {
        if (source.endsWith('/') && err instanceof HttpNotFound) parts.push('absent');
        else throw err;
      }
    }
    return parts.join('|');
  }
  let info;
  try {
    info = await stat(source);
  } catch {
    throw new UserError(`advisory source ${source}: no such file or directory`);
  }
  if (!info.isDirectory()) return `files=1;size=${info.size};mtime=${info.mtimeMs}`;
  const totals = { files: 0, size: 0, mtime: 0 };
  await walk(source, totals);
  return `files=${totals.files};size=${totals.size};mtime=${totals.mtime}`;
}

async function walk(dir: string, totals: { files: number; size: number; mtime: number }): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.')) await walk(path, totals);
    } else if (entry.isFile()) {
      const s = await stat(path);
      totals.files++;
      totals.size += s.size;
      totals.mtime = Math.max(totals.mtime, s.mtimeMs);
    }
  }
}

/** The fingerprints of every source of a build, in order (what the DB's meta records). */
export async function sourceFingerprints(sources: string[], options: DownloadOptions): Promise<string[]> {
  const out: string[] = [];
  for (const source of sources) out.push(await sourceFingerprint(source, options));
  return out;
}
