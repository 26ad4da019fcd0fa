import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { redactUrl } from './redact-url.js';

export interface DownloadOptions {
  /** Where downloaded sources are kept between updates (inside the cache dir). */
  cacheDir: string;
  /** Never touch the network: use the kept copy or fail. */
  offline?: boolean;
  onProgress?: (done: number, total: number | undefined) => void;
  /** Told when a kept copy stands in for a source that cannot be reached. */
  onWarning?: (message: string) => void;
}

export interface Downloaded {
  file: string;
  /** ETag / Last-Modified / size of what is kept: changes when the source does. */
  fingerprint: string;
}

/** The source answered 404: an export bucket mirror may lack an ecosystem. */
export class HttpNotFound extends UserError {}

interface Kept {
  url: string;
  etag?: string;
  lastModified?: string;
  size: number;
  fetchedAt: string;
}

/**
 * Fetches a URL into the source cache, revalidating a kept copy with If-None-Match /
 * If-Modified-Since (304: nothing downloaded). When the source cannot be reached, a kept copy is
 * used with a warning: an update never breaks because a server is down. Credentials in the URL
 * become a Basic Authorization header and are never written or logged.
 */
export async function downloadSource(url: string, options: DownloadOptions): Promise<Downloaded> {
  await mkdir(options.cacheDir, { recursive: true });
  const shown = redactUrl(url);
  const key = createHash('sha256').update(shown).digest('hex').slice(0, 32);
  const file = join(options.cacheDir, key);
  const metaFile = `${file}.json`;
  const kept = await readKept(file, metaFile);
  if (options.offline) {
    if (kept) return { file, fingerprint: fingerprintOf(kept) };
    throw new UserError(`advisory source ${shown}: no copy kept for offline use; run "picket db update" once with network access`);
  }

  const target = new URL(url);
  const headers: Record<string, string> = {};
  if (target.username || target.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`;
    target.username = '';
    target.password = '';
  }
  if (kept?.etag) headers['if-none-match'] = kept.etag;
  if (kept?.lastModified) headers['if-modified-since'] = kept.lastModified;

  let response: Response;
  try {
    response = await fetch(target, { headers, signal: AbortSignal.timeout(60_000) });
  } catch (err) {
    const inner = (err as { cause?: { code?: string; message?: string } }).cause;
    const cause = inner?.code ?? inner?.message ?? (err as Error).message;
    if (kept) {
      options.onWarning?.(`advisory source ${shown} is not reachable (${cause}); using the copy fetched ${kept.fetchedAt}`);
      return { file, fingerprint: fingerprintOf(kept) };
    }
    throw new UserError(`advisory source ${shown} is not reachable (${cause})`);
  }
  if (response.status === 304 && kept) return { file, fingerprint: fingerprintOf(kept) };
  if (response.status === 404) throw new HttpNotFound(`advisory source ${shown}: not found (HTTP 404)`);
  if (!response.ok || !response.body) throw new UserError(`advisory source ${shown}: HTTP ${response.status}`);

  const part = `${file}.part-${process.pid}`;
  const total = Number(response.headers.get('content-length')) || undefined;
  const out = createWriteStream(part);
  let done = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      done += chunk.length;
      options.onProgress?.(done, total);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  } catch (err) {
    out.destroy();
    await rm(part, { force: true });
    throw new UserError(`advisory source ${shown}: download failed (${(err as Error).message})`);
  }
  const fresh: Kept = {
    url: shown,
    ...(response.headers.get('etag') ? { etag: response.headers.get('etag')! } : {}),
    ...(response.headers.get('last-modified') ? { lastModified: response.headers.get('last-modified')! } : {}),
    size: done,
    fetchedAt: new Date().toISOString(),
  };
  await rename(part, file);
  await writeFile(metaFile, JSON.stringify(fresh));
  return { file, fingerprint: fingerprintOf(fresh) };
}

async function readKept(file: string, metaFile: string): Promise<Kept | undefined> {
  try {
    const kept = JSON.parse(await readFile(metaFile, 'utf8')) as Kept;
    const info = await stat(file);
    return info.size === kept.size ? kept : undefined;
  } catch {
    return undefined;
  }
}

function fingerprintOf(kept: Kept): string {
  return `etag=${kept.etag ?? ''};modified=${kept.lastModified ?? ''};size=${kept.size}`;
}
