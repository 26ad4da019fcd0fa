import { coerceOption, envNames, type OptionSource, type OptionSpec, type OptionValues } from './options.js';

export interface ResolvedOptions {
  values: OptionValues;
  sources: Record<string, OptionSource>;
  /** Config keys no option knows (reported as one warning each). */
  unknownConfigKeys: string[];
}

/**
 * Applies the precedence flags > environment > config file > default, and checks every value,
 * whichever place it came from.
 */
export function resolveOptions(
  specs: OptionSpec[],
  flags: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  config: Map<string, unknown>,
  configPath: string,
): ResolvedOptions {
  const values: OptionValues = {};
  const sources: Record<string, OptionSource> = {};
  const usedConfigKeys = new Set<string>();
  for (const spec of specs) {
    // commander reads `--no-x` as `x: false` (and defaults `x` to true).
    const flag = spec.kind === 'boolean' && spec.name.startsWith('no-') ? (flags[camel(spec.name.slice(3))] === false ? true : undefined) : flags[camel(spec.name)];
    if (flag !== undefined) {
      values[spec.name] = coerceOption(spec, flag, `flag --${spec.name}`);
      sources[spec.name] = 'flag';
      continue;
    }
    const envName = envNames(spec).find((n) => env[n] !== undefined && env[n] !== '');
    if (envName) {
      values[spec.name] = coerceOption(spec, env[envName], `environment variable ${envName}`);
      sources[spec.name] = 'env';
      continue;
    }
    const key = [spec.name, ...(spec.configKeys ?? [])].find((k) => config.has(k));
    if (key) {
      usedConfigKeys.add(key);
      values[spec.name] = coerceOption(spec, config.get(key), `config file ${configPath} (${key})`);
      sources[spec.name] = 'config';
      continue;
    }
    values[spec.name] = spec.default !== undefined && spec.kind === 'duration' ? coerceOption(spec, spec.default, 'default') : spec.default;
    sources[spec.name] = 'default';
  }
  const known = new Set(specs.flatMap((s) => [s.name, ...(s.configKeys ?? [])]));
  const unknownConfigKeys = [...config.keys()].filter((k) => !known.has(k));
  return { values, sources, unknownConfigKeys };
}

/** commander's key for a flag: `ignore-unfixed` -> `ignoreUnfixed`. */
export function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
