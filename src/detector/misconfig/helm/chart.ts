/**
 * Helm charts in a scanned tree: a directory with `Chart.yaml` (its templates, `values.yaml`,
 * other files, and sub-charts under `charts/` as directories or packages), or a chart package
 * (`.tgz`/`.tar.gz` holding `<name>/Chart.yaml`). Values are merged as Helm does: the chart's
 * `values.yaml`, then `--helm-values` files in order, then `--helm-set`, then `--helm-set-string`.
 */
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import { isChartArchive } from '../config-file-names.js';
import { applySet } from './set-values.js';
import { readTarGz } from './tar.js';
import { isMapping } from './template/values.js';

type JsYaml = typeof import('js-yaml');
let jsYaml: JsYaml | undefined;
const yaml = (): JsYaml => (jsYaml ??= createRequire(import.meta.url)('js-yaml') as JsYaml);

/** Packages bigger than this are not opened to look for a chart. */
const MAX_PACKAGE_BYTES = 20 * 1024 * 1024;

/** A chart with its files (paths relative to the chart root). */
export interface Chart {
  name: string;
  /** `Chart.yaml` as written. */
  metadata: Record<string, unknown>;
  /** `values.yaml` of the chart. */
  values: Record<string, unknown>;
  files: Map<string, Buffer>;
  subcharts: Chart[];
}

/** A chart found in the tree: where it is and how its templates are named in reports. */
export interface FoundChart {
  /** The chart directory (relative to the scan root; '' for the root) or the package path. */
  location: string;
  /** True for a package (`.tgz`): targets are `<package>:templates/x.yaml`. */
  packaged: boolean;
  /** Files of the chart, relative to its root. */
  files: Map<string, Buffer>;
}

/** A chart that cannot be used (bad Chart.yaml, unreadable package). */
export class ChartError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ChartError';
  }
}

/** Finds the charts of a tree: top-level chart directories (not sub-charts) and packages outside charts. */
export function findCharts(files: ReadonlyMap<string, Buffer>): { charts: FoundChart[]; errors: ChartError[] } {
  const chartDirs = [...files.keys()]
    .filter((p) => posix.basename(p) === 'Chart.yaml')
    .map((p) => posix.dirname(p))
    .map((d) => (d === '.' ? '' : d))
    .sort((a, b) => a.length - b.length);
  const roots: string[] = [];
  for (const dir of chartDirs) if (!roots.some((root) => isInside(dir, root))) roots.push(dir);
  const charts: FoundChart[] = [];
  const errors: ChartError[] = [];
  for (const root of roots) {
    const prefix = root === '' ? '' : `${root}/`;
    const chartFiles = new Map<string, Buffer>();
    for (const [path, data] of files) if (path.startsWith(prefix)) chartFiles.set(path.slice(prefix.length), data);
    charts.push({ location: root, packaged: false, files: chartFiles });
  }
  for (const [path, data] of files) {
    if (!isChartArchive(path) || roots.some((root) => isInside(path, root))) continue;
    if (data.length > MAX_PACKAGE_BYTES) continue; // not a chart package: charts are small
    try {
      const entries = readTarGz(data);
      const top = [...entries.keys()].find((p) => /^[^/]+\/Chart\.yaml$/.test(p));
      if (!top) continue;
      const base = top.slice(0, top.indexOf('/') + 1);
      const chartFiles = new Map<string, Buffer>();
      for (const [p, d] of entries) if (p.startsWith(base)) chartFiles.set(p.slice(base.length), d);
      charts.push({ location: path, packaged: true, files: chartFiles });
    } catch (error) {
      errors.push(new ChartError(path, `not a readable chart package: ${error instanceof Error ? error.message : String(error)}`));
    }
  }
  return { charts, errors };
}

function isInside(path: string, dir: string): boolean {
  return dir === '' ? path !== '' : path.startsWith(`${dir}/`);
}

/**
 * True when `path` is a chart source the renderer reads (templates, sub-charts, `Chart.yaml`,
 * values files), so it is not also scanned as a plain manifest. Other files in a chart directory
 * (a Dockerfile, Terraform, CI manifests) are scanned as usual.
 */
