/**
 * Test helper for PromQL in the deploy assets: the metric names an expression reads (with
 * strings, label matchers, ranges and grouping clauses taken out first), Grafana's variables
 * replaced by values Prometheus accepts, and the real `promtool` (Debian `prometheus`) when
 * installed.
 */
import { spawnSync } from 'node:child_process';
import { runCommand, type RunResult } from '../support/run-command.js';
import { repoRoot } from '../support/paths.js';

const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'offset', 'bool', 'inf', 'nan']);

/** The metric names an expression selects, sorted and unique. */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const after = stripped.slice(m.index + m[0].length).trimStart();
    if (after.startsWith('(') || KEYWORDS.has(m[0].toLowerCase())) continue; // a function or an operator
    const before = stripped[m.index - 1];
    if (before !== undefined && /[0-9.]/.test(before)) continue; // part of a number (1e3)
    names.add(m[0]);
  }
  return [...names].sort();
}

/** An expression with Grafana's variables replaced, so Prometheus can parse it. */
export function withGrafanaVariables(expr: string): string {
  return expr.replace(/\$__rate_interval|\$__interval|\$__range/g, '5m').replace(/\$\{?[a-z_]+\}?/g, '.*');
}

/** True when `promtool` runs here. */
export const hasPromtool = spawnSync('promtool', ['--version'], { stdio: 'ignore' }).status === 0;

/** Runs promtool with `args` from the repository root. */
export function promtool(args: string[]): Promise<RunResult> {
  return runCommand('promtool', args, { cwd: repoRoot, timeoutMs: 60_000 });
}
