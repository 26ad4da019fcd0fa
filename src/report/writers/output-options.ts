import type { OptionSpec } from '../../config/options.js';
import { formatNames } from './registry.js';

/** `--template`: the template of `--format template` (for scan commands and `picket convert`). */
export const templateOptionSpec: OptionSpec = {
  name: 'template', short: 't', kind: 'string', valueName: 'template',
  description: 'template for --format template: the text, or @FILE (Go text/template syntax, see docs/templates.md)',
};

/** `--cyclonedx-version`: the CycloneDX specification version `--format cyclonedx` writes. */
export const cyclonedxVersionOptionSpec: OptionSpec = {
  name: 'cyclonedx-version', kind: 'string', valueName: 'version', description: 'CycloneDX specification version written', default: '1.6', choices: ['1.5', '1.6'],
};

/**
 * The options of `picket convert` (same names as the scan commands'). Kept apart from the command
 * so that registering it at startup loads no writer.
 */
export const convertOptionSpecs: OptionSpec[] = [
  { name: 'format', short: 'f', kind: 'string', valueName: 'format', description: 'output format', default: 'table', choices: formatNames },
  { name: 'output', short: 'o', kind: 'list', valueName: 'file', description: 'write to FILE instead of stdout, or FORMAT=FILE for another format (repeatable)' },
  templateOptionSpec,
  cyclonedxVersionOptionSpec,
  { name: 'dependency-tree', kind: 'boolean', description: 'table: show which packages pull in each vulnerable package', default: false },
];
