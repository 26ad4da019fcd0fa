import { UserError } from '../errors.js';

const UNITS: Record<string, number> = {
  '': 1, b: 1,
  k: 1024, kib: 1024, kb: 1000,
  m: 1024 ** 2, mib: 1024 ** 2, mb: 1000 ** 2,
  g: 1024 ** 3, gib: 1024 ** 3, gb: 1000 ** 3,
  t: 1024 ** 4, tib: 1024 ** 4, tb: 1000 ** 4,
};

/**
 * Parses a byte size: a whole number of bytes, or a number with a unit (`512MiB`, `2GiB`,
 * `500MB`, `1.5G`; K/M/G/T alone are binary like KiB/MiB/GiB/TiB). Undefined when malformed.
 */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = UNITS[m[2].toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = Math.floor(Number(m[1]) * unit);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** A size for people: `0 B`, `812 B`, `12.3 KiB`, `1.0 GiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Parses a positive byte size given by the user; throws a one-line UserError naming `where`. */
export function parsePositiveByteSize(text: string, where: string): number {
  const bytes = parseByteSize(text);
  if (bytes === undefined || bytes <= 0) {
    throw new UserError(`${where}: invalid size "${text}": give a number of bytes, or a number with a unit (e.g. 512MiB, 2GiB)`);
  }
  return bytes;
}
