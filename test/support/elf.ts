/**
 * Builds minimal ELF files for tests of the executable readers: named sections, each loaded by a
 * read-write PT_LOAD segment when it has an address (unloaded otherwise), plus `.shstrtab`.
 * Enough for Go's and cargo-auditable's readers; nothing here would run.
 */
export interface ElfSection {
  name: string;
  data: Buffer;
  /** Virtual address; 0 = not loaded (no segment). */
  addr?: number;
}

export interface ElfOptions {
  wide?: boolean;
  littleEndian?: boolean;
  /** Leave out the section header table (loaders do not need it). */
  noSections?: boolean;
}

export function buildElf(sections: ElfSection[], options: ElfOptions = {}): Buffer {
  const wide = options.wide ?? true;
  const le = options.littleEndian ?? true;
  const ehsize = wide ? 64 : 52;
  const phentsize = wide ? 56 : 32;
  const shentsize = wide ? 64 : 40;
  const loaded = sections.filter((s) => (s.addr ?? 0) !== 0);

  // Layout: header, program headers, section data (16-aligned), .shstrtab, section headers.
  let offset = ehsize + loaded.length * phentsize;
  const placed = sections.map((s) => {
    offset = align(offset, 16);
    const at = offset;
    offset += s.data.length;
    return { ...s, offset: at };
  });
  const names = ['', ...sections.map((s) => s.name), '.shstrtab'];
  const nameOffsets: number[] = [];
  let strtab = Buffer.alloc(0);
  for (const n of names) {
    nameOffsets.push(strtab.length);
    strtab = Buffer.concat([strtab, Buffer.from(`${n}\0`, 'latin1')]);
  }
  const strtabOffset = offset;
  offset += strtab.length;
  const shoff = options.noSections ? 0 : align(offset, 8);
  const shnum = options.noSections ? 0 : names.length;
  const total = options.noSections ? offset : shoff + shnum * shentsize;

  const b = Buffer.alloc(total);
  const w = writer(b, le);
  b.write('\x7fELF', 0, 'latin1');
  b[4] = wide ? 2 : 1;
  b[5] = le ? 1 : 2;
  b[6] = 1;
  w.u16(16, 2); // ET_EXEC
  w.u16(18, 62);
  w.u32(20, 1);
  if (wide) {
    w.u64(0x20, ehsize);
    w.u64(0x28, shoff);
    w.u16(0x34, ehsize);
    w.u16(0x36, phentsize);
    w.u16(0x38, loaded.length);
    w.u16(0x3a, shentsize);
    w.u16(0x3c, shnum);
    w.u16(0x3e, shnum === 0 ? 0 : names.length - 1);
  } else {
    w.u32(0x1c, ehsize);
    w.u32(0x20, shoff);
    w.u16(0x28, ehsize);
    w.u16(0x2a, phentsize);
    w.u16(0x2c, loaded.length);
    w.u16(0x2e, shentsize);
    w.u16(0x30, shnum);
    w.u16(0x32, shnum === 0 ? 0 : names.length - 1);
  }
  placed.filter((s) => (s.addr ?? 0) !== 0).forEach((s, i) => {
    const at = ehsize + i * phentsize;
    w.u32(at, 1); // PT_LOAD
    if (wide) {
      w.u32(at + 4, 6); // RW
      w.u64(at + 8, s.offset);
      w.u64(at + 16, s.addr!);
      w.u64(at + 24, s.addr!);
      w.u64(at + 32, s.data.length);
      w.u64(at + 40, s.data.length);
      w.u64(at + 48, 16);
    } else {
      w.u32(at + 4, s.offset);
      w.u32(at + 8, s.addr!);
      w.u32(at + 12, s.addr!);
      w.u32(at + 16, s.data.length);
      w.u32(at + 20, s.data.length);
      w.u32(at + 24, 6);
      w.u32(at + 28, 16);
    }
  });
  for (const s of placed) s.data.copy(b, s.offset);
  strtab.copy(b, strtabOffset);
  if (shnum > 0) {
    const headers = [...placed.map((s, i) => ({ name: nameOffsets[i + 1], addr: s.addr ?? 0, offset: s.offset, size: s.data.length })), { name: nameOffsets[names.length - 1], addr: 0, offset: strtabOffset, size: strtab.length }];
    headers.forEach((h, i) => {
      const at = shoff + (i + 1) * shentsize;
      w.u32(at, h.name);
      w.u32(at + 4, i === headers.length - 1 ? 3 : 1); // SHT_STRTAB / SHT_PROGBITS
      if (wide) {
        w.u64(at + 16, h.addr);
        w.u64(at + 24, h.offset);
        w.u64(at + 32, h.size);
      } else {
        w.u32(at + 12, h.addr);
        w.u32(at + 16, h.offset);
        w.u32(at + 20, h.size);
      }
    });
  }
  return b;
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

function writer(b: Buffer, le: boolean) {
  return {
    u16: (at: number, v: number) => (le ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at)),
    u32: (at: number, v: number) => (le ? b.writeUInt32LE(v, at) : b.writeUInt32BE(v, at)),
    u64: (at: number, v: number) => (le ? b.writeBigUInt64LE(BigInt(v), at) : b.writeBigUInt64BE(BigInt(v), at)),
  };
}

/** cmd/go's 16-byte sentinels around the module info. */
export const GO_INFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
export const GO_INFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');

/** A Go 1.18+ build info blob: header with the inline flag, then varint-prefixed version and module info. */
export function inlineBuildInfo(version: string, modinfo: string, ptrSize = 8): Buffer {
  const header = Buffer.alloc(32);
  header.write('\xff Go buildinf:', 0, 'latin1');
  header[14] = ptrSize;
  header[15] = 2;
  const framed = modinfo === '' ? Buffer.alloc(0) : Buffer.concat([GO_INFO_START, Buffer.from(modinfo), GO_INFO_END]);
  return Buffer.concat([header, varintString(Buffer.from(version)), varintString(framed)]);
}

function varintString(data: Buffer): Buffer {
  const len: number[] = [];
  let n = data.length;
  do {
    len.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return Buffer.concat([Buffer.from(len), data]);
}
