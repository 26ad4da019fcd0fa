import { posix } from 'node:path';

/**
 * Does the path name this lockfile? Its base name is the lockfile's name, or the name with a
 * prefix joined by `-` or `_` (`1-package-lock.json`, `api_yarn.lock`): copies of lockfiles kept
 * side by side, as test corpora (osv-detector's) and some monorepo tooling do. Dotted names
 * (`path.to.yarn.lock`) are not lockfiles, as trivy decides.
 */
export function isLockfileNamed(path: string, fileName: string): boolean {
  const base = posix.basename(path);
  if (base === fileName) return true;
  if (base.length <= fileName.length + 1 || !base.endsWith(fileName)) return false;
  return '-_'.includes(base[base.length - fileName.length - 1]);
}

/**
 * Lockfiles inside installed dependencies (`node_modules/`, yarn's `.yarn/unplugged/`) belong to
 * those dependencies, not to the project.
 */
export function isInsideInstalledDependency(path: string): boolean {
  const dirs = path.split('/').slice(0, -1);
  return dirs.includes('node_modules') || dirs.some((d, i) => d === '.yarn' && dirs[i + 1] === 'unplugged');
}

/** The usual test of a Node.js lockfile analyzer. */
export function isProjectLockfile(path: string, fileName: string): boolean {
  return isLockfileNamed(path, fileName) && !isInsideInstalledDependency(path);
}
