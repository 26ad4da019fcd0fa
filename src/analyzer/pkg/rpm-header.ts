import { ParseError } from '../parse-error.js';

/**
 * rpm's header structure as the package database stores one per installed package (the sqlite
 * `Packages.blob`, a Berkeley DB `Packages` value, an NDB blob): the header of rpm's package file
 * format without the 8-byte magic that precedes it in a `.rpm` file. All numbers big-endian:
 *
 *   il: int32 (index entries) | dl: int32 (data store bytes) | il × entry (16 bytes) | data store
 *   entry = tag: int32 | type: int32 | offset: int32 (into the data store) | count: int32
 *
 * Types: NULL 0, CHAR 1, INT8 2, INT16 3, INT32 4, INT64 5, STRING 6, BIN 7, STRING_ARRAY 8,
 * I18NSTRING 9. Strings are NUL-terminated; STRING_ARRAY and I18NSTRING hold `count` of them back
 * to back (an I18NSTRING's first one is the untranslated text). The first entry is usually a
 * region tag (HEADERIMMUTABLE, 63) marking the signed part; entries rpm added at install time
 * follow it. A tag listed twice keeps its last entry, as the later one supersedes.
 *
 * Every size is checked against the blob before it is used: a declared count or offset past the
 * data store is a ParseError, so a corrupt header costs at most one pass over its own bytes.
 */
export const RpmTag = {
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  VENDOR: 1011,
  LICENSE: 1014,
  ARCH: 1022,
  OLDFILENAMES: 1027,
  SOURCERPM: 1044,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
  MODULARITYLABEL: 5096,
} as const;

const TYPE_INT32 = 4;
const TYPE_STRING = 6;
const TYPE_STRING_ARRAY = 8;
const TYPE_I18NSTRING = 9;

/** rpm's own limits (HEADER_TAGS_MAX, HEADER_DATA_MAX). */
const MAX_ENTRIES = 0xffff;
const MAX_DATA = 0x0fffffff;
const INDEX_ENTRY_SIZE = 16;

interface IndexEntry {
  type: number;
  offset: number;
  count: number;
}

export interface RpmHeader {
  /** A STRING (or the first string of an array / I18N string); undefined when the tag is absent. */
  string(tag: number): string | undefined;
  /** A STRING_ARRAY (or a single STRING as one element); empty when absent. */
  strings(tag: number): string[];
  /** An INT32 array; empty when absent. */
  int32s(tag: number): number[];
}

/** Parses one header blob; `file` names the database in errors. */
export function parseRpmHeader(blob: Buffer, file: string): RpmHeader {
  if (blob.length < 8) throw new ParseError(file, `rpm header of ${blob.length} bytes: too short`);
  const il = blob.readUInt32BE(0);
  const dl = blob.readUInt32BE(4);
  if (il < 1 || il > MAX_ENTRIES) throw new ParseError(file, `rpm header with ${il} index entries`);
  if (dl > MAX_DATA) throw new ParseError(file, `rpm header data store of ${dl} bytes`);
  const dataStart = 8 + il * INDEX_ENTRY_SIZE;
  if (dataStart + dl > blob.length) {
    throw new ParseError(file, `rpm header declares ${dataStart + dl} bytes but the blob has ${blob.length}`);
  }
  const data = blob.subarray(dataStart, dataStart + dl);
  const entries = new Map<number, IndexEntry>();
  for (let i = 0; i < il; i++) {
    const at = 8 + i * INDEX_ENTRY_SIZE;
    const entry = { type: blob.readUInt32BE(at + 4), offset: blob.readUInt32BE(at + 8), count: blob.readUInt32BE(at + 12) };
    entries.set(blob.readUInt32BE(at), entry);
  }
  return new HeaderView(entries, data, file);
}

class HeaderView implements RpmHeader {
  constructor(
    private readonly entries: Map<number, IndexEntry>,
    private readonly data: Buffer,
    private readonly file: string,
  ) {}

  string(tag: number): string | undefined {
    const entry = this.entries.get(tag);
    if (!entry) return undefined;
    if (entry.type !== TYPE_STRING && entry.type !== TYPE_STRING_ARRAY && entry.type !== TYPE_I18NSTRING) {
      throw this.error(tag, `type ${entry.type} where a string was expected`);
    }
    return this.readStrings(tag, entry, 1)[0];
  }

  strings(tag: number): string[] {
    const entry = this.entries.get(tag);
    if (!entry) return [];
    if (entry.type === TYPE_STRING) return this.readStrings(tag, entry, 1);
    if (entry.type !== TYPE_STRING_ARRAY) throw this.error(tag, `type ${entry.type} where a string array was expected`);
    return this.readStrings(tag, entry, entry.count);
  }

  int32s(tag: number): number[] {
    const entry = this.entries.get(tag);
    if (!entry) return [];
    if (entry.type !== TYPE_INT32) throw this.error(tag, `type ${entry.type} where INT32 was expected`);
    if (entry.offset + entry.count * 4 > this.data.length) throw this.error(tag, `${entry.count} INT32 values run past the data store`);
    const values: number[] = [];
    for (let i = 0; i < entry.count; i++) values.push(this.data.readInt32BE(entry.offset + i * 4));
    return values;
  }

  /** `count` NUL-terminated strings from the entry's offset; each must end inside the data store. */
  private readStrings(tag: number, entry: IndexEntry, count: number): string[] {
    // Each string takes at least its NUL byte: a count beyond the data store cannot be honest.
    if (count > this.data.length) throw this.error(tag, `${count} strings in a ${this.data.length}-byte data store`);
    const values: string[] = [];
    let at = entry.offset;
    for (let i = 0; i < count; i++) {
      const end = at < this.data.length ? this.data.indexOf(0, at) : -1;
      if (end < 0) throw this.error(tag, 'string runs past the data store');
      values.push(this.data.toString('utf8', at, end));
      at = end + 1;
    }
    return values;
  }

  private error(tag: number, reason: string): ParseError {
    return new ParseError(this.file, `rpm header tag ${tag}: ${reason}`);
  }
}
