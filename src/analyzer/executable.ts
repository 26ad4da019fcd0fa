/**
 * Just enough of the ELF, PE and Mach-O container formats to find named sections and to read
 * bytes at a virtual address, for the analyzers that read metadata compilers leave in
 * executables (Go build info, cargo-auditable dependency lists).
 *
 * Everything works on the file's bytes in memory. Headers that point outside the file make the
 * reader give up (`parseExecutable` answers undefined, a read answers undefined): a truncated or
 * foreign file is "not an executable", never an exception.
 */
import { posix } from 'node:path';
import type { FileInfo } from './types.js';

export type ExecutableFormat = 'elf' | 'pe' | 'macho';

export interface Section {
  name: string;
  /** Virtual address (0 when the section is not loaded). */
  addr: number;
  /** Offset of the section's bytes in the file; -1 when it has none (ELF NOBITS, Mach-O zerofill). */
  offset: number;
  size: number;
}

/** A loaded range of the file: `filesz` bytes at `offset` appear at virtual address `vaddr`. */
export interface Segment {
  vaddr: number;
  offset: number;
  filesz: number;
  memsz: number;
  writable: boolean;
  executable: boolean;
  /** ELF: a PT_LOAD segment (other program headers map bytes too, but are not loaded as data). */
  loaded: boolean;
  /** Mach-O segment name (`__PAGEZERO`, `__DATA`); empty elsewhere. */
  name: string;
  /** PE section characteristics. */
  characteristics?: number;
}

export interface Executable {
  format: ExecutableFormat;
  littleEndian: boolean;
  /** Pointer size in bytes (4 or 8). */
  pointerSize: number;
  sections: Section[];
  segments: Segment[];
  /** PE image base (virtual addresses of sections are relative to it); 0 elsewhere. */
  imageBase: number;
  /** The whole file (for Mach-O fat binaries: the first architecture's slice). */
  bytes: Buffer;
}

/** Executables are at least this large; smaller files are not worth reading. */
export const MIN_EXECUTABLE_SIZE = 1024;

/**
 * Cheap path test for "may be an executable": no extension (or `.exe`), not a dotfile, not tiny,
 * and executable by someone where the target knows the mode (image layers; directory walks do not
 * stat for it). The magic number decides after the read.
 */
export function mayBeExecutable(info: FileInfo): boolean {
  if (info.size < MIN_EXECUTABLE_SIZE) return false;
  const base = posix.basename(info.path);
  if (base.startsWith('.')) return false;
  const dot = base.lastIndexOf('.');
  if (dot >= 0 && base.slice(dot + 1).toLowerCase() === 'exe') return true;
  // Where the mode is known (image layers), a file nobody may execute is not a program.
  return dot < 0 && (info.mode === undefined || (info.mode & 0o111) !== 0);
}

/** The container format announced by the first bytes, without parsing further. */
export function executableFormat(bytes: Buffer): ExecutableFormat | undefined {
  if (bytes.length < 16) return undefined;
  if (bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) return 'elf';
  if (bytes[0] === 0x4d && bytes[1] === 0x5a) return 'pe';
  const magic = bytes.readUInt32BE(0);
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe].includes(magic)) return 'macho';
  return undefined;
}

/** Parses the container headers; undefined when the bytes are not a well-formed executable. */
export function parseExecutable(bytes: Buffer): Executable | undefined {
  try {
    switch (executableFormat(bytes)) {
      case 'elf':
        return parseElf(bytes);
      case 'pe':
        return parsePe(bytes);
      case 'macho':
        return parseMachO(bytes, true);
      default:
        return undefined;
    }
  } catch (err) {
    if (err instanceof RangeError) return undefined; // a header pointing past the end of the file
    throw err;
  }
}

export function findSection(exe: Executable, name: string): Section | undefined {
  return exe.sections.find((s) => s.name === name);
}

