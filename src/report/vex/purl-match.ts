import { parsePurl, withEpoch, type ParsedPurl } from '../../target/sbom/purl-to-package.js';

/**
 * Does a purl pattern (from a VEX statement or an ignore file) name this package? The type,
 * namespace and name must be the same (case-insensitively; PyPI names as PEP 503 normalises
 * them); a version-less pattern matches every version; the pattern's qualifiers must all be on
 * the package with the same values (so `pkg:deb/debian/openssl` matches the package whatever its
 * `arch` and `distro`), and its subpath, if any, must be the package's. An rpm or deb `epoch`
 * qualifier counts as part of the version (`1:1.0.2k-16.el7`); Maven's default `type=jar` is no
 * constraint on a package whose purl has no type.
 */
export function purlMatches(pattern: ParsedPurl, purl: ParsedPurl): boolean {
  if (pattern.type !== purl.type) return false;
  if (norm(pattern.type, pattern.namespace) !== norm(purl.type, purl.namespace)) return false;
  if (norm(pattern.type, pattern.name) !== norm(purl.type, purl.name)) return false;
  if (pattern.version !== undefined && versionOf(pattern) !== versionOf(purl)) return false;
  for (const [key, value] of Object.entries(pattern.qualifiers)) {
    if (key === 'epoch' || (pattern.type === 'maven' && key === 'type' && value === 'jar' && purl.qualifiers.type === undefined)) continue;
    if (purl.qualifiers[key] !== value) return false;
  }
  return pattern.subpath === undefined || pattern.subpath === purl.subpath;
}

/** Parses the pattern first; false when either is not a purl. */
export function purlTextMatches(pattern: ParsedPurl | string, purl: string): boolean {
  const p = typeof pattern === 'string' ? parsePurl(pattern) : pattern;
  const actual = parsePurl(purl);
  return p !== undefined && actual !== undefined && purlMatches(p, actual);
}

function norm(type: string, part: string | undefined): string {
  const lower = (part ?? '').toLowerCase();
  return type === 'pypi' ? lower.replace(/[-_.]+/g, '-') : lower;
}

function versionOf(purl: ParsedPurl): string | undefined {
  return purl.version === undefined ? undefined : withEpoch(purl.version, purl.qualifiers.epoch);
}
