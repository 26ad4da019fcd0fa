import { createHash } from 'node:crypto';
import type { Analyzer } from '../types.js';
import type { Check } from '../../detector/misconfig/types.js';
import type { FilePattern } from '../../detector/misconfig/file-type.js';
import { configFileType, isDockerfileName } from '../../detector/misconfig/file-type.js';
import { scanConfigFile } from '../../detector/misconfig/index.js';

export interface MisconfigAnalyzerOptions {
  skipChecks?: ReadonlySet<string>;
  includeNonFailures?: boolean;
  customChecks?: readonly Check[];
  filePatterns?: readonly FilePattern[];
}

/** Config files are small; a larger YAML/JSON file is data, not configuration. */
const MAX_CONFIG_BYTES = 10 * 1024 * 1024;
const CANDIDATE = /\.(ya?ml|json)$/i;

/**
 * The misconfiguration checks as an analyzer: Dockerfiles by name, YAML/JSON files that turn out
 * to be Kubernetes objects by content; one verdict per config file (successes count, so a clean
 * file still appears in the report as trivy shows it).
 */
export function createMisconfigAnalyzer(options: MisconfigAnalyzerOptions = {}): Analyzer {
  const patterns = options.filePatterns ?? [];
  return {
    name: 'misconfig',
    version: 1,
    scope: 'any',
    fingerprint: createHash('sha256')
      .update(JSON.stringify({ skip: [...(options.skipChecks ?? [])].sort(), all: options.includeNonFailures ?? false, patterns: patterns.map((p) => `${p.type}:${p.pattern.source}`) }))
      .update((options.customChecks ?? []).map((c) => c.id).join(','))
      .digest('hex').slice(0, 16),
    wants: (info) => info.size <= MAX_CONFIG_BYTES && (isDockerfileName(info.path) || CANDIDATE.test(info.path) || patterns.some((p) => p.pattern.test(info.path))),
    async analyze(input) {
      const type = configFileType(input.path, input.content, { filePatterns: patterns });
      if (!type) return {};
      const result = scanConfigFile(input.path, input.content, {
        type,
        ...(options.skipChecks ? { skipChecks: options.skipChecks } : {}),
        ...(options.includeNonFailures ? { includeNonFailures: true } : {}),
        ...(options.customChecks ? { customChecks: options.customChecks } : {}),
      });
      return result ? { misconfigs: [result] } : {};
    },
  };
}
