/**
 * picket's own container image for the release tests (container-image, air-gap): the pieces are
 * built once per machine and kept in the test image cache (image-build-cache.ts), each keyed by
 * its inputs:
 *
 * - `cachedBaseImages()`: the two Debian 12 + Node.js 20 bases of scripts/base-images.ts
 *   (mmdebstrap from the machine's Debian mirror; Docker Hub is out of reach), ~2 min cold;
 * - `cachedTarball()`: the package tarball packed from a copy of the sources
 *   (scripts/pack-from-copy.ts), keyed by the sources' contents and the HEAD commit;
 * - `cachedNpmCache()`: an npm cache holding the tarball's pinned dependencies, keyed by
 *   package-lock.json and the npm version, so `docker build --network none` installs offline;
 * - `buildPicketImage()`: pushes the bases to a test registry (pinned by digest) and runs
 *   `docker build --network none` with the repository's Dockerfile on a test dockerd;
 * - `cachedPicketImage()`: `docker save` of that image with how it was built, keyed by tarball,
 *   Dockerfile and bases (built with a private dockerd and registry when missing; tests running
 *   at the same time wait for one build).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { buildBaseImages, pushBaseImages, type BaseImages, type PushedBaseImages } from '../../scripts/base-images.js';
import { fillNpmCache, prepareImageContext } from '../../scripts/image-context.js';
import { headCommit, PACK_SOURCES, packFromCopy, type PackedTarball } from '../../scripts/pack-from-copy.js';
import type { TestDockerd } from './dockerd.js';
import { startDockerd } from './dockerd.js';
import { buildOnce } from './image-build-cache.js';
import { debianMirror } from './image-tools.js';
import { repoRoot } from './paths.js';
import { startRegistry, type TestRegistry } from './registry.js';
import { tempDir } from './temp.js';

/** The version in package.json (the image tag and the tarball's name). */
export const picketPackageVersion = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** The bases, built once per machine for this Node.js version. */
export async function cachedBaseImages(): Promise<BaseImages> {
  const suite = 'bookworm';
  const dir = await buildOnce({
    recipe: 'picket-base-v1',
    name: `${suite}-node-${process.version}`,
    build: async (out) => {
      await buildBaseImages(out, { mirror: debianMirror(), suite });
    },
  });
  return { layout: join(dir, 'oci'), nodeVersion: process.version, suite };
}

