import { UserError } from '../errors.js';
import type { Severity } from '../detector/vuln/severity.js';
import { loadWriter } from '../report/writers/registry.js';
import { consolidate, type K8sReport } from './report.js';
import { renderSummaryTable } from './summary-table.js';

/** The formats `picket k8s` writes, and its two report kinds. */
export const K8S_FORMATS = ['table', 'json', 'sarif', 'cyclonedx'] as const;
export const K8S_REPORTS = ['summary', 'all'] as const;

export interface RenderOptions {
  format: string;
  report: string;
  severities: readonly Severity[];
  color: boolean;
  /** CycloneDX: the API server's version, the cluster component's version (left out when unknown). */
  clusterVersion?: string;
  /** SARIF and CycloneDX: the producing tool's version (default: the report's). */
  appVersion?: string;
  /** CycloneDX: the time stamp and the seed of the document's ids (default: now). */
  now?: Date;
}

/**
 * The cluster report as text. JSON: `--report all` writes every entry (`Resources`),
 * `--report summary` one per object (`Findings`), as trivy does. Table: `summary` is the counts
 * table; `all` is, per object with findings, the findings tables `picket image`/`config` print.
 * SARIF (one run, every finding located at its resource) and CycloneDX (the cluster BOM) hold
 * everything whatever `--report` says.
 */
export async function renderClusterReport(report: K8sReport, options: RenderOptions): Promise<string> {
  if (!(K8S_FORMATS as readonly string[]).includes(options.format)) {
    throw new UserError(`picket k8s writes ${K8S_FORMATS.slice(0, -1).join(', ')} or ${K8S_FORMATS.at(-1)}, not "${options.format}"`);
  }
  if (!(K8S_REPORTS as readonly string[]).includes(options.report)) throw new UserError(`--report ${options.report}: expected summary or all`);
  if (options.format === 'sarif') {
    const { renderClusterSarif } = await import('./formats/k8s-sarif.js');
    return renderClusterSarif(report, { ...(options.appVersion ? { appVersion: options.appVersion } : {}) });
  }
  if (options.format === 'cyclonedx') {
    const { renderClusterBom } = await import('./formats/k8s-cyclonedx.js');
    return renderClusterBom(report, {
      ...(options.clusterVersion ? { clusterVersion: options.clusterVersion } : {}),
      ...(options.appVersion ? { appVersion: options.appVersion } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  }
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
