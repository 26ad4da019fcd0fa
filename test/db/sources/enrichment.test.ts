import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { kevConverter } from '../../../src/db/sources/kev.js';
import { cveEnrichmentConverter } from '../../../src/db/sources/cve-enrichment.js';
import { epssConverter } from '../../../src/db/sources/epss.js';
import { convertFeed } from '../../support/convert-feed.js';
import { sharedPath } from '../../support/paths.js';

test('CISA KEV catalogue: every listed CVE flagged, with its dates', () => {
  const path = sharedPath('db-seed/kev/known_exploited_vulnerabilities.json');
  const text = readFileSync(path, 'utf8');
  const catalogue = JSON.parse(text) as { count: number };
  assert.equal(kevConverter.wants('kev/known_exploited_vulnerabilities.json'), true);
  const { items, warnings } = convertFeed(kevConverter, path, text);
  assert.deepEqual(warnings, []);
  assert.equal(items.length, catalogue.count);
  const git = items.find((i) => i.kind === 'enrichment' && i.cve === 'CVE-2025-48384');
  assert.deepEqual(git, {
    kind: 'enrichment',
    cve: 'CVE-2025-48384',
    data: { kev: { dateAdded: '2025-08-25', dueDate: '2025-09-15', knownRansomwareCampaignUse: 'Unknown' }, cweIds: ['CWE-59', 'CWE-436'] },
  });
});

test('CVE enrichment lines: CNA and CISA-ADP CVSS, KEV flag, CWEs', () => {
  const lines = gunzipSync(readFileSync(sharedPath('db-seed/enrichment/cve-enrichment.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean);
  assert.equal(cveEnrichmentConverter.wants('enrichment/cve-enrichment.jsonl.gz'), true);
  const one = (id: string) => {
    const line = lines.find((l) => l.startsWith(`{"id":"${id}"`))!;
    return convertFeed(cveEnrichmentConverter, 'x.jsonl', line).items[0];
  };
  assert.deepEqual(one('CVE-2011-0611'), {
    kind: 'enrichment',
    cve: 'CVE-2011-0611',
    data: {
      cvss: { 'cisa-adp': { V3Vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', V3Score: 8.8 } },
      kev: { dateAdded: '2022-03-03' },
      cweIds: ['CWE-843'],
      published: '2011-04-13T14:00:00',
    },
  });
  const both = one('CVE-2005-10003');
  assert.ok(both.kind === 'enrichment');
  assert.deepEqual(both.data.cvss?.cna, {
    V3Vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L', V3Score: 5.6,
    V40Vector: 'CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N', V40Score: 6.3,
    V2Vector: 'AV:N/AC:H/Au:N/C:P/I:P/A:P', V2Score: 5.1,
  });
  const kevLines = lines.filter((l) => l.includes('"kev":')).length;
  const flagged = lines.map((l) => convertFeed(cveEnrichmentConverter, 'x.jsonl', l).items[0]).filter((i) => i.kind === 'enrichment' && i.data.kev).length;
  assert.equal(flagged, kevLines);
});

test('EPSS CSV: scores with the score date; a wrong header is an error naming the file', () => {
  const dir = sharedPath('fixtures/feeds/vunnel/tests/unit/providers/epss/test-fixtures');
  assert.equal(epssConverter.wants('epss_scores-2025-02-20.csv.gz'), true);
  const { items } = convertFeed(epssConverter, 'example-1.csv', readFileSync(`${dir}/example-1.csv`, 'utf8'));
  const expected = JSON.parse(readFileSync(`${dir}/snapshots/example-1/cve-1999-0001.json`, 'utf8')) as { item: { cve: string; date: string; epss: number; percentile: number } };
  assert.deepEqual(items[0], { kind: 'enrichment', cve: expected.item.cve, data: { epss: { score: expected.item.epss, percentile: expected.item.percentile, date: expected.item.date } } });
  assert.equal(items.length, readFileSync(`${dir}/example-1.csv`, 'utf8').trim().split('\n').length - 2);
  assert.throws(() => convertFeed(epssConverter, 'invalid-header.csv', readFileSync(`${dir}/invalid-header.csv`, 'utf8')), /expected the header "cve,epss,percentile" on line 2/);
  const undated = convertFeed(epssConverter, 'missing-date.csv', readFileSync(`${dir}/missing-date.csv`, 'utf8')).items[0];
  assert.ok(undated.kind === 'enrichment' && undated.data.epss && undated.data.epss.date === undefined);
});
