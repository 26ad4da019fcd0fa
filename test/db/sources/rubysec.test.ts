import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { pessimisticBound, rubysecConverter } from '../../../src/db/sources/rubysec.js';
import type { OsvRecord } from '../../../src/db/osv-types.js';
import { isAffected } from '../../../src/detector/vuln/osv-range.js';
import { schemeForEcosystem, type VersionScheme } from '../../../src/version/index.js';
import { convertFeed, singleAdvisory, type Converted } from '../../support/convert-feed.js';
import { sharedPath } from '../../support/paths.js';

const root = sharedPath('db-seed/rubysec');

/**
 * Ruby interpreter versions are ordered as `Gem::Version`s (bundler-audit compares them so);
 * until `Ruby` has its own line in schemeForEcosystem, the RubyGems scheme stands in.
 */
function schemeOf(ecosystem: string): VersionScheme | undefined {
  return schemeForEcosystem(ecosystem) ?? (ecosystem === 'Ruby' ? schemeForEcosystem('RubyGems') : undefined);
}

function convert(rel: string, text = readFileSync(join(root, rel), 'utf8')): Converted {
  return convertFeed(rubysecConverter, rel, text, join(root, rel));
}

function record(rel: string, text?: string): OsvRecord {
  return singleAdvisory(convert(rel, text), { dataSource: 'ruby-advisory-db', part: true });
}

// ---- bundler-audit's answer, computed independently from the raw requirements ----

function segments(version: string): string[] {
  return version.replace(/-/g, '.pre.').match(/[0-9]+|[a-z]+/gi) ?? [];
}

/** Gem::Version#release: the segments before the first letters. */
function release(version: string): string {
  const s = segments(version);
  const i = s.findIndex((x) => !/^\d/.test(x));
  return (i < 0 ? s : s.slice(0, i)).join('.');
}

/** Gem::Version#bump, unpadded. */
function bump(version: string): string {
  const s = release(version).split('.').map(BigInt);
  if (s.length > 1) s.pop();
  s[s.length - 1] += 1n;
  return s.join('.');
}

/** Gem::Requirement#satisfied_by? for one requirement string. */
function satisfies(version: string, requirement: string, scheme: VersionScheme): boolean {
  return requirement.split(',').every((part) => {
    const [, op = '=', r] = /^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$/.exec(part)!;
    const c = scheme.compare(version, r);
    switch (op) {
      case '=': return c === 0;
      case '!=': return c !== 0;
      case '>': return c > 0;
      case '<': return c < 0;
      case '>=': return c >= 0;
      case '<=': return c <= 0;
      default: return c >= 0 && scheme.compare(release(version), bump(r)) < 0; // ~>
    }
  });
}

/** bundler-audit's `Advisory#vulnerable?`. */
function bundlerAuditVulnerable(version: string, doc: { patched_versions?: string[]; unaffected_versions?: string[] }, scheme: VersionScheme): boolean {
  const safe = [...(doc.patched_versions ?? []), ...(doc.unaffected_versions ?? [])];
  return !safe.some((requirement) => satisfies(version, requirement, scheme));
}

/** Versions around every bound an advisory names. */
function probes(doc: { patched_versions?: string[]; unaffected_versions?: string[] }): string[] {
  const out = new Set(['0.0.1', '0.1', '1', '999']);
  for (const requirement of [...(doc.patched_versions ?? []), ...(doc.unaffected_versions ?? [])]) {
    for (const part of requirement.split(',')) {
      const v = /(\S+)\s*$/.exec(part)![1];
      const n = /(\d+)(?!.*\d)/.exec(v)!;
      const at = n.index;
      const num = BigInt(n[1]);
      out.add(v).add(`${v}.0.1`).add(`${v}.1`).add(bump(v)).add(`${v.slice(0, at)}${num + 1n}${v.slice(at + n[1].length)}`);
      if (num > 0n) out.add(`${v.slice(0, at)}${num - 1n}${v.slice(at + n[1].length)}`);
    }
  }
  return [...out];
}

