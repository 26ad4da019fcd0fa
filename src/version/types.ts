/** A version scheme: how one ecosystem orders its version strings. */
export interface VersionScheme {
  name: string;
  /** False when the string is not a version of this scheme (such versions are never matched). */
  isValid(version: string): boolean;
  /** Negative, zero or positive, like Array.prototype.sort comparators. Both must be valid. */
  compare(a: string, b: string): number;
}
