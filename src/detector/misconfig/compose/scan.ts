/**
 * Docker Compose files (`compose.yaml`, `docker-compose*.yml`, ...) → one scan unit per service,
 * with the lines of its settings. Checks see the service as written (no `extends`, no `.env`
 * interpolation: `${VAR}` stays as text).
 */
import { ParseError } from '../../../analyzer/parse-error.js';
import type { ParsedConfig, ScanUnit } from '../run-checks.js';
import { parseYamlDocuments, YamlSyntaxError } from '../yaml/documents.js';
import type { YamlFile } from '../yaml/documents.js';
import type { LineRange } from '../types.js';
import { asMap } from '../kubernetes/values.js';
import type { YamlMap } from '../kubernetes/values.js';

/** One service of a Compose file: what every Compose check receives. */
export interface ComposeService {
  name: string;
  /** The service mapping as parsed (`image`, `privileged`, `volumes`, ...). */
  spec: YamlMap;
  startLine: number;
  endLine: number;
  /** Lines of `key` of the service (key line to the end of its value), or the service's lines. */
  linesOfKey(key: string): LineRange;
  /** Lines of a mapping or list inside the service. */
  linesOf(node: unknown): LineRange | undefined;
}

/** Parses a Compose file; undefined when it has no `services`. Throws `ParseError` on invalid YAML. */
export function parseComposeConfig(filePath: string, text: string): ParsedConfig<ComposeService> | undefined {
  let file: YamlFile;
  try {
    file = parseYamlDocuments(text);
  } catch (error) {
    if (error instanceof YamlSyntaxError) throw new ParseError(filePath, error.reason, error.line);
    throw error;
  }
  const root = asMap(file.documents[0]?.value);
  const services = asMap(root?.services);
  if (!root || !services) return undefined;
  const units: ScanUnit<ComposeService>[] = [];
  for (const [name, value] of Object.entries(services)) {
    const spec = asMap(value) ?? {};
    const lines = file.linesOfKey(services, name) ?? { startLine: 1, endLine: 1 };
    const service: ComposeService = {
      name,
      spec,
      ...lines,
      linesOfKey: (key) => file.linesOfKey(spec, key) ?? lines,
      linesOf: (node) => file.linesOf(node),
    };
    units.push({ input: service, anchorLines: [lines.startLine], headerEnd: lines.startLine });
  }
  if (units.length === 0) return undefined;
  return { filePath, type: 'docker-compose', text, units };
}
