import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { UserError } from '../../../errors.js';
import { quote } from './layout-select.js';

/*
 * Why a header reader of our own instead of node-tar's Parser: the Parser is a stream. To learn
 * where each entry's data sits it would have to be fed every byte of the archive (gigabytes for
 * a real image), and it does not report file offsets. Reading only the 512-byte headers with
 * positioned reads and jumping over the data by its size indexes a 2 GB `docker save` tar in a
 * few reads per entry; a layer is then opened later as a plain file range.
 */

const BLOCK = 512;
/** Names, link targets and PAX headers longer than this are refused (a sane tar has < 64 KiB). */
const MAX_META_BYTES = 1 << 20;
const MAX_LINK_HOPS = 16;

/** One member of the archive: where its data starts and how long it is. */
export interface TarEntry {
  /** Normalised path inside the archive: no `./`, no trailing `/`. */
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  /** Byte offset of the data in the archive file. */
  offset: number;
  size: number;
  /** Target of a symlink (relative to the link's directory) or hard link (archive path). */
  linkName?: string;
}

/**
 * The members of a tar file, indexed by name once, read later by offset. Keeps no file open
 * between calls. Names that are absolute or contain `..` are never indexed, so nothing read
 * through the index can name a place outside the archive; links are followed only inside it.
 */
export class TarIndex {
  private constructor(
    /** The tar file on disk (may be a decompressed temporary copy). */
    readonly file: string,
    /** The archive as the user named it, for messages. */
    readonly label: string,
    private readonly entries: Map<string, TarEntry>,
    /** Raw names that were skipped because they would point outside the archive. */
    readonly unsafeNames: readonly string[],
  ) {}

  /** Indexes `file`; `label` names it in errors. Throws UserError when it is not a readable tar. */
  static async read(file: string, label: string): Promise<TarIndex> {
    const handle = await open(file, 'r');
    try {
      const { entries, unsafe } = await readHeaders(handle, (await handle.stat()).size, label);
      return new TarIndex(file, label, entries, unsafe);
    } finally {
      await handle.close();
    }
  }

  /** Every indexed name, in archive order (later duplicates replace earlier ones). */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The entry stored under exactly this (normalised) name, links not followed. */
  entry(name: string): TarEntry | undefined {
    const normal = normaliseArchivePath(name);
    return normal === undefined ? undefined : this.entries.get(normal);
  }

  /**
   * The regular file a name refers to, following symlinks and hard links inside the archive.
   * Undefined when absent. Throws UserError for a name or link that leaves the archive, or a loop.
   */
  findFile(name: string, what: string): TarEntry | undefined {
    let current = normaliseArchivePath(name);
    if (current === undefined) throw new UserError(`${this.label}: ${what} ${quote(name)} points outside the archive`);
    for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
      const entry = this.entries.get(current);
      if (entry === undefined) return undefined;
      if (entry.type === 'file') return entry;
      if (entry.type !== 'symlink' && entry.type !== 'hardlink') return undefined;
      const link = entry.linkName ?? '';
      const target = entry.type === 'symlink' && !link.startsWith('/') ? posix.join(posix.dirname(entry.name), link) : link;
      const next = normaliseArchivePath(target);
      if (next === undefined) throw new UserError(`${this.label}: ${what} ${quote(name)} is a link to ${quote(link)}, outside the archive`);
      current = next;
    }
    throw new UserError(`${this.label}: ${what} ${quote(name)} is a link loop`);
  }

  /** The whole data of an entry; refuses entries larger than `limit` bytes. */
  async readBytes(entry: TarEntry, limit: number, what: string): Promise<Buffer> {
    if (entry.size > limit) throw new UserError(`${this.label}: ${what} ${quote(entry.name)} is ${entry.size} bytes, more than the ${limit} allowed`);
    return this.readRange(entry.offset, entry.size);
  }

  /** The first `count` bytes of an entry (fewer when it is shorter), for sniffing magic numbers. */
  async peek(entry: TarEntry, count: number): Promise<Buffer> {
    return this.readRange(entry.offset, Math.min(count, entry.size));
  }

  /** The data of an entry as a stream of the archive file's byte range; opens the file now. */
  stream(entry: TarEntry): Readable {
    if (entry.size === 0) return Readable.from([]);
    return createReadStream(this.file, { start: entry.offset, end: entry.offset + entry.size - 1 });
  }

  private async readRange(offset: number, length: number): Promise<Buffer> {
    const handle = await open(this.file, 'r');
    try {
      return await readExactly(handle, offset, length, this.label);
    } finally {
      await handle.close();
    }
  }
}

/**
 * `a/./b/` -> `a/b`; undefined for absolute paths and any path with a `..` component, which an
 * image archive never needs and which could otherwise alias a name outside the archive root.
 */
export function normaliseArchivePath(name: string): string | undefined {
  if (name.startsWith('/') || name.split('/').includes('..')) return undefined;
  const normal = posix.normalize(name).replace(/\/+$/, '');
  if (normal === '' || normal === '.' || normal.startsWith('../') || normal === '..') return undefined;
  return normal;
}

interface PendingMeta {
  longName?: string;
  longLink?: string;
  pax?: Map<string, string>;
}

