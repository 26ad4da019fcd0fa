/**
 * Scans Helm charts: renders each chart with its values and the user's overrides, then runs the
 * Kubernetes checks on every manifest, reported under the template it came from
 * (`templates/deployment.yaml`, or `chart.tgz:templates/deployment.yaml` for a package), as trivy does.
 */
import { posix } from 'node:path';
import { ParseError } from '../../../analyzer/parse-error.js';
import { parseKubernetesConfig } from '../kubernetes/scan.js';
import type { K8sResource } from '../kubernetes/resource.js';
import { runChecks } from '../run-checks.js';
import type { Check, FileMisconfigResult, ScanOptions } from '../types.js';
import { ChartError, chartValues, loadChart } from './chart.js';
import type { FoundChart, ValueOverrides } from './chart.js';
import { renderChart } from './render.js';
import type { RenderOptions } from './render.js';

/** What the user can set for Helm (the CLI's `--helm-*` options). */
export interface HelmOptions extends ValueOverrides, RenderOptions {}

/** Renders and scans one chart. Unusable charts and template errors become `ParseError`s (no results), as trivy skips them. */
export function scanChart(found: FoundChart, checks: readonly Check<K8sResource>[], options: ScanOptions & { helm?: HelmOptions }): { results: FileMisconfigResult[]; errors: ParseError[] } {
  const where = found.location === '' ? '.' : found.location;
  let manifests;
  try {
    const chart = loadChart(found.files, '.');
    manifests = renderChart(chart, chartValues(chart, options.helm ?? {}), options.helm ?? {});
  } catch (error) {
    if (error instanceof ChartError) {
      // the error names a file relative to the chart root
      const file = found.packaged ? `${found.location}:${posix.normalize(error.file)}` : posix.normalize(posix.join(where, error.file));
      return { results: [], errors: [new ParseError(file, error.reason)] };
    }
    throw error;
  }
  const byTarget = new Map<string, FileMisconfigResult>();
  const errors: ParseError[] = [];
  for (const manifest of manifests) {
    const target = found.packaged ? `${found.location}:${manifest.template}` : found.location === '' ? manifest.template : `${found.location}/${manifest.template}`;
    let parsed;
    try {
      parsed = parseKubernetesConfig(target, manifest.text);
    } catch (error) {
      if (error instanceof ParseError) {
        errors.push(new ParseError(target, `rendered manifest is not valid YAML: ${error.reason}`, error.line));
        continue;
      }
      throw error;
    }
    if (!parsed) continue;
    const result = runChecks({ ...parsed, type: 'helm' }, checks, options);
    const previous = byTarget.get(target);
    if (!previous) byTarget.set(target, result);
    else {
      previous.failures.push(...result.failures);
      previous.successes += result.successes;
      previous.exceptions += result.exceptions;
      if (result.nonFailures) previous.nonFailures = [...(previous.nonFailures ?? []), ...result.nonFailures];
    }
  }
  return { results: [...byTarget.values()], errors };
}
