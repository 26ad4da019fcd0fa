import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { UserError } from '../../../errors.js';

/** What the first bytes of a file or blob say about its compression. */
export type Compression = 'gzip' | 'zstd' | 'bzip2' | 'xz' | 'none';

/** Compression by magic number; `none` for anything else (a plain tar among others). */
export function compressionOf(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  if (head.length >= 3 && head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
  if (head.length >= 6 && head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a && head[5] === 0x00) return 'xz';
  return 'none';
}

/** The compression of a file on disk, from its first bytes. */
export async function fileCompression(file: string): Promise<Compression> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(6);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return compressionOf(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

/**
 * Decompresses a gzipped archive (`docker save | gzip`) into a new file under `tempDir`,
 * streaming (never the whole archive in memory), and returns its path; the caller removes it.
 * A damaged or truncated gzip stream is a UserError naming `label`; the partial file is removed.
 */
export async function gunzipToTemp(file: string, tempDir: string, label: string): Promise<string> {
  await mkdir(tempDir, { recursive: true });
  const target = join(tempDir, `archive-${randomBytes(6).toString('hex')}.tar`);
  try {
    await pipeline(createReadStream(file), createGunzip(), createWriteStream(target, { flags: 'wx' }));
    return target;
  } catch (error) {
    await rm(target, { force: true });
    const reason = error instanceof Error ? error.message : String(error);
    if (/ENOSPC/.test(reason)) throw new UserError(`${label}: no space left to decompress it into ${tempDir}`);
    throw new UserError(`${label}: damaged gzip data (${reason})`);
  }
}
