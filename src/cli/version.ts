import { readFileSync } from 'node:fs';

/** picket's version, from its package.json (read once, no module loading). */
export function picketVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Where a build comes from: the git commit and its time, or "unknown" for either. */
export interface BuildInfo {
  commit: string;
  commitTime: string;
}

/**
 * The build's commit, from `dist/build-info.json` (written by scripts/write-build-info.mjs when
 * `npm run build` runs); "unknown" when the file is missing or unreadable (e.g. run from sources).
 */
export function picketBuildInfo(): BuildInfo {
  try {
    const info = JSON.parse(readFileSync(new URL('../build-info.json', import.meta.url), 'utf8')) as Partial<BuildInfo>;
    return {
      commit: typeof info.commit === 'string' && info.commit !== '' ? info.commit : 'unknown',
      commitTime: typeof info.commitTime === 'string' && info.commitTime !== '' ? info.commitTime : 'unknown',
    };
  } catch {
    return { commit: 'unknown', commitTime: 'unknown' };
  }
}

/** What `picket --version` prints: `0.1.0 (commit 280b1655a670…)`, the full commit id. */
export function picketVersionText(): string {
  return `${picketVersion()} (commit ${picketBuildInfo().commit})`;
}
