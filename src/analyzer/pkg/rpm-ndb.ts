import type { Analyzer } from '../types.js';
import { ParseError } from '../parse-error.js';
import { rpmDatabaseResult } from './rpm-package.js';

/**
 * rpm's NDB database (SUSE: SLES 15 SP3+, openSUSE Leap 15.3+ and Tumbleweed):
 * `usr/lib/sysimage/rpm/Packages.db`. Layout as rpm's own reader (lib/backend/ndb/rpmpkg.c)
 * defines it, all numbers little-endian:
 * - the file is cut in 16-byte blocks; the first `slot pages` pages of 4096 bytes hold the slots;
 * - header, the first 32 bytes: magic "RpmP", version 0, generation, slot page count, next
 *   package index;
 * - slots, 16 bytes each, after the header and on every slot page: magic "Slot", package index,
 *   block offset (0 = a free slot), block count;
 * - a blob at its slot's block offset: head (magic "BlbS", package index, generation, length),
 *   the rpm header (rpm-header.ts) of that length, zero padding to the block count, tail
 *   (Adler-32 of head, header and padding; length again; magic "BlbE").
 *
 * Every slot is checked as rpm checks it (inside the file, after the slot pages, one slot per
 * package index, no two blobs sharing blocks) and every blob against its slot, its tail and its
 * checksum; any mismatch is a ParseError. Work is bounded by the file size: one pass over the
 * slots, one over the blobs.
 */
const PATHS = new Set(['usr/lib/sysimage/rpm/Packages.db', 'var/lib/rpm/Packages.db']);

export const rpmNdbAnalyzer: Analyzer = {
  name: 'rpm-ndb',
  version: 2,
  scope: 'any',
  wants: (info) => PATHS.has(info.path),
  async analyze(input) {
    return rpmDatabaseResult(input.path, ndbBlobs(input.content, input.path));
  },
};

const PAGE_SIZE = 4096;
const BLOCK_SIZE = 16;
const HEADER_SIZE = 32;
const SLOT_SIZE = 16;
const BLOB_HEAD_SIZE = 16;
const BLOB_TAIL_SIZE = 12;
const MAGIC = { db: 'RpmP', slot: 'Slot', blobHead: 'BlbS', blobTail: 'BlbE' } as const;

interface Slot {
  pkgIndex: number;
  blockOffset: number;
  blockCount: number;
}

/** The header blob of every package, in package index order. */
function ndbBlobs(buf: Buffer, file: string): Buffer[] {
  return readSlots(buf, file)
    .sort((a, b) => a.pkgIndex - b.pkgIndex)
    .map((slot) => readBlob(buf, file, slot));
}

function readSlots(buf: Buffer, file: string): Slot[] {
  if (buf.length < HEADER_SIZE || !hasMagic(buf, 0, MAGIC.db)) throw new ParseError(file, 'not an rpm NDB database (no "RpmP" magic)');
  const version = buf.readUInt32LE(4);
  if (version !== 0) throw new ParseError(file, `rpm NDB version ${version}`);
  const slotPages = buf.readUInt32LE(12);
  if (slotPages === 0 || slotPages * PAGE_SIZE > buf.length) throw new ParseError(file, `truncated: ${slotPages} slot pages in ${buf.length} bytes`);
  const fileBlocks = Math.floor(buf.length / BLOCK_SIZE);
  const firstBlobBlock = (slotPages * PAGE_SIZE) / BLOCK_SIZE;
  const slots: Slot[] = [];
  const seen = new Set<number>();
  for (let at = HEADER_SIZE; at < slotPages * PAGE_SIZE; at += SLOT_SIZE) {
    if (!hasMagic(buf, at, MAGIC.slot)) throw new ParseError(file, `rpm NDB slot at byte ${at} has no "Slot" magic`);
    const slot = { pkgIndex: buf.readUInt32LE(at + 4), blockOffset: buf.readUInt32LE(at + 8), blockCount: buf.readUInt32LE(at + 12) };
    if (slot.blockOffset === 0) continue;
    if (slot.pkgIndex === 0 || slot.blockCount === 0 || slot.blockOffset < firstBlobBlock || seen.has(slot.pkgIndex)) {
      throw new ParseError(file, `rpm NDB slot at byte ${at} is invalid (package ${slot.pkgIndex}, blocks ${slot.blockOffset}+${slot.blockCount})`);
    }
    if (slot.blockOffset + slot.blockCount > fileBlocks) throw new ParseError(file, `truncated: package ${slot.pkgIndex} ends past the end of the file`);
    seen.add(slot.pkgIndex);
    slots.push(slot);
  }
  return withoutOverlaps(slots, file);
}

/** Blobs may not share blocks (rpm refuses such a database too): each byte is then checked once. */
function withoutOverlaps(slots: Slot[], file: string): Slot[] {
  const byOffset = [...slots].sort((a, b) => a.blockOffset - b.blockOffset);
  byOffset.forEach((slot, i) => {
    const previous = byOffset[i - 1];
    if (previous && slot.blockOffset < previous.blockOffset + previous.blockCount) {
      throw new ParseError(file, `rpm NDB blobs of packages ${previous.pkgIndex} and ${slot.pkgIndex} overlap`);
    }
  });
  return slots;
}

/** The rpm header inside a blob, after checking head, length, tail and checksum. */
function readBlob(buf: Buffer, file: string, slot: Slot): Buffer {
  const start = slot.blockOffset * BLOCK_SIZE;
  const end = start + slot.blockCount * BLOCK_SIZE;
  const fail = (reason: string) => new ParseError(file, `rpm NDB blob of package ${slot.pkgIndex}: ${reason}`);
  if (!hasMagic(buf, start, MAGIC.blobHead)) throw fail('no "BlbS" magic');
  if (buf.readUInt32LE(start + 4) !== slot.pkgIndex) throw fail(`it names package ${buf.readUInt32LE(start + 4)}`);
  const length = buf.readUInt32LE(start + 12);
  if (Math.ceil((BLOB_HEAD_SIZE + length + BLOB_TAIL_SIZE) / BLOCK_SIZE) !== slot.blockCount) {
    throw fail(`a length of ${length} bytes does not fill its ${slot.blockCount} blocks`);
  }
  const tail = end - BLOB_TAIL_SIZE;
  if (!hasMagic(buf, tail + 8, MAGIC.blobTail) || buf.readUInt32LE(tail + 4) !== length) throw fail('bad tail');
  if (adler32(buf.subarray(start, tail)) !== buf.readUInt32LE(tail)) throw fail('checksum mismatch');
  return buf.subarray(start + BLOB_HEAD_SIZE, start + BLOB_HEAD_SIZE + length);
}

function hasMagic(buf: Buffer, at: number, magic: string): boolean {
  return at + 4 <= buf.length && buf.toString('latin1', at, at + 4) === magic;
}

/** Adler-32 (RFC 1950), as rpm checksums its blobs. */
export function adler32(data: Uint8Array): number {
  const MOD = 65521;
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    // 5552 bytes is the most that can be summed before the 32-bit sums must be reduced.
    const chunkEnd = Math.min(i + 5552, data.length);
    for (; i < chunkEnd; i++) {
      a += data[i];
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}
