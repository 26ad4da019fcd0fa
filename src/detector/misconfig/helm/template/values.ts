/** Go template value semantics over JavaScript values: truth, printing (fmt `%v`) and kinds. */

/** A method value exposed to templates (`.Capabilities.APIVersions.Has "x"`, `.Files.Get "f"`). */
export type TemplateMethod = (...args: unknown[]) => unknown;

/** Go's notion of a "true" value: not false, 0, nil, or an empty string/list/map. */
export function truth(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value as object).length > 0;
  return true;
}

/**
 * A number printed as Go's `%v` prints a float64 (values read from YAML are float64 in Helm):
 * shortest digits, exponent form from 1e+06 and below 1e-04 (`1000000` prints `1e+06`).
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  if (n === 0) return '0';
  const [mantissa, exponent] = n.toExponential().split('e');
  const e = Number(exponent);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(n);
}

/** `fmt.Sprint` of a value (maps as `map[k:v]`, lists as `[a b]`, nil as empty). */
export function printValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map((v) => (v === null || v === undefined ? '<nil>' : printValue(v))).join(' ')}]`;
  if (typeof value === 'function') return '';
  if (typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${k}:${printValue((value as Record<string, unknown>)[k]) || '<nil>'}`);
    return `map[${entries.join(' ')}]`;
  }
  return String(value);
}

/** Go kind names as sprig's `kindOf` reports them. */
export function kindOf(value: unknown): string {
  if (value === undefined || value === null) return 'invalid';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float64';
  if (Array.isArray(value)) return 'slice';
  if (typeof value === 'function') return 'func';
  return 'map';
}

/** True for a plain mapping. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
