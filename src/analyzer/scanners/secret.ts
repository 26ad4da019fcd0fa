import { createHash } from 'node:crypto';
import type { Analyzer } from '../types.js';
import type { SecretConfig } from '../../detector/secret/config.js';
import { createSecretScanner } from '../../detector/secret/scanner.js';

/**
 * The secret scanner as an analyzer: it wants every file its rules may apply to (text files,
 * minus binaries and the noisy paths its allow rules skip) and reports masked findings. Being an
 * analyzer, it runs in the same single pass as the package analyzers, layer by layer in images,
 * and its results are cached with theirs.
 */
export function createSecretAnalyzer(config: SecretConfig = {}): Analyzer {
  const scanner = createSecretScanner(config);
  return {
    name: 'secret',
    version: 1,
    scope: 'any',
    fingerprint: createHash('sha256').update(JSON.stringify(config)).update(scanner.ruleIds.join(',')).digest('hex').slice(0, 16),
    wants: (info) => scanner.wants(info.path, info.size),
    async analyze(input) {
      const findings = input.content.length >= scanner.maxInMemorySize
        ? await scanner.scanStream(input.path, (await import('node:stream')).Readable.from([input.content]))
        : scanner.scan(input.path, input.content);
      return findings.length > 0 ? { secrets: [{ filePath: input.path, findings }] } : {};
    },
  };
}
