/**
 * Which config parser wants a file: by name for Dockerfiles, Terraform (`.tf`, `.tf.json`) and
 * Compose files, by content for CloudFormation templates and Kubernetes manifests. Helm charts are
 * whole directories (see `scanConfigTree`).
 */
import { isComposeFileName, isDockerfileName } from './config-file-names.js';
import { parseYamlDocuments } from './yaml/documents.js';
import type { ConfigType } from './types.js';

/** A user pattern (`--file-patterns dockerfile:Customfile`): files whose path matches get that type. */
export interface FilePattern {
  type: ConfigType;
  pattern: RegExp;
}

const API_VERSION = /^\s*["']?apiVersion["']?\s*:/m;
const KIND = /^\s*["']?kind["']?\s*:/m;

/** True when the text looks like a CloudFormation template (by `AWSTemplateFormatVersion` or `Type: AWS::...`). */
export function looksLikeCloudFormation(text: string): boolean {
  return /["']?AWSTemplateFormatVersion["']?\s*:/.test(text) || (/["']?Resources["']?\s*:/.test(text) && /["']?Type["']?\s*:\s*["']?(AWS|Alexa|Custom)::/.test(text));
}

/**
 * The config type of a file, or undefined. Dockerfiles, Terraform and Compose files are known by
 * name; a `.yaml`/`.yml`/`.json`/`.template` file is CloudFormation when it has
 * `AWSTemplateFormatVersion` or `Resources` with `Type: AWS::...`, else Kubernetes when it has
 * top-level `apiVersion` and `kind` (so YAML/JSON need `content`). Files holding `{{` (templates)
 * count only if they still parse as YAML. User patterns are tried first.
 */
export function configFileType(path: string, content?: Buffer | string, options: { filePatterns?: readonly FilePattern[] } = {}): ConfigType | undefined {
  for (const { type, pattern } of options.filePatterns ?? []) if (pattern.test(path)) return type;
  if (isDockerfileName(path)) return 'dockerfile';
  if (/\.tf(\.json)?$/i.test(path)) return 'terraform';
  if (isComposeFileName(path)) return 'docker-compose';
  if (!/\.(ya?ml|json|template)$/i.test(path) || content === undefined) return undefined;
  const text = typeof content === 'string' ? content : content.toString('utf8');
  if (looksLikeCloudFormation(text)) return 'cloudformation';
  if (/\.template$/i.test(path)) return undefined;
  const json = /\.json$/i.test(path);
  if (json ? !/"apiVersion"\s*:/.test(text) || !/"kind"\s*:/.test(text) : !API_VERSION.test(text) || !KIND.test(text)) return undefined;
  if (text.includes('{{')) {
    try {
      parseYamlDocuments(text);
    } catch {
      return undefined;
    }
  }
  return 'kubernetes';
}
