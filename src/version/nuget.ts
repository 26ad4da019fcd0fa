import type { VersionScheme } from './types.js';
import { compareDigits, compareStrings, comparing, isDigits, memoize } from './util.js';

/**
 * NuGet versions, ordered as NuGet.Versioning's default `VersionComparer`. Written by hand: the
 * npm SemVer packages reject 4-part versions and compare labels case-sensitively.
 *
 * - one to four numeric parts, missing ones are 0 (`1.0` = `1.0.0.0`), leading zeros allowed
 *   (`1.0.01` = `1.0.1`); parts are compared as unbounded numbers;
 * - `-label.label` makes a pre-release, below its release; labels compare left to right,
 *   numeric ones as numbers, before alphanumeric ones, which compare case-insensitively
 *   (`1.0.0-BETA` = `1.0.0-beta`); fewer labels first when one list is a prefix of the other;
 * - `+metadata` is ignored.
 */
interface NuGetVersion {
  parts: string[];
  labels: string[];
}

const VERSION = /^(\d+(?:\.\d+){0,3})(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

function parse(version: string): NuGetVersion | null {
  const m = VERSION.exec(version);
  if (!m) return null;
  const parts = m[1].split('.');
  while (parts.length < 4) parts.push('0');
  return { parts, labels: m[2]?.split('.') ?? [] };
}

/** NuGet treats a label as a number when it parses as a 32-bit integer. */
const INT32_MAX = '2147483647';
const isNumericLabel = (label: string): boolean => isDigits(label) && compareDigits(label, INT32_MAX) <= 0;

function compareLabel(a: string, b: string): number {
  const aNum = isNumericLabel(a);
  const bNum = isNumericLabel(b);
  if (aNum && bNum) return compareDigits(a, b);
  if (aNum !== bNum) return aNum ? -1 : 1;
  return compareStrings(a.toUpperCase(), b.toUpperCase());
}

function compareVersions(a: NuGetVersion, b: NuGetVersion): number {
  for (let i = 0; i < 4; i++) {
    const c = compareDigits(a.parts[i], b.parts[i]);
    if (c !== 0) return c;
  }
  if (a.labels.length === 0 || b.labels.length === 0) return b.labels.length - a.labels.length;
  for (let i = 0; i < Math.min(a.labels.length, b.labels.length); i++) {
    const c = compareLabel(a.labels[i], b.labels[i]);
    if (c !== 0) return c;
  }
  return a.labels.length - b.labels.length;
}

const parseCached = memoize(parse);

export const nugetScheme: VersionScheme = {
  name: 'nuget',
  isValid: (version) => parseCached(version) !== null,
  compare: comparing('nuget', parseCached, compareVersions),
};
