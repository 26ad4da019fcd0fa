import type { Report, ResultClass } from '../model.js';
import type { ReportWriter } from './types.js';
import { artifactOf, toolVersion } from './artifact.js';
import { rootPathUri, sarifTargetUri } from './sarif-location.js';
import { severityToScore, vulnerabilityScore } from './severity-score.js';

/** One SARIF rule; the last finding of a rule id sets its texts, as trivy does. */
interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  defaultConfiguration: { level: string };
  helpUri?: string;
  help: { text: string; markdown: string };
  properties: Record<string, unknown>;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: unknown[];
}

/** What one finding contributes: its rule and its result. */
interface Finding {
  ruleId: string;
  kind: 'vulnerability' | 'misconfiguration' | 'secret';
  severity: string;
  score: string;
  cvss?: Record<string, string | number>;
  url?: string;
  resultClass: ResultClass;
  uri: string;
  locationMessage: string;
  lines: { start: number; end: number }[];
  shortDescription: string;
  fullDescription: string;
  helpText: string;
  helpMarkdown: string;
  message: string;
}

const ruleNames: Record<string, string> = {
  'os-pkgs': 'OsPackageVulnerability',
  'lang-pkgs': 'LanguageSpecificPackageVulnerability',
  config: 'Misconfiguration',
  secret: 'Secret',
  license: 'License',
  'license-file': 'License',
};

/** SARIF 2.1.0 for GitHub code scanning: one run, a rule per finding id, a result per finding. */
export const sarifWriter: ReportWriter = {
  format: 'sarif',
  render(report, options) {
    const rules: SarifRule[] = [];
    const ruleIndex = new Map<string, number>();
    const results: SarifResult[] = [];
    for (const f of findingsOf(report)) {
      let index = ruleIndex.get(f.ruleId);
      if (index === undefined) {
        index = rules.length;
        ruleIndex.set(f.ruleId, index);
      }
      rules[index] = ruleOf(f);
      results.push({
        ruleId: f.ruleId,
        ruleIndex: index,
        level: levelOf(f.severity),
        message: { text: f.message },
        locations: (f.lines.length ? f.lines : [{ start: 1, end: 1 }]).map((l) => ({
          physicalLocation: {
            artifactLocation: { uri: encodeURI(f.uri), uriBaseId: 'ROOTPATH' },
            region: { startLine: l.start || 1, startColumn: 1, endLine: l.end || l.start || 1, endColumn: 1 },
          },
          message: { text: f.locationMessage },
        })),
      });
    }
    const artifact = artifactOf(report);
    const run = {
      tool: { driver: { fullName: 'Picket Security Scanner', name: 'Picket', rules, version: toolVersion(report, options.appVersion) } },
      results,
      columnKind: 'utf16CodeUnits',
      ...(report.ArtifactType === 'filesystem' ? { originalUriBaseIds: { ROOTPATH: { uri: rootPathUri(report.ArtifactName) } } } : {}),
      ...(report.ArtifactType === 'container_image'
        ? { properties: { imageID: artifact.imageId ?? '', imageName: report.ArtifactName, repoDigests: artifact.repoDigests, repoTags: artifact.repoTags } }
        : {}),
    };
    const log = { version: '2.1.0', $schema: 'https://raw.githubusercontent.com/oasis-tcs/sarif-spec/main/sarif-2.1/schema/sarif-schema-2.1.0.json', runs: [run] };
    return `${JSON.stringify(log, null, 2)}\n`;
  },
};