/** The bytes of a section, undefined when it has none in the file. */
export function sectionData(exe: Executable, section: Section): Buffer | undefined {
  if (section.offset < 0 || section.offset + section.size > exe.bytes.length) return undefined;
  return exe.bytes.subarray(section.offset, section.offset + section.size);
}

/**
 * Up to `size` bytes at virtual address `addr` (fewer when the containing range ends first), from
 * the loaded segments, or else from sections that carry an address. Undefined when unmapped.
 */
export function readVirtual(exe: Executable, addr: number, size: number): Buffer | undefined {
  const a = addr - exe.imageBase;
  for (const seg of exe.segments) {
    if (seg.name === '__PAGEZERO' || seg.filesz === 0) continue;
    if (seg.vaddr <= a && a < seg.vaddr + seg.filesz) return slice(exe.bytes, seg.offset + (a - seg.vaddr), Math.min(size, seg.vaddr + seg.filesz - a));
  }
  for (const sec of exe.sections) {
    if (sec.addr === 0 || sec.offset < 0) continue;
    if (sec.addr <= a && a < sec.addr + sec.size) return slice(exe.bytes, sec.offset + (a - sec.addr), Math.min(size, sec.addr + sec.size - a));
  }
  return undefined;
}

function slice(bytes: Buffer, start: number, length: number): Buffer | undefined {
  if (start < 0 || length < 0 || start + length > bytes.length) return undefined;
  return bytes.subarray(start, start + length);
}

// ---------------------------------------------------------------------------------------------
// Binary reading helpers
// ---------------------------------------------------------------------------------------------

/** Fixed-endianness integer reads; 64-bit values above 2^53 are rejected as malformed. */
class Reader {
  constructor(
    readonly bytes: Buffer,
    readonly little: boolean,
  ) {}

  u8(off: number): number {
    return this.bytes.readUInt8(off);
  }

  u16(off: number): number {
    return this.little ? this.bytes.readUInt16LE(off) : this.bytes.readUInt16BE(off);
  }

  u32(off: number): number {
    return this.little ? this.bytes.readUInt32LE(off) : this.bytes.readUInt32BE(off);
  }

  u64(off: number): number {
    const v = this.little ? this.bytes.readBigUInt64LE(off) : this.bytes.readBigUInt64BE(off);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('64-bit value out of range');
    return Number(v);
  }

  /** A pointer-sized value. */
  word(off: number, wide: boolean): number {
    return wide ? this.u64(off) : this.u32(off);
  }

  /** A NUL-terminated string starting at `off` (at most `max` bytes). */
  cstring(off: number, max = 4096): string {
    if (off < 0 || off >= this.bytes.length) throw new RangeError('string offset out of range');
    let end = off;
    const limit = Math.min(this.bytes.length, off + max);
    while (end < limit && this.bytes[end] !== 0) end++;
    return this.bytes.toString('latin1', off, end);
  }
}

// ---------------------------------------------------------------------------------------------
// ELF
// ---------------------------------------------------------------------------------------------

const PT_LOAD = 1;
const PF_X = 1;
const PF_W = 2;
const SHT_NOBITS = 8;

