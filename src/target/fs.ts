import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { globMatcher } from './glob.js';
import type { FileInfo } from '../analyzer/types.js';
import type { Target } from './types.js';
import { UserError } from '../errors.js';

export interface FsTargetOptions {
  /** `source` for a project tree (fs), `installed` for a root filesystem (rootfs). Default source. */
  contents?: 'source' | 'installed';
  /** Globs (relative to the root, `**` allowed) of directories not to enter. */
  skipDirs?: string[];
  /** Globs (relative to the root) of files not to read. */
  skipFiles?: string[];
}

/** Directories never worth entering. */
const alwaysSkippedDirs = new Set(['.git', '.hg', '.svn']);

/**
 * A directory on the local filesystem. Walks it without following symlinked directories; a
 * symlinked file is read only when it resolves to a file inside the root.
 */
export async function openFsTarget(path: string, options: FsTargetOptions = {}): Promise<Target> {
  const root = resolve(path);
  let info;
  try {
    info = await stat(root);
  } catch {
    throw new UserError(`${path}: no such file or directory`);
  }
  const realRoot = await realpath(root);
  const skipDir = globMatcher(options.skipDirs);
  const skipFile = globMatcher(options.skipFiles);

  // A single file is scanned as a directory holding just that file (like trivy fs FILE).
  if (info.isFile()) {
    const name = root.split(sep).pop()!;
    const dir = resolve(root, '..');
    return {
      name: path,
      artifactType: 'filesystem',
      contents: options.contents ?? 'source',
      async *files() {
        if (!skipFile(name)) yield { path: name, size: info.size };
      },
      read: (rel) => readInside(dir, realpath(dir), rel),
    };
  }
  if (!info.isDirectory()) throw new UserError(`${path}: not a file or directory`);

  async function* walk(dir: string): AsyncGenerator<FileInfo> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable directory: nothing to analyze there
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const abs = join(dir, entry.name);
      const rel = toPosix(relative(root, abs));
      if (entry.isDirectory()) {
        if (alwaysSkippedDirs.has(entry.name) || skipDir(rel)) continue;
        yield* walk(abs);
      } else if (entry.isFile()) {
        if (skipFile(rel)) continue;
        const s = await lstat(abs).catch(() => undefined);
        if (s) yield { path: rel, size: s.size };
      } else if (entry.isSymbolicLink()) {
        if (skipFile(rel)) continue;
        const target = await realpath(abs).catch(() => undefined);
        if (!target || !isInside(realRoot, target)) continue;
        const s = await stat(target).catch(() => undefined);
        if (s?.isFile()) yield { path: rel, size: s.size };
      }
    }
  }

  return {
    name: path,
    artifactType: 'filesystem',
    contents: options.contents ?? 'source',
    files: () => walk(root),
    read: (rel) => readInside(root, Promise.resolve(realRoot), rel),
  };
}

async function readInside(root: string, realRoot: Promise<string>, rel: string): Promise<Buffer | undefined> {
  const abs = resolve(root, rel);
  const real = await realpath(abs).catch(() => undefined);
  if (!real || !isInside(await realRoot, real)) return undefined;
  const s = await stat(real).catch(() => undefined);
  if (!s?.isFile()) return undefined;
  return readFile(real).catch(() => undefined);
}

function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/**
 * trivy-style skip globs: a pattern matches the path relative to the root; a pattern without a
 * slash also matches the base name anywhere (`node_modules` skips every node_modules directory).
 */
