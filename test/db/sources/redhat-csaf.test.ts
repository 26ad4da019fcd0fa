import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PackageURL } from 'packageurl-js';
import { redhatCsafConverter, redhatEcosystem } from '../../../src/db/sources/redhat-csaf.js';
import type { OsvRecord } from '../../../src/db/osv-types.js';
import { assertAdvisories, convertFeed } from '../../support/convert-feed.js';
import { sharedPath } from '../../support/paths.js';

function convert(path: string, text: string, origin = path): { records: OsvRecord[]; warnings: string[] } {
  const { items, records, warnings } = convertFeed(redhatCsafConverter, path, text, origin);
  assertAdvisories(items, { dataSource: 'redhat', part: false });
  return { records, warnings };
}

const advisories = 'fixtures/feeds/vunnel/tests/unit/providers/rhel/test-fixtures/csaf/advisories';
const vex = 'fixtures/feeds/trivy-db/pkg/vulnsrc/redhat-csaf/testdata/vuln-list-redhat/csaf-vex';
const load = (rel: string) => {
  const file = sharedPath(rel);
  return convert(rel.split('/').slice(-2).join('/'), readFileSync(file, 'utf8'), file);
};
const only = (rel: string): OsvRecord => {
  const { records, warnings } = load(rel);
  assert.deepEqual(warnings, []);
  assert.equal(records.length, 1);
  return records[0];
};
const open = [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }];
const fixedAt = (fixed: string) => [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }];

/** The `-- name --` sections of a Go txtar archive. */
function txtar(rel: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = readFileSync(sharedPath(rel), 'utf8').split(/^-- (.+) --$/m);
  for (let i = 1; i < parts.length; i += 2) out.set(parts[i], parts[i + 1].trim());
  return out;
}

test('wants Red Hat CSAF file names: rhsa-YYYY_NNNN.json advisories, cve-YYYY-NNNN.json VEX', () => {
  for (const path of ['advisories/2024/rhsa-2024_6163.json', 'rhsa-2023_3821.json', 'vex/2024/cve-2024-10041.json', 'csaf-vex/cve-2024-0002.json']) {
    assert.equal(redhatCsafConverter.wants(path), true, path);
  }
  for (const path of ['CVE-2024-10041.json', 'RHSA-2024:6163.json', 'rhsa-2024_6163.json.asc', 'cpe/repository-to-cpe.json']) assert.equal(redhatCsafConverter.wants(path), false, path);
});

test('RHSA advisory: one record keyed by the RHSA, an entry per platform CPE and rpm with the fixed EVR', () => {
  assert.deepEqual(only(`${advisories}/2024/rhsa-2024_6163.json`), {
    id: 'RHSA-2024:6163',
    modified: '2026-03-26T18:50:03Z',
    published: '2024-09-03T17:57:24Z',
    aliases: ['CVE-2024-8088'],
    summary: 'Red Hat Security Advisory: python3.9 security update',
    details: 'An update for python3.9 is now available for Red Hat Enterprise Linux 9.\n\nRed Hat Product Security has rated this update as having a security impact of Moderate. A Common Vulnerability Scoring System (CVSS) base score, which gives a detailed severity rating, is available for each vulnerability from the CVE link(s) in the References section.',
    affected: ['appstream', 'baseos', 'crb'].map((stream) => ({
      package: { ecosystem: `Red Hat:enterprise_linux:9::${stream}`, name: 'python3.9' },
      ranges: fixedAt('3.9.18-3.el9_4.5'),
      ecosystem_specific: { status: 'fixed', advisory: 'RHSA-2024:6163', arches: ['src'] },
    })),
    references: [
      { type: 'ADVISORY', url: 'https://access.redhat.com/errata/RHSA-2024:6163' },
      { type: 'WEB', url: 'https://access.redhat.com/security/updates/classification/#moderate' },
      { type: 'REPORT', url: 'https://bugzilla.redhat.com/show_bug.cgi?id=2302255' },
    ],
    database_specific: { severity: 'MEDIUM', impact: 'Moderate' },
  });
});