async function readHeaders(handle: FileHandle, fileSize: number, label: string): Promise<{ entries: Map<string, TarEntry>; unsafe: string[] }> {
  const entries = new Map<string, TarEntry>();
  const unsafe: string[] = [];
  let pending: PendingMeta = {};
  let position = 0;
  let headers = 0;
  const header = Buffer.alloc(BLOCK);
  for (;;) {
    if (position >= fileSize) {
      if (headers === 0) throw new UserError(`${label}: not a tar archive (empty)`);
      break; // no end-of-archive blocks: tolerated, as GNU tar does
    }
    if (position + BLOCK > fileSize) {
      if (headers === 0) throw new UserError(`${label}: not a tar archive (shorter than one tar header)`);
      throw truncated(label, position);
    }
    await readExactly(handle, position, BLOCK, label, header);
    if (header.every((byte) => byte === 0)) break; // end-of-archive marker
    if (!checksumMatches(header)) {
      throw new UserError(headers === 0 ? `${label}: not a tar archive (no valid tar header at its start)` : `${label}: corrupt tar header at byte ${position}`);
    }
    headers++;
    const typeflag = String.fromCharCode(header[156]);
    const size = parseSize(pending.pax?.get('size') ?? header.subarray(124, 136), label, position);
    const dataStart = position + BLOCK;
    if (dataStart + size > fileSize) throw truncated(label, position, pending.pax?.get('path') ?? pending.longName ?? ustarName(header));
    position = dataStart + Math.ceil(size / BLOCK) * BLOCK;

    if (typeflag === 'L' || typeflag === 'K' || typeflag === 'x') {
      if (size > MAX_META_BYTES) throw new UserError(`${label}: tar extended header at byte ${dataStart - BLOCK} is ${size} bytes (more than ${MAX_META_BYTES} allowed)`);
      const data = await readExactly(handle, dataStart, size, label);
      if (typeflag === 'L') pending.longName = cString(data);
      else if (typeflag === 'K') pending.longLink = cString(data);
      else pending.pax = new Map([...(pending.pax ?? []), ...parsePax(data, label, dataStart - BLOCK)]);
      continue;
    }
    if (typeflag === 'g') continue; // PAX global header: nothing an image archive relies on

    const name = pending.pax?.get('path') ?? pending.longName ?? ustarName(header);
    const linkName = pending.pax?.get('linkpath') ?? pending.longLink ?? cString(header.subarray(157, 257));
    pending = {};
    const normal = normaliseArchivePath(name);
    if (normal === undefined) {
      if (posix.normalize(name) !== '.') unsafe.push(name); // `./`, the archive root itself, is harmless
      continue;
    }
    const type = entryType(typeflag, name);
    entries.set(normal, { name: normal, type, offset: dataStart, size, ...(type === 'symlink' || type === 'hardlink' ? { linkName } : {}) });
  }
  return { entries, unsafe };
}

function entryType(typeflag: string, name: string): TarEntry['type'] {
  switch (typeflag) {
    case '0':
    case '\0':
    case '7':
      return name.endsWith('/') ? 'directory' : 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '5':
      return 'directory';
    default:
      return 'other';
  }
}

/** POSIX ustar splits long names into prefix + name; GNU tar uses that space for other fields. */
function ustarName(header: Buffer): string {
  const name = cString(header.subarray(0, 100));
  const posixUstar = header.subarray(257, 263).toString('latin1') === 'ustar\0';
  const prefix = posixUstar ? cString(header.subarray(345, 500)) : '';
  return prefix === '' ? name : `${prefix}/${name}`;
}

function checksumMatches(header: Buffer): boolean {
  const stored = parseOctal(header.subarray(148, 156));
  if (stored === undefined) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : header[i];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

/** Octal digits (space/NUL padded), or GNU base-256 when the high bit of the first byte is set. */
function parseSize(field: Buffer | string, label: string, position: number): number {
  let value: number | undefined;
  if (typeof field === 'string') value = /^\d+$/.test(field) ? Number(field) : undefined;
  else if (field[0] & 0x80) {
    let big = BigInt(field[0] & 0x7f);
    for (let i = 1; i < field.length; i++) big = (big << 8n) | BigInt(field[i]);
    value = big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : undefined;
  } else value = parseOctal(field);
  if (value === undefined || !Number.isSafeInteger(value)) throw new UserError(`${label}: corrupt tar header at byte ${position} (bad size)`);
  return value;
}

function parseOctal(field: Buffer): number | undefined {
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
  if (text === '') return 0;
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : undefined;
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end < 0 ? bytes.length : end).toString('utf8');
}

/** PAX records: `<length> <key>=<value>\n`, the length counting the whole record. */
function parsePax(data: Buffer, label: string, position: number): Map<string, string> {
  const records = new Map<string, string>();
  let offset = 0;
  while (offset < data.length && data[offset] !== 0) {
    const space = data.indexOf(0x20, offset);
    const length = space < 0 ? NaN : Number(data.subarray(offset, space).toString('latin1'));
    if (!Number.isSafeInteger(length) || length <= space - offset || offset + length > data.length) throw new UserError(`${label}: corrupt PAX header at byte ${position}`);
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    offset += length;
  }
  return records;
}

async function readExactly(handle: FileHandle, offset: number, length: number, label: string, buffer = Buffer.alloc(length)): Promise<Buffer> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, offset + done);
    if (bytesRead === 0) throw truncated(label, offset + done);
    done += bytesRead;
  }
  return buffer;
}

function truncated(label: string, position: number, name?: string): UserError {
  const where = name === undefined ? `inside the tar header at byte ${position}` : `inside ${quote(name)}, whose header is at byte ${position}`;
  return new UserError(`${label}: truncated tar archive (the file ends ${where})`);
}
