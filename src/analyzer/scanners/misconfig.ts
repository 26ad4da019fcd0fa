import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Analyzer } from '../types.js';
import type { FilePattern } from '../../detector/misconfig/file-type.js';
import { wantsConfigFile } from '../../detector/misconfig/config-file-names.js';

/** Config files are small; a larger YAML/JSON file is data, not configuration. */
const MAX_CONFIG_BYTES = 10 * 1024 * 1024;
const DATA_FORMAT = /\.(ya?ml|json)$/i;
/** Text that may make a YAML/JSON file a config file the checks read. */
const CONFIG_MARKERS = /apiVersion|AWSTemplateFormatVersion|"?Resources"?\s*:|services\s*:|\{\{/;

/**
 * The misconfiguration scanner's analyzer: it only gathers the config files (Dockerfiles,
 * Terraform, Kubernetes/CloudFormation/Compose YAML and JSON, Helm charts) in the scan's single
 * pass; the checks run once over the whole set afterwards (`scanConfigTree`), because Terraform
 * modules and Helm charts are judged as projects, not file by file. Gathered files are plain
 * facts, so image layers cache them and whiteouts remove them like any other.
 */
export function createMisconfigAnalyzer(options: { filePatterns?: readonly FilePattern[] } = {}): Analyzer {
  const patterns = options.filePatterns ?? [];
  return {
    name: 'misconfig',
    version: 2,
    scope: 'any',
    fingerprint: createHash('sha256').update(patterns.map((p) => `${p.type}:${p.pattern.source}`).join('\n')).digest('hex').slice(0, 16),
    wants: (info) => info.size <= MAX_CONFIG_BYTES && !info.path.split('/').includes('node_modules') && (wantsConfigFile(info.path) || patterns.some((p) => p.pattern.test(info.path))),
    async analyze(input) {
      const path = input.path;
      const chartFile = /(^|\/)(Chart\.ya?ml|values[^/]*\.ya?ml|\.helmignore)$/.test(path) || path.includes('/templates/') || path.startsWith('templates/');
      // Plain data (package.json, lockfiles, CI settings) is left out early: only YAML/JSON that can be a config counts.
      if (DATA_FORMAT.test(path) && !chartFile && !patterns.some((p) => p.pattern.test(path)) && !CONFIG_MARKERS.test(input.content.toString('utf8'))) return {};
      const binary = /\.(tgz|tar\.gz)$/i.test(posix.basename(path));
      return { configFiles: [{ path, ...(binary ? { base64: input.content.toString('base64') } : { text: input.content.toString('utf8') }) }] };
    },
  };
}
