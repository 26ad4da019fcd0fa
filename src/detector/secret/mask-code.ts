import type { MisconfigFinding } from '../misconfig/types.js';
import type { SecretScanner } from './scanner.js';
import type { SecretFinding } from './types.js';

/** Path given to the engine for excerpts: neutral (no test/example path rule applies). */
const EXCERPT_PATH = 'config';

/** The masked form of every line a secret finding covers, by line number. */
export function maskedLines(secrets: readonly SecretFinding[]): Map<number, string> {
  const lines = new Map<number, string>();
  for (const secret of secrets) for (const line of secret.Code.Lines) if (line.IsCause) lines.set(line.Number, line.Content);
  return lines;
}

/**
 * The secrets in the code excerpts of one file's misconfiguration findings, found by running the
 * secret engine once over those lines placed at their own line numbers (the file itself is not
 * needed: an image's Dockerfile rebuilt from history, a live object's manifest, a file on disk).
 */
export function secretsInCode(findings: readonly MisconfigFinding[], scanner: SecretScanner): SecretFinding[] {
  const lines: string[] = [];
  for (const finding of findings) for (const line of finding.CauseMetadata.Code?.Lines ?? []) lines[line.Number - 1] = line.Content;
  if (lines.length === 0) return [];
  return scanner.scan(EXCERPT_PATH, Buffer.from(Array.from(lines, (l) => l ?? '').join('\n')));
}

/**
 * Misconfiguration findings whose code excerpts show no secret: each line a secret is on
 * replaced by its masked form (`*` for the secret, as the secret findings print it). A check's
 * excerpt quotes the file, and a file that breaks a check often holds a secret too (an env
 * value in a manifest, an ENV in a Dockerfile): every output masks them.
 */
export function maskCode<T extends MisconfigFinding>(findings: T[], masked: ReadonlyMap<number, string>): T[] {
  if (masked.size === 0) return findings;
  return findings.map((finding) => {
    const code = finding.CauseMetadata.Code;
    if (!code?.Lines.some((l) => masked.has(l.Number))) return finding;
    return {
      ...finding,
      CauseMetadata: { ...finding.CauseMetadata, Code: { Lines: code.Lines.map((l) => (masked.has(l.Number) ? { ...l, Content: masked.get(l.Number)! } : l)) } },
    };
  });
}