/** Pre-releases of a `~>` bump (`1.3.0.beta1` for `~> 1.2.5`): Gem refuses them, the OSV ranges do not (documented). */
function isPrereleaseOfBump(version: string, doc: { patched_versions?: string[]; unaffected_versions?: string[] }, scheme: VersionScheme): boolean {
  if (release(version) === segments(version).join('.')) return false;
  const bumps = [...(doc.patched_versions ?? []), ...(doc.unaffected_versions ?? [])].flatMap((r) => [...r.matchAll(/~>\s*(\S+?)(?:,|\s|$)/g)].map((m) => bump(m[1])));
  return bumps.some((b) => scheme.compare(release(version), b) === 0);
}

function assertBundlerAuditAnswers(rel: string, versions: string[]): void {
  const doc = parseYaml(readFileSync(join(root, rel), 'utf8'));
  const r = record(rel);
  const scheme = schemeOf(r.affected![0].package!.ecosystem);
  if (!scheme) return;
  for (const v of versions) assert.equal(isAffected(v, r.affected![0], scheme), bundlerAuditVulnerable(v, doc, scheme), `${rel} at ${v}`);
}

// ---- records ----

test('a gem advisory with unaffected_versions and ~> plus >= patches (actionpack CVE-2020-8164)', () => {
  const r = record('gems/actionpack/CVE-2020-8164.yml');
  assert.equal(r.id, 'CVE-2020-8164');
  assert.deepEqual(r.aliases, ['GHSA-8727-m6gj-mc37']);
  assert.equal(r.published, '2020-05-18T00:00:00Z');
  assert.equal(r.modified, '2020-05-18T00:00:00Z');
  assert.equal(r.summary, 'Possible Strong Parameters Bypass in ActionPack');
  assert.match(r.details!, /^There is a strong parameters bypass vector in ActionPack\./);
  assert.deepEqual(r.references, [{ type: 'ADVISORY', url: 'https://groups.google.com/forum/#!topic/rubyonrails-security/f6ioe4sdpbY' }]);
  assert.deepEqual(r.database_specific, { cvss_v3_score: 7.5, severity: 'HIGH', framework: 'rails' });
  assert.equal(r.severity, undefined);
  assert.deepEqual(r.affected, [
    {
      package: { ecosystem: 'RubyGems', name: 'actionpack' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '4.0.0' }, { fixed: '5.2.4.3' }, { introduced: '5.3.0' }, { fixed: '6.0.3.1' }] }],
      database_specific: { patched_versions: ['~> 5.2.4, >= 5.2.4.3', '>= 6.0.3.1'], unaffected_versions: ['< 4.0.0'] },
    },
  ]);
  assertBundlerAuditAnswers('gems/actionpack/CVE-2020-8164.yml', ['3.2.22.5', '4.0.0', '5.2.4', '5.2.4.2', '5.2.4.3', '5.2.8', '5.3.0', '6.0.0', '6.0.3', '6.0.3.1', '6.1.0']);
});

test('several ~> patched lines above an unaffected floor (grpc CVE-2023-4785)', () => {
  const r = record('gems/grpc/CVE-2023-4785.yml');
  assert.deepEqual(r.affected![0].ranges, [
    {
      type: 'ECOSYSTEM',
      events: [
        { introduced: '1.53.0' }, { fixed: '1.53.2' },
        { introduced: '1.54.0' }, { fixed: '1.54.3' },
        { introduced: '1.55.0' }, { fixed: '1.55.3' },
        { introduced: '1.56.0' }, { fixed: '1.56.2' },
      ],
    },
  ]);
  assertBundlerAuditAnswers('gems/grpc/CVE-2023-4785.yml', ['1.52.9', '1.53.0', '1.53.1', '1.53.2', '1.53.9', '1.54.0', '1.54.3', '1.55.2', '1.55.3', '1.56.1', '1.56.2', '1.60.0']);
});

