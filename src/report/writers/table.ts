import Table from 'cli-table3';
import pc from 'picocolors';
import type { Report, Result } from '../model.js';
import type { ReportWriter, WriterOptions } from './types.js';
import { renderDependencyTree } from './dependency-tree.js';
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

const plainStyle = { head: [] as string[], border: [] as string[] };

/** Human-readable tables: a report summary, then per target its severity totals and findings. */
export const tableWriter: ReportWriter = {
  format: 'table',
  render(report, options) {
    const out: string[] = [];
    out.push(renderSummary(report));
    for (const result of report.Results) {
      if (!result.Vulnerabilities?.length) continue;
      out.push(renderResult(result, options));
      const tree = options.dependencyTree ? renderDependencyTree(result) : undefined;
      if (tree) out.push(tree);
    }
    return `${out.join('\n\n')}\n`;
  },
};

function renderSummary(report: Report): string {
  const table = new Table({ head: ['Target', 'Type', 'Vulnerabilities'], style: plainStyle });
  for (const r of report.Results) table.push([r.Target, r.Type ?? r.Class, String(r.Vulnerabilities?.length ?? 0)]);
  if (report.Results.length === 0) return `Report Summary\n\nNo supported files found in ${report.ArtifactName}.`;
  return `Report Summary\n\n${table.toString()}\nLegend:\n- '0': Clean (no security findings detected)`;
}

function renderResult(result: Result, options: WriterOptions): string {
  const vulns = result.Vulnerabilities ?? [];
  const counts = new Map<Severity, number>(SEVERITIES.map((s) => [s, 0]));
  for (const v of vulns) counts.set(v.Severity, (counts.get(v.Severity) ?? 0) + 1);
  const totals = SEVERITIES.map((s) => `${s}: ${counts.get(s)}`).join(', ');
  const heading = `${result.Target} (${result.Type ?? result.Class})`;
  const table = new Table({
    head: ['Library', 'Vulnerability', 'Severity', 'Status', 'Installed Version', 'Fixed Version', 'Title'],
    style: plainStyle,
    wordWrap: true,
    colWidths: [null, null, null, null, null, null, 60],
  } as ConstructorParameters<typeof Table>[0]);
  for (const v of vulns) {
    const paint = severityColor(v.Severity, options.color);
    const title = [v.Title ?? '', v.PrimaryURL ?? ''].filter(Boolean).join('\n');
    table.push([v.PkgName, v.VulnerabilityID, paint(v.Severity), v.Status, v.InstalledVersion, v.FixedVersion ?? '', title]);
  }
  return `${heading}\n${'='.repeat(heading.length)}\nTotal: ${vulns.length} (${totals})\n\n${table.toString()}`;
}
