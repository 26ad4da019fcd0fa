/**
 * A build context for picket's Dockerfile: the Dockerfile and .dockerignore of the repository,
 * the package tarball, and (optionally) `npm-cache/`, an npm cache holding every dependency the
 * tarball's npm-shrinkwrap.json pins, so that `docker build --network none` installs without a
 * registry (air-gapped build farms; this project's tests).
 *
 * `fillNpmCache(dir, tarball)` fills such a cache by installing the tarball once into a scratch
 * prefix with `--cache dir --ignore-scripts` (this needs the registry, or a cache that already
 * holds the packages); the npm version used must be the one the build image runs, as npm's cache
 * keys are its own.
 *
 * Command line: `node --import tsx scripts/image-context.ts OUT_DIR TARBALL [--npm-cache]`.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repositoryRoot } from './pack-from-copy.js';

export interface ImageContextOptions {
  /** A filled npm cache to copy into the context as npm-cache/. */
  npmCache?: string;
  /** The repository whose Dockerfile and .dockerignore are used. */
  repo?: string;
}

/** Writes the context into `dir` (created); returns `dir`. */
export function prepareImageContext(dir: string, tarball: string, options: ImageContextOptions = {}): string {
  const repo = options.repo ?? repositoryRoot;
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(repo, 'Dockerfile'), join(dir, 'Dockerfile'));
  copyFileSync(join(repo, '.dockerignore'), join(dir, '.dockerignore'));
  copyFileSync(tarball, join(dir, basename(tarball)));
  if (options.npmCache) cpSync(options.npmCache, join(dir, 'npm-cache'), { recursive: true });
  return dir;
}

/** Fills the npm cache `dir` with the tarball's dependencies (see the file comment). */
export async function fillNpmCache(dir: string, tarball: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const prefix = mkdtempSync(join(dir, '..', '.npm-prefix-'));
  try {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !/^npm_/i.test(key)) env[key] = value;
    await new Promise<void>((done, reject) => {
      const child = spawn('npm', ['install', '--global', '--prefix', prefix, '--cache', resolve(dir), '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier', resolve(tarball)], {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? done() : reject(new Error(`npm install into the cache ${dir} failed (${code}):\n${stderr.slice(-4000)}`))));
    });
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [out, tarball] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!out || !tarball) {
    process.stderr.write('usage: node --import tsx scripts/image-context.ts OUT_DIR TARBALL [--npm-cache]\n');
    process.exitCode = 2;
  } else {
    let npmCache: string | undefined;
    if (process.argv.includes('--npm-cache')) {
      npmCache = mkdtempSync(join(resolve(out), '..', '.npm-cache-'));
      await fillNpmCache(npmCache, tarball);
    }
    prepareImageContext(resolve(out), resolve(tarball), npmCache ? { npmCache } : {});
    if (npmCache) rmSync(npmCache, { recursive: true, force: true });
    process.stdout.write(`${resolve(out)}: docker build --network none ${resolve(out)}\n`);
  }
}
