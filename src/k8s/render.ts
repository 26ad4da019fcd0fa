import { UserError } from '../errors.js';
import type { Severity } from '../detector/vuln/severity.js';
import { loadWriter } from '../report/writers/registry.js';
import { consolidate, type K8sReport } from './report.js';
import { renderSummaryTable } from './summary-table.js';

/** The formats `picket k8s` writes, and its two report kinds. */
export const K8S_FORMATS = ['table', 'json'] as const;
export const K8S_REPORTS = ['summary', 'all'] as const;

export interface RenderOptions {
  format: string;
  report: string;
  severities: readonly Severity[];
  color: boolean;
}

/**
 * The cluster report as text. JSON: `--report all` writes every entry (`Resources`),
 * `--report summary` one per object (`Findings`), as trivy does. Table: `summary` is the counts
 * table; `all` is, per object with findings, the findings tables `picket image`/`config` print.
 */
export async function renderClusterReport(report: K8sReport, options: RenderOptions): Promise<string> {
  if (!(K8S_FORMATS as readonly string[]).includes(options.format)) {
    throw new UserError(`picket k8s writes ${K8S_FORMATS.join(' or ')}, not "${options.format}"`);
  }
  if (!(K8S_REPORTS as readonly string[]).includes(options.report)) throw new UserError(`--report ${options.report}: expected summary or all`);
  if (options.format === 'json') {
    return `${JSON.stringify(options.report === 'all' ? report : consolidate(report), null, 2)}\n`;
  }
  const summary = consolidate(report);
  if (options.report === 'summary') return renderSummaryTable(summary, { severities: options.severities, color: options.color });
  const table = (await loadWriter('table'))!;
  const out: string[] = [];
  for (const resource of summary.Findings) {
    const results = (resource.Results ?? []).filter((r) => r.Vulnerabilities?.length || r.Secrets?.length || r.Misconfigurations?.some((m) => m.Status === 'FAIL'));
    if (results.length === 0) continue;
    const name = `${resource.Namespace ? `${resource.Namespace}/` : ''}${resource.Kind}/${resource.Name}`;
    out.push(`${name}\n${'#'.repeat(name.length)}\n`);
    out.push(table.render({ SchemaVersion: 2, CreatedAt: '', ArtifactName: name, ArtifactType: 'filesystem', Picket: report.Picket, Results: results }, { color: options.color }));
  }
  out.push(renderSummaryTable(summary, { severities: options.severities, color: options.color }));
  return out.join('\n');
}
