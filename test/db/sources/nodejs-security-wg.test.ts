import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { nextVersion, nodejsSecurityWgConverter } from '../../../src/db/sources/nodejs-security-wg.js';
import type { OsvAffected, OsvRecord } from '../../../src/db/osv-types.js';
import { isAffected } from '../../../src/detector/vuln/osv-range.js';
import { schemeForEcosystem, type VersionScheme } from '../../../src/version/index.js';
import { convertFeed, singleAdvisory, type Converted } from '../../support/convert-feed.js';
import { sharedPath } from '../../support/paths.js';

const root = sharedPath('db-seed/nodejs');

/** Node.js releases are SemVer, ordered as npm orders them; until `Node.js` has its own line in schemeForEcosystem, npm's stands in. */
function schemeOf(ecosystem: string): VersionScheme | undefined {
  return schemeForEcosystem(ecosystem) ?? (ecosystem === 'Node.js' ? schemeForEcosystem('npm') : undefined);
}

function convert(rel: string, text = readFileSync(join(root, rel), 'utf8')): Pick<Converted, 'items' | 'warnings'> {
  const { items, warnings } = convertFeed(nodejsSecurityWgConverter, rel, text, join(root, rel));
  return { items, warnings };
}

function record(rel: string, text?: string): OsvRecord {
  return singleAdvisory(convert(rel, text), { dataSource: 'nodejs-security-wg' });
}

const events = (a: OsvAffected) => a.ranges?.map((r) => r.events);

/** The security-wg answer from the raw ranges, as node-semver (and trivy) read them: vulnerable and not patched. */
function wgAffected(version: string, vulnerable: string, patched: string | null): boolean {
  const opts = { loose: true };
  return semver.satisfies(version, vulnerable, opts) && !(patched !== null && semver.satisfies(version, patched, opts));
}

/** Releases around every comparator of both ranges (pre-releases aside: node-semver keeps them out of ranges, OSV does not). */
function probes(...ranges: (string | null)[]): string[] {
  const out = new Set(['0.0.1', '0.1.0', '1.0.0', '99.0.0']);
  for (const range of ranges) {
    if (range === null) continue;
    for (const set of new semver.Range(range, { loose: true }).set) {
      for (const c of set) {
        if (c.value === '') continue;
        const { major, minor, patch } = c.semver;
        out.add(`${major}.${minor}.${patch}`).add(`${major}.${minor}.${patch + 1}`).add(`${major}.${minor + 1}.0`);
        if (patch > 0) out.add(`${major}.${minor}.${patch - 1}`);
        if (minor > 0) out.add(`${major}.${minor - 1}.99`);
        if (major > 0) out.add(`${major - 1}.99.99`);
      }
    }
  }
  return [...out];
}

function assertWgAnswers(r: OsvRecord, vulnerable: string, patched: string | null, versions = probes(vulnerable, patched)): number {
  const affected = r.affected![0];
  const scheme = schemeOf(affected.package!.ecosystem);
  if (!scheme) return 0;
  for (const v of versions) assert.equal(isAffected(v, affected, scheme), wgAffected(v, vulnerable, patched), `${r.id} at ${v}`);
  return versions.length;
}

test('a Node.js runtime advisory: vulnerable lines minus patched ones (core/1)', () => {
  const r = record('vuln/core/1.json');
  assert.equal(r.id, 'NSWG-COR-1');
  assert.deepEqual(r.aliases, ['CVE-2017-1000381']);
  assert.equal(r.modified, '1970-01-01T00:00:00Z');
  assert.equal(r.published, undefined);
  assert.equal(r.summary, 'memory overread when parsing invalid NAPTR responses');
  assert.match(r.details!, /^The c-ares function ares_parse_naptr_reply\(\)/);
  assert.deepEqual(r.database_specific, { severity: 'HIGH' });
  assert.deepEqual(r.references, [
    { type: 'ADVISORY', url: 'https://github.com/nodejs/security-wg/blob/main/vuln/core/1.json' },
    { type: 'WEB', url: 'https://nodejs.org/en/blog/vulnerability/july-2017-security-releases/' },
  ]);
  assert.deepEqual(r.affected, [
    {
      package: { ecosystem: 'Node.js', name: 'node' },
      ranges: [
        {
          type: 'ECOSYSTEM',
          events: [
            { introduced: '4.0.0' }, { fixed: '4.8.4' },
            // 5.x has no patch: its span runs on into 6.x, up to 6.11.1 (6.0.0's pre-releases included)
            { introduced: '5.0.0' }, { fixed: '6.11.1' },
            { introduced: '7.0.0' }, { fixed: '7.10.1' },
            { introduced: '8.0.0' }, { fixed: '8.1.4' },
          ],
        },
      ],
      database_specific: { vulnerable: '8.x || 7.x || 4.x || 6.x || 5.x', patched: '^8.1.4 || ^7.10.1 || ^4.8.4 || ^6.11.1' },
    },
  ]);
  assertWgAnswers(r, '8.x || 7.x || 4.x || 6.x || 5.x', '^8.1.4 || ^7.10.1 || ^4.8.4 || ^6.11.1', ['3.9.9', '4.0.0', '4.8.3', '4.8.4', '5.12.0', '6.0.0', '6.11.0', '6.11.1', '7.10.1', '8.1.3', '8.1.4', '9.0.0']);
});