test('RHSA advisories: modules, epochs, EUS/ELS streams, known_not_affected products', () => {
  const ruby = only(`${advisories}/rhsa-2023_3821.json`);
  assert.deepEqual(ruby.aliases, ['CVE-2021-33621', 'CVE-2023-28755', 'CVE-2023-28756']);
  const rubyEntry = ruby.affected!.find((a) => a.package?.name === 'ruby')!;
  assert.deepEqual(rubyEntry, {
    package: { ecosystem: 'Red Hat:enterprise_linux:8::appstream', name: 'ruby' },
    ranges: fixedAt('2.7.8-139.module+el8.8.0+18745+f1bef313'),
    ecosystem_specific: { status: 'fixed', advisory: 'RHSA-2023:3821', module: 'ruby:2.7', arches: ['aarch64', 'i686', 'ppc64le', 's390x', 'src', 'x86_64'] },
  });

  const bind = only(`${advisories}/2025/rhsa-2025_23414.json`);
  assert.equal(bind.database_specific?.severity, 'HIGH');
  const bindLibs = bind.affected!.find((a) => a.package?.name === 'bind-libs' && a.ecosystem_specific?.status === 'fixed')!;
  assert.equal(bindLibs.package?.ecosystem, 'Red Hat:rhel_els:6');
  assert.deepEqual(bindLibs.ranges, fixedAt('32:9.8.2-0.68.rc1.el6_10.17'));
  const notAffected = bind.affected!.filter((a) => a.ecosystem_specific?.status === 'not-affected');
  assert.ok(notAffected.length > 0 && notAffected.every((a) => a.ranges === undefined && a.ecosystem_specific?.advisory === undefined));

  const sudo = only(`${advisories}/rhsa-2024_0811.json`);
  assert.deepEqual([...new Set(sudo.affected!.map((a) => a.package?.ecosystem))].sort(), [
    'Red Hat:enterprise_linux:8::baseos', 'Red Hat:enterprise_linux:9::appstream', 'Red Hat:enterprise_linux:9::baseos',
    'Red Hat:rhel_eus:8.6::baseos', 'Red Hat:rhel_eus:8.8::baseos', 'Red Hat:rhel_eus:9.0::appstream', 'Red Hat:rhel_eus:9.0::baseos',
    'Red Hat:rhel_eus:9.2::appstream', 'Red Hat:rhel_eus:9.2::baseos',
  ]);
  assert.deepEqual(sudo.affected!.find((a) => a.package?.ecosystem === 'Red Hat:rhel_eus:9.2::baseos' && a.package.name === 'sudo')?.ranges, fixedAt('1.9.5p2-9.el9_2.2'));
});

test('counts: one entry per (platform CPE, rpm name, status), counted from the raw product trees', () => {
  for (const rel of ['rhsa-2023_3821.json', 'rhsa-2023_7025.json', 'rhsa-2024_0811.json', 'rhsa-2024_1431.json', '2024/rhsa-2024_6163.json', '2024/rhsa-2024_9371.json', '2025/rhsa-2025_23414.json']) {
    type Branch = { product?: { product_id: string; product_identification_helper?: { cpe?: string; purl?: string } }; branches?: Branch[] };
    const raw = JSON.parse(readFileSync(sharedPath(`${advisories}/${rel}`), 'utf8')) as {
      product_tree: { branches: Branch[]; relationships: { full_product_name: { product_id: string }; product_reference: string; relates_to_product_reference: string }[] };
      vulnerabilities: { product_status: Record<string, string[]> }[];
    };
    const helpers = new Map<string, { cpe?: string; purl?: string }>();
    const walk = (bs: Branch[] = []): void => bs.forEach((b) => {
      if (b.product) helpers.set(b.product.product_id, b.product.product_identification_helper ?? {});
      walk(b.branches);
    });
    walk(raw.product_tree.branches);
    const expected = new Set<string>();
    for (const v of raw.vulnerabilities) {
      for (const [status, ids] of Object.entries(v.product_status)) {
        for (const id of ids) {
          const rel = raw.product_tree.relationships.find((r) => r.full_product_name.product_id === id)!;
          const cpe = helpers.get(rel.relates_to_product_reference)?.cpe;
          const purl = helpers.get(rel.product_reference)?.purl;
          if (cpe && purl) expected.add(`${cpe}|${PackageURL.fromString(purl).name}|${status}`);
        }
      }
    }
    const { records } = load(`${advisories}/${rel}`);
    assert.equal(records[0].affected!.length, expected.size, rel);
  }
});

