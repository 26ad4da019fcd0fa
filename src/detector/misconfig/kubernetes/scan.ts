/** Kubernetes manifests (YAML or JSON, multi-document, `kind: List`) → one scan unit per object. */
import { ParseError } from '../../../analyzer/parse-error.js';
import type { ParsedConfig, ScanUnit } from '../run-checks.js';
import { parseYamlDocuments, YamlSyntaxError } from '../yaml/documents.js';
import type { YamlFile } from '../yaml/documents.js';
import { toResource } from './resource.js';
import type { K8sResource } from './resource.js';
import { asMap, asString } from './values.js';

/**
 * Parses the manifests of a file; undefined when no document is a Kubernetes object. Throws
 * `ParseError` (file, reason, line) when the YAML is invalid.
 */
export function parseKubernetesConfig(filePath: string, text: string): ParsedConfig<K8sResource> | undefined {
  let file: YamlFile;
  try {
    file = parseYamlDocuments(text);
  } catch (error) {
    if (error instanceof YamlSyntaxError) throw new ParseError(filePath, error.reason, error.line);
    throw error;
  }
  const units: ScanUnit<K8sResource>[] = [];
  for (const doc of file.documents) {
    for (const resource of resourcesIn(doc.value, file, doc.startLine, doc.endLine)) {
      units.push({ input: resource, kind: resource.kindLower, anchorLines: [resource.startLine], headerEnd: resource.startLine });
    }
  }
  if (units.length === 0) return undefined;
  return { filePath, type: 'kubernetes', text, units };
}

/** The object itself, or the items of a `kind: List` (`PodList`, ...). */
function resourcesIn(value: unknown, file: YamlFile, startLine: number, endLine: number): K8sResource[] {
  const map = asMap(value);
  const kind = asString(map?.kind);
  if (map && kind && kind.endsWith('List') && Array.isArray(map.items)) {
    return map.items.flatMap((item) => {
      const lines = file.linesOf(item);
      const resource = toResource(item, file, lines?.startLine ?? startLine, lines?.endLine ?? endLine);
      return resource ? [resource] : [];
    });
  }
  const resource = toResource(value, file, startLine, endLine);
  return resource ? [resource] : [];
}
