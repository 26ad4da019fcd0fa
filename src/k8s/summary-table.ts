import Table from 'cli-table3';
import pc from 'picocolors';
import type { Severity } from '../detector/vuln/severity.js';
import type { K8sResource, K8sSummaryReport } from './report.js';

const RBAC_KINDS = new Set(['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);
/** trivy's column order: most severe first. */
const ORDER: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'];
const plainStyle = { head: [] as string[], border: [] as string[] };


type Counts = Map<Severity, number>;

export interface SummaryTableOptions {
  /** The severities asked for (`--severity`): one column each. */
  severities: readonly Severity[];
  color: boolean;
}

function paint(severity: Severity, text: string, color: boolean): string {
  if (!color) return text;
  const c = pc.createColors(true);
  switch (severity) {
    case 'CRITICAL': return c.red(text);
    case 'HIGH': return c.magenta(text);
    case 'MEDIUM': return c.yellow(text);
    case 'LOW': return c.blue(text);
    default: return c.gray(text);
  }
}

/** Vulnerability, failed check and secret counts per severity of one resource. */
function countsOf(resource: K8sResource): { vulns: Counts; misconfigs: Counts; secrets: Counts } {
  const vulns: Counts = new Map();
  const misconfigs: Counts = new Map();
  const secrets: Counts = new Map();
  const add = (m: Counts, s: Severity) => m.set(s, (m.get(s) ?? 0) + 1);
  for (const r of resource.Results ?? []) {
    for (const v of r.Vulnerabilities ?? []) add(vulns, v.Severity);
    for (const m of r.Misconfigurations ?? []) if (m.Status === 'FAIL') add(misconfigs, m.Severity);
    for (const s of r.Secrets ?? []) add(secrets, s.Severity);
  }
  return { vulns, misconfigs, secrets };
}

const total = (m: Counts) => [...m.values()].reduce((a, b) => a + b, 0);

/**
 * trivy's `--report summary` table: per namespace and resource (`Kind/name`), the counts per
 * severity of vulnerabilities, misconfigurations and secrets ("Workload Assessment"), the RBAC
 * objects' failed checks ("RBAC Assessment"), the nodes' versions, and resources that could
 * not be scanned. Resources without findings are left out, as trivy does.
 */
export function renderSummaryTable(report: K8sSummaryReport, options: SummaryTableOptions): string {
  const severities = ORDER.filter((s) => options.severities.includes(s));
  const letters = severities.map((s) => s[0]);
  const cells = (m: Counts) => severities.map((s) => (m.get(s) ? paint(s, String(m.get(s)), options.color) : ''));
  const out = [`Summary Report for ${report.ClusterName}`, ''];
  const sorted = [...report.Findings].sort((a, b) => (a.Namespace ?? '').localeCompare(b.Namespace ?? '') || a.Kind.localeCompare(b.Kind) || a.Name.localeCompare(b.Name));

  const workloads = new Table({ style: plainStyle });
  workloads.push(
    [{ content: 'Namespace', rowSpan: 2, vAlign: 'bottom' }, { content: 'Resource', rowSpan: 2, vAlign: 'bottom' },
      ...['Vulnerabilities', 'Misconfigurations', 'Secrets'].map((content) => ({ content, colSpan: severities.length, hAlign: 'center' as const }))],
    [...letters, ...letters, ...letters],
  );
  const rbac = new Table({ style: plainStyle });
  rbac.push(
    [{ content: 'Namespace', rowSpan: 2, vAlign: 'bottom' }, { content: 'Resource', rowSpan: 2, vAlign: 'bottom' }, { content: 'RBAC Assessment', colSpan: severities.length, hAlign: 'center' }],
    letters,
  );
  let workloadRows = 0;
  let rbacRows = 0;
  for (const r of sorted) {
    if (r.Kind === 'Node') continue;
    const c = countsOf(r);
    if (total(c.vulns) + total(c.misconfigs) + total(c.secrets) === 0) continue;
    if (RBAC_KINDS.has(r.Kind)) {
      rbac.push([r.Namespace ?? '', `${r.Kind}/${r.Name}`, ...cells(c.misconfigs)]);
      rbacRows++;
    } else {
      workloads.push([r.Namespace ?? '', `${r.Kind}/${r.Name}`, ...cells(c.vulns), ...cells(c.misconfigs), ...cells(c.secrets)]);
      workloadRows++;
    }
  }
  out.push('Workload Assessment', workloadRows > 0 ? workloads.toString() : 'No findings.', '');
  if (rbacRows > 0) out.push('RBAC Assessment', rbac.toString(), '');

  const nodes = sorted.filter((r) => r.Kind === 'Node');
  if (nodes.length > 0) {
    const table = new Table({ head: ['Node', 'Role', 'Kubelet', 'Container Runtime', 'OS Image', 'Kernel', 'Arch'], style: plainStyle });
    for (const n of nodes) {
      const info = (n.Metadata?.NodeInfo ?? {}) as Record<string, string>;
      table.push([n.Name, info.NodeRole ?? '', info.KubeletVersion ?? '', info.ContainerRuntimeVersion ?? '', info.OsImage ?? '', info.KernelVersion ?? '', info.Architecture ?? '']);
    }
    out.push('Nodes', table.toString(), '');
  }

  const failed = sorted.filter((r) => r.Error);
  if (failed.length > 0) {
    out.push('Not scanned');
    for (const r of failed) out.push(`- ${r.Namespace ? `${r.Namespace}/` : ''}${r.Kind}/${r.Name}: ${r.Error}`);
    out.push('');
  }
  out.push(`Severities: ${severities.map((s) => `${s[0]}=${paint(s, s, options.color)}`).join(' ')}`);
  return `${out.join('\n')}\n`;
}
