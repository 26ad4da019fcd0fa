/**
 * Test helper for the operator's deploy assets (deploy/): the manifests of deploy/static and
 * deploy/crds parsed as Kubernetes objects, the Helm chart rendered with picket's own renderer
 * (the one `picket config` uses on charts), lookups by kind and name, and the metric names the
 * operator's contract (the lead's operator spec) promises, which the dashboard and alerts may use.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { chartValues, loadChart } from '../../src/detector/misconfig/helm/chart.js';
import { renderChart, type RenderOptions } from '../../src/detector/misconfig/helm/render.js';
import { repoRoot } from '../support/paths.js';

/** A Kubernetes object as parsed from YAML. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

export const deployDir = join(repoRoot, 'deploy');
export const staticDir = join(deployDir, 'static');
export const crdDir = join(deployDir, 'crds');
export const chartDir = join(deployDir, 'helm', 'picket-operator');

/** The metrics of the operator's contract: gauges, counters, the histogram's series, prom-client's defaults. */
export const SPEC_METRICS = new Set([
  'picket_image_vulnerabilities', 'picket_resource_configaudits', 'picket_image_exposedsecrets', 'picket_image_info',
  'picket_vulnerability_id', 'picket_scan_duration_seconds_bucket', 'picket_scan_duration_seconds_sum',
  'picket_scan_duration_seconds_count', 'picket_scan_queue_depth', 'picket_scans_total', 'picket_scans_failed_total',
  'picket_images_known', 'picket_db_updated_timestamp_seconds',
]);

/** True for prom-client's default process metrics (`process_*`, `nodejs_*`), which the contract includes. */
export const isDefaultProcessMetric = (name: string): boolean => /^(process|nodejs)_[a-z0-9_]+$/.test(name);

/** Every YAML document of a text as plain objects (empty documents dropped); throws on a YAML error. */
export function parseObjects(text: string, where: string): K8sObject[] {
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${where}: ${doc.errors[0].message}`);
    const value = doc.toJS() as K8sObject | null;
    return value === null ? [] : [value];
  });
}

/** The YAML files of a directory (not recursive), sorted. */
export function yamlFiles(dir: string): string[] {
  return readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort();
}

/** The objects of one file of deploy/. */
export function readObjects(path: string): K8sObject[] {
  return parseObjects(readFileSync(path, 'utf8'), relative(repoRoot, path));
}

/** The objects of every manifest of a directory, leaving out kustomization.yaml. */
export function readManifestDir(dir: string): K8sObject[] {
  return yamlFiles(dir).filter((n) => n !== 'kustomization.yaml').flatMap((n) => readObjects(join(dir, n)));
}

/** The object of `kind` named `name` (and in `namespace` when given); throws when missing. */
export function find(objects: readonly K8sObject[], kind: string, name: string, namespace?: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));
  if (!found) throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

function chartFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path).split('\\').join('/'), readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

/**
 * Renders deploy/helm/picket-operator with picket's Helm renderer, as `helm template` would:
 * `set` holds `--set` expressions; the release namespace defaults to `picket-system` (the one
 * deploy/static uses) and the release name to the chart's.
 */
export function renderOperatorChart(set: readonly string[] = [], options: RenderOptions = {}): K8sObject[] {
  const chart = loadChart(chartFiles(chartDir), 'deploy/helm/picket-operator');
  const manifests = renderChart(chart, chartValues(chart, { set }), { namespace: 'picket-system', ...options });
  return manifests.flatMap((m) => parseObjects(m.text, m.template));
}

/** The operator Deployment's pod spec and its one container. */
export function operatorPod(objects: readonly K8sObject[], name = 'picket-operator'): { pod: PodSpec; container: Container; deployment: K8sObject } {
  const deployment = find(objects, 'Deployment', name);
  const pod = ((deployment.spec as { template: { spec: PodSpec } }).template).spec;
  return { pod, container: pod.containers[0], deployment };
}

/** The parts of a pod spec the tests read. */
export interface PodSpec {
  serviceAccountName: string;
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: { name: string; emptyDir?: Record<string, unknown>; persistentVolumeClaim?: { claimName: string } }[];
  [key: string]: unknown;
}

/** The parts of a container the tests read. */
export interface Container {
  name: string;
  image: string;
  args: string[];
  env: { name: string; value?: string; valueFrom?: unknown }[];
  securityContext: Record<string, unknown>;
  resources: { requests: Record<string, string>; limits: Record<string, string> };
  [key: string]: unknown;
}

/** The value of a flag in an argument list (`--flag value` or `--flag=value`), or undefined. */
export function flagValue(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
}
