import { createHash } from 'node:crypto';

/** The API group and version of picket's report resources (CRDs in deploy/crds). */
export const REPORT_API_VERSION = 'picket.dev/v1alpha1';
export const REPORT_GROUP_PATH = '/apis/picket.dev/v1alpha1';

/** The report kinds and their plural resource names. */
export const REPORT_KINDS = {
  VulnerabilityReport: 'vulnerabilityreports',
  ExposedSecretReport: 'exposedsecretreports',
  SbomReport: 'sbomreports',
  ConfigAuditReport: 'configauditreports',
  ClusterConfigAuditReport: 'clusterconfigauditreports',
} as const;
export type ReportKind = keyof typeof REPORT_KINDS;

/** Labels on every report: which resource (and container) it is about. */
export const LABEL = {
  kind: 'picket.dev/resource-kind',
  name: 'picket.dev/resource-name',
  namespace: 'picket.dev/resource-namespace',
  container: 'picket.dev/container-name',
} as const;

const MAX_NAME = 253;
const MAX_LABEL = 63;

/**
 * A report's object name: `<kind>-<name>[-<container>]` in lower case (trivy-operator's scheme,
 * e.g. `deployment-web-nginx`), characters a DNS subdomain allows; names too long end in a hash
 * of the full name so two resources never share a report.
 */
export function reportName(kind: string, name: string, container?: string): string {
  const full = [kind, name, ...(container !== undefined ? [container] : [])].join('-').toLowerCase();
  const clean = full.replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  if (clean.length <= MAX_NAME && clean === full) return clean;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 10);
  return `${clean.slice(0, MAX_NAME - 11).replace(/[^a-z0-9]+$/, '')}-${hash}`;
}

/** A label value as Kubernetes accepts it (≤ 63 characters, alphanumeric ends): else a hash of it. */
export function labelValue(value: string): string {
  if (value.length <= MAX_LABEL && /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(value)) return value;
  return createHash('sha256').update(value).digest('hex').slice(0, MAX_LABEL);
}