test('an unaffected "<= x" starts the vulnerable span just above x (nokogiri CVE-2022-23476)', () => {
  const r = record('gems/nokogiri/CVE-2022-23476.yml');
  assert.deepEqual(r.aliases, ['GHSA-qv4q-mr5r-qprj']);
  assert.deepEqual(r.affected![0].ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '1.13.7.0.1' }, { fixed: '1.13.10' }] }]);
  assertBundlerAuditAnswers('gems/nokogiri/CVE-2022-23476.yml', ['1.13.6', '1.13.7', '1.13.7.1', '1.13.8', '1.13.9', '1.13.10', '1.14.0']);
});

test('a patched "> x" ends the span at x inclusive (activerecord CVE-2011-0448)', () => {
  const r = record('gems/activerecord/CVE-2011-0448.yml');
  assert.deepEqual(r.affected![0].ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '3.0.0' }, { last_affected: '3.0.4' }] }]);
  assertBundlerAuditAnswers('gems/activerecord/CVE-2011-0448.yml', ['2.3.10', '2.3.11', '2.3.18', '3.0.0', '3.0.4', '3.0.5', '3.1.0']);
});

test('one hijacked release ("< x" and "> x" unaffected) is listed in versions (omniauth_amazon CVE-2019-15224)', () => {
  const r = record('gems/omniauth_amazon/CVE-2019-15224.yml');
  assert.deepEqual(r.affected![0].versions, ['1.0.1']);
  assert.equal(r.affected![0].ranges, undefined);
  assert.deepEqual(r.database_specific, { cvss_v3_score: 9.8, severity: 'CRITICAL' });
  assertBundlerAuditAnswers('gems/omniauth_amazon/CVE-2019-15224.yml', ['1.0.0', '1.0.1', '1.0.2']);
});

test('an unaffected "= x" among other requirements (sinatra CVE-2018-11627)', () => {
  const r = record('gems/sinatra/CVE-2018-11627.yml');
  assert.deepEqual(r.affected![0].ranges, [
    { type: 'ECOSYSTEM', events: [{ introduced: '2.0.0.beta1' }, { fixed: '2.0.0-alpha' }, { introduced: '2.0.0-alpha.0.1' }, { fixed: '2.0.2' }] },
  ]);
  assertBundlerAuditAnswers('gems/sinatra/CVE-2018-11627.yml', ['1.4.8', '2.0.0.beta1', '2.0.0.beta2', '2.0.0-alpha', '2.0.0.rc1', '2.0.0', '2.0.1', '2.0.2']);
});

test('a Ruby interpreter advisory: ecosystem Ruby, package = engine (rubies/ruby/CVE-2015-7551)', () => {
  const r = record('rubies/ruby/CVE-2015-7551.yml');
  assert.deepEqual(r.affected![0].package, { ecosystem: 'Ruby', name: 'ruby' });
  assert.deepEqual(r.affected![0].ranges, [
    {
      type: 'ECOSYSTEM',
      events: [
        { introduced: '0' }, { fixed: '1.9.1.129' },
        { introduced: '1.9.2' }, { fixed: '2.0.0.648' },
        { introduced: '2.0.1' }, { fixed: '2.1.8' },
        { introduced: '2.2.0' }, { fixed: '2.2.4' },
      ],
    },
  ]);
  assertBundlerAuditAnswers('rubies/ruby/CVE-2015-7551.yml', ['1.8.7', '1.9.1', '1.9.1.129', '1.9.3', '2.0.0.647', '2.0.0.648', '2.1.7', '2.1.8', '2.2.3', '2.2.4', '2.3.0']);
  assert.deepEqual(record('rubies/jruby/CVE-2011-4838.yml').affected![0].package, { ecosystem: 'Ruby', name: 'jruby' });
});

