import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import { join, basename } from 'node:path';
import { UserError } from '../../errors.js';
import { redactUrl } from './redact-url.js';
import { downloadSource, HttpNotFound } from './download.js';

/** One document from a source: a file, a zip entry or a line of a JSON-lines file. */
export interface SourceDocument {
  /** Path relative to the source root (or zip root), `/` separators: what converters match on. */
  path: string;
  /** Where it came from, for warnings: `/data/file.jsonl.gz:12`, `/data/all.zip!GHSA-x.json`. */
  origin: string;
  text: string;
}

export interface SourceInputOptions {
  /** Where downloaded sources are kept (see download.ts). */
  downloadDir: string;
  /** Use kept downloads only. */
  offline?: boolean;
  /** Called with bytes done/total while a URL downloads. */
  onDownloadProgress?: (done: number, total: number | undefined) => void;
  /** Called for an ecosystem an export bucket does not have (HTTP 404), or a stale copy used. */
  onWarning?: (message: string) => void;
  /** Which files to read, by path relative to the source root (zip entries: inside the zip). */
  accepts: (path: string) => boolean;
}


/**
 * Ecosystems fetched when a source is an OSV export bucket URL ending in `/`
 * (`<url><Ecosystem>/all.zip`, the osv.dev export layout).
 */
export const osvExportEcosystems = [
  'npm', 'PyPI', 'Go', 'crates.io', 'Maven', 'NuGet', 'RubyGems', 'Packagist', 'Pub', 'Hex',
] as const;

/**
 * Yields the documents of a source: a file, a directory (walked recursively; `.zip`,
 * `.jsonl(.gz)` and `.gz` files inside are opened), a JSON-lines file (one document per line), a
 * zip archive, or an http(s) URL to any of those (downloaded to `downloadDir` first). Only files
 * that `accepts` wants are read.
 */
export async function* readSourceDocuments(source: string, options: SourceInputOptions): AsyncGenerator<SourceDocument> {
  if (/^https?:\/\//i.test(source)) {
    const bucket = source.endsWith('/');
    const urls = bucket ? osvExportEcosystems.map((e) => `${source}${encodeURIComponent(e)}/all.zip`) : [source];
    let found = 0;
    for (const url of urls) {
      let file: string;
      try {
        file = (await downloadSource(url, { cacheDir: options.downloadDir, offline: options.offline, onProgress: options.onDownloadProgress, onWarning: options.onWarning })).file;
      } catch (err) {
        // A mirror of the export bucket may hold only some ecosystems.
        if (bucket && err instanceof HttpNotFound) {
          options.onWarning?.(err.message);
          continue;
        }
        throw err;
      }
      found++;
      yield* readPath(file, basename(new URL(url).pathname), options);
    }
    if (found === 0) throw new UserError(`advisory source ${redactUrl(source)} has none of ${osvExportEcosystems.map((e) => `${e}/all.zip`).join(', ')}`);
    return;
  }
  let info;
  try {
    info = await stat(source);
  } catch {
    throw new UserError(`advisory source ${source}: no such file or directory`);
  }
  if (info.isDirectory()) yield* readDirectory(source, '', options);
  else yield* readPath(source, basename(source), options);
}

async function* readDirectory(dir: string, rel: string, options: SourceInputOptions): AsyncGenerator<SourceDocument> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name.startsWith('.')) continue;
      yield* readDirectory(path, relPath, options);
    } else if (entry.isFile()) {
      yield* readPath(path, relPath, options);
    }
  }
}

/** Reads one file: zips are opened, JSON-lines split, gzip undone; others read whole if wanted. */
async function* readPath(path: string, relPath: string, options: SourceInputOptions): AsyncGenerator<SourceDocument> {
  const name = relPath.toLowerCase();
  if (name.endsWith('.zip')) yield* readZip(path, options);
  else if (!options.accepts(relPath)) return;
  else if (name.endsWith('.jsonl') || name.endsWith('.jsonl.gz')) yield* readJsonLines(path, relPath);
  else if (name.endsWith('.gz')) {
    const { gunzipSync } = await import('node:zlib');
    yield { path: relPath, origin: path, text: gunzipSync(await readFile(path)).toString('utf8') };
  } else yield { path: relPath, origin: path, text: await readFile(path, 'utf8') };
}

async function* readJsonLines(path: string, relPath: string): AsyncGenerator<SourceDocument> {
  const raw = createReadStream(path);
  const stream = path.toLowerCase().endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line.trim() !== '') yield { path: relPath, origin: `${path}:${n}`, text: line };
    }
  } catch (err) {
    throw new UserError(`advisory source ${path}: cannot read (${(err as Error).message})`);
  } finally {
    raw.destroy();
  }
}

async function* readZip(path: string, options: SourceInputOptions): AsyncGenerator<SourceDocument> {
  const yauzl = (await import('yauzl')).default;
  const zip = await new Promise<import('yauzl').ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (err, z) => (err ? reject(err) : resolve(z))),
  ).catch((err: Error) => {
    throw new UserError(`advisory source ${path}: not a readable zip archive (${err.message})`);
  });
  try {
    for (;;) {
      const entry = await new Promise<import('yauzl').Entry | undefined>((resolve, reject) => {
        const onEntry = (e: import('yauzl').Entry) => { cleanup(); resolve(e); };
        const onEnd = () => { cleanup(); resolve(undefined); };
        const onError = (err: Error) => { cleanup(); reject(err); };
        const cleanup = () => { zip.off('entry', onEntry); zip.off('end', onEnd); zip.off('error', onError); };
        zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
        zip.readEntry();
      });
      if (!entry) return;
      if (entry.fileName.endsWith('/') || !options.accepts(entry.fileName)) continue;
      const text = await new Promise<string>((resolve, reject) =>
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).on('error', reject);
        }),
      );
      yield { path: entry.fileName, origin: `${path}!${entry.fileName}`, text };
    }
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`advisory source ${path}: corrupt zip archive (${(err as Error).message})`);
  } finally {
    zip.close();
  }
}
