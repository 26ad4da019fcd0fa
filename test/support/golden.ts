/**
 * Comparing picket's JSON with trivy's expected outputs (`*.json.golden`): same result targets,
 * same (VulnerabilityID, PkgName, InstalledVersion, FixedVersion, Severity) set, and the same
 * packages (ids, locations, relationships) with --list-all-pkgs.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runPicket } from './cli.js';
import { trivyIntegration } from './fixture-db.js';

export interface JsonVuln { VulnerabilityID: string; PkgName: string; InstalledVersion: string; FixedVersion?: string; Severity: string; Status?: string }
export interface JsonPackage { ID: string; Name?: string; Version?: string; Relationship?: string; Locations?: unknown[]; DependsOn?: string[] }
export interface JsonResult { Target: string; Class: string; Type: string; Packages?: JsonPackage[]; Vulnerabilities?: JsonVuln[] }
export interface JsonReport { SchemaVersion: number; ArtifactName: string; ArtifactType: string; Results?: JsonResult[] }

export const vulnKey = (v: JsonVuln): string => [v.VulnerabilityID, v.PkgName, v.InstalledVersion, v.FixedVersion ?? '', v.Severity].join(' | ');

export function readGolden(name: string): JsonReport {
  return JSON.parse(readFileSync(trivyIntegration(name), 'utf8')) as JsonReport;
}

/** `picket fs` (or another command) on a trivy fixture repo, JSON with every package listed. */
export async function scanFixtureRepo(repo: string, cacheDir: string, extra: string[] = [], command = 'fs'): Promise<JsonReport> {
  const r = await runPicket([command, trivyIntegration(`fixtures/repo/${repo}`), '--format', 'json', '--list-all-pkgs', '--cache-dir', cacheDir, '--skip-db-update', ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as JsonReport;
}

export interface GoldenOptions {
  /** Compare package Locations too (trivy reports them for some formats only). */
  locations?: boolean;
}

export function assertMatchesGolden(actual: JsonReport, expected: JsonReport, options: GoldenOptions = { locations: true }): void {
  assert.equal(actual.SchemaVersion, 2);
  const targets = (r: JsonReport) => (r.Results ?? []).map((x) => `${x.Target} ${x.Class} ${x.Type}`).sort();
  assert.deepEqual(targets(actual), targets(expected));
  for (const exp of expected.Results ?? []) {
    const act = actual.Results!.find((x) => x.Target === exp.Target)!;
    assert.deepEqual((act.Vulnerabilities ?? []).map(vulnKey).sort(), (exp.Vulnerabilities ?? []).map(vulnKey).sort(), `${exp.Target} vulnerabilities`);
    assert.deepEqual((act.Packages ?? []).map((p) => p.ID).sort(), (exp.Packages ?? []).map((p) => p.ID).sort(), `${exp.Target} packages`);
    for (const p of exp.Packages ?? []) {
      const mine = act.Packages!.find((x) => x.ID === p.ID)!;
      if (options.locations !== false) assert.deepEqual(mine.Locations, p.Locations, `${p.ID} locations`);
      if (p.Relationship) assert.equal(mine.Relationship, p.Relationship, `${p.ID} relationship`);
    }
  }
}