function ruleOf(f: Finding): SarifRule {
  const properties: Record<string, unknown> = { precision: 'very-high', 'security-severity': f.score, tags: [f.kind, 'security', f.severity], ...f.cvss };
  return {
    id: f.ruleId,
    name: ruleNames[f.resultClass] ?? 'UnknownIssue',
    shortDescription: { text: f.shortDescription },
    fullDescription: { text: f.fullDescription },
    defaultConfiguration: { level: levelOf(f.severity) },
    ...(f.url ? { helpUri: f.url } : {}),
    help: { text: f.helpText, markdown: f.helpMarkdown },
    properties: Object.fromEntries(Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

/** trivy's levels: CRITICAL/HIGH error, MEDIUM warning, LOW/UNKNOWN note. */
function levelOf(severity: string): string {
  switch (severity) {
    case 'CRITICAL':
    case 'HIGH': return 'error';
    case 'MEDIUM': return 'warning';
    case 'LOW':
    case 'UNKNOWN': return 'note';
    default: return 'none';
  }
}

function* findingsOf(report: Report): Generator<Finding> {
  for (const res of report.Results) {
    const target = sarifTargetUri(res.Target, res.Class);
    const locations = new Map<string, { start: number; end: number }[]>();
    for (const p of res.Packages ?? []) {
      const key = `${p.Name}@${p.Version}`;
      if (!locations.has(key)) locations.set(key, (p.Locations ?? []).map((l) => ({ start: l.StartLine, end: l.EndLine })));
    }
    for (const v of res.Vulnerabilities ?? []) {
      const path = v.PkgPath ? sarifTargetUri(v.PkgPath, res.Class) : target;
      const fixed = v.FixedVersion ?? '';
      const url = v.PrimaryURL ?? '';
      const description = v.Description ?? '';
      yield {
        ruleId: v.VulnerabilityID,
        kind: 'vulnerability',
        severity: v.Severity,
        score: vulnerabilityScore(v),
        cvss: cvssProperties(v.SeveritySource ? v.CVSS?.[v.SeveritySource] : undefined),
        url: v.PrimaryURL,
        resultClass: res.Class,
        uri: path,
        locationMessage: `${path}: ${v.PkgName}@${v.InstalledVersion}`,
        lines: locations.get(`${v.PkgName}@${v.InstalledVersion}`) ?? [],
        shortDescription: v.Title ?? '',
        fullDescription: description || (v.Title ?? ''),
        helpText: `Vulnerability ${v.VulnerabilityID}\nSeverity: ${v.Severity}\nPackage: ${v.PkgName}\nFixed Version: ${fixed}\nLink: [${v.VulnerabilityID}](${url})\n${description}`,
        helpMarkdown: `**Vulnerability ${v.VulnerabilityID}**\n| Severity | Package | Fixed Version | Link |\n| --- | --- | --- | --- |\n|${v.Severity}|${v.PkgName}|${fixed}|[${v.VulnerabilityID}](${url})|\n\n${description}`,
        message: `Package: ${v.PkgName}\nInstalled Version: ${v.InstalledVersion}\nVulnerability ${v.VulnerabilityID}\nSeverity: ${v.Severity}\nFixed Version: ${fixed}\nLink: [${v.VulnerabilityID}](${url})`,
      };
    }
    for (const m of res.Misconfigurations ?? []) {
      if (m.Status !== 'FAIL') continue;
      const url = m.PrimaryURL ?? '';
      yield {
        ruleId: m.ID,
        kind: 'misconfiguration',
        severity: m.Severity,
        score: severityToScore(m.Severity),
        url: m.PrimaryURL,
        resultClass: res.Class,
        uri: target,
        locationMessage: target,
        lines: [{ start: m.CauseMetadata.StartLine ?? 0, end: m.CauseMetadata.EndLine ?? 0 }],
        shortDescription: m.Title,
        fullDescription: m.Description,
        helpText: `Misconfiguration ${m.ID}\nType: ${m.Type}\nSeverity: ${m.Severity}\nCheck: ${m.Title}\nMessage: ${m.Message}\nLink: [${m.ID}](${url})\n${m.Description}`,
        helpMarkdown: `**Misconfiguration ${m.ID}**\n| Type | Severity | Check | Message | Link |\n| --- | --- | --- | --- | --- |\n|${m.Type}|${m.Severity}|${m.Title}|${m.Message}|[${m.ID}](${url})|\n\n${m.Description}`,
        message: `Artifact: ${target}\nType: ${res.Type ?? ''}\nVulnerability ${m.ID}\nSeverity: ${m.Severity}\nMessage: ${m.Message}\nLink: [${m.ID}](${url})`,
      };
    }
    for (const s of res.Secrets ?? []) {
      yield {
        ruleId: s.RuleID,
        kind: 'secret',
        severity: s.Severity,
        score: severityToScore(s.Severity),
        resultClass: res.Class,
        uri: target,
        locationMessage: target,
        lines: [{ start: s.StartLine, end: s.EndLine }],
        shortDescription: s.Title,
        fullDescription: s.Match,
        helpText: `Secret ${s.Title}\nSeverity: ${s.Severity}\nMatch: ${s.Match}`,
        helpMarkdown: `**Secret ${s.Title}**\n| Severity | Match |\n| --- | --- |\n|${s.Severity}|${s.Match}|`,
        message: `Artifact: ${res.Target}\nType: ${res.Type ?? ''}\nSecret ${s.Title}\nSeverity: ${s.Severity}\nMatch: ${s.Match}`,
      };
    }
  }
}

/** The CVSS of the chosen source as trivy's rule properties (only the values present). */
function cvssProperties(c: { V2Vector?: string; V2Score?: number; V3Vector?: string; V3Score?: number; V40Vector?: string; V40Score?: number } | undefined): Record<string, string | number> {
  if (!c) return {};
  const out: Record<string, string | number> = {};
  if (c.V2Score) out.cvssv2_score = c.V2Score;
  if (c.V2Vector) out.cvssv2_vector = c.V2Vector;
  if (c.V3Score) out.cvssv3_baseScore = c.V3Score;
  if (c.V3Vector) out.cvssv3_vector = c.V3Vector;
  if (c.V40Score) out.cvssv40_baseScore = c.V40Score;
  if (c.V40Vector) out.cvssv40_vector = c.V40Vector;
  return out;
}
