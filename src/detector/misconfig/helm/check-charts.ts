/** Checks Helm charts: the renderer and the Kubernetes checks, loaded together (only for trees with charts). */
import type { ParseError } from '../../../analyzer/parse-error.js';
import { kubernetesChecksToRun } from '../kubernetes/check-file.js';
import type { FileMisconfigResult, ScanOptions } from '../types.js';
import type { FoundChart } from './chart.js';
import { scanChart } from './scan.js';
import type { HelmOptions } from './scan.js';

/** Renders and scans each chart in turn; results and errors in chart order. */
export function checkCharts(charts: readonly FoundChart[], options: ScanOptions & { helm?: HelmOptions }): { results: FileMisconfigResult[]; errors: ParseError[] } {
  const checks = kubernetesChecksToRun(options);
  const results: FileMisconfigResult[] = [];
  const errors: ParseError[] = [];
  for (const chart of charts) {
    const scan = scanChart(chart, checks, options);
    results.push(...scan.results);
    errors.push(...scan.errors);
  }
  return { results, errors };
}
