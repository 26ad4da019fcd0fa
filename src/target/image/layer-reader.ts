import { once } from 'node:events';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { Decompress as ZstdDecompress } from 'fzstd';
import { Parser, type ReadEntry } from 'tar';
import type { FileInfo } from '../../analyzer/types.js';

/**
 * Streams one image layer (a tar, gzip- or zstd-compressed) once, without unpacking it: every
 * regular file is offered to `wants`, only wanted files are read into memory, and whiteouts are
 * reported as they come. Nothing touches the disk.
 */
export interface LayerVisitor {
  /** Cheap test on path and size: should the file's content be read? */
  wants(info: FileInfo): boolean;
  /** A wanted file. A returned promise holds the stream back once `concurrency` are pending. */
  onFile(info: FileInfo, content: Buffer): Promise<void> | void;
  /** `.wh.NAME`: the path NAME (file or directory) of lower layers is deleted. */
  onWhiteout(path: string): void;
  /** `.wh..wh..opq`: everything lower layers had under this directory is deleted. */
  onOpaqueDir(dir: string): void;
}

export interface LayerReadOptions {
  /** Names the layer in errors (`layer sha256:… of IMAGE`). */
  what: string;
  /** Wanted files larger than this are skipped (reported through onSkipped). */
  maxFileBytes?: number;
  /** Decompressed bytes per compressed byte beyond which the layer is refused as a bomb. */
  maxDecompressionRatio?: number;
  /** Pending onFile promises before reading pauses. */
  concurrency?: number;
  onSkipped?: (path: string, why: string) => void;
}

export interface LayerReadStats {
  compressedBytes: number;
  entries: number;
  filesRead: number;
}

export class LayerError extends Error {}

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];
const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_MARKER = '.wh..wh..opq';
/** Real layers compress 2–10×; gzip cannot exceed ~1,030×, so only bombs (or all-zero files) trip this. */
const DEFAULT_MAX_RATIO = 1000;
/** Bombs are judged once this much has been decompressed (tiny layers can have any ratio). */
const RATIO_GRACE_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

