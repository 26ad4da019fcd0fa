/**
 * The main module's version from `-X` linker flags (`go build -ldflags='-X main.version=1.2.3'`),
 * for binaries built from a checkout (their module version is `(devel)`), as trivy guesses it:
 *
 * - only `-X <symbol>=<value>` flags whose symbol ends in `.version` or `.ver` (any case) and whose
 *   value is a valid semver (with or without `v`) count;
 * - they fall in three classes, tried in order: symbols under `<module>/cmd/`; symbols whose last
 *   path element starts with `main.`, `common.`, `version.` or `cmd.`; any other;
 * - the first class with exactly one version wins; a class with several gives no version.
 */

const DEFAULT_PREFIXES = new Set(['main', 'common', 'version', 'cmd']);

export function versionFromLdflags(modulePath: string, ldflags: string): string {
  const classes: string[][] = [[], [], []];
  for (const [rawKey, rawValue] of xFlags(ldflags.split(/\s+/).filter(Boolean))) {
    const key = rawKey.replace(/^'+/, '');
    const value = rawValue.replace(/'+$/, '');
    if (!isVersionSymbol(key) || !isValidSemver(value)) continue;
    if (key.startsWith(`${modulePath}/cmd/`)) classes[0].push(value);
    else if (DEFAULT_PREFIXES.has(versionPrefix(key))) classes[1].push(value);
    else classes[2].push(value);
  }
  for (const versions of classes) {
    if (versions.length === 0) continue;
    return versions.length === 1 ? versions[0] : '';
  }
  return '';
}

/**
 * `symbol=value` pairs of the `-X` flags, in their spellings `-X sym=v`, `-X=sym=v`, `-Xsym=v`,
 * with `"` or `'` quotes around the pair. A later flag for the same symbol wins.
 */
function xFlags(fields: string[]): Map<string, string> {
  const pairs = new Map<string, string>();
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    let arg: string | undefined;
    if (f === '-X' || f === '--X') arg = fields[++i];
    else if (f.startsWith('-X=')) arg = f.slice(3);
    else if (f.startsWith('-X')) arg = f.slice(2);
    if (arg === undefined) continue;
    const unquoted = arg.length >= 2 && arg.startsWith('"') && arg.endsWith('"') ? arg.slice(1, -1) : arg;
    const eq = unquoted.indexOf('=');
    if (eq > 0) pairs.set(unquoted.slice(0, eq), unquoted.slice(eq + 1));
  }
  return pairs;
}

function isVersionSymbol(key: string): boolean {
  const k = key.toLowerCase();
  return k.endsWith('.version') || k.endsWith('.ver');
}

/** `github.com/org/repo/pkg/version.Version` -> `version`; `main.version` -> `main`. */
function versionPrefix(key: string): string {
  const slash = key.lastIndexOf('/');
  const last = slash > 0 ? key.slice(slash + 1) : key;
  return last.split('.', 1)[0].toLowerCase();
}

const NUM = '(?:0|[1-9]\\d*)';
const IDENT = '[0-9A-Za-z-]+';
const SEMVER = new RegExp(`^v${NUM}(?:\\.${NUM}(?:\\.${NUM}(?:-${IDENT}(?:\\.${IDENT})*)?(?:\\+${IDENT}(?:\\.${IDENT})*)?)?)?$`);

/** golang.org/x/mod/semver validity (`v1`, `v1.2`, `v1.2.3-pre+build`), with the `v` optional. */
export function isValidSemver(version: string): boolean {
  const v = version.startsWith('v') ? version : `v${version}`;
  if (!SEMVER.test(v)) return false;
  const pre = /^[^-+]*-([^+]*)/.exec(v)?.[1];
  return !pre || pre.split('.').every((id) => !/^\d+$/.test(id) || id === '0' || !id.startsWith('0'));
}
