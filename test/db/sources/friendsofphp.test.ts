import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { friendsOfPhpConverter } from '../../../src/db/sources/friendsofphp.js';
import type { OsvRecord } from '../../../src/db/osv-types.js';
import { isAffected } from '../../../src/detector/vuln/osv-range.js';
import { schemeForEcosystem, type VersionScheme } from '../../../src/version/index.js';
import { convertFeed, singleAdvisory, type Converted } from '../../support/convert-feed.js';
import { sharedPath } from '../../support/paths.js';

const root = sharedPath('db-seed/friendsofphp');
const scheme = schemeForEcosystem('Packagist');

function convert(rel: string, text = readFileSync(join(root, rel), 'utf8')): Converted {
  return convertFeed(friendsOfPhpConverter, rel, text, join(root, rel));
}

function record(rel: string, text?: string): OsvRecord {
  return singleAdvisory(convert(rel, text), { dataSource: 'php-security-advisories', part: true });
}

type Doc = { branches: Record<string, { versions: string[] }> };

/** The FriendsOfPHP answer from the raw file: some branch whose constraints all hold. */
function friendsOfPhpAffected(version: string, doc: Doc, s: VersionScheme): boolean {
  return Object.values(doc.branches).some((b) =>
    b.versions.every((constraint) => {
      const [, op, v] = /^(>=|<=|>|<)(.+)$/.exec(constraint)!;
      const c = s.compare(version, v);
      return op === '>=' ? c >= 0 : op === '>' ? c > 0 : op === '<' ? c < 0 : c <= 0;
    }),
  );
}

function assertAnswers(rel: string, versions: string[], except: string[] = []): void {
  if (!scheme) return;
  const doc = parseYaml(readFileSync(join(root, rel), 'utf8')) as Doc;
  const affected = record(rel).affected![0];
  for (const v of versions) {
    const expected = friendsOfPhpAffected(v, doc, scheme);
    assert.equal(isAffected(v, affected, scheme), except.includes(v) ? !expected : expected, `${rel} at ${v}`);
  }
}

test('an advisory without CVE: id from the path, one range per branch (symfony/symfony 2011-11-16)', () => {
  const r = record('symfony/symfony/2011-11-16.yaml');
  assert.deepEqual(r, {
    id: 'FRIENDSOFPHP-symfony-symfony-2011-11-16',
    modified: '2012-11-08T08:33:49Z',
    summary: 'Vulnerability in the EntityUserProvider as provided in the Doctrine bridge',
    affected: [
      {
        package: { ecosystem: 'Packagist', name: 'symfony/symfony' },
        ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0.0' }, { fixed: '2.0.6' }], database_specific: { branch: '2.0.x', versions: ['>=2.0.0', '<2.0.6'] } }],
      },
    ],
    references: [{ type: 'ADVISORY', url: 'https://symfony.com/blog/security-release-symfony-2-0-6' }],
  });
  assertAnswers('symfony/symfony/2011-11-16.yaml', ['1.4.20', '2.0.0', '2.0.5', '2.0.6', '2.1.0']);
});

test('"<=" bounds are last_affected; branches without a fix time still bound the versions (illuminate/auth CVE-2017-14775)', () => {
  const r = record('illuminate/auth/CVE-2017-14775.yaml');
  assert.equal(r.id, 'CVE-2017-14775');
  assert.equal(r.aliases, undefined);
  assert.equal(r.modified, '2017-09-21T01:38:58Z');
  assert.deepEqual(
    r.affected![0].ranges!.map((range) => range.events),
    [
      [{ introduced: '4.1.26' }, { last_affected: '4.1.31' }],
      [{ introduced: '4.2.0' }, { last_affected: '4.2.22' }],
      [{ introduced: '5.0.0' }, { last_affected: '5.0.35' }],
      [{ introduced: '5.1.0' }, { last_affected: '5.1.46' }],
      [{ introduced: '5.2.0' }, { last_affected: '5.2.45' }],
      [{ introduced: '5.3.0' }, { last_affected: '5.3.31' }],
      [{ introduced: '5.4.0' }, { last_affected: '5.4.36' }],
      [{ introduced: '5.5.0' }, { fixed: '5.5.10' }],
    ],
  );
  assertAnswers('illuminate/auth/CVE-2017-14775.yaml', ['4.1.25', '4.1.26', '4.1.31', '4.1.32', '4.2.22', '4.2.23', '5.4.36', '5.4.37', '5.5.0', '5.5.9', '5.5.10', '5.6.0']);
});

test('a branch with only an upper bound starts at 0 (dompdf CVE-2022-41343)', () => {
  const r = record('dompdf/dompdf/CVE-2022-41343.yaml');
  assert.deepEqual(r.affected![0].ranges!.map((range) => range.events), [[{ introduced: '0' }, { fixed: '2.0.1' }]]);
  assertAnswers('dompdf/dompdf/CVE-2022-41343.yaml', ['0.1.0', '1.2.2', '2.0.0', '2.0.1', '2.1.0']);
});