export function inChart(path: string, charts: readonly FoundChart[]): boolean {
  return charts.some((chart) => {
    if (chart.packaged) return false;
    const prefix = chart.location === '' ? '' : `${chart.location}/`;
    if (!path.startsWith(prefix)) return false;
    const rel = path.slice(prefix.length);
    return rel.startsWith('templates/') || rel.startsWith('charts/') || /^(Chart\.(yaml|lock)|values[^/]*\.ya?ml|requirements\.ya?ml)$/.test(rel);
  });
}

/** Loads a chart from its files. Throws `ChartError` when `Chart.yaml` is unusable. */
export function loadChart(files: Map<string, Buffer>, where: string): Chart {
  const chartYaml = files.get('Chart.yaml');
  if (!chartYaml) throw new ChartError(where, 'no Chart.yaml');
  let metadata: unknown;
  try {
    metadata = yaml().load(chartYaml.toString('utf8'));
  } catch (error) {
    throw new ChartError(`${where}/Chart.yaml`, `invalid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  if (!isMapping(metadata)) throw new ChartError(`${where}/Chart.yaml`, 'not a mapping');
  if (typeof metadata.name !== 'string' || metadata.name === '') throw new ChartError(`${where}/Chart.yaml`, 'chart name must be a non-empty string');
  if (metadata.version === undefined || metadata.version === null || metadata.version === '') throw new ChartError(`${where}/Chart.yaml`, 'chart version is required');
  const values = parseValues(files.get('values.yaml'), `${where}/values.yaml`);
  const subcharts: Chart[] = [];
  const subDirs = new Set<string>();
  for (const path of files.keys()) {
    const match = /^charts\/([^/]+)\/Chart\.yaml$/.exec(path);
    if (match) subDirs.add(match[1]);
  }
  for (const dir of subDirs) {
    const prefix = `charts/${dir}/`;
    const sub = new Map<string, Buffer>();
    for (const [p, d] of files) if (p.startsWith(prefix)) sub.set(p.slice(prefix.length), d);
    subcharts.push(loadChart(sub, `${where}/charts/${dir}`));
  }
  for (const [path, data] of files) {
    if (!/^charts\/[^/]+\.(tgz|tar\.gz)$/.test(path)) continue;
    const entries = readTarGz(data);
    const top = [...entries.keys()].find((p) => /^[^/]+\/Chart\.yaml$/.test(p));
    if (!top) continue;
    const base = top.slice(0, top.indexOf('/') + 1);
    const sub = new Map<string, Buffer>();
    for (const [p, d] of entries) if (p.startsWith(base)) sub.set(p.slice(base.length), d);
    subcharts.push(loadChart(sub, `${where}/${path}`));
  }
  return { name: metadata.name, metadata, values, files, subcharts };
}

/** Parses a values file (empty → {}). Throws `ChartError` on invalid YAML. */
export function parseValues(data: Buffer | string | undefined, where: string): Record<string, unknown> {
  if (data === undefined) return {};
  try {
    const parsed = yaml().load(typeof data === 'string' ? data : data.toString('utf8'));
    return isMapping(parsed) ? parsed : {};
  } catch (error) {
    throw new ChartError(where, `invalid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

/** Helm's value merge: maps merge recursively, anything else replaces; `null` deletes. */
export function mergeValues(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete out[key];
    else if (isMapping(value) && isMapping(out[key])) out[key] = mergeValues(out[key] as Record<string, unknown>, value);
    else out[key] = value;
  }
  return out;
}

/** What the user gives for values. */
export interface ValueOverrides {
  /** `--helm-values` files, in order: name (for messages) and text. */
  valueFiles?: readonly { path: string; content: string }[];
  /** `--helm-set` expressions (`a.b=c,d=e`). */
  set?: readonly string[];
  /** `--helm-set-string` expressions: values stay strings. */
  setString?: readonly string[];
}

/** The chart's values with the user's overrides applied. Throws `ChartError` on a bad override. */
export function chartValues(chart: Chart, overrides: ValueOverrides): Record<string, unknown> {
  let values = structuredClone(chart.values);
  for (const file of overrides.valueFiles ?? []) values = mergeValues(values, parseValues(file.content, file.path));
  for (const [list, asString] of [[overrides.set ?? [], false], [overrides.setString ?? [], true]] as const) {
    for (const expression of list) {
      try {
        applySet(values, expression, asString);
      } catch (error) {
        throw new ChartError(`--helm-set${asString ? '-string' : ''} ${expression}`, error instanceof Error ? error.message : String(error));
      }
    }
  }
  return values;
}
