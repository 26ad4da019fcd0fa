import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ubuntuConverter, ubuntuEcosystem } from '../../../src/db/sources/ubuntu.js';
import { converterFor } from '../../../src/db/sources/registry.js';
import type { OsvRecord } from '../../../src/db/osv-types.js';
import { assertAdvisories, convertFeed } from '../../support/convert-feed.js';
import { sharedPath } from '../../support/paths.js';

function convert(path: string, text: string, origin = path): { record: OsvRecord; warnings: string[] } {
  const { items, warnings } = convertFeed(ubuntuConverter, path, text, origin);
  assert.equal(items.length, 1);
  assertAdvisories(items, { dataSource: 'ubuntu', part: false });
  return { record: items[0].record, warnings };
}

const samples = sharedPath('fixtures/feeds/vuln-list-update/ubuntu/testdata');
const sample = (name: string) => convert(`active/${name}`, readFileSync(join(samples, name), 'utf8'), join(samples, name));
const open = [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }];
const fixedAt = (fixed: string) => [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }];
const summary = (r: OsvRecord) => r.affected!.map((a) => [a.package?.ecosystem, a.package?.name, a.ecosystem_specific?.status, a.ranges]);

test('wants the tracker files (active/, retired/, ignored/) and vuln-list JSON, not OSV records', () => {
  for (const path of ['active/CVE-2020-0556', 'ubuntu-cve-tracker/retired/CVE-2007-0255', 'ignored/CVE-2017-0537', 'ubuntu/2020/CVE-2020-1234.json', 'vuln-list/ubuntu/CVE-2020-1234.json']) {
    assert.equal(ubuntuConverter.wants(path), true, path);
  }
  for (const path of ['active/CVE-2020-0556.json', 'osv/cve/2021/UBUNTU-CVE-2021-3782.json', 'USN-5614-1.json', 'active/README', 'CVE-2020-0556']) {
    assert.equal(ubuntuConverter.wants(path), false, path);
  }
});

test('tracker text: one UBUNTU-CVE record, an entry per (package, release), osv.dev ecosystem strings', () => {
  const { record, warnings } = sample('multiple_upstreams');
  assert.deepEqual(warnings, []);
  assert.deepEqual(record, {
    id: 'UBUNTU-CVE-2020-0556',
    modified: '1970-01-01T00:00:00Z',
    published: '2020-03-12T21:15:00Z',
    aliases: ['CVE-2020-0556'],
    details: 'dummy',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:L/I:L/A:L' }],
    affected: [
      { package: { ecosystem: 'Ubuntu:14.04:LTS', name: 'bluez' }, ranges: open, ecosystem_specific: { status: 'ignored', release: 'trusty', note: 'out of standard support' } },
      { package: { ecosystem: 'Ubuntu:16.04:LTS', name: 'bluez' }, ranges: fixedAt('5.37-0ubuntu5.3'), ecosystem_specific: { status: 'fixed', release: 'xenial' } },
      { package: { ecosystem: 'Ubuntu:18.04:LTS', name: 'bluez' }, ranges: fixedAt('5.48-0ubuntu3.4'), ecosystem_specific: { status: 'fixed', release: 'bionic' } },
      { package: { ecosystem: 'Ubuntu:19.10', name: 'bluez' }, ranges: fixedAt('5.50-0ubuntu5.1'), ecosystem_specific: { status: 'fixed', release: 'eoan' } },
    ],
    references: [
      { type: 'ADVISORY', url: 'https://ubuntu.com/security/CVE-2020-0556' },
      { type: 'WEB', url: 'https://cve.mitre.org/cgi-bin/cvename.cgi?name=CVE-2020-0556' },
      { type: 'WEB', url: 'https://www.intel.com/content/www/us/en/security-center/advisory/intel-sa-00352.html' },
      { type: 'WEB', url: 'https://www.openwall.com/lists/oss-security/2020/03/12/4' },
      { type: 'ADVISORY', url: 'https://usn.ubuntu.com/usn/usn-4311-1' },
      { type: 'REPORT', url: 'https://bugs.debian.org/cgi-bin/bugreport.cgi?bug=953770' },
    ],
    database_specific: { severity: 'MEDIUM', priority: 'medium' },
  });
});

