import picomatch from 'picomatch';

/**
 * trivy's `--skip-dirs` / `--skip-files` globs: matched against the path relative to the root
 * (`**` allowed; a leading `./` or `/` ignored), and a pattern without `/` also against the base name.
 */
export function globMatcher(patterns: string[] | undefined): (rel: string) => boolean {
  const list = (patterns ?? []).map((p) => p.replace(/^\.?\/+/, '').replace(/\/+$/, '')).filter((p) => p !== '');
  if (list.length === 0) return () => false;
  const isMatch = picomatch(list, { dot: true, basename: false });
  const baseMatch = picomatch(list.filter((p) => !p.includes('/')), { dot: true });
  return (rel) => isMatch(rel) || baseMatch(rel.slice(rel.lastIndexOf('/') + 1));
}

/** True when a file is skipped: it matches a skipped-file glob, or one of its directories a skipped-dir glob. */
export function skippedPathFilter(skipDirs: string[] | undefined, skipFiles: string[] | undefined): (path: string) => boolean {
  const dir = globMatcher(skipDirs);
  const file = globMatcher(skipFiles);
  if ((skipDirs ?? []).length === 0 && (skipFiles ?? []).length === 0) return () => false;
  return (path) => {
    if (file(path)) return true;
    for (let i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) if (dir(path.slice(0, i))) return true;
    return false;
  };
}
