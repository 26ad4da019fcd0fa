/** Dockerfile → one scan unit. */
import type { ParsedConfig } from '../run-checks.js';
import { parseDockerfile } from './parse.js';
import type { Dockerfile } from './types.js';

/** Parses a Dockerfile for the checks. The parser is lenient, so this does not fail. */
export function parseDockerfileConfig(filePath: string, text: string): ParsedConfig<Dockerfile> {
  const dockerfile = parseDockerfile(text);
  const headerEnd = dockerfile.firstInstructionLine || Number.MAX_SAFE_INTEGER;
  return { filePath, type: 'dockerfile', text, units: [{ input: dockerfile, headerEnd }] };
}
