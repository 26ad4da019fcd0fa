import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { alpineSecdbConverter, parseSecfix } from '../../../src/db/sources/alpine-secdb.js';
import { buildDatabase } from '../../../src/db/build.js';
import { AdvisoryStore } from '../../../src/db/store.js';
import { convertFeed, recordById, type Converted } from '../../support/convert-feed.js';
import { sharedPath } from '../../support/paths.js';
import { tempDir } from '../../support/temp.js';

const convert = (path: string, text: string, origin = path): Converted => convertFeed(alpineSecdbConverter, path, text, origin);

const alpineRoot = sharedPath('db-seed/alpine');
const seedFile = (rel: string) => convert(rel, readFileSync(join(alpineRoot, rel), 'utf8'), join(alpineRoot, rel));
const fixedAt = (fixed: string) => [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }];

function walk(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

test('wants secdb files in their published and mirrored layouts', () => {
  const wanted = [
    'v3.19/main.json', 'secdb/v3.20/community.json', 'main.json', 'community.json', 'secdb-legacy/v3.8/main.yaml',
    'secdb-current/3.19/main/openssl.json', 'alpine/edge/main/apk-tools.json', 'secdb-current/secdb-v3.19-main.partial.json',
    'security.json', 'os/security.json', 'wolfi/binutils.json', 'vuln-list/chainguard/binutils.json',
  ];
  for (const path of wanted) assert.equal(alpineSecdbConverter.wants(path), true, path);
  for (const path of ['secdb-legacy/README.md', 'SOURCE.txt', 'v3.19/main.txt', 'CVE-2022-1292.json', 'alpine/3.19/main.json.sig', 'x/main.json']) {
    assert.equal(alpineSecdbConverter.wants(path), false, path);
  }
});

test('a current per-package file: one part per issue, fixed and never-affected (key 0) entries', () => {
  const { items, records, warnings } = seedFile('secdb-current/3.19/main/openssl.json');
  assert.deepEqual(warnings, []);
  assert.ok(items.every((i) => i.kind === 'advisory' && i.part === true && i.dataSource === 'alpine'));
  assert.deepEqual(recordById(records, 'ALPINE-CVE-2023-5678'), {
    id: 'ALPINE-CVE-2023-5678',
    modified: '1970-01-01T00:00:00Z',
    aliases: ['CVE-2023-5678'],
    affected: [{ package: { ecosystem: 'Alpine:v3.19', name: 'openssl' }, ranges: fixedAt('3.1.4-r1'), ecosystem_specific: { status: 'fixed', repository: 'main' } }],
  });
  assert.deepEqual(recordById(records, 'ALPINE-CVE-2022-1292').affected, [
    { package: { ecosystem: 'Alpine:v3.19', name: 'openssl' }, ecosystem_specific: { status: 'not-affected', repository: 'main' } },
  ]);
  const raw = JSON.parse(readFileSync(join(alpineRoot, 'secdb-current/3.19/main/openssl.json'), 'utf8')) as { secfixes: Record<string, string[]> };
  assert.equal(records.length, new Set(Object.values(raw.secfixes).flat()).size);
});

test('secdb main.json shape: Alpine-only ids, GNUTLS-SA aliases', () => {
  const busybox = seedFile('secdb-current/secdb-v3.21-main.partial.json');
  assert.deepEqual(busybox.warnings, []);
  const alpineId = recordById(busybox.records, 'ALPINE-13661');
  assert.equal(alpineId.aliases, undefined);
  assert.deepEqual(alpineId.affected, [{ package: { ecosystem: 'Alpine:v3.21', name: 'busybox' }, ranges: fixedAt('1.35.0-r7'), ecosystem_specific: { status: 'fixed', repository: 'main' } }]);
  const gnutls = recordById(busybox.records, 'ALPINE-CVE-2020-11501');
  assert.deepEqual(gnutls.aliases, ['CVE-2020-11501', 'GNUTLS-SA-2020-03-31']);
  assert.deepEqual(gnutls.affected![0].ranges, fixedAt('3.6.13-r0'));
});

test('legacy YAML: versions stay strings, multi-CVE lines split, XSA-only ids, typos and remarks', () => {
  const xen = seedFile('secdb-legacy/v3.7/main.yaml');
  assert.deepEqual(xen.warnings, []);
  for (const cve of ['CVE-2017-5753', 'CVE-2017-5715', 'CVE-2017-5754']) {
    const record = recordById(xen.records, `ALPINE-${cve}`);
    assert.deepEqual(record.aliases, [cve, 'XSA-254']);
    assert.ok(record.affected!.some((a) => a.package?.name === 'xen' && a.package.ecosystem === 'Alpine:v3.7' && JSON.stringify(a.ranges) === JSON.stringify(fixedAt('4.9.1-r3'))));
  }
  assert.deepEqual(recordById(xen.records, 'ALPINE-XSA-249').aliases, ['XSA-249']);

  const community = seedFile('secdb-legacy/v3.8/community.yaml');
  assert.deepEqual(community.warnings, []);
  const typo = recordById(community.records, 'ALPINE-CVE-2019-2426');
  assert.deepEqual(typo.affected!.find((a) => a.package?.name === 'openjdk7')?.ranges, fixedAt('7.211.2.6.17-r0'), 'CVE_2019-2426 read as CVE-2019-2426');

  const tcpdump = recordById(seedFile('secdb-legacy/v3.11/main.yaml').records, 'ALPINE-CVE-2018-14881');
  assert.deepEqual(tcpdump.affected![0].ecosystem_specific, { status: 'fixed', repository: 'main', note: 'BGP' });

  assert.deepEqual(parseSecfix('CVE-????-?????  XSA-284'), { primaries: ['XSA-284'], others: [] });
  assert.deepEqual(parseSecfix('CVE-2017-8073.patch'), { primaries: ['CVE-2017-8073'], others: [] });
  assert.deepEqual(parseSecfix('CVE 2018-16859'), { primaries: ['CVE-2018-16859'], others: [] });
  assert.deepEqual(parseSecfix('CVE-2018-0732 (SMB - partially fixed, but SMB printing disabled)'), { primaries: ['CVE-2018-0732'], others: [], note: 'SMB - partially fixed, but SMB printing disabled' });
});

test('Wolfi and Chainguard secdb: their own ecosystems, ids and data sources', () => {
  const wolfiFile = sharedPath('fixtures/feeds/vuln-list-update/wolfi/testdata/security.json');
  const wolfi = convert('security.json', readFileSync(wolfiFile, 'utf8'), wolfiFile);
  assert.deepEqual(wolfi.warnings, []);
  assert.ok(wolfi.items.every((i) => i.kind === 'advisory' && i.part && i.dataSource === 'wolfi'));
  assert.deepEqual(recordById(wolfi.records, 'WOLFI-CVE-2022-38533'), {
    id: 'WOLFI-CVE-2022-38533',
    modified: '1970-01-01T00:00:00Z',
    aliases: ['CVE-2022-38533'],
    affected: [{ package: { ecosystem: 'Wolfi', name: 'binutils' }, ranges: fixedAt('2.39-r2'), ecosystem_specific: { status: 'fixed', repository: 'os' } }],
  });
  const cgFile = sharedPath('fixtures/feeds/vuln-list-update/chainguard/testdata/security.json');
  const chainguard = convert('security.json', readFileSync(cgFile, 'utf8'), cgFile);
  assert.deepEqual(chainguard.records.map((r) => [r.id, r.affected![0].package?.ecosystem]), [
    ['CHAINGUARD-CVE-2022-38126', 'Chainguard'], ['CHAINGUARD-CVE-2022-38533', 'Chainguard'], ['CHAINGUARD-CVE-2022-38128', 'Chainguard'],
  ]);
  assert.ok(chainguard.items.every((i) => i.kind === 'advisory' && i.dataSource === 'chainguard'));
  // vuln-list's per-package layout has no urlprefix-free hint but its folder
  const golden = sharedPath('fixtures/feeds/vuln-list-update/wolfi/testdata/golden/binutils.json');
  assert.equal(convert('wolfi/binutils.json', readFileSync(golden, 'utf8')).records[0].affected![0].package?.ecosystem, 'Wolfi');
  const perPackage = convert('chainguard/binutils.json', JSON.stringify({ name: 'binutils', secfixes: { '2.39-r1': ['CVE-2022-38126'] } }));
  assert.equal(perPackage.records[0].id, 'CHAINGUARD-CVE-2022-38126');
});

test('vuln-list-update Alpine samples: edge, release from the document, an empty secfixes value', () => {
  const dir = sharedPath('fixtures/feeds/vuln-list-update/alpine/testdata');
  const edge = convert('edge/main.json', readFileSync(join(dir, 'edge-main.json'), 'utf8'));
  assert.deepEqual(edge.records.map((r) => [r.id, r.affected![0].package?.ecosystem, r.affected![0].package?.name]), [
    ['ALPINE-CVE-2021-30139', 'Alpine:edge', 'apk-tools'], ['ALPINE-CVE-2021-36159', 'Alpine:edge', 'apk-tools'],
  ]);
  const v312 = convert('v3.12/main.json', readFileSync(join(dir, '312-main.json'), 'utf8'));
  assert.deepEqual(v312.warnings, []);
  assert.deepEqual(v312.records.map((r) => [r.id, r.affected![0].package?.ecosystem]), [['ALPINE-CVE-2018-16876', 'Alpine:v3.12']]);
});

test('malformed input: one warning naming the file per bad package or line, the rest loads; unusable documents throw', () => {
  const doc = {
    distroversion: 'v3.20',
    reponame: 'main',
    packages: [
      { pkg: { name: 'good', secfixes: { '1.0-r1': ['CVE-2099-0001'] } } },
      { pkg: { secfixes: { '1.0-r1': ['CVE-2099-0002'] } } },
      { pkg: { name: 'weird', secfixes: ['CVE-2099-0003'] } },
      { pkg: { name: 'mixed', secfixes: { '2.0-r0': 'CVE-2099-0004', '2.1-r0': [42, 'no id here', 'CVE-2099-0005'] } } },
    ],
  };
  const { records, warnings } = convert('v3.20/main.json', JSON.stringify(doc), '/secdb/v3.20/main.json');
  assert.deepEqual(warnings, [
    '/secdb/v3.20/main.json: package #2: no package name',
    '/secdb/v3.20/main.json: package weird: "secfixes" is not a map of versions',
    '/secdb/v3.20/main.json: package mixed: secfixes 2.0-r0 is not a list',
    '/secdb/v3.20/main.json: package mixed: secfixes 2.1-r0: 42 is not an id',
    '/secdb/v3.20/main.json: package mixed: secfixes 2.1-r0: no vulnerability id in "no id here"',
  ]);
  assert.deepEqual(records.map((r) => r.id), ['ALPINE-CVE-2099-0001', 'ALPINE-CVE-2099-0005']);
  assert.throws(() => convert('security.json', JSON.stringify({ packages: [] }), '/x/security.json'), /no Alpine release/);
  assert.throws(() => convert('v3.20/main.json', '[]', '/x/v3.20/main.json'), /not a secdb document/);
  assert.throws(() => convert('v3.20/main.yaml', 'packages: [', '/x/v3.20/main.yaml'), /not valid YAML \(/);
});

/** Issue ids per raw secdb file, read with nothing but JSON.parse / the YAML parser. */
function rawIssues(file: string): { ids: string[]; entries: number } {
  const text = readFileSync(file, 'utf8');
  const doc = (file.endsWith('.yaml') ? parseYaml(text, { schema: 'failsafe' }) : JSON.parse(text)) as { packages?: { pkg: { secfixes?: Record<string, unknown> } }[] | string; secfixes?: Record<string, unknown> };
  const packages = typeof doc.packages === 'object' ? doc.packages.map((p) => p.pkg) : doc.packages === undefined ? [doc] : [];
  const ids: string[] = [];
  let entries = 0;
  for (const pkg of packages) {
    for (const lines of Object.values(pkg.secfixes ?? {})) {
      for (const line of Array.isArray(lines) ? (lines as string[]) : []) {
        const cves = [...new Set([...line.matchAll(/CVE[-_ ]?(\d{4})-(\d{4,})/g)].map((m) => `ALPINE-CVE-${m[1]}-${m[2]}`))];
        const first = line.replace(/\(.*\)/, '').split(/\s+/).find((t) => /^[A-Za-z]+-[\w-]+$/.test(t) && !t.includes('CVE'));
        const issues = cves.length > 0 ? cves : first ? [first.startsWith('ALPINE-') ? first : `ALPINE-${first}`] : [];
        ids.push(...issues);
        entries += issues.length;
      }
    }
  }
  return { ids, entries };
}

test('counts over the whole db-seed Alpine folder match the raw files; it converts quickly', () => {
  const ids = new Set<string>();
  const expected = new Set<string>();
  let entries = 0;
  let expectedEntries = 0;
  for (const file of walk(alpineRoot)) {
    const rel = relative(alpineRoot, file);
    if (!alpineSecdbConverter.wants(rel)) continue;
    const text = readFileSync(file, 'utf8');
    const { records, warnings } = convert(rel, text, file);
    assert.deepEqual(warnings, [], rel);
    for (const r of records) {
      ids.add(r.id);
      entries += r.affected!.length;
    }
    const raw = rawIssues(file);
    raw.ids.forEach((id) => expected.add(id));
    expectedEntries += raw.entries;
  }
  assert.deepEqual([...ids].sort(), [...expected].sort());
  assert.equal(entries, expectedEntries);
  assert.ok(ids.size > 2500, `${ids.size} issues`);
});

test('buildDatabase over db-seed/debian + db-seed/alpine: per-ecosystem counts, Alpine parts merged across releases', async () => {
  const dir = tempDir();
  const warnings: string[] = [];
  const summary = await buildDatabase({ dbDir: dir, sources: [sharedPath('db-seed/debian'), alpineRoot], onWarning: (m) => warnings.push(m) });
  assert.deepEqual(warnings, []);

  // Debian: every advisory of the three lists that names at least one release line.
  let debian = 0;
  for (const kind of ['DSA', 'DLA', 'DTSA']) {
    const text = readFileSync(sharedPath(`db-seed/debian/${kind}/list`), 'utf8');
    debian += text.split(/\n(?=\[)/).filter((entry) => /\n\s+\[[a-z]+\] - /.test(entry)).length;
  }
  // Alpine: one advisory per distinct issue over all files.
  const alpine = new Set(walk(alpineRoot).filter((f) => alpineSecdbConverter.wants(relative(alpineRoot, f))).flatMap((f) => rawIssues(f).ids));
  assert.deepEqual(summary.ecosystems, { Alpine: alpine.size, Debian: debian });
  assert.equal(summary.invalid, 0);

  const store = AdvisoryStore.open(dir);
  const merged = store.advisory('ALPINE-CVE-2022-1292')!;
  const releases = [...new Set(merged.affected!.map((a) => a.package?.ecosystem))].sort();
  assert.deepEqual(releases, ['Alpine:v3.18', 'Alpine:v3.19', 'Alpine:v3.20', 'Alpine:v3.21', 'Alpine:v3.22']);
  assert.ok(merged.affected!.every((a) => a.package?.name === 'openssl' && a.ecosystem_specific?.status === 'not-affected' && a.ranges === undefined));
  assert.equal(store.dataSourceOf('ALPINE-CVE-2022-1292'), 'alpine');
  const dsa = store.advisory('DSA-5380-1')!;
  assert.deepEqual(dsa.aliases, ['CVE-2023-1393']);
  assert.equal(store.dataSourceOf('DSA-5380-1'), 'debian');
  assert.ok(store.affected('Debian:11', 'xorg-server').some((e) => e.advisoryId === 'DSA-5380-1'));
  assert.ok(store.affected('Alpine:v3.19', 'openssl').some((e) => e.advisoryId === 'ALPINE-CVE-2023-5678'));
  store.close();
});

test('a build over broken OS feed documents: one warning each, naming the file; the rest loads', async () => {
  const dir = tempDir();
  const src = join(dir, 'src');
  const files: Record<string, string> = {
    'DSA/list': '[01 Jan 2020] DSA-9999-1 foo - security update\n\t{CVE-2099-0001}\n\t[bookworm] - foo 1.0-1\n[oops] no header here\n\t[bookworm] - bar 1.0-1\n',
    json: '{"foo": {"CVE-2099-0002": ',
    'v3.20/main.json': JSON.stringify({ distroversion: 'v3.20', reponame: 'main', packages: [{ pkg: { name: 'foo', secfixes: { '1.0-r1': ['CVE-2099-0003'] } } }] }),
    'v3.21/main.yaml': 'distroversion: v3.21\npackages: [\n',
    'active/CVE-2099-0004': 'Description:\n no candidate\n',
    'rhsa-2099_1.json': '{"document": {"category": "csaf_informational_advisory"}}',
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(src, rel, '..'), { recursive: true });
    writeFileSync(join(src, rel), text);
  }
  const warnings: string[] = [];
  const summary = await buildDatabase({ dbDir: join(dir, 'db'), sources: [src], onWarning: (m) => warnings.push(m) });
  assert.equal(warnings.length, 5);
  assert.equal(warnings[0], `${join(src, 'DSA/list')}:4: not an advisory header: [oops] no header here`);
  assert.match(warnings[1], new RegExp(`^${join(src, 'active/CVE-2099-0004')}: no "Candidate" CVE id$`));
  assert.match(warnings[2], new RegExp(`^${join(src, 'json')}: not valid JSON`));
  assert.match(warnings[3], new RegExp(`^${join(src, 'rhsa-2099_1.json')}: not a Red Hat CSAF advisory`));
  assert.match(warnings[4], new RegExp(`^${join(src, 'v3.21/main.yaml')}: not valid YAML`));
  assert.deepEqual(summary.ecosystems, { Alpine: 1, Debian: 1 });
});
