import type { Analyzer } from '../types.js';
import { ParseError } from '../parse-error.js';
import { rpmDatabaseResult } from './rpm-package.js';

/**
 * rpm's Berkeley DB database (rpm before 4.16: RHEL/CentOS 5–8, Amazon Linux 2, SLES 12–15 SP2):
 * `var/lib/rpm/Packages` (SLES 15: `usr/lib/sysimage/rpm/Packages`). A Berkeley DB hash database
 * whose keys are header numbers (4 bytes, the writing host's byte order) and whose values are rpm
 * headers (rpm-header.ts); key 0 holds rpm's next-number counter, not a header.
 *
 * Berkeley DB's hash file format (its db_page.h), numbers in the writing host's byte order, which
 * the magic tells:
 * - page 0, the metadata page: magic 0x061561 at 12, page size at 20, encryption algorithm at 24,
 *   page type 8 at 25, meta flags at 26 (bit 0: pages carry checksums), last page number at 32;
 * - every other page: a 26-byte header (LSN 0–7, page number 8–11, previous 12–15, next 16–19,
 *   entries 20–21, high free offset 22–23, level 24, type 25), 6 more bytes when checksummed;
 * - hash pages (type 13; type 2 before Berkeley DB 4.6): `entries` 2-byte item offsets after the
 *   header, key and data alternating. Items are packed from the page end down, so an item ends
 *   where the previous one starts (the first one at the page end). An item's first byte is its
 *   kind: 1 the bytes follow on the page; 3 off-page (page number at 4, total length at 8);
 *   2 and 4 are duplicate sets, which rpm never writes;
 * - overflow pages (type 7): the high free offset counts the item bytes after the header; the
 *   next page number continues the item, 0 ends it.
 *
 * Pages are visited once each, in file order (free pages have type 0, so only live hash pages
 * are read). Each overflow page belongs to one item, so it may be read once: a chain that comes
 * back to a page (a loop, or two items sharing pages) is a ParseError, which bounds all the work
 * by the file size. A chain must add up to its declared length. Encrypted databases are refused.
 */
const PATHS = new Set(['var/lib/rpm/Packages', 'usr/lib/sysimage/rpm/Packages']);

export const rpmBdbAnalyzer: Analyzer = {
  name: 'rpm-bdb',
  version: 2,
  scope: 'any',
  wants: (info) => PATHS.has(info.path),
  async analyze(input) {
    const db = openHashDb(input.content, input.path);
    return rpmDatabaseResult(input.path, headerValues(db));
  },
};

const HASH_MAGIC = 0x061561;
const META_SIZE = 512;
const PAGE_HEADER = 26;
const CHECKSUM_EXTRA = 6;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_DUPLICATE = 2;
const H_OFFPAGE = 3;
const H_OFFDUP = 4;
const HOFFPAGE_SIZE = 12;

interface HashDb {
  buf: Buffer;
  file: string;
  pageSize: number;
  lastPage: number;
  /** Page header size: where the item offsets (hash pages) or the data (overflow pages) start. */
  overhead: number;
  u16(at: number): number;
  u32(at: number): number;
  /** Overflow pages already read. */
  overflowRead: Set<number>;
}

/** Checks the metadata page and returns a reader in the file's byte order. */
function openHashDb(buf: Buffer, file: string): HashDb {
  if (buf.length < META_SIZE) throw new ParseError(file, `${buf.length} bytes: too short for a Berkeley DB file`);
  const littleEndian = buf.readUInt32LE(12) === HASH_MAGIC;
  if (!littleEndian && buf.readUInt32BE(12) !== HASH_MAGIC) throw new ParseError(file, 'not a Berkeley DB hash database');
  const u16 = littleEndian ? (at: number) => buf.readUInt16LE(at) : (at: number) => buf.readUInt16BE(at);
  const u32 = littleEndian ? (at: number) => buf.readUInt32LE(at) : (at: number) => buf.readUInt32BE(at);
  const pageSize = u32(20);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw new ParseError(file, `Berkeley DB page size ${pageSize}`);
  if (buf[25] !== P_HASHMETA) throw new ParseError(file, `Berkeley DB metadata page of type ${buf[25]}`);
  if (buf[24] !== 0) throw new ParseError(file, 'encrypted Berkeley DB databases are not read');
  const lastPage = u32(32);
  if ((lastPage + 1) * pageSize > buf.length) {
    throw new ParseError(file, `truncated: the last page is ${lastPage} but the file holds ${Math.floor(buf.length / pageSize)} pages of ${pageSize} bytes`);
  }
  const overhead = PAGE_HEADER + ((buf[26] & 1) !== 0 ? CHECKSUM_EXTRA : 0);
  return { buf, file, pageSize, lastPage, overhead, u16, u32, overflowRead: new Set() };
}

