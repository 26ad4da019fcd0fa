/** Turns a check's cause into a finding in trivy's `Misconfigurations[]` shape, with the code excerpt. */
import type { Cause, Check, CodeLine, ConfigType, MisconfigFinding } from './types.js';

const TYPE_LABELS: Record<string, string> = {
  dockerfile: 'Dockerfile Security Check',
  kubernetes: 'Kubernetes Security Check',
  helm: 'Helm Security Check',
  cloudformation: 'CloudFormation Security Check',
  terraform: 'Terraform Security Check',
  'docker-compose': 'Docker Compose Security Check',
};

/** The finding `Type` for a file type (`dockerfile` → `Dockerfile Security Check`). */
export function findingType(type: ConfigType | string): string {
  return TYPE_LABELS[type] ?? `${type} Security Check`;
}

/** Code lines shown at most per finding; longer causes show the first lines and a truncation mark. */
const MAX_CODE_LINES = 10;

/** The finding for one cause (FAIL or EXCEPTION) or for a passing check (PASS, no cause). */
export function toFinding(
  check: Check,
  type: ConfigType | string,
  status: MisconfigFinding['Status'],
  cause: Cause | undefined,
  lines: readonly string[],
): MisconfigFinding {
  const finding: MisconfigFinding = {
    Type: findingType(type),
    ID: check.id,
    ...(check.avdId ? { AVDID: check.avdId } : {}),
    Title: check.title,
    Description: check.description,
    Message: cause?.message ?? '',
    Namespace: check.namespace,
    Query: `data.${check.namespace}.deny`,
    Resolution: check.resolution,
    Severity: check.severity,
    ...(check.primaryUrl ? { PrimaryURL: check.primaryUrl } : {}),
    ...(check.references.length > 0 ? { References: [...check.references] } : {}),
    Status: status,
    CauseMetadata: {
      ...(cause?.resource ? { Resource: cause.resource } : {}),
      Provider: check.provider,
      Service: check.service,
    },
  };
  if (cause?.startLine !== undefined) {
    const start = cause.startLine;
    const end = Math.max(start, cause.endLine ?? start);
    finding.CauseMetadata.StartLine = start;
    finding.CauseMetadata.EndLine = end;
    finding.CauseMetadata.Code = { Lines: codeLines(lines, start, end) };
  }
  return finding;
}

function codeLines(lines: readonly string[], start: number, end: number): CodeLine[] {
  const count = end - start + 1;
  const shown = count > MAX_CODE_LINES ? MAX_CODE_LINES - 1 : count;
  const out: CodeLine[] = [];
  for (let i = 0; i < shown; i++) {
    const number = start + i;
    out.push({
      Number: number,
      Content: lines[number - 1] ?? '',
      IsCause: true,
      Annotation: '',
      Truncated: false,
      FirstCause: i === 0,
      LastCause: i === shown - 1,
    });
  }
  if (shown < count) {
    out.push({ Number: start + shown, Content: '', IsCause: false, Annotation: '', Truncated: true, FirstCause: false, LastCause: false });
  }
  return out;
}
