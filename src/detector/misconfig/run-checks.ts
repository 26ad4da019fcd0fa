/**
 * The format-independent part of a scan: runs a list of checks over the units a parser produced
 * (one Dockerfile; one object per Kubernetes document), applies `--skip-check` and inline ignore
 * comments, and counts successes, failures and exceptions per file as trivy does.
 */
import { matchesAnyId } from './check-ids.js';
import { toFinding } from './finding.js';
import { isIgnored, parseIgnoreRules } from './inline-ignores.js';
import type { Cause, Check, ConfigType, FileMisconfigResult, MisconfigFinding, ScanOptions } from './types.js';

/** One input a parser produced from a file. */
export interface ScanUnit<I> {
  input: I;
  /** Lower-case Kubernetes kind, matched against `Check.kinds`. */
  kind?: string;
  /** Lines an ignore comment may sit above to silence every cause of this unit (e.g. the object's first line). */
  anchorLines?: number[];
  /** First content line: ignore comments before it silence causes without lines. */
  headerEnd: number;
}

/** A parsed file ready for checking. */
export interface ParsedConfig<I> {
  filePath: string;
  type: ConfigType;
  /** The file's text (for code excerpts and inline ignore comments). */
  text: string;
  units: ScanUnit<I>[];
}

/** Runs `checks` over the file; deprecated and skipped checks do not run. */
export function runChecks<I>(parsed: ParsedConfig<I>, checks: readonly Check<I>[], options: ScanOptions): FileMisconfigResult {
  const now = options.now ?? new Date();
  const skip = options.skipChecks ?? new Set<string>();
  const lines = parsed.text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  const rules = parsed.text.includes('ignore:') ? parseIgnoreRules(lines) : [];
  const failures: MisconfigFinding[] = [];
  const passes: MisconfigFinding[] = [];
  const exceptions: MisconfigFinding[] = [];
  let successes = 0;

  // checks in id order, causes in message order: the findings come out sorted
  for (const check of sortedById(checks)) {
    if (check.deprecated || matchesAnyId(check, skip)) continue;
    const units = parsed.units.filter((unit) => !check.kinds || (unit.kind !== undefined && check.kinds.includes(unit.kind)));
    if (units.length === 0) continue;
    const failing: Cause[] = [];
    const ignored: Cause[] = [];
    for (const unit of units) {
      for (const cause of unique(check.check(unit.input))) {
        if (rules.length > 0 && isIgnored(rules, check, withAnchors(cause, unit.anchorLines), unit.headerEnd, now)) ignored.push(cause);
        else failing.push(cause);
      }
    }
    for (const cause of failing.sort(byMessageThenLine)) failures.push(toFinding(check, parsed.type, 'FAIL', cause, lines));
    for (const cause of ignored.sort(byMessageThenLine)) exceptions.push(toFinding(check, parsed.type, 'EXCEPTION', cause, lines));
    if (failing.length === 0 && ignored.length === 0) {
      successes++;
      if (options.includeNonFailures) passes.push(toFinding(check, parsed.type, 'PASS', undefined, lines));
    }
  }

  const result: FileMisconfigResult = {
    filePath: parsed.filePath,
    type: parsed.type,
    failures,
    successes,
    exceptions: exceptions.length,
  };
  if (options.includeNonFailures) result.nonFailures = [...passes, ...exceptions];
  return result;
}

const sortedLists = new WeakMap<object, readonly unknown[]>();

/** The checks in id order (cached per list: the built-in lists are sorted once). */
function sortedById<I>(checks: readonly Check<I>[]): readonly Check<I>[] {
  const cached = sortedLists.get(checks) as readonly Check<I>[] | undefined;
  if (cached) return cached;
  const sorted = [...checks].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  sortedLists.set(checks, sorted);
  return sorted;
}

function withAnchors(cause: Cause, anchors: number[] | undefined): Cause {
  return anchors ? { ...cause, anchorLines: [...(cause.anchorLines ?? []), ...anchors] } : cause;
}

function unique(causes: Cause[]): Cause[] {
  if (causes.length < 2) return causes;
  const seen = new Set<string>();
  return causes.filter((cause) => {
    const key = `${cause.message}\u0000${cause.startLine ?? ''}\u0000${cause.endLine ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function byMessageThenLine(a: Cause, b: Cause): number {
  if (a.message !== b.message) return a.message < b.message ? -1 : 1;
  return (a.startLine ?? 0) - (b.startLine ?? 0);
}
