import type { Result } from '../model.js';
import { SEVERITIES } from '../../detector/vuln/severity.js';
import { doubleDivider, renderCode, singleDivider } from './table-code.js';

type Paint = (s: string) => string;

/**
 * The secret section of a result, as trivy prints it: totals per severity, then per secret
 * `SEVERITY: Category (rule-id)`, the rule's title, and the masked lines around it.
 */
export function renderSecretSection(result: Result, paint: (severity: string) => Paint, red: Paint): string | undefined {
  const secrets = result.Secrets ?? [];
  if (secrets.length === 0) return undefined;
  const heading = `${result.Target} (secrets)`;
  const counts = new Map<string, number>();
  for (const s of secrets) counts.set(s.Severity, (counts.get(s.Severity) ?? 0) + 1);
  const out = [heading, '='.repeat(heading.length), `Total: ${secrets.length} (${SEVERITIES.map((s) => `${s}: ${counts.get(s) ?? 0}`).join(', ')})`, ''];
  for (const s of secrets) {
    out.push(`${paint(s.Severity)(`${s.Severity}:`)} ${s.Category} (${s.RuleID})`, doubleDivider, s.Title, singleDivider);
    const layer = s.Layer?.DiffID ? ` (added in layer '${s.Layer.DiffID.replace(/^sha256:/, '').slice(0, 12)}')` : '';
    const code = renderCode(result.Target, s.StartLine, s.EndLine, s.Code.Lines, red);
    if (code.length) code[0] += layer;
    out.push(...code, '', '');
  }
  return out.join('\n').trimEnd();
}
