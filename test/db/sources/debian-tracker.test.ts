import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { debianTrackerConverter } from '../../../src/db/sources/debian-tracker.js';
import type { OsvRecord } from '../../../src/db/osv-types.js';
import { assertAdvisories, convertFeed, recordById } from '../../support/convert-feed.js';
import { sharedPath } from '../../support/paths.js';

function convert(path: string, text: string, origin = path): { records: OsvRecord[]; warnings: string[] } {
  const { items, records, warnings } = convertFeed(debianTrackerConverter, path, text, origin);
  assertAdvisories(items, { dataSource: 'debian' });
  return { records, warnings };
}

const mockFile = sharedPath('fixtures/osv-dev/vulnfeeds/test_data/debian/debian_security_tracker_mock.json');
const vunnelFile = sharedPath('fixtures/feeds/vunnel/tests/unit/providers/debian/test-fixtures/input/debian.json');
const mock = convert('debian_security_tracker_mock.json', readFileSync(mockFile, 'utf8'), mockFile);
const vunnel = convert('debian.json', readFileSync(vunnelFile, 'utf8'), vunnelFile);
const open = [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }];
const fixedAt = (fixed: string) => [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }];

test('wants the tracker dump as served (`json`) or saved as debian*.json', () => {
  for (const path of ['json', 'json.gz', 'tracker/data/json', 'debian.json', 'debian-security-tracker.json', 'debian_security_tracker_mock.json', 'x/debian.json.gz']) {
    assert.equal(debianTrackerConverter.wants(path), true, path);
  }
  for (const path of ['DEBIAN-CVE-2023-1234.json', 'data.json', 'mydebian.json', 'debian/DSA/list', 'jsonl']) assert.equal(debianTrackerConverter.wants(path), false, path);
});

test('one DEBIAN-CVE record per issue, an entry per release: open → unfixed, resolved → fixed, fixed 0 → not-affected', () => {
  assert.deepEqual(mock.warnings, []);
  assert.deepEqual(recordById(mock.records, 'DEBIAN-CVE-2016-1585'), {
    id: 'DEBIAN-CVE-2016-1585',
    modified: '1970-01-01T00:00:00Z',
    aliases: ['CVE-2016-1585'],
    details: 'In all versions of AppArmor mount rules are accidentally widened when compiled.',
    affected: [
      { package: { ecosystem: 'Debian:12', name: 'apparmor' }, ranges: open, ecosystem_specific: { status: 'unfixed', release: 'bookworm', urgency: 'unimportant' } },
      { package: { ecosystem: 'Debian:11', name: 'apparmor' }, ranges: open, ecosystem_specific: { status: 'unfixed', release: 'bullseye', urgency: 'unimportant' } },
      { package: { ecosystem: 'Debian:10', name: 'apparmor' }, ranges: open, ecosystem_specific: { status: 'unfixed', release: 'buster', urgency: 'unimportant' } },
      { package: { ecosystem: 'Debian:sid', name: 'apparmor' }, ranges: fixedAt('3.0.12-1'), ecosystem_specific: { status: 'fixed', release: 'sid', urgency: 'unimportant' } },
      { package: { ecosystem: 'Debian:13', name: 'apparmor' }, ranges: fixedAt('3.0.12-1'), ecosystem_specific: { status: 'fixed', release: 'trixie', urgency: 'unimportant' } },
    ],
    references: [{ type: 'ADVISORY', url: 'https://security-tracker.debian.org/tracker/CVE-2016-1585' }],
    database_specific: { severity: 'LOW', scope: 'local', debianbug: 929990 },
  });
  const notAffected = recordById(mock.records, 'DEBIAN-CVE-2014-1424');
  assert.equal(notAffected.affected!.length, 5);
  for (const entry of notAffected.affected!) {
    assert.equal(entry.ranges, undefined);
    assert.equal(entry.ecosystem_specific?.status, 'not-affected');
  }
  const notYetAssigned = recordById(mock.records, 'DEBIAN-CVE-2017-6507');
  assert.equal(notYetAssigned.database_specific?.severity, undefined, '"not yet assigned" is no severity');
  assert.equal(notYetAssigned.affected![0].ecosystem_specific?.urgency, 'not yet assigned');
});

test('vunnel sample: end-of-life releases, high** urgency, issues without releases', () => {
  assert.deepEqual(vunnel.warnings, []);
  const chromium = recordById(vunnel.records, 'DEBIAN-CVE-2022-0456');
  const releases = Object.fromEntries(chromium.affected!.map((a) => [a.ecosystem_specific?.release, [a.package?.ecosystem, a.ecosystem_specific?.status, a.ranges]]));
  assert.deepEqual(releases, {
    bookworm: ['Debian:12', 'fixed', fixedAt('98.0.4758.80-1')],
    bullseye: ['Debian:11', 'fixed', fixedAt('98.0.4758.80-1~deb11u1')],
    buster: ['Debian:10', 'end-of-life', open],
    sid: ['Debian:sid', 'fixed', fixedAt('98.0.4758.80-1')],
    stretch: ['Debian:9', 'end-of-life', open],
  });
  const prototype = recordById(vunnel.records, 'DEBIAN-CVE-2008-7220');
  assert.equal(prototype.database_specific?.severity, 'HIGH');
  assert.deepEqual(prototype.affected!.map((a) => a.package?.ecosystem), ['Debian:9', 'Debian:8', 'Debian:10', 'Debian:sid']);
  assert.deepEqual(recordById(vunnel.records, 'DEBIAN-CVE-2022-0358').affected, []);
});

