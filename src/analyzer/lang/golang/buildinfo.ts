/**
 * Go build information, as the Go linker embeds it in every executable and `go version -m`
 * prints it.
 *
 * The blob is a 32-byte header, 16-byte aligned, starting with the magic `\xff Go buildinf:`,
 * then the pointer size (byte 14) and flags (byte 15: bit 0 = big endian, bit 1 = inline format).
 * - Go 1.18+ (inline): the header is followed by two varint-length-prefixed strings, the Go
 *   version and the module info.
 * - Before 1.18 (pointers): bytes 16.. hold two pointers to Go string headers (data pointer,
 *   length) for the version and the module info, read through the executable's address map.
 * Where the blob lives: ELF section `.go.buildinfo`, Mach-O section `__go_buildinfo`, else the
 * first writable data segment (ELF PT_LOAD with W and not X, PE's first initialized read-write
 * data section, Mach-O's first read-write segment).
 *
 * The module info is framed by two 16-byte sentinels and holds tab-separated lines:
 * `path <main package>`, `mod <path> <version> [<sum>]`, `dep <path> <version> [<sum>]`,
 * `=> <path> <version> [<sum>]` (replaces the module on the line before) and `build <key>=<value>`
 * (key and value Go-quoted when they hold spaces, quotes, `=` or control characters).
 */
import type { Executable } from '../../executable.js';
import { findSection, readVirtual, sectionData } from '../../executable.js';

const MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER_SIZE = 32;
const ALIGN = 16;
const FLAG_BIG_ENDIAN = 1;
const FLAG_INLINE = 2;
const IMAGE_SCN_ALIGN_32BYTES = 0x600000;
const PE_DATA = 0x00000040 | 0x40000000 | 0x80000000; // initialized data, read, write

export interface GoModule {
  path: string;
  version: string;
  sum?: string;
  replace?: GoModule;
}

export interface GoBuildInfo {
  /** `go1.22.3`, possibly with a suffix (`go1.22.3 X:boringcrypto`). */
  goVersion: string;
  /** Main package path (`path` line). */
  path?: string;
  /** Main module (`mod` line); absent for GOPATH-mode builds and the Go distribution's own tools. */
  main?: GoModule;
  deps: GoModule[];
  settings: Array<{ key: string; value: string }>;
}

/** Thrown for a build info blob that is present but malformed. */
export class BuildInfoError extends Error {}

/**
 * The raw version and module info strings, or undefined when the executable carries no Go build
 * information (not a Go executable).
 */
export function readRawBuildInfo(exe: Executable): { version: string; modinfo: string } | undefined {
  const data = findHeader(exe);
  if (!data) return undefined;
  let version: Buffer | undefined;
  let modinfo: Buffer | undefined;
  if ((data[15] & FLAG_INLINE) !== 0) {
    const first = readVarintString(data, HEADER_SIZE);
    if (first) {
      version = first.value;
      modinfo = readVarintString(data, first.next)?.value;
    }
  } else {
    const ptrSize = data[14];
    if (ptrSize !== 4 && ptrSize !== 8) return undefined;
    const little = (data[15] & FLAG_BIG_ENDIAN) === 0;
    const readPtr = (b: Buffer, at: number) => readUint(b, at, ptrSize, little);
    version = readGoString(exe, readPtr(data, 16), ptrSize, readPtr);
    modinfo = readGoString(exe, readPtr(data, 16 + ptrSize), ptrSize, readPtr);
  }
  if (!version || version.length === 0) return undefined;
  return { version: version.toString('utf8'), modinfo: stripFraming(modinfo) };
}

/** Build information of a Go executable; undefined when it is not one. */
export function readBuildInfo(exe: Executable): GoBuildInfo | undefined {
  const raw = readRawBuildInfo(exe);
  if (!raw) return undefined;
  return { goVersion: raw.version, ...parseModInfo(raw.modinfo) };
}

// ---------------------------------------------------------------------------------------------
// Finding the blob
// ---------------------------------------------------------------------------------------------

/** The 32-byte header and what follows it in the same range, located as Go's reader does. */
function findHeader(exe: Executable): Buffer | undefined {
  const named = exe.format === 'elf' ? findSection(exe, '.go.buildinfo') : exe.format === 'macho' ? findSection(exe, '__go_buildinfo') : undefined;
  if (named) {
    const data = sectionData(exe, named);
    if (!data) return undefined;
    const at = searchMagic(data, named.addr);
    return at === undefined ? undefined : data.subarray(at);
  }
  const range = dataRange(exe);
  if (!range) return undefined;
  const data = readVirtual(exe, range.addr + exe.imageBase, range.size);
  if (!data) return undefined;
  const at = searchMagic(data, range.addr);
  return at === undefined ? undefined : data.subarray(at);
}

/** The first writable data range, where the linker puts the blob when it has no section of its own. */
function dataRange(exe: Executable): { addr: number; size: number } | undefined {
  if (exe.format === 'elf') {
    const seg = exe.segments.find((s) => s.loaded && s.writable && !s.executable);
    return seg && { addr: seg.vaddr, size: seg.filesz };
  }
  if (exe.format === 'pe') {
    const seg = exe.segments.find((s) => s.vaddr !== 0 && s.filesz !== 0 && ((s.characteristics ?? 0) & ~IMAGE_SCN_ALIGN_32BYTES) >>> 0 === PE_DATA >>> 0);
    return seg && { addr: seg.vaddr, size: seg.filesz };
  }
  const seg = exe.segments.find((s) => s.vaddr !== 0 && s.filesz !== 0 && s.writable);
  return seg && { addr: seg.vaddr, size: seg.filesz };
}

