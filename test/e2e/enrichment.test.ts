/**
 * Findings carry KEV, EPSS and CVSS from the enrichment feeds, severities follow the documented
 * precedence, and --sort-by priority puts known-exploited and likely-exploited findings first.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runPicket } from '../support/cli.js';
import { repoRoot } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const fixtures = join(repoRoot, 'test/fixtures');
const cacheDir = tempDir();

interface Vuln { VulnerabilityID: string; PkgName: string; Severity: string; SeveritySource?: string; KEV?: boolean; EPSS?: { Score: number; Percentile: number; Date?: string }; CVSS?: Record<string, { V3Score?: number }>; VendorSeverity?: Record<string, number>; CweIDs?: string[] }

before(async () => {
  const r = await runPicket(['db', 'build', '--cache-dir', cacheDir, '--source', join(fixtures, 'osv'), '--source', join(fixtures, 'enrichment')]);
  assert.equal(r.code, 0, r.stderr);
});

async function findings(args: string[]): Promise<Vuln[]> {
  const r = await runPicket(['fs', join(fixtures, 'projects/app'), '-f', 'json', '--include-dev-deps', '--cache-dir', cacheDir, '--skip-db-update', ...args]);
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { Results: { Vulnerabilities?: Vuln[] }[] }).Results.flatMap((x) => x.Vulnerabilities ?? []);
}

test('KEV flag, EPSS score and date, CNA CVSS and CWE from the enrichment feeds', async () => {
  const byId = new Map((await findings([])).map((v) => [v.VulnerabilityID, v]));
  const exploited = byId.get('CVE-2099-0001')!;
  assert.equal(exploited.KEV, true);
  assert.deepEqual(exploited.EPSS, { Score: 0.012, Percentile: 0.8, Date: '2026-11-01' });
  assert.equal(exploited.Severity, 'HIGH'); // GitHub's rating wins over the record's CVSS (7.5, also HIGH)
  assert.equal(exploited.SeveritySource, 'ghsa');
  assert.deepEqual(exploited.CweIDs, ['CWE-1321']);
  const devTool = byId.get('CVE-2099-0003')!;
  assert.equal(devTool.KEV, undefined);
  assert.equal(devTool.Severity, 'LOW'); // GitHub's LOW, though the CNA's CVSS says 5.3 MEDIUM
  assert.deepEqual(devTool.VendorSeverity, { ghsa: 1, cna: 2 });
  assert.equal(devTool.CVSS?.cna?.V3Score, 5.3);
  assert.deepEqual(devTool.CweIDs, ['CWE-1333']);
  const noCve = byId.get('GHSA-ex01-0000-0002')!;
  assert.equal(noCve.EPSS, undefined);
  assert.equal(noCve.Severity, 'CRITICAL');
  assert.equal(noCve.SeveritySource, 'ghsa');
});

test('--sort-by: package (default), severity, priority', async () => {
  const order = async (args: string[]) => (await findings(args)).map((v) => v.VulnerabilityID);
  assert.deepEqual(await order([]), ['CVE-2099-0003', 'GHSA-ex01-0000-0002', 'CVE-2099-0001']);
  assert.deepEqual(await order(['--sort-by', 'severity']), ['GHSA-ex01-0000-0002', 'CVE-2099-0001', 'CVE-2099-0003']);
  // KEV first, then by EPSS (0.97 before none), then severity.
  assert.deepEqual(await order(['--sort-by', 'priority']), ['CVE-2099-0001', 'CVE-2099-0003', 'GHSA-ex01-0000-0002']);
});
