/**
 * Renders a chart the way `helm template` does, without a cluster: every template of the chart
 * and its enabled sub-charts with the built-in objects (`.Values`, `.Release`, `.Chart`,
 * `.Capabilities`, `.Template`, `.Files`), named templates shared across the chart tree, and the
 * output split into manifests (`# Source: <chart>/templates/x.yaml` first, as Helm writes them).
 * Hooks (`helm.sh/hook` annotations: tests, jobs run at install) are not part of the release
 * manifest and are left out, as trivy does.
 */
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import { ChartError, mergeValues } from './chart.js';
import type { Chart } from './chart.js';
import { Renderer, TemplateRenderError } from './template/execute.js';
import { FUNCTIONS } from './template/functions.js';
import { TemplateSyntaxError, parseTemplate } from './template/parse.js';
import type { TemplateNode } from './template/ast.js';
import { isMapping } from './template/values.js';

type JsYaml = typeof import('js-yaml');
let jsYaml: JsYaml | undefined;
const yaml = (): JsYaml => (jsYaml ??= createRequire(import.meta.url)('js-yaml') as JsYaml);

/** Rendering settings (trivy's defaults: release named after the chart, namespace `default`, Kubernetes v1.20.0). */
export interface RenderOptions {
  releaseName?: string;
  namespace?: string;
  /** `--helm-kube-version`. */
  kubeVersion?: string;
  /** `--helm-api-versions`: extra API versions `.Capabilities.APIVersions.Has` answers true for. */
  apiVersions?: readonly string[];
}

/** One manifest of the release. */
export interface RenderedManifest {
  /** The template it came from, relative to the top chart: `templates/x.yaml`, `charts/sub/templates/y.yaml`. */
  template: string;
  /** `# Source: ...` then the manifest. */
  text: string;
}

const DEFAULT_API_VERSIONS = [
  'v1', 'apps/v1', 'batch/v1', 'batch/v1beta1', 'autoscaling/v1', 'autoscaling/v2', 'autoscaling/v2beta1', 'autoscaling/v2beta2',
  'networking.k8s.io/v1', 'networking.k8s.io/v1beta1', 'policy/v1', 'policy/v1beta1', 'rbac.authorization.k8s.io/v1',
  'storage.k8s.io/v1', 'apiextensions.k8s.io/v1', 'admissionregistration.k8s.io/v1', 'scheduling.k8s.io/v1', 'coordination.k8s.io/v1',
  'apiregistration.k8s.io/v1', 'certificates.k8s.io/v1', 'discovery.k8s.io/v1', 'events.k8s.io/v1', 'node.k8s.io/v1',
];
const SEPARATOR = /(?:^|\s*\n)---\s*/;

interface ChartNode {
  chart: Chart;
  /** Path of the chart root relative to the top chart ('' or `charts/<name>/`). */
  prefix: string;
  /** `parent/charts/sub` as Helm names sub-charts in `.Template.Name`. */
  fullName: string;
  values: Record<string, unknown>;
}

/** Renders the chart with its (already merged) values. Throws `ChartError` on a template error. */
export function renderChart(chart: Chart, values: Record<string, unknown>, options: RenderOptions = {}): RenderedManifest[] {
  const nodes = chartTree(chart, values, '', chart.name);
  const templates = new Map<string, TemplateNode[]>();
  const bodies: { node: ChartNode; path: string; body: TemplateNode[] }[] = [];
  for (const node of nodes) {
    for (const [path, data] of [...node.chart.files].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!path.startsWith('templates/')) continue;
      try {
        const parsed = parseTemplate(`${node.fullName}/${path}`, data.toString('utf8'));
        for (const [name, body] of parsed.defines) templates.set(name, body);
        const base = posix.basename(path);
        if (!base.startsWith('_') && base !== 'NOTES.txt') bodies.push({ node, path, body: parsed.body });
      } catch (error) {
        if (error instanceof TemplateSyntaxError) throw new ChartError(`${node.prefix}${path}`, `template syntax error at line ${error.line}: ${error.reason}`);
        throw error;
      }
    }
  }
  const renderer = new Renderer(templates, FUNCTIONS);
  const releaseName = options.releaseName ?? chart.name;
  const manifests: RenderedManifest[] = [];
  for (const { node, path, body } of bodies) {
    const context = {
      Values: node.values,
      Release: { Name: releaseName, Namespace: options.namespace ?? 'default', Service: 'Helm', IsInstall: true, IsUpgrade: false, Revision: 1 },
      Chart: chartObject(node.chart),
      Capabilities: capabilities(options),
      Template: { Name: `${node.fullName}/${path}`, BasePath: `${node.fullName}/templates` },
      Files: files(node.chart),
    };
    let text: string;
    try {
      text = renderer.render(body, context);
    } catch (error) {
      if (error instanceof TemplateRenderError) throw new ChartError(`${node.prefix}${path}`, `render error: ${error.reason}`);
      throw error;
    }
    for (const raw of text.trim().split(SEPARATOR)) {
      const doc = raw.trim();
      if (doc === '' || isHook(doc)) continue;
      manifests.push({ template: `${node.prefix}${path}`, text: `# Source: ${node.fullName}/${path}\n${doc}` });
    }
  }
  return manifests;
}

