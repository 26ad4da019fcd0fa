import { crc32 } from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `n` in base 62 (digits, upper case, lower case), left-padded with `0` to `width` characters. */
export function base62(n: number, width: number): string {
  let out = '';
  let v = n >>> 0;
  while (v > 0) {
    out = BASE62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, '0');
}

/** The 6-character checksum GitHub and npm append to the random part of a token. */
export function crc32Base62(random: string): string {
  return base62(crc32(random), 6);
}

/**
 * Whether a GitHub-style token body (what follows the prefix: random characters, then 6 base-62
 * characters of the CRC32 of the random part) carries the right checksum. GitHub's `ghp_`, `gho_`,
 * `ghu_`, `ghs_`, `ghr_` and npm's `npm_` tokens are built this way.
 */
export function hasCrc32Base62Checksum(body: string): boolean {
  if (body.length <= 6) return false;
  return crc32Base62(body.slice(0, -6)) === body.slice(-6);
}