/** The tarball of the current sources (see the file comment). */
export async function cachedTarball(): Promise<PackedTarball> {
  const commit = (await headCommit(repoRoot)) ?? 'unknown';
  const key = createHash('sha256').update(commit);
  for (const entry of PACK_SOURCES) hashPath(key, join(repoRoot, entry));
  const dir = await buildOnce({
    recipe: 'picket-tgz-v1',
    name: key.digest('hex').slice(0, 16),
    build: async (out) => {
      await packFromCopy(out, { commit });
      pruneOlder(dirname(out));
    },
  });
  const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz')) ?? 'missing.tgz');
  return { file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex'), commit };
}

/** An npm cache with the tarball's dependencies (needs the npm registry, or ~/.npm, the first time). */
export async function cachedNpmCache(tarball: string): Promise<string> {
  const npmVersion = execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
  const key = createHash('sha256').update(npmVersion).update(readFileSync(join(repoRoot, 'package-lock.json'))).digest('hex').slice(0, 16);
  const dir = await buildOnce({ recipe: 'picket-npm-cache-v1', name: key, build: (out) => fillNpmCache(join(out, 'cache'), tarball) });
  return join(dir, 'cache');
}

/** What `buildPicketImage` made. */
export interface BuiltPicketImage {
  /** `picket-test:<version>` in the engine it was built in. */
  tag: string;
  tarball: PackedTarball;
  bases: PushedBaseImages;
  /** Seconds `docker build` took (for reports; never asserted). */
  buildSeconds: number;
  /** The build's output (for diagnostics). */
  log: string;
}

/** Pushes the bases to `registry` and builds the image on `dockerd` without network. */
export async function buildPicketImage(dockerd: TestDockerd, registry: TestRegistry): Promise<BuiltPicketImage> {
  const [bases, tarball] = await Promise.all([cachedBaseImages(), cachedTarball()]);
  const pushed = await pushBaseImages(bases, `${registry.host}/picket-base/node`);
  const context = prepareImageContext(tempDir('picket-image-context-'), tarball.file, { npmCache: await cachedNpmCache(tarball.file) });
  const tag = `picket-test:${picketPackageVersion}`;
  const started = process.hrtime.bigint();
  const { stdout, stderr } = await dockerd.docker([
    'build', '--network', 'none', '--tag', tag,
    '--build-arg', `BUILD_IMAGE=${pushed.buildImage}`,
    '--build-arg', `RUNTIME_IMAGE=${pushed.runtimeImage}`,
    '--build-arg', `REVISION=${tarball.commit}`,
    context,
  ]);
  const buildSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { tag, tarball, bases: pushed, buildSeconds, log: `${stdout}\n${stderr}` };
}

/** The cache key of an image archive: the tarball, the Dockerfile and .dockerignore, the bases' layout. */
async function imageKey(): Promise<string> {
  const [bases, tarball] = await Promise.all([cachedBaseImages(), cachedTarball()]);
  return createHash('sha256')
    .update(tarball.sha256)
    .update(readFileSync(join(repoRoot, 'Dockerfile')))
    .update(readFileSync(join(repoRoot, '.dockerignore')))
    .update(readFileSync(join(bases.layout, 'index.json')))
    .digest('hex')
    .slice(0, 16);
}

/** The image as a `docker save` archive, with how it was built. */
export interface PicketImageArchive {
  /** The archive (loads as `tag`). */
  archive: string;
  tag: string;
  tarball: PackedTarball;
  /** The bases it was built from, as pushed to the (since stopped) registry of its build. */
  bases: PushedBaseImages;
  buildSeconds: number;
}

/**
 * The image, built (`buildPicketImage` on a private dockerd and registry, then `docker save`)
 * when the cache has none for these inputs; concurrent tests wait for one build.
 */
export async function cachedPicketImage(): Promise<PicketImageArchive> {
  const dir = await buildOnce({
    recipe: 'picket-image-v1',
    name: await imageKey(),
    build: async (out) => {
      const dockerd = await startDockerd();
      const registry = await startRegistry('open');
      try {
        const built = await buildPicketImage(dockerd, registry);
        await dockerd.docker(['save', '--output', join(out, 'picket-image.tar'), built.tag]);
        const described: Omit<PicketImageArchive, 'archive'> = { tag: built.tag, tarball: built.tarball, bases: built.bases, buildSeconds: built.buildSeconds };
        writeFileSync(join(out, 'image.json'), `${JSON.stringify(described, null, 2)}\n`);
        pruneOlder(dirname(out));
      } finally {
        await registry.stop();
        await dockerd.stop();
      }
    },
  });
  const described = JSON.parse(readFileSync(join(dir, 'image.json'), 'utf8')) as Omit<PicketImageArchive, 'archive'>;
  return { ...described, archive: join(dir, 'picket-image.tar') };
}

/** Feeds relative paths and contents of every file at or under `path` to the hash. */
function hashPath(hash: ReturnType<typeof createHash>, path: string): void {
  if (!existsSync(path)) return;
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const entry of readdirSync(p).sort()) walk(join(p, entry));
    } else {
      hash.update(relative(repoRoot, p)).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  walk(path);
}

/**
 * Builds for older sources are removed an hour after their last build: every change of the
 * sources makes a new tarball and a new image archive (~350 MB).
 */
function pruneOlder(parent: string): void {
  for (const entry of readdirSync(parent)) {
    if (!/^[0-9a-f]{16}$/.test(entry)) continue;
    const path = join(parent, entry);
    if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
}
