import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { debianListsConverter, debianEcosystem, debianUrgencySeverity, parseListDate } from '../../../src/db/sources/debian-lists.js';
import { convertFeed, recordById, type Converted } from '../../support/convert-feed.js';
import { sharedPath } from '../../support/paths.js';

const convert = (path: string, origin: string, text: string): Converted => convertFeed(debianListsConverter, path, text, origin);

function seedList(kind: 'DSA' | 'DLA' | 'DTSA'): Converted & { text: string } {
  const file = sharedPath(`db-seed/debian/${kind}/list`);
  const text = readFileSync(file, 'utf8');
  return { ...convert(`${kind}/list`, file, text), text };
}

const dsa = seedList('DSA');
const dla = seedList('DLA');
const dtsa = seedList('DTSA');

test('wants the three advisory lists of the tracker, nothing else', () => {
  for (const path of ['DSA/list', 'DLA/list', 'DTSA/list', 'data/DSA/list', 'security-tracker/data/DLA/list']) assert.equal(debianListsConverter.wants(path), true, path);
  for (const path of ['CVE/list', 'DSA/list.txt', 'DSA', 'dsa/list', 'DSA-5380-1.json']) assert.equal(debianListsConverter.wants(path), false, path);
});

test('DSA list: one record per advisory with its CVEs, date and fixed versions per release', () => {
  assert.deepEqual(dsa.warnings, []);
  assert.ok(dsa.items.every((i) => i.kind === 'advisory' && i.dataSource === 'debian' && !i.part));
  assert.deepEqual(recordById(dsa.records, 'DSA-5380-1'), {
    id: 'DSA-5380-1',
    modified: '2023-03-29T00:00:00Z',
    published: '2023-03-29T00:00:00Z',
    summary: 'xorg-server - security update',
    aliases: ['CVE-2023-1393'],
    affected: [{
      package: { ecosystem: 'Debian:11', name: 'xorg-server' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2:1.20.11-1+deb11u6' }] }],
      ecosystem_specific: { status: 'fixed', release: 'bullseye' },
    }],
    references: [{ type: 'ADVISORY', url: 'https://security-tracker.debian.org/tracker/DSA-5380-1' }],
  });
  const xen = recordById(dsa.records, 'DSA-5378-1');
  assert.deepEqual(xen.aliases, ['CVE-2022-23824', 'CVE-2022-42331', 'CVE-2022-42332', 'CVE-2022-42333', 'CVE-2022-42334']);
});

test('DSA list: markers, urgencies, bug numbers, notes and old advisory ids', () => {
  const phpmyadmin = recordById(dsa.records, 'DSA-880-1');
  assert.deepEqual(phpmyadmin.affected, [
    { package: { ecosystem: 'Debian:3.0', name: 'phpmyadmin' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }], ecosystem_specific: { status: 'unfixed', release: 'woody' } },
    { package: { ecosystem: 'Debian:3.1', name: 'phpmyadmin' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '4:2.6.2-3sarge1' }] }], ecosystem_specific: { status: 'fixed', release: 'sarge' } },
  ]);
  assert.deepEqual(phpmyadmin.database_specific, { notes: ['fixed in testing at time of DSA'] });

  const openoffice = recordById(dsa.records, 'DSA-2275-1');
  const lenny = openoffice.affected!.find((a) => a.package?.ecosystem === 'Debian:5.0')!;
  assert.equal(lenny.ranges, undefined, 'not-affected entries never match');
  assert.deepEqual(lenny.ecosystem_specific, { status: 'not-affected', release: 'lenny', note: 'Vulnerable code not present' });

  const awstats = recordById(dsa.records, 'DSA-892-1');
  assert.deepEqual(awstats.affected![0].ecosystem_specific, { status: 'fixed', release: 'sarge', bugs: [322591, 334833, 336137], urgency: 'medium' });
  assert.equal(awstats.database_specific?.severity, 'MEDIUM');

  const glibc = recordById(dsa.records, 'DSA-1605-1');
  assert.deepEqual(glibc.affected, []);
  assert.equal((glibc.database_specific?.notes as string[])[0], '<unfixed> (backport too complicated, solution: install bind9 or use ip address spoofing protection)');

  const kernel = recordById(dsa.records, 'DSA-1304');
  assert.equal(kernel.published, '2007-06-16T00:00:00Z');
  assert.equal(recordById(dsa.records, 'DSA-4205-1').summary, 'jessie end-of-life');
});

