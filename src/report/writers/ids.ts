import { hash } from 'node:crypto';

/**
 * A name-based UUID (version 5 layout, SHA-1 of the parts): the same parts give the same id, so a
 * report rendered twice at the same time stamp gives the same document ids (tests, `picket convert`).
 */
export function stableUuid(...parts: string[]): string {
  const h = hash('sha1', parts.join('\0'), 'buffer');
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** A short hex digest of the parts (16 characters), for ids such as SPDX element ids. */
export function shortHash(...parts: string[]): string {
  return hash('sha256', parts.join('\0'), 'hex').slice(0, 16);
}