test('core: CVSS without its "CVSS:" prefix, a single vulnerable version, CWE and publish date', () => {
  const withCvss = record('vuln/core/18.json');
  assert.deepEqual(withCvss.severity, [{ type: 'CVSS_V3', score: 'CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:N' }]);
  assert.deepEqual(withCvss.database_specific, { severity: 'MEDIUM', cvss_score: 4.8 });
  const single = record('vuln/core/42.json');
  assert.deepEqual(single.affected![0].versions, ['8.5.0']);
  assert.equal(single.affected![0].ranges, undefined);
  assertWgAnswers(single, '8.5.0', '^8.6.0');
  const dated = record('vuln/core/53.json');
  assert.equal(dated.published, '2018-08-16T00:00:00Z');
  assert.equal(dated.modified, '2018-08-16T00:00:00Z');
  assert.deepEqual(dated.database_specific, { severity: 'HIGH', cwe_ids: ['CWE-226'] });
  assert.deepEqual(events(dated.affected![0]), [[{ introduced: '10.0.0' }, { fixed: '10.9.0' }]]);
});

test('core: affectedEnvironments other than "all" go to ecosystem_specific', () => {
  const index = JSON.parse(readFileSync(join(root, 'vuln/core/index.json'), 'utf8')) as Record<string, { affectedEnvironments: string[] }>;
  const [n, entry] = Object.entries(index).find(([, e]) => e.affectedEnvironments[0] === 'win32')!;
  assert.deepEqual(record(`vuln/core/${n}.json`).affected![0].ecosystem_specific, { affected_environments: entry.affectedEnvironments });
});

test('a legacy npm advisory (npm/1, bassmaster)', () => {
  const r = record('vuln/npm/1.json');
  assert.deepEqual(r, {
    id: 'NSWG-ECO-1',
    modified: '2016-04-28T00:00:00Z',
    published: '2014-09-27T00:00:00Z',
    aliases: ['CVE-2014-7205'],
    summary: 'Arbitrary JavaScript Execution',
    details:
      'A vulnerability exists in bassmaster <= 1.5.1 that allows for an attacker to provide arbitrary JavaScript that is then executed server side via eval.\n\n## Recommendation\n\nUpdate to bassmaster version 1.5.2 or greater.',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N' }],
    affected: [
      {
        package: { ecosystem: 'npm', name: 'bassmaster' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { last_affected: '1.5.1' }] }],
        database_specific: { vulnerable_versions: '<=1.5.1', patched_versions: '>=1.5.2' },
      },
    ],
    references: [
      { type: 'ADVISORY', url: 'https://github.com/nodejs/security-wg/blob/main/vuln/npm/1.json' },
      { type: 'WEB', url: 'https://www.npmjs.org/package/bassmaster' },
      { type: 'WEB', url: 'https://github.com/hapijs/bassmaster/commit/b751602d8cb7194ee62a61e085069679525138c4' },
    ],
    database_specific: { cvss_score: 6.5 },
  });
});

test('npm: ">x" starts at the next SemVer version, "<=" and "<" split into two ranges (npm/309, request)', () => {
  const r = record('vuln/npm/309.json');
  assert.deepEqual(events(r.affected![0]), [
    [{ introduced: '2.2.6' }, { fixed: '2.47.0' }],
    [{ introduced: '2.51.1-0' }, { last_affected: '2.67.0' }],
  ]);
  assertWgAnswers(r, '>=2.2.6 <2.47.0 || >2.51.0 <=2.67.0', '>=2.68.0', ['2.2.5', '2.2.6', '2.46.9', '2.47.0', '2.51.0', '2.51.1', '2.67.0', '2.67.1', '2.68.0']);
});