function parseElf(bytes: Buffer): Executable | undefined {
  const wide = bytes[4] === 2;
  if (bytes[4] !== 1 && !wide) return undefined;
  if (bytes[5] !== 1 && bytes[5] !== 2) return undefined;
  const r = new Reader(bytes, bytes[5] === 1);
  const phoff = r.word(wide ? 0x20 : 0x1c, wide);
  const shoff = r.word(wide ? 0x28 : 0x20, wide);
  const phentsize = r.u16(wide ? 0x36 : 0x2a);
  const phnum = r.u16(wide ? 0x38 : 0x2c);
  const shentsize = r.u16(wide ? 0x3a : 0x2e);
  let shnum = r.u16(wide ? 0x3c : 0x30);
  let shstrndx = r.u16(wide ? 0x3e : 0x32);

  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    const type = r.u32(at);
    const flags = wide ? r.u32(at + 4) : r.u32(at + 24);
    segments.push({
      vaddr: r.word(wide ? at + 16 : at + 8, wide),
      offset: r.word(wide ? at + 8 : at + 4, wide),
      filesz: r.word(wide ? at + 32 : at + 16, wide),
      memsz: r.word(wide ? at + 40 : at + 20, wide),
      writable: (flags & PF_W) !== 0,
      executable: (flags & PF_X) !== 0,
      loaded: type === PT_LOAD,
      name: '',
    });
  }

  const sections: Section[] = [];
  if (shoff > 0 && shentsize > 0) {
    // Extended numbering: the real counts live in the first section header.
    if (shnum === 0) shnum = r.word(wide ? shoff + 32 : shoff + 20, wide);
    if (shstrndx === 0xffff) shstrndx = r.u32(wide ? shoff + 40 : shoff + 24);
    if (shnum > 65536 * 16) return undefined;
    const raw: Array<{ nameOff: number; type: number; addr: number; offset: number; size: number }> = [];
    for (let i = 0; i < shnum; i++) {
      const at = shoff + i * shentsize;
      raw.push({
        nameOff: r.u32(at),
        type: r.u32(at + 4),
        addr: r.word(wide ? at + 16 : at + 12, wide),
        offset: r.word(wide ? at + 24 : at + 16, wide),
        size: r.word(wide ? at + 32 : at + 20, wide),
      });
    }
    const strtab = raw[shstrndx];
    for (const s of raw) {
      sections.push({
        name: strtab ? r.cstring(strtab.offset + s.nameOff) : '',
        addr: s.addr,
        offset: s.type === SHT_NOBITS ? -1 : s.offset,
        size: s.size,
      });
    }
  }
  return { format: 'elf', littleEndian: r.little, pointerSize: wide ? 8 : 4, sections, segments, imageBase: 0, bytes };
}

// ---------------------------------------------------------------------------------------------
// PE
// ---------------------------------------------------------------------------------------------

const IMAGE_SCN_CNT_CODE = 0x20;
const IMAGE_SCN_MEM_EXECUTE = 0x20000000;
const IMAGE_SCN_MEM_WRITE = 0x80000000;

function parsePe(bytes: Buffer): Executable | undefined {
  const r = new Reader(bytes, true);
  const pe = r.u32(0x3c);
  if (r.u32(pe) !== 0x00004550) return undefined; // "PE\0\0"
  const coff = pe + 4;
  const nsections = r.u16(coff + 2);
  const symtab = r.u32(coff + 8);
  const nsyms = r.u32(coff + 12);
  const optSize = r.u16(coff + 16);
  const opt = coff + 20;
  const optMagic = optSize >= 2 ? r.u16(opt) : 0;
  const wide = optMagic === 0x20b;
  const imageBase = optMagic === 0x20b ? r.u64(opt + 24) : optMagic === 0x10b ? r.u32(opt + 28) : 0;
  const stringTable = symtab > 0 ? symtab + nsyms * 18 : -1;

  const sections: Section[] = [];
  const segments: Segment[] = [];
  const table = opt + optSize;
  for (let i = 0; i < nsections; i++) {
    const at = table + i * 40;
    const rawName = bytes.toString('latin1', at, at + 8).replace(/\0.*$/s, '');
    // Long names are `/<offset>` into the COFF string table.
    const name = /^\/\d+$/.test(rawName) && stringTable >= 0 ? r.cstring(stringTable + Number(rawName.slice(1))) : rawName;
    const virtualSize = r.u32(at + 8);
    const va = r.u32(at + 12);
    const rawSize = r.u32(at + 16);
    const rawPtr = r.u32(at + 20);
    const characteristics = r.u32(at + 36);
    const size = virtualSize > 0 ? Math.min(virtualSize, rawSize) : rawSize;
    sections.push({ name, addr: va, offset: rawSize > 0 ? rawPtr : -1, size: rawSize > 0 ? size : virtualSize });
    segments.push({
      vaddr: va,
      offset: rawPtr,
      filesz: rawSize > 0 ? size : 0,
      memsz: virtualSize,
      writable: (characteristics & IMAGE_SCN_MEM_WRITE) !== 0,
      executable: (characteristics & (IMAGE_SCN_MEM_EXECUTE | IMAGE_SCN_CNT_CODE)) !== 0,
      loaded: true,
      name,
      characteristics,
    });
  }
  return { format: 'pe', littleEndian: true, pointerSize: wide ? 8 : 4, sections, segments, imageBase, bytes };
}

