/**
 * Running `picket image` in the e2e tests and reading its JSON: the report types the tests use
 * (trivy's SchemaVersion 2 with image Metadata), one call that scans with the image tests' DB,
 * and the key-path walk that compares a report's shape with trivy's goldens.
 */
import assert from 'node:assert/strict';
import type { DetectedVulnerability, Report, ReportPackage, Result } from '../../src/report/model.js';
import { runPicket, type CliResult } from './cli.js';
import { dbSourceArgs } from './image-db.js';

/** trivy's image `Metadata`. */
export interface ImageMetadata {
  OS?: { Family: string; Name: string; EOSL?: boolean };
  ImageID?: string;
  DiffIDs?: string[];
  RepoTags?: string[];
  RepoDigests?: string[];
  ImageConfig?: {
    architecture?: string;
    os?: string;
    rootfs?: { type: string; diff_ids: string[] };
    config?: { Cmd?: string[]; Env?: string[] };
    history?: { created_by?: string; empty_layer?: boolean }[];
  };
  [key: string]: unknown;
}

/** A `picket image` JSON report: the report model with image Metadata. */
export type ImageReport = Omit<Report, 'Metadata'> & { Metadata: ImageMetadata };
export type { DetectedVulnerability, ReportPackage, Result };

/** Flags every scan in the image tests passes. */
export const scanFlags = ['--format', 'json', '--list-all-pkgs', '--no-progress'];

/**
 * `picket image <args> --format json --list-all-pkgs --cache-dir D --db-source ...`; asserts exit
 * code `expectCode` (0 unless given) and returns the parsed report with the raw result.
 */
export async function scanImage(args: string[], cacheDir: string, options: { expectCode?: number; extra?: string[] } = {}): Promise<{ report: ImageReport; run: CliResult }> {
  const run = await runPicket(['image', ...args, ...scanFlags, '--cache-dir', cacheDir, ...(await dbSourceArgs()), ...(options.extra ?? [])], { timeoutMs: 300_000 });
  assert.equal(run.code, options.expectCode ?? 0, `picket image ${args.join(' ')} exited ${run.code}:\n${run.stderr}`);
  let report: ImageReport;
  try {
    report = JSON.parse(run.stdout) as ImageReport;
  } catch {
    assert.fail(`picket image ${args.join(' ')}: stdout is not JSON:\n${run.stdout.slice(0, 2000)}\n${run.stderr}`);
  }
  return { report, run };
}

/** `Metadata.OS` without `EOSL`, which depends on today's date. */
export function osOf(report: ImageReport): { Family?: string; Name?: string } {
  return { Family: report.Metadata.OS?.Family, Name: report.Metadata.OS?.Name };
}

/** The single `os-pkgs` result. */
export function osResult(report: ImageReport): Result {
  const results = report.Results.filter((r) => r.Class === 'os-pkgs');
  assert.equal(results.length, 1, `one os-pkgs result, got ${JSON.stringify(report.Results.map((r) => [r.Class, r.Target]))}`);
  return results[0];
}

/** Every package of every `lang-pkgs` result, with the result's target. */
export function langPackages(report: ImageReport): (ReportPackage & { target: string })[] {
  return report.Results.filter((r) => r.Class === 'lang-pkgs').flatMap((r) => (r.Packages ?? []).map((p) => ({ ...p, target: r.Target })));
}

/** Every finding of every `lang-pkgs` result. */
export function langFindings(report: ImageReport): (DetectedVulnerability & { target: string })[] {
  return report.Results.filter((r) => r.Class === 'lang-pkgs').flatMap((r) => (r.Vulnerabilities ?? []).map((v) => ({ ...v, target: r.Target })));
}

/** `name version` of each package, sorted: what two scans of the same image must agree on. */
export function packageSet(report: ImageReport): string[] {
  return report.Results.flatMap((r) => (r.Packages ?? []).map((p) => `${r.Class} ${p.Name} ${p.Version}`)).sort();
}

/** The report without what legitimately differs between two scans of the same image. */
export function withoutVolatile(report: ImageReport): unknown {
  const { CreatedAt: _created, ...rest } = report as ImageReport & { ReportID?: string };
  delete (rest as { ReportID?: string }).ReportID;
  return rest;
}

/**
 * Every key path in a JSON value: `Metadata.OS.Family`, `Results[].Vulnerabilities[].Layer.DiffID`.
 * Arrays contribute the union of their elements' paths; values under a key in `opaque` (maps whose
 * keys are data, like `VendorSeverity`, or the image's own config) are not walked into.
 */
export function keyPaths(value: unknown, opaque: ReadonlySet<string> = new Set(), prefix = ''): Set<string> {
  const paths = new Set<string>();
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      for (const item of v) walk(item, `${path}[]`);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    for (const [key, child] of Object.entries(v)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      paths.add(childPath);
      if (!opaque.has(key)) walk(child, childPath);
    }
  };
  walk(value, prefix);
  return paths;
}

/** Stderr without the log's INFO/WARN/DEBUG lines: what a failing scan says. */
export function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() !== '' && !/\t(INFO|WARN|DEBUG)\t/.test(l));
}
