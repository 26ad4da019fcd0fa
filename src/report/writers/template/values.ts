/** Go's view of JavaScript values in templates: truth, printing, field access, comparison. */

export type Value = unknown;

/** Go's truth: false, 0, nil, and empty strings, lists and maps are false. */
export function truthy(v: Value): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Date) return true;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** A field of a value. Own properties of plain objects only (no prototype, no functions). */
export function field(v: Value, name: string): Value {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Date) return undefined;
  const o = v as Record<string, unknown>;
  if (Object.hasOwn(o, name)) {
    const x = o[name];
    return typeof x === 'function' ? undefined : x;
  }
  // trivy's DetectedVulnerability embeds Vulnerability: `.Vulnerability.Severity` is `.Severity`.
  if (name === 'Vulnerability' && Object.hasOwn(o, 'VulnerabilityID')) return o;
  return undefined;
}

/** How Go's fmt prints a value with %v (missing values print as the empty string). */
export function show(v: Value): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return goDateString(v);
  if (Array.isArray(v)) return `[${v.map(show).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v).sort().map((k) => `${k}:${show((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  return '';
}

/** Go's default time.Time printing: `2021-08-25 12:20:30.000000005 +0000 UTC`. */
export function goDateString(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${iso.slice(20, 23)} +0000 UTC`;
}

/** Equality as Go's `eq`, where a missing value equals its zero value (`eq .Type ""`). */
export function equal(a: Value, b: Value): boolean {
  if (a === undefined || a === null) return b === undefined || b === null || b === '' || b === 0 || b === false;
  if (b === undefined || b === null) return equal(b, a);
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return a === b;
}

/** Ordering as Go's `lt`: numbers with numbers, strings with strings. */
export function compare(a: Value, b: Value): number {
  const x = a ?? (typeof b === 'number' ? 0 : '');
  const y = b ?? (typeof a === 'number' ? 0 : '');
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'string' && typeof y === 'string') return x < y ? -1 : x > y ? 1 : 0;
  throw new Error(`incompatible types for comparison: ${typeof x} and ${typeof y}`);
}

/** `len`: strings, lists and maps; missing values have length 0. */
export function lengthOf(v: Value): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (typeof v === 'object') return Object.keys(v).length;
  throw new Error(`len of ${typeof v}`);
}
