import type { Result } from '../model.js';
import { SEVERITIES } from '../../detector/vuln/severity.js';
import { doubleDivider, renderCode, singleDivider } from './table-code.js';

type Paint = (s: string) => string;

/**
 * The misconfiguration section of a config result, as trivy prints it: the tests run and failed,
 * then per finding `SEVERITY: message`, the check's description, `See URL`, and the code at
 * `file:start-end` with its lines numbered.
 */
export function renderMisconfigSection(result: Result, paint: (severity: string) => Paint, red: Paint): string | undefined {
  const findings = result.Misconfigurations ?? [];
  if (findings.length === 0) return undefined;
  const heading = `${result.Target} (${result.Type ?? result.Class})`;
  const counts = new Map<string, number>();
  for (const m of findings) if (m.Status === 'FAIL') counts.set(m.Severity, (counts.get(m.Severity) ?? 0) + 1);
  const failures = [...counts.values()].reduce((a, b) => a + b, 0);
  const summary = result.MisconfSummary ?? { Successes: 0, Failures: failures };
  const out = [
    heading,
    '='.repeat(heading.length),
    `Tests: ${summary.Successes + summary.Failures} (SUCCESSES: ${summary.Successes}, FAILURES: ${summary.Failures})`,
    `Failures: ${failures} (${SEVERITIES.map((s) => `${s}: ${counts.get(s) ?? 0}`).join(', ')})`,
    '',
  ];
  for (const m of findings) {
    const status = m.Status === 'FAIL' ? '' : `${m.Status}: `;
    out.push(`${status}${paint(m.Severity)(`${m.Severity}:`)} ${m.Message}`, doubleDivider, m.Description);
    if (m.PrimaryURL) out.push('', `See ${m.PrimaryURL}`);
    out.push(singleDivider);
    out.push(...renderCode(result.Target, m.CauseMetadata.StartLine, m.CauseMetadata.EndLine, m.CauseMetadata.Code?.Lines ?? [], red));
    out.push('', '');
  }
  return out.join('\n').trimEnd();
}
