import type { OsvAffected, OsvEvent, OsvRange } from '../../db/osv-types.js';
import { requireScheme, semverScheme, type VersionScheme } from '../../version/index.js';

/**
 * OSV affected-range evaluation, as the OSV schema specifies it:
 * a version is affected when it is listed in `versions`, or when, walking the events of a
 * SEMVER/ECOSYSTEM range in version order, the last event at or below it is an `introduced`
 * (`fixed` ends a span before the fixed version, `last_affected` after it), and it is below
 * every `limit`. GIT ranges are commit hashes and never match a package version.
 */
export function isAffected(version: string, affected: OsvAffected, scheme: VersionScheme): boolean {
  if (affected.versions?.includes(version)) return true;
  for (const range of affected.ranges ?? []) {
    if (range.type === 'GIT') continue;
    const rangeScheme = range.type === 'SEMVER' && scheme.name !== 'npm' ? semverScheme : scheme;
    if (rangeScheme.isValid(version) && isInRange(version, range, rangeScheme)) return true;
  }
  return false;
}

/**
 * `isAffected` with the version scheme of an OSV ecosystem (`npm`, `PyPI`, `Debian:12`, ...), for
 * library users holding an OSV `affected` entry. Throws an Error when the ecosystem has no version
 * scheme. A version that is not valid in the scheme is affected only when `versions` lists it.
 */
export function isAffectedIn(ecosystem: string, version: string, affected: OsvAffected): boolean {
  return isAffected(version, affected, requireScheme(ecosystem));
}

function eventVersion(e: OsvEvent): string | undefined {
  return e.introduced ?? e.fixed ?? e.last_affected ?? e.limit;
}

function isInRange(version: string, range: OsvRange, scheme: VersionScheme): boolean {
  const cmp = (other: string): number => (other === '0' ? 1 : scheme.compare(version, other));
  const limits = range.events.filter((e) => e.limit !== undefined && e.limit !== '*');
  if (limits.length > 0 && !limits.some((e) => scheme.isValid(e.limit!) && cmp(e.limit!) < 0)) return false;

  const events = range.events.filter((e) => {
    if (e.limit !== undefined) return false;
    const v = eventVersion(e);
    return v !== undefined && (v === '0' || scheme.isValid(v));
  });
  events.sort((a, b) => compareEvents(a, b, scheme));

  let affected = false;
  for (const e of events) {
    if (e.introduced !== undefined) {
      if (cmp(e.introduced) >= 0) affected = true;
    } else if (e.fixed !== undefined) {
      if (cmp(e.fixed) >= 0) affected = false;
    } else if (e.last_affected !== undefined) {
      if (cmp(e.last_affected) > 0) affected = false;
    }
  }
  return affected;
}

function compareEvents(a: OsvEvent, b: OsvEvent, scheme: VersionScheme): number {
  const va = eventVersion(a)!;
  const vb = eventVersion(b)!;
  if (va === '0' || vb === '0') return va === vb ? 0 : va === '0' ? -1 : 1;
  return scheme.compare(va, vb);
}

/** Every `fixed` version of the entry's ranges, in version order, without duplicates. */
export function fixedVersions(affected: OsvAffected, scheme: VersionScheme): string[] {
  const fixed = new Set<string>();
  for (const range of affected.ranges ?? []) {
    if (range.type === 'GIT') continue;
    for (const e of range.events) if (e.fixed !== undefined && scheme.isValid(e.fixed)) fixed.add(e.fixed);
  }
  return [...fixed].sort((a, b) => scheme.compare(a, b));
}

/** Human-readable form of the ranges, kept as evidence (`>=1.0.0, <1.2.3`). */
export function describeRanges(affected: OsvAffected): string {
  const parts: string[] = [];
  for (const range of affected.ranges ?? []) {
    if (range.type === 'GIT') continue;
    let current: string[] = [];
    for (const e of range.events) {
      if (e.introduced !== undefined) {
        if (current.length > 0) parts.push(current.join(', '));
        current = e.introduced === '0' ? [] : [`>=${e.introduced}`];
      } else if (e.fixed !== undefined) current.push(`<${e.fixed}`);
      else if (e.last_affected !== undefined) current.push(`<=${e.last_affected}`);
      else if (e.limit !== undefined) current.push(`<${e.limit} (limit)`);
    }
    parts.push(current.length > 0 ? current.join(', ') : '*');
  }
  if (affected.versions?.length) parts.push(`versions: ${affected.versions.join(' ')}`);
  return parts.join(' || ');
}
