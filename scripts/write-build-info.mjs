#!/usr/bin/env node
// @ts-check
/**
 * Build step (run by `npm run build` after tsc, in the package root): writes
 * `dist/build-info.json` with the git commit the build comes from, which `picket --version`
 * prints beside the semantic version.
 *
 * The commit is, in order: `PICKET_BUILD_COMMIT` (for builds from a source archive, where there is
 * no .git: 7 to 64 hex digits; its time from `PICKET_BUILD_COMMIT_TIME`), else `git rev-parse
 * HEAD` when the package root is the top of a git work tree, else "unknown". Nothing time- or
 * machine-dependent is written (the commit time comes from git), so two builds of the same commit
 * give the same bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const UNKNOWN = 'unknown';

/** @returns {{ commit: string, commitTime: string }} */
function buildInfo() {
  const fromEnv = process.env.PICKET_BUILD_COMMIT?.trim();
  if (fromEnv) {
    if (!/^[0-9a-f]{7,64}$/i.test(fromEnv)) {
      process.stderr.write(`write-build-info: PICKET_BUILD_COMMIT must be a commit id (hex), got "${fromEnv}"\n`);
      process.exit(1);
    }
    return { commit: fromEnv.toLowerCase(), commitTime: process.env.PICKET_BUILD_COMMIT_TIME?.trim() || UNKNOWN };
  }
  try {
    // Only this package's own repository counts: a build inside some other work tree is "unknown".
    const top = git('rev-parse', '--show-toplevel');
    if (realpathSync(top) !== realpathSync(root)) return { commit: UNKNOWN, commitTime: UNKNOWN };
    return { commit: git('rev-parse', 'HEAD'), commitTime: git('show', '-s', '--format=%cI', 'HEAD') };
  } catch {
    // Not a git work tree, no commit yet, or no git at all.
    return { commit: UNKNOWN, commitTime: UNKNOWN };
  }
}

/** @param {string[]} args */
function git(...args) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

const info = buildInfo();
mkdirSync(join(root, 'dist'), { recursive: true });
writeFileSync(join(root, 'dist', 'build-info.json'), `${JSON.stringify(info, null, 2)}\n`);
