/**
 * Big images for the memory benchmark (bench/image-scan.mjs): the Debian 12 test image plus one
 * more layer of real files: regular files of this machine's /usr/lib, then /usr/share and /usr/bin,
 * up to 4 MB each (shared libraries, Python and Perl modules, Go binaries, JDK trees, docs…), taken
 * in path order until the layer holds `gigabytes` GB (tens of thousands of files), put under
 * /opt/bulk by `tar --transform`, and appended with `umoci raw add-layer` (which gzips it). Built
 * once per machine in the test image cache (image-build-cache.ts), tag `big`.
 */
import { cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOnce } from './image-build-cache.js';
import { tool } from './image-tools.js';
import { debianImage, IMAGE_RECIPE_VERSION } from './test-images.js';

export interface BigTestImage {
  /** OCI layout directory; the image is tagged `big`. */
  ociLayout: string;
  ociTag: string;
  /** Bytes of regular-file content in the added layer. */
  addedBytes: number;
  addedFiles: number;
}

/** Where the files come from, in order. */
const ROOTS = ['/usr/lib', '/usr/share', '/usr/bin'];
/** Largest file taken: many files of ordinary sizes, as real image layers hold. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** The Debian image plus a layer of about `gigabytes` GB of this machine's files. */
export async function bigImage(gigabytes: number): Promise<BigTestImage> {
  const base = await debianImage();
  const dir = await buildOnce({
    recipe: IMAGE_RECIPE_VERSION,
    name: `debian12-big-v2-${gigabytes}g`,
    build: async (out) => {
      const layout = join(out, 'oci');
      cpSync(base.ociLayout, layout, { recursive: true });
      const { files, bytes } = pickFiles(ROOTS, gigabytes * 1024 ** 3);
      const list = join(out, 'files.txt');
      writeFileSync(list, files.map((f) => f.slice(1)).join('\n'));
      const layer = join(out, 'bulk.tar');
      await tool('tar', ['-cf', layer, '-C', '/', '--no-recursion', '--transform', 's,^usr/,opt/bulk/,', '-T', list]);
      await tool('umoci', ['raw', 'add-layer', '--image', `${layout}:${base.ociTag}`, '--tag', 'big', '--history.created_by', `COPY /usr (${gigabytes} GB) /opt/bulk`, layer]);
      await tool('umoci', ['rm', '--image', `${layout}:${base.ociTag}`]);
      await tool('umoci', ['gc', '--layout', layout]);
      rmSync(layer);
      rmSync(list);
      await tool('chmod', ['-R', 'a+rX', out]);
      writeFileSync(join(out, 'big.json'), JSON.stringify({ addedBytes: bytes, addedFiles: files.length }));
    },
  });
  const { addedBytes, addedFiles } = JSON.parse(readFileSync(join(dir, 'big.json'), 'utf8')) as { addedBytes: number; addedFiles: number };
  return { ociLayout: join(dir, 'oci'), ociTag: 'big', addedBytes, addedFiles };
}

/** Regular files (up to MAX_FILE_BYTES each) under the roots, depth-first in name order, until their sizes add up to `limit`. */
function pickFiles(roots: string[], limit: number): { files: string[]; bytes: number } {
  const files: string[] = [];
  let bytes = 0;
  const walk = (dir: string): boolean => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    } catch {
      return true;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!walk(path)) return false;
      } else if (entry.isFile()) {
        const size = statSync(path).size;
        if (size > MAX_FILE_BYTES) continue;
        files.push(path);
        bytes += size;
        if (bytes >= limit) return false;
      }
    }
    return true;
  };
  for (const root of roots) if (!walk(root)) break;
  if (bytes < limit * 0.9) throw new Error(`${roots.join(', ')} hold only ${bytes} bytes of files up to ${MAX_FILE_BYTES} bytes, not ${limit}`);
  return { files, bytes };
}
