import type { LineIndex } from '../../lines.js';
import { asObject, nonEmptyString, spanLocation, type JsonSpan } from '../../json-spans.js';
import type { Package } from '../../types.js';
import { byNameThenVersion, mergePackagesById } from '../npm/dependency-graph.js';

/**
 * Package objects as Composer writes them in composer.lock (`packages`, `packages-dev`) and in
 * vendor/composer/installed.json: `{name, version, require: {name: constraint}, license}`.
 * Shared by the composer.lock and installed.json analyzers.
 *
 * - id `name@version`, the version as written (`v1.0.2` keeps its `v`: advisories use the same).
 * - dependsOn: the `require` entries that name another package of the same file. Platform
 *   requirements (`php`, `ext-*`, `lib-*`, `composer-plugin-api`) are never packages and drop out;
 *   names are compared case-insensitively, as Composer does.
 * - licenses: `license` as an array of SPDX ids, or a string, an SPDX expression split into its ids
 *   (`MIT or BSD-2-Clause` → MIT, BSD-2-Clause).
 * - location: the line range of the package object.
 * Objects without a string name and version are skipped.
 */

/** A list of package objects and where each sits. */
export interface PackageList {
  values: unknown[];
  /** Spans of the elements, by index. */
  spans: JsonSpan['items'];
  dev: boolean;
}

interface Entry {
  pkg: Package;
  requires: string[];
}

const READ_FIELDS = ['name', 'version', 'require', 'license'] as const;

/**
 * What composerPackages reads of a package object: its name, version, require and license (for
 * parseLocatedJson's `reduceEntry`: the rest of a package, most of the lockfile, is dropped as soon
 * as it is parsed). Arrays are kept as they are (they are no package anyway).
 */
export function composerPackageFields(entry: object): unknown {
  if (Array.isArray(entry)) return entry;
  const object = entry as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const key of READ_FIELDS) if (Object.hasOwn(object, key)) kept[key] = object[key];
  return kept;
}

export function composerPackages(lists: PackageList[], lines: LineIndex): Package[] {
  const entries: Entry[] = [];
  for (const list of lists) {
    for (let index = 0; index < list.values.length; index++) {
      const entry = entryOf(list.values[index], list.spans?.[index], lines, list.dev);
      if (entry) entries.push(entry);
    }
  }
  const idByName = new Map<string, string>();
  const ids = new Set<string>();
  let repeated = false;
  for (const { pkg } of entries) {
    const key = pkg.name.toLowerCase();
    if (!idByName.has(key)) idByName.set(key, pkg.id);
    if (ids.has(pkg.id)) repeated = true;
    ids.add(pkg.id);
  }
  for (const { pkg, requires } of entries) {
    const dependsOn = new Set<string>();
    for (const name of requires) {
      const id = idByName.get(name.toLowerCase());
      if (id !== undefined && id !== pkg.id) dependsOn.add(id);
    }
    if (dependsOn.size > 0) pkg.dependsOn = [...dependsOn].sort();
  }
  const packages = entries.map((e) => e.pkg);
  return (repeated ? mergePackagesById(packages) : packages).sort(byNameThenVersion);
}

function entryOf(value: unknown, span: JsonSpan | undefined, lines: LineIndex, dev: boolean): Entry | undefined {
  const object = asObject(value);
  const name = nonEmptyString(object?.name);
  const version = nonEmptyString(object?.version);
  if (!object || !name || !version) return undefined;
  const pkg: Package = { id: `${name}@${version}`, name, version, dev };
  const licenses = licensesOf(object.license);
  if (licenses.length > 0) pkg.licenses = licenses;
  if (span) pkg.locations = [spanLocation(span, lines)];
  const require = asObject(object.require);
  return { pkg, requires: require ? Object.keys(require) : [] };
}

function licensesOf(value: unknown): string[] {
  if (typeof value === 'string') return splitLicenseExpression(value);
  if (Array.isArray(value)) return value.filter((l): l is string => typeof l === 'string' && l !== '');
  return [];
}

/** `"MIT or BSD-2-Clause"`, `"(LGPL-2.1-only or GPL-3.0-or-later)"` → the license ids. */
function splitLicenseExpression(expression: string): string[] {
  return expression
    .replace(/[()]/g, ' ')
    .split(/\s+(?:or|and)\s+|,/i)
    .map((id) => id.trim())
    .filter((id) => id !== '');
}
