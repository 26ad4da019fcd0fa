import type { Report } from '../report/model.js';

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const;
export type SeverityCounts = Record<(typeof SEVERITIES)[number], number>;

/** One finding of an image, for the opt-in per-vulnerability metric. */
export interface VulnerabilityLine {
  id: string;
  severity: string;
  pkg: string;
  installed: string;
  fixed: string;
}

/** What the operator keeps in memory per evaluated image: the counts its metrics and listings need. */
export interface ImageSummary {
  vulnerabilities: SeverityCounts;
  secrets: SeverityCounts;
  os?: { family: string; name: string };
  /** Only with --metrics-vuln-id. */
  vulnerabilityLines?: VulnerabilityLine[];
  dbStamp: string;
}

export function emptyCounts(): SeverityCounts {
  return { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0, UNKNOWN: 0 };
}

function add(counts: SeverityCounts, severity: string): void {
  const key = (SEVERITIES as readonly string[]).includes(severity) ? (severity as keyof SeverityCounts) : 'UNKNOWN';
  counts[key]++;
}

/** The summary of an image's evaluated report. */
export function summarizeImage(report: Report, dbStamp: string, withLines: boolean): ImageSummary {
  const vulnerabilities = emptyCounts();
  const secrets = emptyCounts();
  const lines: VulnerabilityLine[] = [];
  for (const result of report.Results) {
    for (const v of result.Vulnerabilities ?? []) {
      add(vulnerabilities, v.Severity);
      if (withLines) lines.push({ id: v.VulnerabilityID, severity: v.Severity, pkg: v.PkgName, installed: v.InstalledVersion, fixed: v.FixedVersion ?? '' });
    }
    for (const s of result.Secrets ?? []) add(secrets, s.Severity);
  }
  const os = report.Metadata?.OS as { Family?: string; Name?: string } | undefined;
  return {
    vulnerabilities,
    secrets,
    ...(os?.Family ? { os: { family: os.Family, name: os.Name ?? '' } } : {}),
    ...(withLines ? { vulnerabilityLines: lines } : {}),
    dbStamp,
  };
}

/** Failed checks per severity in a resource's config-audit results. */
export function configCounts(report: Report): SeverityCounts {
  const counts = emptyCounts();
  for (const r of report.Results) for (const m of r.Misconfigurations ?? []) if (m.Status === 'FAIL') add(counts, m.Severity);
  return counts;
}