test('tracker text: statuses, ESM pockets, several packages, layout quirks', () => {
  assert.deepEqual(summary(sample('no_space_before_status').record), [
    ['Ubuntu:14.04:LTS', 'vnc4', 'ignored', open],
    ['Ubuntu:Pro:14.04:LTS', 'vnc4', 'unfixed', open],
    ['Ubuntu:16.04:LTS', 'vnc4', 'unfixed', open],
    ['Ubuntu:18.04:LTS', 'vnc4', 'unfixed', open],
    ['Ubuntu:19.04', 'vnc4', 'not-affected', undefined],
    ['Ubuntu:19.10', 'vnc4', 'not-affected', undefined],
  ]);
  const pending = sample('include_pending').record;
  assert.deepEqual(summary(pending), [
    ['Ubuntu:16.04:LTS', 'linux-oem', 'ignored', open],
    ['Ubuntu:18.04:LTS', 'linux-oem', 'fixed', fixedAt('4.15.0-1080.90')],
    ['Ubuntu:19.10', 'linux-oem', 'unfixed', open],
  ]);
  assert.equal(pending.affected![2].ecosystem_specific?.note, '4.15.0-1087.97');
  assert.equal(pending.database_specific?.severity, 'LOW');
  assert.deepEqual(summary(sample('more_than_one_package_patches').record), [
    ['Ubuntu:17.10', 'libonig', 'ignored', open],
    ['Ubuntu:18.04:LTS', 'libonig', 'fixed', fixedAt('6.3.0-1')],
    ['Ubuntu:Pro:12.04:LTS', 'php5', 'fixed', fixedAt('5.3.10-1ubuntu3.28')],
    ['Ubuntu:17.04', 'php7.0', 'fixed', fixedAt('7.0.22-0ubuntu0.17.04.1')],
  ]);
  assert.deepEqual(summary(sample('line_break_between_patches').record).map((e) => e[0]), ['Ubuntu:12.04:LTS', 'Ubuntu:Pro:14.04:LTS', 'Ubuntu:16.04:LTS', 'Ubuntu:16.10', 'Ubuntu:18.04:LTS']);
  assert.deepEqual(summary(sample('patches_with_status').record).map((e) => e[2]), ['ignored', 'undetermined', 'undetermined', 'undetermined']);
  assert.deepEqual(summary(sample('empty_status_upstream').record), [
    ['Ubuntu:6.06:LTS', 'xine-ui', 'ignored', open],
    ['Ubuntu:6.10', 'xine-ui', 'unfixed', open],
    ['Ubuntu:15.10', 'xine-ui', 'ignored', open],
    ['Ubuntu:16.04:LTS', 'xine-ui', 'unfixed', open],
  ]);
  const tags = sample('tags_field_parsing').record;
  assert.deepEqual(tags.database_specific, { severity: 'HIGH', priority: 'high', tags: ['cisa-kev', 'epss-prioritized'] });
  const blank = sample('blank_lines_in_description').record;
  assert.match(blank.details!, /bypassed\.\n\nThe LocalClient\.cmd_batch\(\) method/);
  assert.deepEqual(sample('notes_with_continuation_lines').record.database_specific?.notes, [
    'sbeattie> see android patch above',
    'sbeattie> drivers/usb/gadget/configfs.c::usb_string_copy()',
    'tyhicks> Patch submitter never verified that this was an issue on pure Linux and upstream thinks that it could potentially be an issue in Android-specific kernel changes',
    'mdeslaur> The android package is in multiverse and not covered by ESM.',
    'mdeslaur> Marking as ignored.',
  ]);
});

test('counts: every sample loads without warnings, one entry per status line of a real release (DNE left out)', () => {
  for (const name of readdirSync(samples)) {
    const text = readFileSync(join(samples, name), 'utf8');
    const { record, warnings } = sample(name);
    assert.deepEqual(warnings, [], name);
    const statusLines = text.split('\n').filter((l) => /^[a-z][a-z/-]*_[\w.+-]+:/.test(l) && !/^(upstream|devel|snap)_|^vivid\/|:\s*DNE/.test(l));
    assert.equal(record.affected!.length, statusLines.length, name);
    assert.equal(record.id, `UBUNTU-${/^Candidate: (\S+)/m.exec(text)![1]}`);
  }
});

test('vuln-list JSON shape', () => {
  const file = sharedPath('fixtures/feeds/trivy-db/pkg/vulnsrc/ubuntu/testdata/vuln-list/ubuntu/CVE-2020-1234.json');
  const { record, warnings } = convert('ubuntu/2020/CVE-2020-1234.json', readFileSync(file, 'utf8'), file);
  assert.deepEqual(warnings, []);
  assert.equal(record.id, 'UBUNTU-CVE-2020-1234');
  assert.equal(record.published, '2021-06-09T20:15:00Z');
  assert.deepEqual(summary(record), [
    ['Ubuntu:18.04:LTS', 'xen', 'fixed', fixedAt('1.2.3')],
    ['Ubuntu:20.04:LTS', 'xen', 'undetermined', undefined],
    ['Ubuntu:22.04:LTS', 'xen', 'unfixed', open],
  ]);
  assert.equal(record.database_specific?.severity, 'MEDIUM');
  assert.equal((record.database_specific?.notes as string[]).length, 4);
});

