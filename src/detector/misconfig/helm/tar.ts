/**
 * Reads the files of a gzipped tar archive in memory (Helm chart packages: `helm package` output,
 * `.tgz`/`.tar.gz`). Regular files only; ustar prefixes, GNU long names and PAX paths are applied;
 * the total size is capped so a hostile archive cannot exhaust memory.
 */
import { gunzipSync } from 'node:zlib';

const MAX_TOTAL = 64 * 1024 * 1024;

/** The archive's regular files by path. Throws an Error when it is not a readable gzipped tar. */
export function readTarGz(data: Buffer): Map<string, Buffer> {
  const tar = gunzipSync(data, { maxOutputLength: MAX_TOTAL });
  const files = new Map<string, Buffer>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const field = (start: number, length: number) => header.subarray(start, start + length).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const magic = field(257, 6);
    let name = field(0, 100);
    if (magic.startsWith('ustar') && field(345, 155)) name = `${field(345, 155)}/${name}`;
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === 'x') {
      const path = /\d+ path=([^\n]*)\n/.exec(body.toString('utf8'));
      if (path) longName = path[1];
      continue;
    }
    if (type === 'g') continue;
    if (longName !== undefined) {
      name = longName;
      longName = undefined;
    }
    if (type !== '0' && type !== '\0' && type !== '7') continue;
    const clean = name.replace(/^\.\//, '');
    if (clean.split('/').includes('..') || clean.startsWith('/')) continue;
    files.set(clean, Buffer.from(body));
  }
  return files;
}
