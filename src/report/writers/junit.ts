import type { ReportWriter } from './types.js';
import { escapeXml } from './xml.js';

/**
 * JUnit XML as trivy's contrib template writes it: per result, a test suite of its vulnerabilities
 * (each a failing test case) and one of its configuration checks (failures fail); picket adds a
 * suite of secrets when the result has any.
 */
export const junitWriter: ReportWriter = {
  format: 'junit',
  render(report) {
    const out = ['<?xml version="1.0" ?>', '<testsuites name="picket">'];
    for (const r of report.Results) {
      const name = escapeXml(r.Target);
      const props = r.Type ? ['        <properties>', `            <property name="type" value="${escapeXml(r.Type)}"></property>`, '        </properties>'] : [];
      const vulns = r.Vulnerabilities ?? [];
      out.push(`    <testsuite tests="${vulns.length}" failures="${vulns.length}" name="${name}" errors="0" skipped="0" time="">`, ...props);
      for (const v of vulns) {
        out.push(
          `        <testcase classname="${escapeXml(`${v.PkgName}-${v.InstalledVersion}`)}" name="[${escapeXml(v.Severity)}] ${escapeXml(v.VulnerabilityID)}" time="">`,
          `            <failure message="${escapeXml(v.Title ?? '')}" type="description">${escapeXml(v.Description ?? '')}</failure>`,
          '        </testcase>',
        );
      }
      out.push('    </testsuite>');
      const s = r.MisconfSummary;
      out.push(s
        ? `    <testsuite tests="${s.Successes + s.Failures}" failures="${s.Failures}" name="${name}" errors="0" skipped="${s.Exceptions ?? 0}" time="">`
        : `    <testsuite tests="0" failures="0" name="${name}" errors="0" skipped="0" time="">`, ...props);
      for (const m of r.Misconfigurations ?? []) {
        out.push(`        <testcase classname="${escapeXml(m.Type)}" name="[${escapeXml(m.Severity)}] ${escapeXml(m.ID)}" time="">`);
        if (m.Status === 'FAIL') out.push(`            <failure message="${escapeXml(m.Title)}" type="description">${escapeXml(m.Description)}</failure>`);
        out.push('        </testcase>');
      }
      out.push('    </testsuite>');
      const secrets = r.Secrets ?? [];
      if (secrets.length > 0) {
        out.push(`    <testsuite tests="${secrets.length}" failures="${secrets.length}" name="${name}" errors="0" skipped="0" time="">`, ...props);
        for (const sec of secrets) {
          out.push(
            `        <testcase classname="${escapeXml(sec.Category)}" name="[${escapeXml(sec.Severity)}] ${escapeXml(sec.RuleID)}" time="">`,
            `            <failure message="${escapeXml(sec.Title)}" type="description">${escapeXml(`${r.Target}:${sec.StartLine}: ${sec.Match}`)}</failure>`,
            '        </testcase>',
          );
        }
        out.push('    </testsuite>');
      }
    }
    out.push('</testsuites>');
    return `${out.join('\n')}\n`;
  },
};
