/**
 * Values of evaluated Terraform expressions: JSON-like data plus `UNKNOWN` for what cannot be
 * known without applying the plan (computed ids, data sources, variables without a value).
 * Any operation on an unknown gives an unknown, so checks see "unknown" and do not guess.
 */

/** The value of something only known after `terraform apply`. */
export class Unknown {
  static readonly instance = new Unknown();
  private readonly brand = 'unknown';
  private constructor() {}
  toJSON(): string {
    return `(unknown ${this.brand})`;
  }
}

/** The unknown value. */
export const UNKNOWN = Unknown.instance;

/** An evaluated value. */
export type TfValue = null | boolean | number | string | TfValue[] | TfObject | Unknown;

/** An object or map value. */
export interface TfObject {
  [key: string]: TfValue;
}

/** True for the unknown value. */
export function isUnknown(value: unknown): value is Unknown {
  return value === UNKNOWN;
}

/** True for an object/map value (not a list, not unknown). */
export function isTfObject(value: unknown): value is TfObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && value !== UNKNOWN;
}

/** True when the value or anything inside it is unknown. */
export function containsUnknown(value: TfValue): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isTfObject(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/** Terraform's string conversion of a primitive; undefined for collections and unknowns. */
export function toTfString(value: TfValue): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return undefined;
}

/** Terraform's bool conversion (`"true"`/`"false"` strings convert); undefined otherwise. */
export function toTfBool(value: TfValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** Terraform's number conversion (numeric strings convert); undefined otherwise. */
export function toTfNumber(value: TfValue): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
  return undefined;
}

/** Structural equality (unknown equals nothing). */
export function tfEquals(a: TfValue, b: TfValue): boolean {
  if (a === UNKNOWN || b === UNKNOWN) return false;
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => tfEquals(item, b[i]));
  if (isTfObject(a) && isTfObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && tfEquals(a[key], b[key]));
  }
  return false;
}