test('OSV-format Ubuntu records (osv.dev UBUNTU-CVE / USN) load through the generic osv converter, same ecosystems', () => {
  const files = [
    'fixtures/feeds/vunnel/tests/unit/providers/ubuntu/test-fixtures/osv/cve/2021/UBUNTU-CVE-2021-3782.json',
    'fixtures/feeds/vunnel/tests/unit/providers/ubuntu/test-fixtures/osv/usn/USN-5614-1.json',
    'fixtures/feeds/vunnel/tests/unit/providers/ubuntu/test-fixtures/osv-esm-cases/cve/2014/UBUNTU-CVE-2014-2901.json',
    'fixtures/osv-dev/gcp/website/testdata/osv/UBUNTU-CVE-2023-4004.json',
  ];
  const records: OsvRecord[] = [];
  for (const rel of files) {
    const path = rel.split('/').slice(-2).join('/');
    const converter = converterFor(path);
    assert.equal(converter?.name, 'osv', path);
    const converted = convertFeed(converter!, path, readFileSync(sharedPath(rel), 'utf8'), rel);
    records.push(...converted.records);
    assert.deepEqual(converted.warnings, [], rel);
  }
  assert.deepEqual(records.map((r) => r.id), ['UBUNTU-CVE-2021-3782', 'USN-5614-1', 'UBUNTU-CVE-2014-2901', 'UBUNTU-CVE-2023-4004']);
  const ecosystems = new Set(records.flatMap((r) => r.affected!.map((a) => a.package?.ecosystem)));
  for (const eco of ecosystems) assert.match(eco!, /^Ubuntu:(Pro:)?\d\d\.\d\d(:LTS)?$/);
  assert.ok(ecosystems.has('Ubuntu:22.04:LTS') && ecosystems.has('Ubuntu:Pro:16.04:LTS'));
  assert.deepEqual(records[1].affected![2].ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.20.0-1ubuntu0.1' }] }]);
  assert.equal(ubuntuEcosystem('esm-apps/xenial'), 'Ubuntu:Pro:16.04:LTS');
});

test('release names → ecosystems', () => {
  assert.deepEqual(['jammy', 'kinetic', 'noble', 'dapper', 'trusty/esm', 'esm-infra/xenial', 'esm-infra-legacy/trusty', 'esm-apps/jammy', 'upstream', 'devel', 'vivid/ubuntu-core', 'kinetic/esm'].map(ubuntuEcosystem), [
    'Ubuntu:22.04:LTS', 'Ubuntu:22.10', 'Ubuntu:24.04:LTS', 'Ubuntu:6.06:LTS', 'Ubuntu:Pro:14.04:LTS', 'Ubuntu:Pro:16.04:LTS', 'Ubuntu:Pro:14.04:LTS', 'Ubuntu:Pro:22.04:LTS',
    undefined, undefined, undefined, undefined,
  ]);
});

test('malformed input: bad lines and statuses are warnings naming the file and line, the rest loads; no Candidate throws', () => {
  const text = [
    'Candidate: CVE-2099-0001',
    'Priority: untriaged',
    '!!! not a field',
    'jammy_foo: released (1.0-1ubuntu1)',
    'noble_foo: exploded',
    'focal_foo: released',
  ].join('\n');
  const { record, warnings } = convert('active/CVE-2099-0001', text, '/uct/active/CVE-2099-0001');
  assert.deepEqual(warnings, [
    '/uct/active/CVE-2099-0001:3: unreadable line: !!! not a field',
    '/uct/active/CVE-2099-0001: foo in noble: unknown status "exploded"',
  ]);
  assert.deepEqual(summary(record), [['Ubuntu:22.04:LTS', 'foo', 'fixed', fixedAt('1.0-1ubuntu1')], ['Ubuntu:20.04:LTS', 'foo', 'fixed', undefined]]);
  assert.equal(record.database_specific?.severity, undefined, 'untriaged is no severity');
  assert.throws(() => convert('active/CVE-2099-0002', 'Description:\n nothing', '/uct/active/CVE-2099-0002'), /no "Candidate" CVE id/);
  assert.throws(() => convert('ubuntu/2099/CVE-2099-0003.json', '[]', '/vl/CVE-2099-0003.json'), /not an Ubuntu CVE tracker record/);
});
