import { dbOptionSpecs, imageOptionSpecs, misconfigOptionSpecs, scanOptionSpecs, secretOptionSpecs, type OptionSpec } from './options.js';

/**
 * Options of `picket k8s` only: how to reach the cluster, what to list, how to report. The
 * kubeconfig flag has its own variable: KUBECONFIG (a list of files, merged) is read as kubectl
 * reads it when no flag or PICKET_KUBECONFIG is given.
 */
export const k8sOptionSpecs: OptionSpec[] = [
  { name: 'kubeconfig', kind: 'string', valueName: 'file', description: 'kubeconfig file (default: KUBECONFIG, else ~/.kube/config, else the in-cluster service account)', configKeys: ['kubernetes.kubeconfig'] },
  { name: 'context', kind: 'string', valueName: 'name', description: 'kubeconfig context to use (default: its current context)', configKeys: ['kubernetes.context'] },
  { name: 'namespace', short: 'n', kind: 'string', valueName: 'namespace', description: 'scan this namespace only (no cluster-scoped resources)', configKeys: ['kubernetes.namespace'] },
  { name: 'include-namespaces', kind: 'list', valueName: 'namespaces', description: 'scan these namespaces only (comma-separated)', default: [], configKeys: ['kubernetes.include-namespaces'] },
  { name: 'exclude-namespaces', kind: 'list', valueName: 'namespaces', description: 'namespaces not to scan (comma-separated)', default: [], configKeys: ['kubernetes.exclude-namespaces'] },
  { name: 'include-kinds', kind: 'list', valueName: 'kinds', description: 'kinds to scan, e.g. pods,deployments,roles (default: all workloads, services, ingresses, network policies, RBAC, nodes)', default: [], configKeys: ['kubernetes.include-kinds'] },
  { name: 'exclude-kinds', kind: 'list', valueName: 'kinds', description: 'kinds not to scan (comma-separated)', default: [], configKeys: ['kubernetes.exclude-kinds'] },
  { name: 'report', kind: 'string', valueName: 'report', description: 'summary (counts per resource) or all (every finding)', default: 'summary', choices: ['summary', 'all'], configKeys: ['kubernetes.report'] },
  { name: 'parallel', kind: 'int', valueName: 'n', description: 'images scanned at the same time', default: 3, configKeys: ['kubernetes.parallel'] },
];

/** `--scanners` of a cluster scan: trivy k8s's default, every scanner. */
const k8sScannersSpec: OptionSpec = {
  name: 'scanners', kind: 'list', valueName: 'scanners',
  description: 'what to scan for: vuln (workload images), misconfig (Kubernetes and RBAC checks on the live objects), secret (images and manifests)',
  default: ['vuln', 'misconfig', 'secret'], choices: ['vuln', 'misconfig', 'secret'], configKeys: ['scan.scanners'],
};

const k8sFormatSpec: OptionSpec = {
  name: 'format', short: 'f', kind: 'string', valueName: 'format',
  description: 'output format (sarif: one run for the whole cluster; cyclonedx: the cluster BOM)',
  default: 'table', choices: ['table', 'json', 'sarif', 'cyclonedx'],
};
const k8sOutputSpec: OptionSpec = { name: 'output', short: 'o', kind: 'string', valueName: 'file', description: 'write the report to a file instead of stdout' };

/** The scan options that apply to a cluster scan (the others are about lockfiles, config files or other reports). */
const SCAN_OPTIONS_FOR_K8S = new Set(['severity', 'ignore-unfixed', 'exit-code', 'ignorefile', 'sort-by', 'pkg-types', 'timeout', 'no-progress', 'list-all-pkgs', 'skip-dirs', 'skip-files']);
const MISCONFIG_OPTIONS_FOR_K8S = new Set(['skip-check', 'config-check', 'include-non-failures']);
/** How images are reached: only these of `picket image`'s options apply (images come from registries). */
const IMAGE_OPTIONS_FOR_K8S = new Set(['platform', 'insecure']);

/** Every option `picket k8s` takes, in the order `--help` lists them. */
export const k8sCommandOptionSpecs: OptionSpec[] = [
  ...k8sOptionSpecs,
  k8sFormatSpec,
  k8sOutputSpec,
  k8sScannersSpec,
  ...imageOptionSpecs.filter((s) => IMAGE_OPTIONS_FOR_K8S.has(s.name)),
  ...scanOptionSpecs.filter((s) => SCAN_OPTIONS_FOR_K8S.has(s.name)),
  ...secretOptionSpecs,
  ...misconfigOptionSpecs.filter((s) => MISCONFIG_OPTIONS_FOR_K8S.has(s.name)),
  ...dbOptionSpecs,
];