test('no patched or unaffected versions: every version; ids from the file (OSVDB, GHSA)', () => {
  const osvdb = record('gems/as/OSVDB-112683.yml');
  assert.equal(osvdb.id, 'OSVDB-112683');
  assert.equal(osvdb.aliases, undefined);
  assert.deepEqual(osvdb.affected![0].ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }]);
  assert.deepEqual(osvdb.database_specific, { notes: 'Never patched' });
  const ghsa = record('gems/shopify_app/GHSA-6j52-38f8-qhxr.yml');
  assert.equal(ghsa.id, 'GHSA-6j52-38f8-qhxr');
  assert.equal(ghsa.aliases, undefined);
  assert.deepEqual(ghsa.affected![0].ranges, [{ type: 'ECOSYSTEM', events: [{ introduced: '22.1.0' }, { fixed: '23.0.3' }] }]);
  assert.deepEqual(record('gems/jruby-openssl/CVE-2025-46551.yml').affected![0].ecosystem_specific, { platform: 'jruby' });
});

test('CVSS vectors become OSV severity entries; "!=", "=" and bare versions are requirements too', () => {
  const text = [
    'gem: example',
    'cve: 2099-0001',
    'osvdb: 4242',
    'date: 2099-01-02',
    'title: t',
    'cvss_v2: "AV:N/AC:L/Au:N/C:P/I:P/A:P"',
    'cvss_v3: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"',
    'cvss_v4: 8.1',
    'related:',
    '  cve: ["2099-0002"]',
    '  url: ["https://example.com/a"]',
    'patched_versions: ["!= 1.5", "1.8"]',
    'unaffected_versions: ["< 1.0"]',
  ].join('\n');
  const r = record('gems/example/CVE-2099-0001.yml', text);
  assert.deepEqual(r.aliases, ['OSVDB-4242']);
  assert.deepEqual(r.related, ['CVE-2099-0002']);
  assert.deepEqual(r.severity, [
    { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' },
    { type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' },
  ]);
  assert.deepEqual(r.database_specific, { cvss_v4_score: 8.1, severity: 'HIGH' });
  assert.deepEqual(r.references, [{ type: 'WEB', url: 'https://example.com/a' }]);
  // safe: everything but 1.5 -> vulnerable: exactly 1.5 (1.8 and < 1.0 add nothing)
  assert.deepEqual(r.affected![0].versions, ['1.5']);
});

test('~> bounds follow Gem::Version#bump', () => {
  assert.equal(pessimisticBound('1.2.5'), '1.3.0');
  assert.equal(pessimisticBound('1.2'), '2.0');
  assert.equal(pessimisticBound('1'), '2');
  assert.equal(pessimisticBound('3.2.22.1'), '3.2.23');
  assert.equal(pessimisticBound('2.0.0.beta1'), '2.1.0');
  assert.equal(pessimisticBound('4.1.0-rc1'), '4.2.0');
  assert.equal(pessimisticBound('99999999999999999999.9'), '100000000000000000000.0');
});

test('unreadable documents: a warning naming the file, nothing else', () => {
  const bad = convert('gems/example/CVE-2099-0003.yml', 'gem: example\npatched_versions: [">= not a version!"]\n');
  assert.equal(bad.items.length, 0);
  assert.equal(bad.warnings.length, 1);
  assert.match(bad.warnings[0], /CVE-2099-0003\.yml: CVE-2099-0003: cannot read the requirement ">= not a version!"/);
  assert.match(convert('gems/example/x.yml', 'title: no gem\n').warnings[0], /x\.yml: not a ruby-advisory-db advisory \(no "gem" or "engine"\)/);
  assert.throws(() => convert('gems/example/y.yml', 'gem: [unclosed\n'), /not valid YAML/);
});

test('wants gems/ and rubies/ YAML only', () => {
  for (const path of ['gems/rack/CVE-2018-16470.yml', 'ruby-advisory-db/gems/rack/OSVDB-1.yaml', 'rubies/jruby/CVE-2011-4838.yml']) assert.ok(rubysecConverter.wants(path), path);
  for (const path of ['gems/rack.yml', 'gem/rack/CVE-1.yml', 'gems/rack/CVE-1.json', 'spec/advisory_spec.rb', 'LICENSE.txt', 'gems/rack/sub/CVE-1.yml']) assert.ok(!rubysecConverter.wants(path), path);
});

// ---- the whole database ----

const allFiles = ['gems', 'rubies'].flatMap((kind) =>
  readdirSync(join(root, kind)).flatMap((dir) => readdirSync(join(root, kind, dir)).map((f) => `${kind}/${dir}/${f}`)),
);

/**
 * The only files that do not convert: their safe requirements cover every version, so
 * bundler-audit never reports them and there is no affected range to store.
 * - ckeditor CVE-2021-32808: unaffected `< 5.1.2`, patched `>= 5.1.2`;
 * - cron_parser CVE-2019-15224: unaffected `< 1.0.12`, `> 1.0.13`, `< 0.1.4`, `> 0.1.4` (meant as
 *   three hijacked releases, but read as requirements they cover everything).
 */
const UNCONVERTIBLE = ['gems/ckeditor/CVE-2021-32808.yml', 'gems/cron_parser/CVE-2019-15224.yml'];

test('every ruby-advisory-db file converts, without warnings except the two that affect nothing', () => {
  assert.equal(allFiles.length, 1381);
  const warned: string[] = [];
  let records = 0;
  for (const rel of allFiles) {
    assert.ok(rubysecConverter.wants(rel), rel);
    const { items, warnings } = convert(rel);
    if (warnings.length > 0) {
      assert.match(warnings[0], /its patched and unaffected versions cover every version/);
      warned.push(rel);
      continue;
    }
    assert.equal(items.length, 1, rel);
    const item = items[0];
    assert.ok(item.kind === 'advisory');
    assert.equal(item.record.id, rel.slice(rel.lastIndexOf('/') + 1, -'.yml'.length), rel);
    const [kind, dir] = rel.split('/');
    assert.deepEqual(item.record.affected![0].package, { ecosystem: kind === 'gems' ? 'RubyGems' : 'Ruby', name: dir }, rel);
    records++;
  }
  assert.deepEqual(warned, UNCONVERTIBLE);
  assert.equal(records, 1379);
});

test('on every advisory, the OSV ranges give bundler-audit\'s answer around each bound', () => {
  let checked = 0;
  let prereleasesOfBumps = 0;
  for (const rel of allFiles) {
    if (UNCONVERTIBLE.includes(rel)) continue;
    const doc = parseYaml(readFileSync(join(root, rel), 'utf8'));
    const { items } = convert(rel);
    const item = items[0];
    assert.ok(item.kind === 'advisory');
    const affected = item.record.affected![0];
    const scheme = schemeOf(affected.package!.ecosystem);
    if (!scheme) continue;
    for (const v of probes(doc)) {
      if (!scheme.isValid(v)) continue;
      const expected = bundlerAuditVulnerable(v, doc, scheme);
      checked++;
      if (isAffected(v, affected, scheme) === expected) continue;
      assert.ok(isPrereleaseOfBump(v, doc, scheme) && expected, `${rel} at ${v}: bundler-audit says ${expected ? '' : 'not '}vulnerable`);
      prereleasesOfBumps++;
    }
  }
  assert.ok(checked > 10_000, `${checked} checks`);
  assert.ok(prereleasesOfBumps < 50, `${prereleasesOfBumps} pre-releases of ~> bumps differ`);
});

test('documented difference: pre-releases of a ~> bump count as satisfying it', () => {
  const scheme = schemeForEcosystem('RubyGems');
  if (!scheme) return;
  const r = record('gems/actionpack/CVE-2020-8164.yml');
  // bundler-audit: 5.3.0.beta1 does not satisfy `~> 5.2.4` (its release 5.3.0 is not < 5.3): vulnerable.
  assert.equal(bundlerAuditVulnerable('5.3.0.beta1', { patched_versions: ['~> 5.2.4, >= 5.2.4.3', '>= 6.0.3.1'], unaffected_versions: ['< 4.0.0'] }, scheme), true);
  assert.equal(isAffected('5.3.0.beta1', r.affected![0], scheme), false);
});