test('counts: one record per distinct issue, one entry per (package, release), counted from the raw dumps', () => {
  for (const [file, { records }] of [[mockFile, mock], [vunnelFile, vunnel]] as const) {
    const dump = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, { releases: Record<string, unknown> | [] }>>;
    const issues = new Set(Object.values(dump).flatMap((cves) => Object.keys(cves)));
    const entries = Object.values(dump).flatMap((cves) => Object.values(cves)).reduce((n, cve) => n + Object.keys(cve.releases).length, 0);
    assert.equal(records.length, issues.size);
    assert.equal(records.reduce((n, r) => n + r.affected!.length, 0), entries);
  }
});

test('no-DSA remarks, undetermined issues, a CVE in several packages, TEMP issues', () => {
  const dump = {
    openssl: {
      'CVE-2099-0001': {
        releases: {
          bookworm: { status: 'open', urgency: 'low', nodsa: 'Minor issue', nodsa_reason: 'postponed' },
          bullseye: { status: 'open', urgency: 'low', nodsa: 'Minor issue', nodsa_reason: 'ignored' },
          buster: { status: 'open', urgency: 'low', nodsa: 'Minor issue', nodsa_reason: '' },
          sid: { status: 'undetermined', urgency: 'medium' },
        },
      },
    },
    'openssl1.0': { 'CVE-2099-0001': { releases: { stretch: { status: 'resolved', fixed_version: '1.0.2u-1~deb9u7', urgency: 'high' } } } },
    foo: { 'TEMP-0000000-ABCDEF': { description: 'no CVE yet', releases: { bookworm: { status: 'open', urgency: 'unimportant' } } } },
  };
  const { records, warnings } = convert('json', JSON.stringify(dump));
  assert.deepEqual(warnings, []);
  const cve = recordById(records, 'DEBIAN-CVE-2099-0001');
  assert.deepEqual(cve.affected!.map((a) => [a.package?.name, a.ecosystem_specific?.release, a.ecosystem_specific?.status, a.ranges === undefined ? 'never' : a.ranges[0].events.length === 1 ? 'all' : 'up to fix']), [
    ['openssl', 'bookworm', 'fix-deferred', 'all'],
    ['openssl', 'bullseye', 'ignored', 'all'],
    ['openssl', 'buster', 'no-dsa', 'all'],
    ['openssl', 'sid', 'undetermined', 'never'],
    ['openssl1.0', 'stretch', 'fixed', 'up to fix'],
  ]);
  assert.deepEqual(cve.affected![0].ecosystem_specific, { status: 'fix-deferred', release: 'bookworm', urgency: 'low', nodsa: 'Minor issue', nodsa_reason: 'postponed' });
  assert.equal(cve.database_specific?.severity, 'HIGH');
  const temp = recordById(records, 'DEBIAN-TEMP-0000000-ABCDEF');
  assert.equal(temp.aliases, undefined);
  assert.equal(temp.details, 'no CVE yet');
});

test('malformed input: a broken issue or release is one warning naming the file, the rest loads; a non-dump throws', () => {
  const dump = {
    good: { 'CVE-2099-0002': { releases: { bookworm: { status: 'resolved', fixed_version: '1.0-1' } } } },
    broken: 'nope',
    odd: {
      'CVE-2099-0003': { releases: { hamster: { status: 'open' }, bookworm: { status: 'resolved' }, trixie: { status: 'wat' }, sid: 7 } },
      'CVE-2099-0004': { description: 'no releases at all' },
    },
  };
  const { records, warnings } = convert('json', JSON.stringify(dump), '/data/json');
  assert.deepEqual(warnings, [
    '/data/json: package broken: not an object of issues',
    '/data/json: odd CVE-2099-0003 hamster: unknown Debian release',
    '/data/json: odd CVE-2099-0003 bookworm: unreadable status "resolved" (no fixed_version)',
    '/data/json: odd CVE-2099-0003 trixie: unreadable status "wat"',
    '/data/json: odd CVE-2099-0003: release sid is not an object',
    '/data/json: odd CVE-2099-0004: no "releases" object',
  ]);
  assert.deepEqual(records.map((r) => [r.id, r.affected!.length]), [['DEBIAN-CVE-2099-0002', 1], ['DEBIAN-CVE-2099-0003', 0]]);
  assert.throws(() => convert('json', '[1, 2]', '/data/json'), /not a Debian security tracker dump/);
  assert.throws(() => convert('json', '{"a": ', '/data/json'), SyntaxError);
});
