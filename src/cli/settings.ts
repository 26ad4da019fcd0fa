import { readConfigFile } from '../config/config-file.js';
import { globalOptionSpecs, type OptionSpec, type OptionValues } from '../config/options.js';
import { resolveOptions } from '../config/resolve.js';
import { dbDirOf, resolveCacheDir } from '../config/cache-dir.js';
import { createLogger, type Logger } from './logger.js';

export interface CommandSettings {
  values: OptionValues;
  logger: Logger;
  cacheDir: string;
  dbDir: string;
}

/** Resolves a command's options (flags > env > picket.yaml > defaults) and sets up logging. */
export async function loadSettings(flags: Record<string, unknown>, specs: OptionSpec[]): Promise<CommandSettings> {
  const allSpecs = [...globalOptionSpecs, ...specs];
  const configPath = (flags.config as string | undefined) ?? process.env.PICKET_CONFIG ?? 'picket.yaml';
  const explicit = flags.config !== undefined || process.env.PICKET_CONFIG !== undefined;
  const config = await readConfigFile(configPath, explicit);
  const { values, unknownConfigKeys } = resolveOptions(allSpecs, flags, process.env, config, configPath);
  const logger = createLogger({ quiet: values.quiet === true, debug: values.debug === true });
  for (const key of unknownConfigKeys) logger.warn(`config file ${configPath}: unknown key "${key}" ignored`);
  const cacheDir = resolveCacheDir(values['cache-dir'] as string | undefined);
  return { values, logger, cacheDir, dbDir: dbDirOf(cacheDir) };
}