// ---------------------------------------------------------------------------------------------
// Mach-O
// ---------------------------------------------------------------------------------------------

const LC_SEGMENT = 0x1;
const LC_SEGMENT_64 = 0x19;
const S_ZEROFILL = 0x1;

function parseMachO(bytes: Buffer, allowFat: boolean): Executable | undefined {
  const magic = bytes.readUInt32BE(0);
  if (magic === 0xcafebabe) return allowFat ? firstFatSlice(bytes) : undefined;
  const little = magic === 0xcefaedfe || magic === 0xcffaedfe;
  const wide = magic === 0xfeedfacf || magic === 0xcffaedfe;
  const r = new Reader(bytes, little);
  const ncmds = r.u32(16);
  let at = wide ? 32 : 28;
  const sections: Section[] = [];
  const segments: Segment[] = [];
  for (let i = 0; i < ncmds; i++) {
    const cmd = r.u32(at);
    const cmdsize = r.u32(at + 4);
    if (cmdsize < 8) return undefined;
    if (cmd === LC_SEGMENT_64 || cmd === LC_SEGMENT) {
      const w = cmd === LC_SEGMENT_64;
      const segName = bytes.toString('latin1', at + 8, at + 24).replace(/\0.*$/s, '');
      const initprot = r.u32(at + (w ? 60 : 44));
      const maxprot = r.u32(at + (w ? 56 : 40));
      segments.push({
        vaddr: r.word(at + 24, w),
        memsz: r.word(at + (w ? 32 : 28), w),
        offset: r.word(at + (w ? 40 : 32), w),
        filesz: r.word(at + (w ? 48 : 36), w),
        writable: initprot === 3 && maxprot === 3,
        executable: (initprot & 4) !== 0,
        loaded: true,
        name: segName,
      });
      const nsects = r.u32(at + (w ? 64 : 48));
      let sat = at + (w ? 72 : 56);
      for (let s = 0; s < nsects; s++) {
        const flags = r.u32(sat + (w ? 64 : 56));
        const offset = r.u32(sat + (w ? 48 : 40));
        sections.push({
          name: bytes.toString('latin1', sat, sat + 16).replace(/\0.*$/s, ''),
          addr: r.word(sat + 32, w),
          size: r.word(sat + (w ? 40 : 36), w),
          offset: (flags & 0xff) === S_ZEROFILL || offset === 0 ? -1 : offset,
        });
        sat += w ? 80 : 68;
      }
    }
    at += cmdsize;
  }
  return { format: 'macho', littleEndian: little, pointerSize: wide ? 8 : 4, sections, segments, imageBase: 0, bytes };
}

/** A universal binary: the first architecture, as Go's and go-rustaudit's readers take it. */
function firstFatSlice(bytes: Buffer): Executable | undefined {
  const count = bytes.readUInt32BE(4);
  // 0xcafebabe is also the magic of Java class files, whose next word is a version (>= 45).
  if (count === 0 || count > 32) return undefined;
  const offset = bytes.readUInt32BE(8 + 8);
  const size = bytes.readUInt32BE(8 + 12);
  if (offset + size > bytes.length) return undefined;
  const inner = bytes.subarray(offset, offset + size);
  if (executableFormat(inner) !== 'macho') return undefined;
  return parseMachO(inner, false);
}
