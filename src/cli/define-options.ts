import { Option, type Command } from 'commander';
import type { OptionSpec } from '../config/options.js';
import { envNames } from '../config/options.js';

/**
 * Adds options from the spec table to a commander command. Defaults are not given to commander
 * (an unset flag must stay undefined so env and config can apply); they are shown in --help.
 */
export function defineOptions(command: Command, specs: OptionSpec[]): Command {
  for (const spec of specs) {
    const flags = `${spec.short ? `-${spec.short}, ` : ''}--${spec.name}${spec.kind === 'boolean' ? '' : ` <${spec.valueName ?? 'value'}>`}`;
    const shownDefault = Array.isArray(spec.default) ? spec.default.join(',') : spec.default;
    const extras = [
      spec.choices && spec.kind === 'string' ? `one of: ${spec.choices.join(', ')}` : undefined,
      shownDefault !== undefined && shownDefault !== '' && shownDefault !== false ? `default: ${String(shownDefault)}` : undefined,
      `env: ${envNames(spec).join(', ')}`,
    ].filter(Boolean);
    const option = new Option(flags, `${spec.description} (${extras.join('; ')})`);
    if (spec.kind === 'list') option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
    command.addOption(option);
  }
  return command;
}
