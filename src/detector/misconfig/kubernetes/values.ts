/**
 * Safe reads from parsed YAML: manifests are user input, so every field may be missing or of
 * another type. These helpers return `undefined` / empty lists instead of throwing.
 */

/** A YAML mapping. */
export type YamlMap = Record<string, unknown>;

/** The value as a mapping, or undefined. */
export function asMap(value: unknown): YamlMap | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as YamlMap) : undefined;
}

/** The value as a list (a non-list gives an empty list). */
export function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The list's mappings, skipping other items. */
export function mapsOf(value: unknown): YamlMap[] {
  const maps: YamlMap[] = [];
  if (!Array.isArray(value)) return maps;
  for (const item of value) if (item !== null && typeof item === 'object' && !Array.isArray(item)) maps.push(item as YamlMap);
  return maps;
}

/** The value as a string, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The list's strings, skipping other items. */
export function stringsOf(value: unknown): string[] {
  return asList(value).filter((item): item is string => typeof item === 'string');
}

/** Follows `path` through nested mappings. */
export function dig(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    const map = asMap(current);
    if (!map) return undefined;
    current = map[key];
  }
  return current;
}

/** True when the mapping has the key (whatever its value, null included). */
export function hasKey(value: unknown, key: string): boolean {
  const map = asMap(value);
  return map !== undefined && Object.prototype.hasOwnProperty.call(map, key);
}

/** A number, or a string holding an integer (`"0"`), as a number; else undefined. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}