/** The chart and its enabled sub-charts with their values (parent values under the sub-chart's name, `global` shared). */
function chartTree(chart: Chart, values: Record<string, unknown>, prefix: string, fullName: string): ChartNode[] {
  const nodes: ChartNode[] = [{ chart, prefix, fullName, values }];
  const dependencies = Array.isArray(chart.metadata.dependencies) ? chart.metadata.dependencies.filter(isMapping) : [];
  for (const sub of chart.subcharts) {
    const dependency = dependencies.find((d) => d.name === sub.name || d.alias === sub.name);
    const name = typeof dependency?.alias === 'string' ? dependency.alias : sub.name;
    if (typeof dependency?.condition === 'string' && !conditionHolds(dependency.condition, values)) continue;
    const own = isMapping(values[name]) ? (values[name] as Record<string, unknown>) : {};
    const global = isMapping(values.global) ? (values.global as Record<string, unknown>) : {};
    const merged = mergeValues(sub.values, own);
    merged.global = mergeValues(isMapping(merged.global) ? (merged.global as Record<string, unknown>) : {}, global);
    nodes.push(...chartTree(sub, merged, `${prefix}charts/${sub.name}/`, `${fullName}/charts/${sub.name}`));
  }
  return nodes;
}

function conditionHolds(condition: string, values: Record<string, unknown>): boolean {
  for (const path of condition.split(',')) {
    let current: unknown = values;
    for (const key of path.trim().split('.')) current = isMapping(current) ? current[key] : undefined;
    if (typeof current === 'boolean') return current;
  }
  return true;
}

function chartObject(chart: Chart): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(chart.metadata)) out[key === 'apiVersion' ? 'APIVersion' : key[0].toUpperCase() + key.slice(1)] = value;
  out.AppVersion ??= '';
  out.Version = String(out.Version ?? '');
  return out;
}

function capabilities(options: RenderOptions): Record<string, unknown> {
  const version = (options.kubeVersion ?? 'v1.20.0').replace(/^(?!v)/, 'v');
  const [major, minor] = version.slice(1).split('.');
  const apiVersions = new Set([...DEFAULT_API_VERSIONS, ...(options.apiVersions ?? [])]);
  return {
    KubeVersion: { Version: version, Major: major ?? '1', Minor: minor ?? '20', GitVersion: version },
    APIVersions: { Has: (v: unknown) => apiVersions.has(String(v)) },
    HelmVersion: { Version: 'v3.14.0' },
  };
}

/** `.Files` of a chart (files outside `templates/`, as Helm exposes them). */
function files(chart: Chart): Record<string, unknown> {
  const visible = [...chart.files.keys()].filter((p) => !p.startsWith('templates/') && p !== 'Chart.yaml' && p !== 'values.yaml');
  const glob = (pattern: unknown) => {
    const re = new RegExp(`^${String(pattern).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]').replace(/\u0000/g, '.*')}$`);
    return Object.fromEntries(visible.filter((p) => re.test(p)).map((p) => [p, chart.files.get(p)?.toString('utf8') ?? '']));
  };
  return {
    Get: (name: unknown) => chart.files.get(String(name))?.toString('utf8') ?? '',
    GetBytes: (name: unknown) => chart.files.get(String(name))?.toString('utf8') ?? '',
    Lines: (name: unknown) => (chart.files.get(String(name))?.toString('utf8') ?? '').split('\n'),
    Glob: glob,
    AsConfig: () => '',
    AsSecrets: () => '',
  };
}

function isHook(doc: string): boolean {
  if (!doc.includes('helm.sh/hook')) return false;
  try {
    const parsed = yaml().load(doc);
    const annotations = isMapping(parsed) && isMapping(parsed.metadata) ? (parsed.metadata as Record<string, unknown>).annotations : undefined;
    return isMapping(annotations) && 'helm.sh/hook' in annotations;
  } catch {
    return false;
  }
}
