import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ConfigTreeOptions } from '../detector/misconfig/index.js';
import type { FilePattern } from '../detector/misconfig/file-type.js';
import type { Analyzer } from '../analyzer/types.js';
import type { OptionValues } from '../config/options.js';
import { UserError } from '../errors.js';
import type { Logger } from './logger.js';
import type { LicensePolicy } from '../detector/license/policy.js';

export interface ScannerSetup {
  /** `vuln`: package analyzers and advisory matching. */
  scanPackages: boolean;
  /** The analyzers of the other scanners, configured from their options. */
  extraAnalyzers: Analyzer[];
  /** `vuln`: match packages against the advisory DB (`license` alone reads packages without matching). */
  matchVulnerabilities: boolean;
  /** `license`: the licence policy from the license options. */
  licensePolicy?: LicensePolicy;
  /** `misconfig`: how the checks run over the gathered config files. */
  misconfig?: ConfigTreeOptions;
}

const CONFIG_TYPES = new Set(['dockerfile', 'kubernetes', 'helm', 'terraform', 'cloudformation', 'docker-compose']);

/**
 * Turns `--scanners` and each scanner's options into analyzers. Engines load only when their
 * scanner is on; a missing default secret config (`trivy-secret.yaml`) is fine, a missing file
 * the user named is an error.
 */
export async function setUpScanners(scanners: readonly string[], values: OptionValues, logger: Logger, explicitSecretConfig: boolean): Promise<ScannerSetup> {
  const extraAnalyzers: Analyzer[] = [];
  let licensePolicy: LicensePolicy | undefined;
  let misconfig: ConfigTreeOptions | undefined;
  if (scanners.includes('license')) {
    const { licensePolicyFromOptions } = await import('../detector/license/policy.js');
    licensePolicy = licensePolicyFromOptions(values);
    if (values['license-full'] === true) {
      const { createLicenseFileAnalyzer } = await import('../detector/license/license-file-analyzer.js');
      extraAnalyzers.push(createLicenseFileAnalyzer());
    }
  }
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
    const filePatterns = ((values['file-patterns'] as string[] | undefined) ?? []).map(parseFilePattern);
    extraAnalyzers.push(createMisconfigAnalyzer({ filePatterns }));
    const list = (name: string) => (values[name] as string[] | undefined) ?? [];
    const tfVars = await Promise.all(list('tf-vars').map(async (path) => ({ path, content: await readFile(path, 'utf8').catch(() => { throw new UserError(`--tf-vars ${path}: no such file`); }) })));
    const helmValueFiles = await Promise.all(list('helm-values').map(async (path) => ({ path, content: await readFile(path, 'utf8').catch(() => { throw new UserError(`--helm-values ${path}: no such file`); }) })));
    misconfig = {
      ...(skip.length > 0 ? { skipChecks: new Set(skip) } : {}),
      ...(values['include-non-failures'] === true ? { includeNonFailures: true } : {}),
      ...(customChecks.length > 0 ? { customChecks } : {}),
      filePatterns,
      ...(tfVars.length > 0 ? { tfVars } : {}),
      helm: {
        ...(helmValueFiles.length > 0 ? { valueFiles: helmValueFiles } : {}),
        ...(list('helm-set').length > 0 ? { set: list('helm-set') } : {}),
        ...(list('helm-set-string').length > 0 ? { setString: list('helm-set-string') } : {}),
        ...(values['helm-kube-version'] ? { kubeVersion: values['helm-kube-version'] as string } : {}),
        ...(list('helm-api-versions').length > 0 ? { apiVersions: list('helm-api-versions') } : {}),
      },
    };
  }
  return {
    scanPackages: scanners.includes('vuln') || scanners.includes('license'),
    matchVulnerabilities: scanners.includes('vuln'),
    extraAnalyzers,
    ...(licensePolicy ? { licensePolicy } : {}),
    ...(misconfig ? { misconfig } : {}),
  };
}

/** `dockerfile:^build/.*\.df$` → a type and a regular expression; one-line errors otherwise. */
function parseFilePattern(spec: string): FilePattern {
  const colon = spec.indexOf(':');
  const type = colon > 0 ? spec.slice(0, colon) : '';
  if (!CONFIG_TYPES.has(type)) throw new UserError(`--file-patterns ${spec}: expected TYPE:REGEX with TYPE one of ${[...CONFIG_TYPES].join(', ')}`);
  try {
    return { type: type as FilePattern['type'], pattern: new RegExp(spec.slice(colon + 1)) };
  } catch (err) {
    throw new UserError(`--file-patterns ${spec}: invalid regular expression (${(err as Error).message})`);
  }
}
