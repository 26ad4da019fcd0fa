/**
 * The release tarball, packed from a fresh copy of the sources so the work tree is left as it is:
 * copies what a build reads (package files, tsconfig, src, bin, scripts, docs, the top-level
 * documents) into a new directory, links node_modules, and runs `npm pack` there, whose
 * `prepack` builds dist/ from nothing and writes npm-shrinkwrap.json. The commit written into
 * dist/build-info.json is the repository's HEAD (the copy is not a git work tree), or the one
 * given.
 *
 * Command line: `node --import tsx scripts/pack-from-copy.ts OUT_DIR` prints the tarball's path
 * and sha256.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Everything a release build reads from the work tree (node_modules is linked, not copied). */
export const PACK_SOURCES = ['package.json', 'package-lock.json', 'tsconfig.json', 'src', 'bin', 'scripts', 'docs', 'README.md', 'LICENSE', 'CHANGELOG.md', 'SECURITY.md'];

/** The repository this script belongs to. */
export const repositoryRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface PackOptions {
  /** Commit id for dist/build-info.json; default: `git rev-parse HEAD` of the repository, else "unknown". */
  commit?: string;
  /** Where the copy is made (removed afterwards unless `keepCopy`); default: a new directory in `out`. */
  copyDir?: string;
  keepCopy?: boolean;
}

export interface PackedTarball {
  /** Absolute path of picket-<version>.tgz. */
  file: string;
  sha256: string;
  commit: string;
}

/** The repository's HEAD commit, or undefined outside git. */
export function headCommit(repo = repositoryRoot): Promise<string | undefined> {
  return new Promise((done) => {
    execFile('git', ['rev-parse', 'HEAD'], { cwd: repo, encoding: 'utf8' }, (error, stdout) => done(error ? undefined : stdout.trim()));
  });
}

/** The committer time of `commit` in `repo` (ISO 8601), or undefined when git does not know it. */
export function commitTime(repo: string, commit: string): Promise<string | undefined> {
  return new Promise((done) => {
    execFile('git', ['show', '-s', '--format=%cI', commit], { cwd: repo, encoding: 'utf8' }, (error, stdout) => done(error ? undefined : stdout.trim() || undefined));
  });
}

/** Packs a copy of `repo`'s sources into `out`; see the file comment. */
export async function packFromCopy(out: string, options: PackOptions = {}, repo = repositoryRoot): Promise<PackedTarball> {
  mkdirSync(out, { recursive: true });
  const copy = options.copyDir ?? mkdtempSync(join(out, '.copy-'));
  mkdirSync(copy, { recursive: true });
  const commit = options.commit ?? (await headCommit(repo)) ?? 'unknown';
  try {
    for (const entry of PACK_SOURCES) if (existsSync(join(repo, entry))) cpSync(join(repo, entry), join(copy, entry), { recursive: true });
    symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'));
    const env: NodeJS.ProcessEnv = {};
    // Not the settings of an enclosing `npm run` (npm_*), nor a developer's PICKET_*.
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !/^npm_/i.test(key) && !key.startsWith('PICKET_')) env[key] = value;
    if (commit !== 'unknown') {
      env.PICKET_BUILD_COMMIT = commit;
      const time = await commitTime(repo, commit);
      if (time) env.PICKET_BUILD_COMMIT_TIME = time;
    }
    const stdout = await npm(['pack', '--pack-destination', resolve(out), '--json'], copy, env);
    const [packed] = JSON.parse(stdout) as { filename: string }[];
    const file = join(resolve(out), packed.filename);
    return { file, sha256: createHash('sha256').update(readFileSync(file)).digest('hex'), commit };
  } finally {
    if (!options.keepCopy) rmSync(copy, { recursive: true, force: true });
  }
}

function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((done, reject) => {
    const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? done(stdout) : reject(new Error(`npm ${args.join(' ')} in ${cwd} failed (${code}):\n${stderr.slice(-4000)}`))));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: node --import tsx scripts/pack-from-copy.ts OUT_DIR\n');
    process.exitCode = 2;
  } else {
    const packed = await packFromCopy(resolve(out));
    process.stdout.write(`${packed.file}\nsha256 ${packed.sha256} (commit ${packed.commit})\n`);
  }
}