test('VEX: one REDHAT-CVE record per CVE, fixes with their RHSA, unfixed packages, modules; containers left out', () => {
  const record = only(`${vex}/cve-2024-11111.json`);
  assert.equal(record.id, 'REDHAT-CVE-2024-11111');
  assert.deepEqual(record.aliases, ['CVE-2024-11111']);
  assert.deepEqual(record.related, ['RHSA-2024:9999']);
  assert.deepEqual(record.database_specific, { severity: 'HIGH', impact: 'Important', cwe_ids: ['CWE-123'] });
  assert.deepEqual(record.affected!.map((a) => [a.package?.ecosystem, a.package?.name, a.ranges, a.ecosystem_specific]), [
    ['Red Hat:enterprise_linux:9::baseos', 'test-package', fixedAt('1:1.0.0-1.el9'), { status: 'fixed', advisory: 'RHSA-2024:9999', arches: ['x86_64', 'aarch64'], severity: 'Important' }],
    ['Red Hat:enterprise_linux:9::appstream', 'test-package', fixedAt('1:1.0.0-1.el9'), { status: 'fixed', advisory: 'RHSA-2024:9999', arches: ['x86_64', 'aarch64'], severity: 'Important' }],
    ['Red Hat:enterprise_linux:9::appstream', 'modular-package', fixedAt('2.4.37-65.module+el8.10.0+21982+14717793'), { status: 'fixed', advisory: 'RHSA-2024:9999', module: 'module:2.4', arches: ['aarch64'], severity: 'Moderate' }],
    ['Red Hat:enterprise_linux:9::baseos', 'affected-package', open, { status: 'unfixed', arches: ['src'], severity: 'Important' }],
    ['Red Hat:enterprise_linux:9::baseos', 'affected-package-bin', open, { status: 'unfixed', severity: 'Important' }],
  ]);

  const pam = only(`${vex}/cve-2024-10041.json`);
  assert.deepEqual(pam.severity, [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:U/C:H/I:N/A:N' }]);
  assert.equal(pam.published, '2024-10-18T00:00:00Z');
  assert.equal(pam.modified, '2024-12-18T09:14:23Z');
  assert.match(pam.details!, /^A vulnerability was found in PAM/);
  assert.deepEqual(pam.affected!.map((a) => [a.package?.ecosystem, a.package?.name, a.ranges]), [['Red Hat:enterprise_linux:9::baseos', 'pam', fixedAt('1.5.1-21.el9_5')]]);

  assert.equal(only(`${vex}/cve-2024-22222.json`).database_specific?.severity, 'CRITICAL');
});

test('VEX product_status: known_affected with its remediation, not affected, under investigation', () => {
  const rel = `${vex}/cve-2024-11111.json`;
  const doc = JSON.parse(readFileSync(sharedPath(rel), 'utf8')) as { vulnerabilities: Record<string, unknown>[] };
  const base = 'BaseOS-9.5.0.Z.MAIN:';
  doc.vulnerabilities[0].product_status = {
    fixed: [`${base}test-package-1:1.0.0-1.el9.x86_64`],
    known_affected: [`${base}affected-package`, `${base}affected-package-bin`, 'AppStream-9.5.0.Z.MAIN:test-package-1:1.0.0-1.el9.x86_64'],
    known_not_affected: ['AppStream-9.5.0.Z.MAIN:test-package-1:1.0.0-1.el9.aarch64'],
    under_investigation: [`${base}test-package-1:1.0.0-1.el9.aarch64`],
  };
  doc.vulnerabilities[0].remediations = [
    { category: 'vendor_fix', url: 'https://access.redhat.com/errata/RHSA-2024:9999', product_ids: [`${base}test-package-1:1.0.0-1.el9.x86_64`] },
    { category: 'none_available', details: 'Fix deferred', product_ids: [`${base}affected-package`] },
    { category: 'no_fix_planned', details: 'Will not fix', product_ids: [`${base}affected-package-bin`] },
    { category: 'no_fix_planned', details: 'Out of support scope', product_ids: ['AppStream-9.5.0.Z.MAIN:test-package-1:1.0.0-1.el9.x86_64'] },
  ];
  const { records, warnings } = convert('cve-2024-11111.json', JSON.stringify(doc));
  assert.deepEqual(warnings, []);
  assert.deepEqual(records[0].affected!.map((a) => [a.package?.ecosystem?.replace('Red Hat:enterprise_linux:9::', ''), a.package?.name, a.ecosystem_specific?.status, a.ranges]), [
    ['baseos', 'test-package', 'fixed', fixedAt('1:1.0.0-1.el9')],
    ['baseos', 'affected-package', 'fix-deferred', open],
    ['baseos', 'affected-package-bin', 'will-not-fix', open],
    ['appstream', 'test-package', 'end-of-life', open],
    ['appstream', 'test-package', 'not-affected', undefined],
    ['baseos', 'test-package', 'undetermined', undefined],
  ]);
});

test('vuln-list-update samples: product-level statuses give no package entries; documents without vulnerabilities give none', () => {
  const first = txtar('fixtures/feeds/vuln-list-update/redhat/csaf/testdata/first_run.txtar').get('2024/cve-2024-0002.json')!;
  const { records, warnings } = convert('2024/cve-2024-0002.json', first);
  assert.deepEqual(warnings, []);
  assert.deepEqual(records.map((r) => [r.id, r.affected, r.database_specific]), [['REDHAT-CVE-2024-0002', [], { severity: 'HIGH', impact: 'important', cwe_ids: ['CWE-79'] }]]);
  const archive = txtar('fixtures/feeds/vuln-list-update/redhat/csaf/testdata/archive.txtar');
  for (const [name, text] of archive) assert.deepEqual(convert(name, text).records, [], name);
});

test('malformed input: a vulnerability without CVE is one warning, the rest loads; a non-CSAF document throws', () => {
  const doc = JSON.parse(readFileSync(sharedPath(`${vex}/cve-2024-10041.json`), 'utf8')) as { vulnerabilities: Record<string, unknown>[] };
  doc.vulnerabilities.unshift({ cve: '', product_status: {} });
  const { records, warnings } = convert('cve-2024-10041.json', JSON.stringify(doc), '/rh/cve-2024-10041.json');
  assert.deepEqual(warnings, ['/rh/cve-2024-10041.json: vulnerability #1 has no CVE id']);
  assert.deepEqual(records.map((r) => r.id), ['REDHAT-CVE-2024-10041']);

  const invalid = txtar('fixtures/feeds/vuln-list-update/redhat/csaf/testdata/invalid.txtar').get('2024/cve-2024-0001.json')!;
  assert.throws(() => convert('cve-2024-0001.json', invalid, '/rh/cve-2024-0001.json'), /not a Red Hat CSAF advisory or VEX document/);
  const empty = sharedPath('fixtures/feeds/trivy-db/pkg/vulnsrc/redhat-csaf/testdata/empty-cve/csaf-vex/empty-cve.json');
  assert.throws(() => convert('empty-cve.json', readFileSync(empty, 'utf8'), empty), /not a Red Hat CSAF/);
  const noTracking = { document: { category: 'csaf_security_advisory' }, vulnerabilities: [] };
  assert.throws(() => convert('rhsa-2099_1.json', JSON.stringify(noTracking), '/rh/rhsa-2099_1.json'), /advisory without "tracking.id"/);
});

test('CPE → ecosystem', () => {
  assert.equal(redhatEcosystem('cpe:/o:redhat:enterprise_linux:9::baseos'), 'Red Hat:enterprise_linux:9::baseos');
  assert.equal(redhatEcosystem('cpe:/a:redhat:rhel_eus:8.6::appstream'), 'Red Hat:rhel_eus:8.6::appstream');
  assert.equal(redhatEcosystem('cpe:/a:fedoraproject:fedora:40'), undefined);
});