test('DLA and DTSA lists: end-of-life entries, long-form dates, urgencies → severity', () => {
  assert.deepEqual(dla.warnings, []);
  const virtualbox = recordById(dla.records, 'DLA-372-1');
  assert.deepEqual(virtualbox.affected, [{
    package: { ecosystem: 'Debian:6.0', name: 'virtualbox-ose' },
    ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }],
    ecosystem_specific: { status: 'end-of-life', release: 'squeeze' },
  }]);
  assert.equal(recordById(dla.records, 'DLA-3380-1').affected![0].package?.ecosystem, 'Debian:10');

  assert.deepEqual(dtsa.warnings, []);
  const kismet = recordById(dtsa.records, 'DTSA-1-1');
  assert.equal(kismet.published, '2005-08-26T00:00:00Z');
  assert.deepEqual(kismet.aliases, ['CVE-2005-2626', 'CVE-2005-2627']);
  assert.deepEqual(kismet.affected![0], {
    package: { ecosystem: 'Debian:4.0', name: 'kismet' },
    ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2005.08.R1-0.1etch1' }] }],
    ecosystem_specific: { status: 'fixed', release: 'etch', urgency: 'high' },
  });
  assert.equal(kismet.database_specific?.severity, 'HIGH');
});

test('counts over the whole db-seed lists match the raw files', () => {
  for (const { text, records } of [dsa, dla, dtsa]) {
    const headers = text.split('\n').filter((l) => /^\[[^\]]+\] (DSA|DLA|DTSA)-/.test(l));
    const releaseLines = text.split('\n').filter((l) => /^\s+\[[a-z]+\] - /.test(l));
    assert.equal(records.length, headers.length);
    assert.equal(new Set(records.map((r) => r.id)).size, headers.length);
    assert.equal(records.reduce((n, r) => n + r.affected!.length, 0), releaseLines.length);
    const cves = new Set(text.match(/CVE-\d{4}-\d+/g));
    const aliased = new Set(records.flatMap((r) => r.aliases ?? []));
    for (const cve of aliased) assert.ok(cves.has(cve));
  }
  assert.deepEqual([dsa.records.length, dla.records.length, dtsa.records.length], [5406, 3534, 208]);
});

test('a malformed header is one warning naming the file and line; the rest of the list loads', () => {
  const file = sharedPath('fixtures/feeds/vuln-list-update/debian/tracker/testdata/happy/data/DLA/list');
  const { records, warnings } = convert('DLA/list', file, readFileSync(file, 'utf8'));
  assert.deepEqual(warnings, [`${file}:4: not an advisory header: [19 Jul 2021] MALFORMED HEADER`]);
  assert.deepEqual(records.map((r) => r.id), ['DLA-2711-1']);
  assert.deepEqual(records[0].aliases, ['CVE-2021-29969', 'CVE-2021-29970', 'CVE-2021-29976', 'CVE-2021-30547']);

  const broken = convert('DSA/list', 'x/DSA/list', [
    '[01 Jan 2020] DSA-1-1 foo - security update',
    '\t[bullseye] - foo 1.0-1',
    '\t[hamster] - foo 1.0-2',
    '\t[bullseye] - foo <maybe>',
    '[31 Feb 2020] DSA-2-1 bar - security update',
    '\tgarbage',
  ].join('\n'));
  assert.deepEqual(broken.warnings, [
    'x/DSA/list:3: unknown Debian release "hamster"',
    'x/DSA/list:4: unknown marker <maybe> for foo in bullseye',
    'x/DSA/list:5: DSA-2-1: unreadable date "31 Feb 2020"',
    'x/DSA/list:6: DSA-2-1: unreadable line: garbage',
  ]);
  assert.deepEqual(broken.records.map((r) => [r.id, r.affected!.length, r.modified]), [['DSA-1-1', 1, '2020-01-01T00:00:00Z'], ['DSA-2-1', 0, '1970-01-01T00:00:00Z']]);
});

test('release names, urgencies and dates', () => {
  assert.deepEqual(['buzz', 'woody', 'squeeze', 'wheezy', 'jessie', 'bookworm', 'trixie', 'forky', 'sid', 'experimental'].map(debianEcosystem), [
    'Debian:1.1', 'Debian:3.0', 'Debian:6.0', 'Debian:7', 'Debian:8', 'Debian:12', 'Debian:13', 'Debian:14', 'Debian:sid', undefined,
  ]);
  assert.deepEqual(['unimportant', 'low**', 'medium*', 'high', 'not yet assigned', 'end-of-life', undefined].map(debianUrgencySeverity), ['LOW', 'LOW', 'MEDIUM', 'HIGH', undefined, undefined, undefined]);
  assert.equal(parseListDate('September 1st, 2005'), '2005-09-01T00:00:00Z');
  assert.equal(parseListDate('October 3rd, 2005'), '2005-10-03T00:00:00Z');
  assert.equal(parseListDate('29 Mar 2023'), '2023-03-29T00:00:00Z');
  assert.equal(parseListDate('someday'), undefined);
});

