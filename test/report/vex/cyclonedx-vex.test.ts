/**
 * CycloneDX VEX: CycloneDX's own VEX examples (../shared/fixtures/sbom/cyclonedx/VEX), and a
 * document written here by the CycloneDX 1.5 spec (BOM-Links, bom-refs of its own components,
 * purls) applied to a real report: trivy's sbt golden (jackson-databind 2.9.1, two CVEs).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { filterReport } from '../../../src/report/filter.js';
import type { Report } from '../../../src/report/model.js';
import { parseVex } from '../../../src/report/vex/load-vex.js';
import type { ResultWithSuppressed } from '../../../src/report/vex/modified-finding.js';
import { purlTextMatches } from '../../../src/report/vex/purl-match.js';
import { sharedPath } from '../../support/paths.js';

const ALL = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
const vexExample = (rel: string) => readFileSync(sharedPath(`fixtures/sbom/cyclonedx/VEX/${rel}`), 'utf8');
const sbt = () => JSON.parse(readFileSync(sharedPath('fixtures/trivy-integration/sbt.json.golden'), 'utf8')) as Report;
const JACKSON = 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.1';

function cdxVex(vulnerabilities: unknown[]): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79',
    version: 1,
    metadata: { timestamp: '2024-03-01T10:00:00Z', component: { 'bom-ref': 'app', type: 'application', name: 'acme-app', version: '1.0' } },
    components: [{ 'bom-ref': 'jackson', type: 'library', group: 'com.fasterxml.jackson.core', name: 'jackson-databind', version: '2.9.1', purl: JACKSON }],
    vulnerabilities,
  });
}

function apply(text: string): { kept: string[]; suppressed: string[] } {
  const report = filterReport(sbt(), { severities: [...ALL], ignoreUnfixed: false, ignoredIds: new Set(), vex: [parseVex(text, 'acme.cdx.json')], showSuppressed: true });
  const result = report.Results[0] as ResultWithSuppressed;
  return {
    kept: (result.Vulnerabilities ?? []).map((v) => v.VulnerabilityID).sort(),
    suppressed: (result.ExperimentalModifiedFindings ?? []).map((m) => `${m.Status} ${(m.Finding as { VulnerabilityID: string }).VulnerabilityID} | ${m.Statement} | ${m.Source}`).sort(),
  };
}

test('CycloneDX\'s VEX example: a BOM-Link to a purl (with Maven\'s type=jar) names jackson-databind 2.10.0', () => {
  const doc = parseVex(vexExample('vex.json'), 'vex.json');
  assert.equal(doc.format, 'cyclonedx');
  assert.equal(doc.statements.length, 1);
  const [s] = doc.statements;
  assert.deepEqual(s.ids, ['CVE-2020-25649', 'SNYK-JAVA-COMFASTERXMLJACKSONCORE-1048302']);
  assert.equal(s.status, 'not_affected');
  assert.equal(s.justification, 'code_not_reachable');
  const [pattern] = s.products[0].purls;
  assert.equal(purlTextMatches(pattern, 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0'), true);
  assert.equal(purlTextMatches(pattern, JACKSON), false);
});

test('CycloneDX\'s CISA use cases name products by bom-refs of other BOMs: one warning, nothing applied', () => {
  const warnings: string[] = [];
  const doc = parseVex(vexExample('CISA-Use-Cases/Case-8/vex.json'), 'case-8.json', (m) => warnings.push(m));
  assert.deepEqual(warnings, ['VEX case-8.json: 11 affects refs name no purl (neither a purl, a BOM-Link to one, nor a component of this document with one): not applied']);
  assert.deepEqual(doc.statements.map((s) => s.status), ['affected', 'not_affected', 'not_affected', 'fixed', 'affected', 'not_affected', 'not_affected', 'fixed']);
  assert.ok(doc.statements.every((s) => s.products.length === 0));
});

test('analysis states: not_affected and false_positive -> not_affected, resolved -> fixed suppress; exploitable and in_triage do not', () => {
  const vuln = (id: string, state: string, ref: string, extra: Record<string, unknown> = {}) => ({ id, analysis: { state, ...extra }, affects: [{ ref }] });
  assert.deepEqual(apply(cdxVex([
    vuln('CVE-2020-9548', 'not_affected', `urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#${encodeURIComponent(JACKSON)}`, { justification: 'code_not_reachable', detail: 'we never deserialize untrusted data' }),
    vuln('CVE-2021-20190', 'resolved', 'jackson'),
  ])), {
    kept: [],
    suppressed: ['fixed CVE-2021-20190 |  | acme.cdx.json', 'not_affected CVE-2020-9548 | code_not_reachable | acme.cdx.json'],
  });
  assert.deepEqual(apply(cdxVex([vuln('CVE-2020-9548', 'false_positive', JACKSON)])).kept, ['CVE-2021-20190']);
  assert.deepEqual(apply(cdxVex([vuln('CVE-2020-9548', 'exploitable', JACKSON), vuln('CVE-2021-20190', 'in_triage', JACKSON)])).kept, ['CVE-2020-9548', 'CVE-2021-20190']);
  // Another version of the package, and a vulnerability without an analysis, suppress nothing.
  assert.deepEqual(apply(cdxVex([vuln('CVE-2020-9548', 'not_affected', 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.2'), { id: 'CVE-2021-20190', affects: [{ ref: 'jackson' }] }])).kept, ['CVE-2020-9548', 'CVE-2021-20190']);
});

test('a statement by the advisory\'s own id (a reference) suppresses the finding shown as its CVE', () => {
  const report = sbt();
  const finding = report.Results[0].Vulnerabilities!.find((v) => v.VulnerabilityID === 'CVE-2020-9548')!;
  finding.VendorIDs = ['GHSA-p43x-xfjf-5jhr'];
  const doc = parseVex(cdxVex([{ id: 'GHSA-p43x-xfjf-5jhr', analysis: { state: 'not_affected', justification: 'requires_configuration' }, affects: [{ ref: 'jackson' }] }]), 'acme.cdx.json');
  filterReport(report, { severities: [...ALL], ignoreUnfixed: false, ignoredIds: new Set(), vex: [doc] });
  assert.deepEqual(report.Results[0].Vulnerabilities!.map((v) => v.VulnerabilityID), ['CVE-2021-20190']);
});