/** Offset of the first 16-byte aligned (by virtual address) magic with room for a header. */
function searchMagic(data: Buffer, baseAddr: number): number | undefined {
  for (let i = data.indexOf(MAGIC); i >= 0; i = data.indexOf(MAGIC, i + 1)) {
    if (data.length - i < HEADER_SIZE) return undefined;
    if ((baseAddr + i) % ALIGN === 0) return i;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------

function readVarintString(data: Buffer, at: number): { value: Buffer; next: number } | undefined {
  let length = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    if (i >= data.length || shift > 49) return undefined;
    const b = data[i++];
    length += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) break;
    shift += 7;
  }
  if (i + length > data.length) return undefined;
  return { value: data.subarray(i, i + length), next: i + length };
}

function readGoString(exe: Executable, addr: number, ptrSize: number, readPtr: (b: Buffer, at: number) => number): Buffer | undefined {
  const header = readVirtual(exe, addr, 2 * ptrSize);
  if (!header || header.length < 2 * ptrSize) return undefined;
  const dataAddr = readPtr(header, 0);
  const length = readPtr(header, ptrSize);
  const data = readVirtual(exe, dataAddr, length);
  if (!data || data.length < length) return undefined;
  return data;
}

function readUint(b: Buffer, at: number, size: number, little: boolean): number {
  if (size === 4) return little ? b.readUInt32LE(at) : b.readUInt32BE(at);
  const v = little ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at);
  return v > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(v);
}

/** The module info is wrapped in two 16-byte sentinels (cmd/go's infoStart and infoEnd). */
function stripFraming(bytes: Buffer | undefined): string {
  if (bytes && bytes.length >= 33 && bytes[bytes.length - 17] === 0x0a) return bytes.toString('utf8', 16, bytes.length - 16);
  return '';
}

// ---------------------------------------------------------------------------------------------
// Module info text
// ---------------------------------------------------------------------------------------------

/** Parses the module info lines as Go's runtime/debug.ParseBuildInfo does. */
export function parseModInfo(text: string): Omit<GoBuildInfo, 'goVersion'> {
  const info: Omit<GoBuildInfo, 'goVersion'> = { deps: [], settings: [] };
  let last: GoModule | undefined;
  let lineNo = 0;
  for (const line of text.split('\n')) {
    lineNo++;
    if (line === '') continue;
    const tab = line.indexOf('\t');
    const word = tab < 0 ? line : line.slice(0, tab);
    const rest = tab < 0 ? '' : line.slice(tab + 1);
    switch (word) {
      case 'path':
        info.path = rest;
        last = undefined;
        break;
      case 'mod':
        info.main = moduleLine(rest, lineNo);
        last = info.main;
        break;
      case 'dep':
        last = moduleLine(rest, lineNo);
        info.deps.push(last);
        break;
      case '=>':
        if (!last || last.replace) throw new BuildInfoError(`line ${lineNo}: replacement with no module on previous line`);
        last.replace = moduleLine(rest, lineNo);
        last = undefined;
        break;
      case 'build':
        info.settings.push(buildSetting(rest, lineNo));
        break;
      default:
        throw new BuildInfoError(`line ${lineNo}: unexpected line ${JSON.stringify(line.slice(0, 40))}`);
    }
  }
  return info;
}

function moduleLine(rest: string, lineNo: number): GoModule {
  const fields = rest.split('\t');
  if (fields.length < 2 || fields.length > 3) throw new BuildInfoError(`line ${lineNo}: expected module path, version and checksum`);
  const [path, version, sum] = fields;
  return sum ? { path, version, sum } : { path, version };
}

function buildSetting(rest: string, lineNo: number): { key: string; value: string } {
  let key: string;
  let tail: string;
  if (rest.startsWith('"')) {
    const q = unquotePrefix(rest);
    if (!q) throw new BuildInfoError(`line ${lineNo}: invalid quoted key`);
    key = q.value;
    tail = rest.slice(q.length);
  } else {
    const eq = rest.indexOf('=');
    if (eq < 0) throw new BuildInfoError(`line ${lineNo}: build setting without '='`);
    key = rest.slice(0, eq);
    tail = rest.slice(eq);
  }
  if (!tail.startsWith('=')) throw new BuildInfoError(`line ${lineNo}: build setting without '='`);
  let value = tail.slice(1);
  if (value.startsWith('"')) {
    const q = unquotePrefix(value);
    if (!q || q.length !== value.length) throw new BuildInfoError(`line ${lineNo}: invalid quoted value`);
    value = q.value;
  }
  return { key, value };
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };

/** A Go double-quoted string literal at the start of `s`: its value and how many characters it spans. */
export function unquotePrefix(s: string): { value: string; length: number } | undefined {
  if (!s.startsWith('"')) return undefined;
  const bytes: number[] = [];
  const push = (text: string) => bytes.push(...Buffer.from(text, 'utf8'));
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (c === '"') return { value: Buffer.from(bytes).toString('utf8'), length: i + 1 };
    if (c !== '\\') {
      push(c);
      continue;
    }
    const e = s[++i];
    if (e === undefined) return undefined;
    if (e in SIMPLE_ESCAPES) push(SIMPLE_ESCAPES[e]);
    else if (e === 'x' || e === 'u' || e === 'U') {
      const digits = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = s.slice(i + 1, i + 1 + digits);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return undefined;
      if (e === 'x') bytes.push(parseInt(hex, 16));
      else push(String.fromCodePoint(parseInt(hex, 16)));
      i += digits;
    } else if (/[0-7]/.test(e)) {
      const oct = s.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(oct)) return undefined;
      bytes.push(parseInt(oct, 8) & 0xff);
      i += 2;
    } else return undefined;
  }
  return undefined;
}
