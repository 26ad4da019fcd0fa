/**
 * OpenVEX documents (trivy's test document, and documents written here by the OpenVEX v0.2.0 spec
 * and the older v0.0.x shape) applied to a real report: trivy's alpine-310 golden (OS packages
 * with `distro` qualifiers, two CVEs in two packages).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { UserError } from '../../../src/errors.js';
import { filterReport } from '../../../src/report/filter.js';
import type { Report } from '../../../src/report/model.js';
import { parseVex } from '../../../src/report/vex/load-vex.js';
import type { ResultWithSuppressed } from '../../../src/report/vex/modified-finding.js';
import { sharedPath } from '../../support/paths.js';

const ALL = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
const alpine = () => JSON.parse(readFileSync(sharedPath('fixtures/trivy-integration/alpine-310.json.golden'), 'utf8')) as Report;
const remaining = (r: Report) => (r.Results[0].Vulnerabilities ?? []).map((v) => `${v.VulnerabilityID} ${v.PkgName}`).sort();
const suppressedOf = (r: Report) => ((r.Results[0] as ResultWithSuppressed).ExperimentalModifiedFindings ?? []).map((m) => `${m.Status} ${(m.Finding as { VulnerabilityID: string }).VulnerabilityID} ${(m.Finding as { PkgName: string }).PkgName} | ${m.Statement} | ${m.Source}`).sort();

function openVex(statements: unknown[], timestamp = '2024-03-01T10:00:00Z'): string {
  return JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://example.org/vex/alpine-310', author: 'Example Security Team', timestamp, version: 1, statements });
}

function apply(text: string, showSuppressed = true): Report {
  return filterReport(alpine(), { severities: [...ALL], ignoreUnfixed: false, ignoredIds: new Set(), vex: [parseVex(text, 'alpine.openvex.json')], showSuppressed });
}

test('trivy\'s OpenVEX test document: a product with a subcomponent, its status and justification', () => {
  const doc = parseVex(readFileSync(sharedPath('fixtures/trivy-integration/fixtures/vex/file/openvex.json'), 'utf8'), 'openvex.json');
  assert.equal(doc.format, 'openvex');
  assert.equal(doc.statements.length, 1);
  const [s] = doc.statements;
  assert.deepEqual(s.ids, ['CVE-2022-23628']);
  assert.equal(s.status, 'not_affected');
  assert.equal(s.justification, 'vulnerable_code_not_in_execute_path');
  assert.equal(s.detail, 'The vulnerable code isn\'t called');
  assert.deepEqual(s.products.map((p) => [p.purls.map((x) => x.name), p.subcomponents.map((x) => `${x.name}@${x.version}`)]), [[['testdata'], ['opa@v0.35.0']]]);
  assert.equal(s.time, Date.parse('2024-07-09T11:38:00.115697+04:00'));
});

test('a version-less product purl suppresses that package\'s finding at any version, and only that package\'s', () => {
  const report = apply(openVex([
    { vulnerability: { name: 'CVE-2019-1549' }, products: [{ '@id': 'pkg:apk/alpine/libssl1.1' }], status: 'not_affected', justification: 'vulnerable_code_not_in_execute_path' },
  ]));
  assert.deepEqual(remaining(report), ['CVE-2019-1549 libcrypto1.1', 'CVE-2019-1551 libcrypto1.1', 'CVE-2019-1551 libssl1.1']);
  assert.deepEqual(suppressedOf(report), ['not_affected CVE-2019-1549 libssl1.1 | vulnerable_code_not_in_execute_path | alpine.openvex.json']);
  assert.equal((report.Results[0] as ResultWithSuppressed).ExperimentalModifiedFindings![0].Type, 'vulnerability');
});

test('product purls with a version and qualifiers match only that build; identifiers.purl works like @id', () => {
  const report = apply(openVex([
    { vulnerability: { name: 'CVE-2019-1551' }, products: [{ '@id': 'pkg:apk/alpine/libcrypto1.1@1.1.1c-r0?arch=x86_64' }], status: 'fixed', impact_statement: 'rebuilt with the patch' },
    { vulnerability: { name: 'CVE-2019-1551' }, products: [{ '@id': 'https://example.org/products/ssl', identifiers: { purl: 'pkg:apk/alpine/libssl1.1@1.1.1c-r0?arch=aarch64' } }], status: 'not_affected', justification: 'component_not_present' },
    { vulnerability: { name: 'CVE-2019-1549' }, products: [{ '@id': 'pkg:apk/alpine/libcrypto1.1@1.1.1d-r0' }], status: 'not_affected', justification: 'component_not_present' },
  ]));
  assert.deepEqual(remaining(report), ['CVE-2019-1549 libcrypto1.1', 'CVE-2019-1549 libssl1.1', 'CVE-2019-1551 libssl1.1']);
  // `fixed` without a justification: the impact statement is the statement shown.
  assert.deepEqual(suppressedOf(report), ['fixed CVE-2019-1551 libcrypto1.1 | rebuilt with the patch | alpine.openvex.json']);
});

test('subcomponents of a product (the image) name the packages; aliases name the vulnerability', () => {
  const report = apply(openVex([{
    vulnerability: { '@id': 'https://nvd.nist.gov/vuln/detail/CVE-2019-1551', name: 'OSV-2019-0001', aliases: ['CVE-2019-1551'] },
    products: [{ '@id': 'pkg:oci/alpine@sha256%3A961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4', subcomponents: [{ '@id': 'pkg:apk/alpine/libcrypto1.1' }, { '@id': 'pkg:apk/alpine/libssl1.1' }] }],
    status: 'not_affected',
    justification: 'inline_mitigations_already_exist',
  }]));
  assert.deepEqual(remaining(report), ['CVE-2019-1549 libcrypto1.1', 'CVE-2019-1549 libssl1.1']);
  assert.equal(suppressedOf(report).length, 2);
});

test('affected and under_investigation suppress nothing; the latest statement for a finding decides', () => {
  const stmt = (status: string, timestamp?: string) => ({ vulnerability: { name: 'CVE-2019-1549' }, products: [{ '@id': 'pkg:apk/alpine/libssl1.1' }], status, ...(timestamp ? { timestamp } : {}), ...(status === 'not_affected' ? { justification: 'component_not_present' } : {}), ...(status === 'affected' ? { action_statement: 'upgrade' } : {}) });
  const kept = (statements: unknown[]) => remaining(apply(openVex(statements))).includes('CVE-2019-1549 libssl1.1');
  assert.equal(kept([stmt('affected')]), true);
  assert.equal(kept([stmt('under_investigation')]), true);
  // A later statement overrides an earlier one, whatever their order in the document.
  assert.equal(kept([stmt('not_affected', '2024-01-01T00:00:00Z'), stmt('affected', '2024-02-01T00:00:00Z')]), true);
  assert.equal(kept([stmt('affected', '2024-02-01T00:00:00Z'), stmt('not_affected', '2024-01-01T00:00:00Z')]), true);
  assert.equal(kept([stmt('affected', '2024-01-01T00:00:00Z'), stmt('not_affected', '2024-02-01T00:00:00Z')]), false);
  // Statements without their own time take the document's; then the later in the document wins.
  assert.equal(kept([stmt('under_investigation'), stmt('not_affected')]), false);
  assert.equal(kept([stmt('not_affected'), stmt('under_investigation')]), true);
});

test('the OpenVEX v0.0.x shape: a string vulnerability, string products, subcomponents on the statement', () => {
  const report = apply(JSON.stringify({
    '@context': 'https://openvex.dev/ns',
    '@id': 'https://example.org/vex/old',
    author: 'Example',
    timestamp: '2023-01-09T21:23:03Z',
    version: '1',
    statements: [{ vulnerability: 'CVE-2019-1549', products: ['pkg:oci/alpine'], subcomponents: ['pkg:apk/alpine/libcrypto1.1'], status: 'not_affected', justification: 'vulnerable_code_not_present' }],
  }));
  assert.deepEqual(remaining(report), ['CVE-2019-1549 libssl1.1', 'CVE-2019-1551 libcrypto1.1', 'CVE-2019-1551 libssl1.1']);
});

test('without --show-suppressed the suppressed findings are left out of the report', () => {
  const report = apply(openVex([{ vulnerability: { name: 'CVE-2019-1549' }, products: [{ '@id': 'pkg:apk/alpine/libssl1.1' }], status: 'not_affected', justification: 'component_not_present' }]), false);
  assert.equal(remaining(report).length, 3);
  assert.equal((report.Results[0] as ResultWithSuppressed).ExperimentalModifiedFindings, undefined);
});

test('a malformed VEX document is a UserError naming the file and the problem', () => {
  const cases: [string, RegExp][] = [
    ['{"@context": "https://openvex.dev/ns/v0.2.0"', /^VEX x\.json: not valid JSON/],
    ['[]', /^VEX x\.json: not a VEX document/],
    ['{"@context": "https://openvex.dev/ns/v0.2.0"}', /^VEX x\.json: OpenVEX document without "statements"$/],
    [openVex([{ products: [{ '@id': 'pkg:apk/alpine/x' }], status: 'fixed' }]), /^VEX x\.json: statements\[0\] names no vulnerability$/],
    [openVex([{ vulnerability: { name: 'CVE-1' }, status: 'exploitable' }]), /^VEX x\.json: statements\[0\]: status "exploitable" is not one of not_affected, affected, fixed, under_investigation$/],
    ['{"document": {"category": "csaf_vex"}}', /CSAF VEX is not read yet/],
    ['{"bomFormat": "CycloneDX", "specVersion": "1.5"}', /CycloneDX document without "vulnerabilities"/],
    ['{"hello": "world"}', /neither OpenVEX .* nor CycloneDX VEX/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseVex(text, 'x.json'), (err: unknown) => err instanceof UserError && message.test(err.message), text);
  }
});
