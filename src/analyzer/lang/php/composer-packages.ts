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

export function composerPackages(lists: PackageList[], lines: LineIndex): Package[] {
  const entries: Entry[] = [];
  for (const list of lists) {
    list.values.forEach((value, index) => {
      const entry = entryOf(value, list.spans?.[index], lines, list.dev);
      if (entry) entries.push(entry);
    });
  }
  const idByName = new Map<string, string>();
  for (const { pkg } of entries) if (!idByName.has(pkg.name.toLowerCase())) idByName.set(pkg.name.toLowerCase(), pkg.id);
  for (const { pkg, requires } of entries) {
    const dependsOn = [...new Set(requires.map((name) => idByName.get(name.toLowerCase())))]
      .filter((id): id is string => id !== undefined && id !== pkg.id)
      .sort();
    if (dependsOn.length > 0) pkg.dependsOn = dependsOn;
  }
  return mergePackagesById(entries.map((e) => e.pkg)).sort(byNameThenVersion);
}

function entryOf(value: unknown, span: JsonSpan | undefined, lines: LineIndex, dev: boolean): Entry | undefined {
  const object = asObject(value);
  const name = nonEmptyString(object?.name);
  const version = nonEmptyString(object?.version);
  if (!object || !name || !version) return undefined;
  const licenses = licensesOf(object.license);
  const pkg: Package = {
    id: `${name}@${version}`,
    name,
    version,
    dev,
    ...(licenses.length > 0 ? { licenses } : {}),
    ...(span ? { locations: [spanLocation(span, lines)] } : {}),
  };
  return { pkg, requires: Object.keys(asObject(object.require) ?? {}) };
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