/** The data item of every key/data pair on the hash pages, except rpm's counter under key 0. */
function* headerValues(db: HashDb): Generator<Buffer> {
  for (let pgno = 1; pgno <= db.lastPage; pgno++) {
    const start = pgno * db.pageSize;
    const type = db.buf[start + 25];
    if (type !== P_HASH && type !== P_HASH_UNSORTED) continue;
    const offsets = itemOffsets(db, start);
    for (let i = 0; i < offsets.length; i += 2) {
      const key = readItem(db, start, offsets, i);
      if (key.length === 4 && key.readUInt32LE(0) === 0) continue;
      yield readItem(db, start, offsets, i + 1);
    }
  }
}

/** The item offsets of a hash page, each checked to lie after the offset array and before the previous item. */
function itemOffsets(db: HashDb, start: number): number[] {
  const entries = db.u16(start + 20);
  const arrayEnd = db.overhead + entries * 2;
  if (entries % 2 !== 0 || arrayEnd > db.pageSize) throw pageError(db, start, `${entries} entries`);
  const offsets: number[] = [];
  let limit = db.pageSize;
  for (let i = 0; i < entries; i++) {
    const offset = db.u16(start + db.overhead + i * 2);
    if (offset < arrayEnd || offset >= limit) throw pageError(db, start, `item ${i} at offset ${offset}`);
    offsets.push(offset);
    limit = offset;
  }
  return offsets;
}

function readItem(db: HashDb, start: number, offsets: number[], index: number): Buffer {
  const begin = start + offsets[index];
  const end = start + (index === 0 ? db.pageSize : offsets[index - 1]);
  const kind = db.buf[begin];
  if (kind === H_KEYDATA) return db.buf.subarray(begin + 1, end);
  if (kind === H_OFFPAGE) {
    if (end - begin < HOFFPAGE_SIZE) throw pageError(db, start, `off-page item ${index} of ${end - begin} bytes`);
    return readOverflow(db, db.u32(begin + 4), db.u32(begin + 8));
  }
  if (kind === H_DUPLICATE || kind === H_OFFDUP) throw pageError(db, start, 'duplicate items (rpm does not write them)');
  throw pageError(db, start, `item ${index} of unknown kind ${kind}`);
}

/** An off-page item: the chain of overflow pages from `first`, `length` bytes in all. */
function readOverflow(db: HashDb, first: number, length: number): Buffer {
  const parts: Buffer[] = [];
  let filled = 0;
  for (let pgno = first; pgno !== 0; pgno = db.u32(pgno * db.pageSize + 16)) {
    if (pgno > db.lastPage) throw new ParseError(db.file, `the overflow chain from page ${first} leads to page ${pgno}, past the last page`);
    if (db.overflowRead.has(pgno)) throw new ParseError(db.file, `overflow page ${pgno} is reached twice (the chain from page ${first} loops or shares pages)`);
    db.overflowRead.add(pgno);
    const start = pgno * db.pageSize;
    if (db.buf[start + 25] !== P_OVERFLOW) throw pageError(db, start, `type ${db.buf[start + 25]} in the overflow chain from page ${first}`);
    const size = db.u16(start + 22);
    if (size > db.pageSize - db.overhead || filled + size > length) throw pageError(db, start, `${size} overflow bytes`);
    parts.push(db.buf.subarray(start + db.overhead, start + db.overhead + size));
    filled += size;
  }
  if (filled !== length) throw new ParseError(db.file, `the overflow item from page ${first} has ${filled} of its ${length} bytes`);
  return Buffer.concat(parts, length);
}

function pageError(db: HashDb, start: number, reason: string): ParseError {
  return new ParseError(db.file, `Berkeley DB page ${start / db.pageSize}: ${reason}`);
}