test('npm: "<0.0.0" patched means none; exact versions are listed; x-ranges end at the next line (npm/124, 151, 11)', () => {
  assert.deepEqual(events(record('vuln/npm/124.json').affected![0]), [[{ introduced: '0' }, { last_affected: '0.8.0' }]]);
  const listed = record('vuln/npm/151.json');
  assert.deepEqual(events(listed.affected![0]), [[{ introduced: '1.0.0' }, { fixed: '1.4.6' }]]);
  assert.deepEqual(listed.affected![0].versions, ['2.0.0']);
  assertWgAnswers(listed, '>= 1.0.0 < 1.4.6 || 2.0.0', '>= 1.4.6 < 2.0.0 || >= 2.0.1');
  assert.deepEqual(events(record('vuln/npm/11.json').affected![0]), [[{ introduced: '2.0.0' }, { fixed: '2.2.0-0' }]]);
});

test('the next SemVer version', () => {
  assert.equal(nextVersion('1.2.3'), '1.2.4-0');
  assert.equal(nextVersion('1.0.0-rc.1'), '1.0.0-rc.1.0');
  assert.ok(semver.lt('1.2.3', nextVersion('1.2.3')) && semver.lt(nextVersion('1.2.3'), '1.2.4-alpha'));
});

test('index.json, deps/ and non-numeric files: nothing, and only the last warns', () => {
  assert.deepEqual(convert('vuln/core/index.json'), { items: [], warnings: [] });
  assert.deepEqual(convert('vuln/npm/index.json'), { items: [], warnings: [] });
  assert.deepEqual(convert('vuln/deps/1.json'), { items: [], warnings: [] });
  assert.match(convert('vuln/npm/foo.json', '{}').warnings[0], /foo\.json: not a security-wg advisory/);
  assert.match(convert('vuln/npm/9999.json', '{"module_name":"x","vulnerable_versions":"not a range"}').warnings[0], /9999\.json: NSWG-ECO-9999: cannot read the range "not a range"/);
  assert.match(convert('vuln/npm/9998.json', '{"module_name":"x","vulnerable_versions":"<1.0.0","patched_versions":"*"}').warnings[0], /NSWG-ECO-9998: the patched range covers the whole vulnerable range/);
  assert.throws(() => convert('vuln/npm/9997.json', '{"id": '), SyntaxError);
  for (const path of ['vuln/npm/1.json', 'security-wg/vuln/core/index.json', 'vuln/deps/3.json']) assert.ok(nodejsSecurityWgConverter.wants(path), path);
  for (const path of ['vuln/README.md', 'npm/1.json', 'vuln/npm/sub/1.json', 'osv/ghsa-npm/GHSA-x.json']) assert.ok(!nodejsSecurityWgConverter.wants(path), path);
});

// ---- the whole data set ----

test('every core and npm advisory converts without warnings and gives node-semver\'s answer on releases', () => {
  const core = readdirSync(join(root, 'vuln/core')).filter((f) => /^\d+\.json$/.test(f));
  const npm = readdirSync(join(root, 'vuln/npm')).filter((f) => /^\d+\.json$/.test(f));
  assert.equal(core.length, 171);
  assert.equal(npm.length, 467);
  let checked = 0;
  for (const [folder, files] of [['core', core], ['npm', npm]] as const) {
    for (const f of files) {
      const rel = `vuln/${folder}/${f}`;
      const raw = JSON.parse(readFileSync(join(root, rel), 'utf8')) as Record<string, string | null>;
      const r = record(rel);
      assert.equal(r.id, `NSWG-${folder === 'core' ? 'COR' : 'ECO'}-${f.slice(0, -'.json'.length)}`);
      assert.equal(r.affected![0].package!.ecosystem, folder === 'core' ? 'Node.js' : 'npm');
      const [vulnerable, patched] = folder === 'core' ? [raw.vulnerable!, raw.patched] : [raw.vulnerable_versions!, raw.patched_versions];
      checked += assertWgAnswers(r, vulnerable, patched ?? null);
    }
  }
  if (schemeOf('npm')) assert.ok(checked > 10_000, `${checked} checks`);
});
