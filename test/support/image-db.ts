/**
 * The advisory DB the image tests scan with: all of ../shared/db-seed plus one real Debian
 * advisory for bookworm. db-seed's DSA/DLA lists stop in April 2023, before bookworm had any
 * entry, so the Debian 12 image's planted package is matched by DSA-5970-1 (sope, fixed in
 * bookworm at 5.8.0-1+deb12u1), copied from the Debian tracker's own DSA list as vunnel's test
 * fixtures keep it (../shared/fixtures/feeds/vunnel/.../input/DSA) into a `DSA/list` file; and
 * Red Hat's CSAF for RHSA-2024:0811 (vunnel's test data too) for the RHEL image.
 *
 * The DB is built once per machine with the built CLI (`picket db build`) into the machine-wide
 * test cache, keyed by the built DB code and the sources, and each test gets its own cache dir
 * holding a copy (`cacheDirWithDb()`), scanned with the same `--db-source` list so no rebuild
 * happens (`dbSourceArgs()`).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { buildOnce } from './image-build-cache.js';
import { runPicket } from './cli.js';
import { repoRoot, sharedPath } from './paths.js';
import { tempDir } from './temp.js';

const VUNNEL_DSA = 'fixtures/feeds/vunnel/tests/unit/providers/debian/test-fixtures/input/DSA';
/** Red Hat's CSAF for RHSA-2024:0811 (sudo), from vunnel's test data: the RHEL image's finding. */
export const RHEL_ADVISORY_FILE = sharedPath('fixtures/feeds/vunnel/tests/unit/providers/rhel/test-fixtures/csaf/advisories/rhsa-2024_0811.json');
/** The advisory the Debian 12 image's planted package is found by. */
export const BOOKWORM_ADVISORY = 'DSA-5970-1';

/** The extra source: one directory with `DSA/list` holding the bookworm advisory only. */
async function bookwormSource(): Promise<string> {
  return buildOnce({
    recipe: 'db-sources-v1',
    name: 'debian-bookworm',
    build: async (dir) => {
      const lines = readFileSync(sharedPath(VUNNEL_DSA), 'utf8').split('\n');
      const start = lines.findIndex((l) => l.includes(` ${BOOKWORM_ADVISORY} `));
      if (start < 0) throw new Error(`${BOOKWORM_ADVISORY} not found in ${sharedPath(VUNNEL_DSA)}`);
      let end = start + 1;
      while (end < lines.length && !lines[end].startsWith('[')) end++;
      mkdirSync(join(dir, 'DSA'));
      writeFileSync(join(dir, 'DSA', 'list'), `${lines.slice(start, end).filter((l) => l.trim() !== '').join('\n')}\n`);
    },
  });
}

/** The sources of the image tests' DB, in order. */
export async function dbSources(): Promise<string[]> {
  return [sharedPath('db-seed'), await bookwormSource(), RHEL_ADVISORY_FILE];
}

/** `--db-source` arguments the image tests scan with (the same list the DB was built from). */
export async function dbSourceArgs(): Promise<string[]> {
  return (await dbSources()).flatMap((s) => ['--db-source', s]);
}

/** The DB file, built once per machine for this version of the DB code and these sources. */
export async function imageTestDb(): Promise<string> {
  const sources = await dbSources();
  const key = createHash('sha256');
  for (const dir of ['dist/db', 'dist/version']) hashTree(key, join(repoRoot, dir), true);
  for (const source of sources) {
    if (statSync(source).isDirectory()) hashTree(key, source, false);
    else key.update(readFileSync(source));
  }
  const dir = await buildOnce({
    recipe: 'db-v1',
    name: key.digest('hex').slice(0, 16),
    build: async (out) => {
      const r = await runPicket(['db', 'build', '-q', ...sources.flatMap((s) => ['--source', s]), '--cache-dir', out], { timeoutMs: 300_000 });
      if (r.code !== 0) throw new Error(`picket db build failed (${r.code}): ${r.stderr}`);
      pruneOldDbs(dirname(out));
    },
  });
  return join(dir, 'db', 'picket.db');
}

/** A fresh cache dir (removed after the test file) holding a copy of the image tests' DB. */
export async function cacheDirWithDb(): Promise<string> {
  const db = await imageTestDb();
  const cacheDir = tempDir('picket-image-cache-');
  mkdirSync(join(cacheDir, 'db'));
  copyFileSync(db, join(cacheDir, 'db', 'picket.db'));
  return cacheDir;
}

/** Feeds names, sizes and mtimes (or, for code, contents) of every file under `root` to the hash. */
function hashTree(hash: ReturnType<typeof createHash>, root: string, contents: boolean): void {
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        hash.update(relative(root, path));
        if (contents) hash.update(readFileSync(path));
        else {
          const s = statSync(path);
          hash.update(`${s.size}:${s.mtimeMs}`);
        }
      }
    }
  };
  hash.update(root);
  walk(root);
}

/** DBs built for older code are removed an hour after their last build (each is ~60 MB). */
function pruneOldDbs(parent: string): void {
  for (const entry of readdirSync(parent)) {
    if (!/^[0-9a-f]{16}$/.test(entry)) continue;
    const path = join(parent, entry);
    if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
}