export async function readLayer(stream: Readable, visitor: LayerVisitor, options: LayerReadOptions): Promise<LayerReadStats> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const maxRatio = options.maxDecompressionRatio ?? DEFAULT_MAX_RATIO;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const stats: LayerReadStats = { compressedBytes: 0, entries: 0, filesRead: 0 };
  const pending = new Set<Promise<void>>();
  let failure: Error | undefined;
  const fail = (err: unknown) => {
    failure ??= err instanceof LayerError ? err : new LayerError(`${options.what}: ${(err as Error).message}`);
  };

  const parser = new Parser({
    // node-tar gunzips itself (fastest path); zstd is decoded below (Node 20's zlib has no zstd).
    maxDecompressionRatio: maxRatio,
    onReadEntry: (entry: ReadEntry) => {
      stats.entries++;
      try {
        visitEntry(entry);
      } catch (err) {
        fail(err);
        entry.resume();
      }
    },
  });
  parser.on('warn', (code: string, message: string) => {
    // Unknown entry types and odd headers are skipped, as tar does; damage is not.
    if (code === 'TAR_BAD_ARCHIVE' || code === 'TAR_ABORT' || code === 'TAR_ENTRY_INVALID' && /checksum/i.test(message)) fail(new LayerError(`${options.what}: not a valid tar (${message})`));
  });
  parser.on('error', (err: Error) => fail(new LayerError(`${options.what}: ${describeStreamError(err)}`)));

  const visitEntry = (entry: ReadEntry): void => {
    const path = normalizeEntryPath(entry.path);
    if (path === undefined) {
      // `./` (the root itself) is harmless; a name climbing out of the root is a hostile layer.
      if (/(^|[\\/])\.\.([\\/]|$)/.test(entry.path)) throw new LayerError(`${options.what}: entry "${entry.path}" points outside the image root`);
      entry.resume();
      return;
    }
    const base = posix.basename(path);
    if (base.startsWith(WHITEOUT_PREFIX)) {
      const dir = posix.dirname(path);
      if (base === OPAQUE_MARKER) visitor.onOpaqueDir(dir === '.' ? '' : dir);
      else visitor.onWhiteout(posix.join(dir, base.slice(WHITEOUT_PREFIX.length)).replace(/^\.\//, ''));
      entry.resume();
      return;
    }
    const regular = entry.type === 'File' || entry.type === 'OldFile' || entry.type === 'ContiguousFile';
    const info: FileInfo = { path, size: entry.size ?? 0, ...(entry.mode !== undefined ? { mode: entry.mode } : {}) };
    if (!regular || !visitor.wants(info)) {
      entry.resume();
      return;
    }
    if (info.size > maxFileBytes) {
      options.onSkipped?.(path, `${info.size} bytes, more than the ${maxFileBytes} read per file`);
      entry.resume();
      return;
    }
    const content = Buffer.allocUnsafe(info.size);
    let offset = 0;
    entry.on('data', (chunk: Buffer) => {
      const room = Math.min(chunk.length, content.length - offset);
      chunk.copy(content, offset, 0, room);
      offset += room;
    });
    entry.on('end', () => {
      stats.filesRead++;
      let result: Promise<void> | void;
      try {
        result = visitor.onFile(info, offset === content.length ? content : content.subarray(0, offset));
      } catch (err) {
        fail(err);
        return;
      }
      if (result) {
        const task: Promise<void> = result.catch(fail).finally(() => pending.delete(task));
        pending.add(task);
      }
    });
  };

  let sink: (chunk: Uint8Array) => boolean = (chunk) => parser.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
  let zstd: ZstdDecompress | undefined;
  let decompressed = 0;
  let first = true;
  try {
    for await (const raw of stream) {
      const chunk = raw as Buffer;
      stats.compressedBytes += chunk.length;
      if (first) {
        first = false;
        if (startsWith(chunk, ZSTD_MAGIC)) {
          zstd = new ZstdDecompress((data) => {
            decompressed += data.length;
            if (decompressed > RATIO_GRACE_BYTES && decompressed / stats.compressedBytes > maxRatio) {
              throw new LayerError(`${options.what}: decompresses to more than ${maxRatio}× its size (a decompression bomb?)`);
            }
            parser.write(Buffer.from(data.buffer, data.byteOffset, data.length));
          });
          const decoder = zstd;
          sink = (c) => {
            decoder.push(c);
            return true;
          };
        } else if (!startsWith(chunk, GZIP_MAGIC) && chunk.length >= 512 && !looksLikeTar(chunk)) {
          throw new LayerError(`${options.what}: neither a tar nor gzip/zstd-compressed tar`);
        }
      }
      const flowing = sink(chunk);
      if (failure) break;
      if (!flowing) await once(parser, 'drain');
      while (pending.size >= concurrency && !failure) await Promise.race(pending);
      if (failure) break;
    }
    if (!failure) {
      if (zstd) zstd.push(new Uint8Array(0), true);
      const ended = once(parser, 'end');
      parser.end();
      await ended;
    }
  } catch (err) {
    fail(isZstdError(err) ? new LayerError(`${options.what}: corrupt zstd data (${(err as Error).message})`) : err);
  } finally {
    if (failure) {
      parser.abort(failure);
      stream.destroy();
    }
  }
  await Promise.allSettled(pending);
  if (failure) throw failure;
  return stats;
}

/**
 * A tar entry name as a clean relative path: `./usr/bin/x` and `/usr/bin/x` become `usr/bin/x`.
 * Names that climb out of the root (`../x`, `a/../../x`) are refused: undefined.
 */
export function normalizeEntryPath(name: string): string | undefined {
  const trimmed = name.replace(/\\/g, '/').replace(/^(\.?\/)+/, '');
  if (trimmed === '' || trimmed === '.') return undefined;
  const parts: string[] = [];
  for (const part of trimmed.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return undefined;
    parts.push(part);
  }
  return parts.length > 0 ? parts.join('/') : undefined;
}

function startsWith(chunk: Buffer, magic: number[]): boolean {
  return chunk.length >= magic.length && magic.every((b, i) => chunk[i] === b);
}

/** ustar magic at offset 257, or an old-style header whose checksum field is octal digits. */
function looksLikeTar(chunk: Buffer): boolean {
  if (chunk.toString('latin1', 257, 262) === 'ustar') return true;
  return /^[0-7 \0]{6,8}$/.test(chunk.toString('latin1', 148, 156));
}

function isZstdError(err: unknown): boolean {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'number';
}

function describeStreamError(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message)) return 'truncated (the compressed data ends early)';
  if (code === 'Z_DATA_ERROR') return `corrupt gzip data (${err.message})`;
  return err.message;
}