test('a ">" lower bound includes its own version (the documented approximation; amphp/artax CVE-2016-5385)', () => {
  const r = record('amphp/artax/CVE-2016-5385.yaml');
  assert.deepEqual(r.affected![0].ranges!.map((range) => range.events), [
    [{ introduced: '2' }, { fixed: '2.0.4' }],
    [{ introduced: '0.7.1' }, { fixed: '1.0.4' }],
  ]);
  // Only 0.7.1 itself differs from the constraints: it satisfies none of them, yet is reported.
  assertAnswers('amphp/artax/CVE-2016-5385.yaml', ['0.7.0', '0.7.1', '0.7.2', '1.0.3', '1.0.4', '1.1.0', '2', '2.0.3', '2.0.4'], ['0.7.1']);
});

test('bad documents: a warning naming the file; a bad branch is left out, the rest loads', () => {
  const partly = convert('acme/lib/2020-01-01-1.yaml', [
    'title: t',
    'link: https://example.com/x',
    'reference: composer://acme/lib',
    'branches:',
    '  1.x: { time: 1577836800, versions: [">=1.0", "<1.2"] }',
    '  2.x: { time: ~, versions: ["=2.0"] }',
    '  3.x: { time: ~, versions: [">=3.0", ">=3.1"] }',
  ].join('\n'));
  assert.equal(partly.items.length, 1);
  const item = partly.items[0];
  assert.ok(item.kind === 'advisory');
  assert.equal(item.record.id, 'FRIENDSOFPHP-acme-lib-2020-01-01-1');
  assert.equal(item.record.modified, '2020-01-01T00:00:00Z');
  assert.equal(item.record.affected![0].ranges!.length, 1);
  assert.deepEqual(partly.warnings, [
    `${join(root, 'acme/lib/2020-01-01-1.yaml')}: branch "2.x": cannot read the constraint "=2.0"`,
    `${join(root, 'acme/lib/2020-01-01-1.yaml')}: branch "3.x": more than one lower bound`,
  ]);
  assert.match(convert('acme/lib/CVE-1.yaml', 'title: t\nbranches: {}\n').warnings[0], /CVE-1\.yaml: not a FriendsOfPHP advisory \(no "reference: composer:\/\/vendor\/package"\)/);
  assert.match(convert('acme/lib/CVE-2.yaml', 'reference: composer://acme/lib\nbranches: {}\n').warnings[0], /CVE-2\.yaml: no usable branch/);
  assert.throws(() => convert('acme/lib/CVE-3.yaml', 'title: [unclosed\n'), /not valid YAML/);
});

test('wants the <vendor>/<package>/<id>.yaml layout only', () => {
  for (const path of ['symfony/symfony/CVE-2013-4751.yaml', 'security-advisories/drupal/core/SA-CORE-2019-008.yaml', 'zendframework/zendframework/ZF2014-01.yaml', 'a/b/GHSA-2xxx-9xxx-8xxx.yaml']) {
    assert.ok(friendsOfPhpConverter.wants(path), path);
  }
  for (const path of [
    'README.md', 'LICENSE', 'validator.php', '.github/workflows/ci.yml', 'symfony/CVE-1.yaml', 'symfony/symfony/CVE-1.yml',
    'alpine/secdb-legacy/v3.5/main.yaml', 'feeds/wolfi/consul-1.16.advisories.yaml', 'gems/rack/CVE-2018-16470.yml',
    'repo/helm_testchart/Chart.yaml', 'checks/kubernetes/CPU_not_limited.yaml',
  ]) {
    assert.ok(!friendsOfPhpConverter.wants(path), path);
  }
});

// ---- the whole database ----

const allFiles = readdirSync(root)
  .filter((vendor) => statSync(join(root, vendor)).isDirectory())
  .flatMap((vendor) => readdirSync(join(root, vendor)).flatMap((pkg) => readdirSync(join(root, vendor, pkg)).map((f) => `${vendor}/${pkg}/${f}`)));

test('every FriendsOfPHP file converts without warnings, and the ranges give the constraints\' answer', () => {
  assert.equal(allFiles.length, 1592);
  let checked = 0;
  let exclusiveLowerBounds = 0;
  for (const rel of allFiles) {
    assert.ok(friendsOfPhpConverter.wants(rel), rel);
    const { items, warnings } = convert(rel);
    assert.deepEqual(warnings, [], rel);
    assert.equal(items.length, 1, rel);
    const item = items[0];
    assert.ok(item.kind === 'advisory');
    const doc = parseYaml(readFileSync(join(root, rel), 'utf8')) as Doc & { cve?: string };
    assert.equal(item.record.id, doc.cve ?? `FRIENDSOFPHP-${rel.replace(/\.yaml$/, '').replaceAll('/', '-')}`, rel);
    assert.deepEqual(item.record.affected![0].package, { ecosystem: 'Packagist', name: rel.split('/').slice(0, 2).join('/') });
    if (!scheme) continue;
    for (const branch of Object.values(doc.branches)) {
      for (const constraint of branch.versions) {
        const v = constraint.replace(/^[<>]=?/, '');
        const strictlyAbove = branch.versions.includes(`>${v}`);
        for (const probe of [v, `${v}.1`, v.replace(/(\d+)(?!.*\d)/, (n) => String(Number(n) + 1))]) {
          if (strictlyAbove && probe === v) {
            exclusiveLowerBounds++;
            continue;
          }
          assert.equal(isAffected(probe, item.record.affected![0], scheme), friendsOfPhpAffected(probe, doc, scheme), `${rel} at ${probe}`);
          checked++;
        }
      }
    }
  }
  if (scheme) assert.ok(checked > 20_000, `${checked} checks`);
  if (scheme) assert.equal(exclusiveLowerBounds, 7);
});
