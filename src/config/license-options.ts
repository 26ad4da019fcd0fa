import type { OptionSpec } from './options.js';

/**
 * Options of the licence scanner (`--scanners license`), with trivy's names and picket.yaml keys:
 * `license.ignored`, `license.full`, and the category lists `license.forbidden` ...
 * `license.unencumbered` (each replaces trivy's default list of that category; unset keeps it).
 */
export const licenseOptionSpecs: OptionSpec[] = [
  { name: 'ignored-licenses', kind: 'list', valueName: 'licenses', description: 'licences not to report (comma-separated; matched as written or as SPDX ids)', default: [], configKeys: ['license.ignored'] },
  { name: 'license-full', kind: 'boolean', description: 'also classify licence files (LICENSE, COPYING, ...) found in the target', default: false, configKeys: ['license.full'] },
  ...(['forbidden', 'restricted', 'reciprocal', 'notice', 'permissive', 'unencumbered'] as const).map((category): OptionSpec => ({
    name: `license-${category}`,
    kind: 'list',
    valueName: 'licenses',
    description: `licences of the ${category} category (replaces the default list; usually set in picket.yaml as license.${category})`,
    configKeys: [`license.${category}`],
  })),
];
