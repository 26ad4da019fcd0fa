import pc from 'picocolors';
import type { Report, Result } from '../model.js';
import type { ReportWriter, WriterOptions } from './types.js';
import { renderBoxTable } from './box-table.js';
import { renderDependencyTree } from './dependency-tree.js';
import { renderMisconfigSection } from './table-misconfig.js';
import { renderSecretSection } from './table-secret.js';
import { SEVERITIES, type Severity } from '../../detector/vuln/severity.js';

type Colorize = (text: string) => string;

function severityColor(severity: Severity, color: boolean): Colorize {
  if (!color) return (s) => s;
  const c = pc.createColors(true);
  switch (severity) {
    case 'CRITICAL': return c.red;
    case 'HIGH': return c.magenta;
    case 'MEDIUM': return c.yellow;
    case 'LOW': return c.blue;
    default: return c.gray;
  }
}

/**
 * Human-readable tables: a report summary, then per target its severity totals and findings:
 * vulnerabilities (with --dependency-tree, what pulls each vulnerable package in), failed
 * configuration checks with their code, and secrets with their masked lines.
 */
export const tableWriter: ReportWriter = {
  format: 'table',
  render(report, options) {
    const out: string[] = [];
    out.push(renderSummary(report));
    const paint = (s: string) => severityColor(s as Severity, options.color);
    const red = options.color ? pc.createColors(true).red : (s: string) => s;
    for (const result of report.Results) {
      if (result.Vulnerabilities?.length) {
        out.push(renderResult(result, options));
        const tree = options.dependencyTree ? renderDependencyTree(result) : undefined;
        if (tree) out.push(tree);
      }
      const misconfigs = renderMisconfigSection(result, paint, red);
      if (misconfigs) out.push(misconfigs);
      const secrets = renderSecretSection(result, paint, red);
      if (secrets) out.push(secrets);
    }
    return `${out.join('\n\n')}\n`;
  },
};

function renderSummary(report: Report): string {
  const withSecrets = report.Results.some((r) => r.Class === 'secret' || r.Secrets !== undefined);
  const withMisconfigs = report.Results.some((r) => r.Class === 'config');
  const head = ['Target', 'Type', 'Vulnerabilities', ...(withSecrets ? ['Secrets'] : []), ...(withMisconfigs ? ['Misconfigurations'] : [])];
  if (report.Results.length === 0) return `Report Summary\n\nNo supported files found in ${report.ArtifactName}.`;
  const cell = (applies: boolean, n: number | undefined) => (applies ? String(n ?? 0) : '-');
  const rows = report.Results.map((r) => {
    const vulnClass = r.Class === 'os-pkgs' || r.Class === 'lang-pkgs';
    const failed = r.Misconfigurations?.filter((m) => m.Status === 'FAIL').length ?? r.MisconfSummary?.Failures;
    return [
      r.Target,
      r.Type ?? r.Class,
      cell(vulnClass, r.Vulnerabilities?.length),
      ...(withSecrets ? [cell(r.Class === 'secret' || r.Secrets !== undefined, r.Secrets?.length)] : []),
      ...(withMisconfigs ? [cell(r.Class === 'config', failed)] : []),
    ];
  });
  return `Report Summary\n\n${renderBoxTable({ head }, rows)}\nLegend:\n- '-': Not scanned\n- '0': Clean (no security findings detected)`;
}

const vulnerabilityColumns = ['Library', 'Vulnerability', 'Severity', 'Status', 'Installed Version', 'Fixed Version', 'Title'];

function renderResult(result: Result, options: WriterOptions): string {
  const vulns = result.Vulnerabilities ?? [];
  const counts = new Map<Severity, number>(SEVERITIES.map((s) => [s, 0]));
  for (const v of vulns) counts.set(v.Severity, (counts.get(v.Severity) ?? 0) + 1);
  const totals = SEVERITIES.map((s) => `${s}: ${counts.get(s)}`).join(', ');
  const heading = `${result.Target} (${result.Type ?? result.Class})`;
  const rows = vulns.map((v) => {
    const paint = severityColor(v.Severity, options.color);
    const title = [v.Title ?? '', v.PrimaryURL ?? ''].filter(Boolean).join('\n');
    return [v.PkgName, v.VulnerabilityID, paint(v.Severity), v.Status, v.InstalledVersion, v.FixedVersion ?? '', title];
  });
  const table = renderBoxTable({ head: vulnerabilityColumns, colWidths: [null, null, null, null, null, null, 60] }, rows);
  return `${heading}\n${'='.repeat(heading.length)}\nTotal: ${vulns.length} (${totals})\n\n${table}`;
}
