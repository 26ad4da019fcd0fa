import { DEFAULT_LICENSE_CATEGORIES, LISTED_CATEGORIES, type ListedCategory } from './categories.js';
import { formatExpression } from './expression.js';
import { normalizeLicense } from './normalize.js';

/**
 * What a licence scan reports and how severely: the licences of each category (trivy's defaults
 * unless picket.yaml's `license:` section gives a list) and the licences not to report
 * (`--ignored-licenses`, `license.ignored`).
 */
export interface LicensePolicy {
  categories: Readonly<Record<ListedCategory, readonly string[]>>;
  ignored: readonly string[];
}

/** picket.yaml's `license:` section, as trivy's: `forbidden: [...]`, `restricted: [...]`, ..., `ignored: [...]`. */
export type LicensePolicyConfig = Partial<Record<ListedCategory | 'ignored', readonly string[]>>;

/** The policy of a config: each list given replaces trivy's default list of that category. */
export function licensePolicy(config: LicensePolicyConfig = {}): LicensePolicy {
  const categories = {} as Record<ListedCategory, readonly string[]>;
  for (const category of LISTED_CATEGORIES) categories[category] = config[category] ?? DEFAULT_LICENSE_CATEGORIES[category];
  return { categories, ignored: config.ignored ?? [] };
}

/**
 * The policy from resolved options (src/config/license-options.ts): `license-forbidden` ...
 * `license-unencumbered` and `ignored-licenses`; an option left unset keeps the default list.
 */
export function licensePolicyFromOptions(values: Readonly<Record<string, unknown>>): LicensePolicy {
  const list = (name: string): readonly string[] | undefined => {
    const value = values[name];
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
  };
  const config: LicensePolicyConfig = {};
  for (const category of LISTED_CATEGORIES) {
    const given = list(`license-${category}`);
    if (given) config[category] = given;
  }
  const ignored = list('ignored-licenses');
  if (ignored) config.ignored = ignored;
  return licensePolicy(config);
}

/** A policy ready for look-ups: lower-cased names → category, and the ignored names. */
export interface CompiledPolicy {
  categoryOf(name: string): ListedCategory | undefined;
  isIgnored(licenseName: string): boolean;
}

/** The names a policy entry matches: as written, and as picket normalises it (`GPLv2` also as `GPL-2.0-only`). */
function spellings(entry: string): string[] {
  return [entry.trim().toLowerCase(), formatExpression(normalizeLicense(entry.trim())).toLowerCase()];
}

/** Indexes a policy. A licence listed in two categories counts in the more severe one. */
export function compilePolicy(policy: LicensePolicy): CompiledPolicy {
  const byName = new Map<string, ListedCategory>();
  for (const category of LISTED_CATEGORIES) {
    for (const entry of policy.categories[category]) {
      for (const name of spellings(entry)) if (!byName.has(name)) byName.set(name, category);
    }
  }
  const ignored = new Set(policy.ignored.flatMap(spellings));
  return {
    categoryOf: (name) => byName.get(name.toLowerCase()),
    isIgnored: (licenseName) => ignored.size > 0 && spellings(licenseName).some((name) => ignored.has(name)),
  };
}
