import { existsSync } from 'node:fs';
import type { Analyzer } from '../analyzer/types.js';
import type { OptionValues } from '../config/options.js';
import { UserError } from '../errors.js';
import type { Logger } from './logger.js';

export interface ScannerSetup {
  /** `vuln`: package analyzers and advisory matching. */
  scanPackages: boolean;
  /** The analyzers of the other scanners, configured from their options. */
  extraAnalyzers: Analyzer[];
}

const CONFIG_TYPES = new Set(['dockerfile', 'kubernetes']);

/**
 * Turns `--scanners` and each scanner's options into analyzers. Engines load only when their
 * scanner is on; a missing default secret config (`trivy-secret.yaml`) is fine, a missing file
 * the user named is an error.
 */
export async function setUpScanners(scanners: readonly string[], values: OptionValues, logger: Logger, explicitSecretConfig: boolean): Promise<ScannerSetup> {
  const extraAnalyzers: Analyzer[] = [];
  if (scanners.includes('license')) logger.warn('--scanners license: not available in picket yet; skipped');
  if (scanners.includes('secret')) {
    const file = values['secret-config'] as string | undefined;
    const { createSecretAnalyzer } = await import('../analyzer/scanners/secret.js');
    const { loadSecretConfig } = await import('../detector/secret/config.js');
    const config = file && (explicitSecretConfig || existsSync(file)) ? await loadSecretConfig(file) : {};
    if (file && existsSync(file)) logger.debug(`secret config: ${file}`);
    extraAnalyzers.push(createSecretAnalyzer(config));
  }
  if (scanners.includes('misconfig')) {
    const { createMisconfigAnalyzer } = await import('../analyzer/scanners/misconfig.js');
    const { loadCustomChecks } = await import('../detector/misconfig/custom-checks.js');
    const customChecks = (await Promise.all(((values['config-check'] as string[] | undefined) ?? []).map((dir) => loadCustomChecks(dir)))).flat();
    const skip = (values['skip-check'] as string[] | undefined) ?? [];
    extraAnalyzers.push(createMisconfigAnalyzer({
      ...(skip.length > 0 ? { skipChecks: new Set(skip) } : {}),
      ...(values['include-non-failures'] === true ? { includeNonFailures: true } : {}),
      ...(customChecks.length > 0 ? { customChecks } : {}),
      filePatterns: ((values['file-patterns'] as string[] | undefined) ?? []).map(parseFilePattern),
    }));
  }
  return { scanPackages: scanners.includes('vuln'), extraAnalyzers };
}

/** `dockerfile:^build/.*\.df$` → a type and a regular expression; one-line errors otherwise. */
function parseFilePattern(spec: string): { type: 'dockerfile' | 'kubernetes'; pattern: RegExp } {
  const colon = spec.indexOf(':');
  const type = colon > 0 ? spec.slice(0, colon) : '';
  if (!CONFIG_TYPES.has(type)) throw new UserError(`--file-patterns ${spec}: expected TYPE:REGEX with TYPE one of ${[...CONFIG_TYPES].join(', ')}`);
  try {
    return { type: type as 'dockerfile' | 'kubernetes', pattern: new RegExp(spec.slice(colon + 1)) };
  } catch (err) {
    throw new UserError(`--file-patterns ${spec}: invalid regular expression (${(err as Error).message})`);
  }
}
