import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gemfileLockAnalyzer } from '../../../../src/analyzer/lang/ruby/gemfile-lock.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';
import { sharedPath } from '../../../support/paths.js';

const TRIVY = 'fixtures/trivy-unit/dependency/parser/ruby/bundler/testdata';
const OSV_SCANNER = 'fixtures/lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/bundler';
const OSV_DETECTOR = 'fixtures/lockfiles/osv-detector-pkg/lockfile/testdata/bundler';
const SCALIBR = 'fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/ruby/gemfilelock/testdata';

async function packagesOf(fixture: string, relPath = 'Gemfile.lock'): Promise<Package[]> {
  const result = await analyzeFixture(gemfileLockAnalyzer, sharedPath(fixture), relPath);
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['bundler', 'RubyGems', 'gem', relPath]);
  return app.packages;
}

const ids = (packages: Package[]) => packages.map((p) => p.id);
/** `id relationship line` rows, the shape of trivy's expectations. */
const rows = (packages: Package[]) =>
  packages.map((p) => `${p.id} ${p.relationship ?? '-'} ${p.locations!.map((l) => `${l.startLine}-${l.endLine}`).join(',')}`);
const edges = (packages: Package[]) => Object.fromEntries(packages.filter((p) => p.dependsOn).map((p) => [p.id, p.dependsOn]));

test('wants Gemfile.lock and gems.locked, also with a prefix, nothing else', () => {
  const wants = (path: string) => gemfileLockAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('Gemfile.lock'), true);
  assert.equal(wants('path/to/my/Gemfile.lock'), true);
  assert.equal(wants('gems.locked'), true);
  assert.equal(wants('1-Gemfile.lock'), true);
  assert.equal(wants('path/to/my/Gemfile.lock/file'), false);
  assert.equal(wants('path/to/my/Gemfile.lock.file'), false);
  assert.equal(wants('path.to.my.Gemfile.lock'), false);
  assert.equal(wants('Gemfile'), false);
});

// --- trivy's parser tests (pkg/dependency/parser/ruby/bundler/parse_test.go) -------------------

test('trivy Gemfile_normal.lock: gems, direct from DEPENDENCIES, one location per gem line, graph by name', async () => {
  const packages = await packagesOf(`${TRIVY}/Gemfile_normal.lock`);
  assert.deepEqual(rows(packages), [
    'coderay@1.1.2 indirect 4-4',
    'concurrent-ruby@1.1.5 indirect 5-5',
    'dotenv@2.7.2 direct 6-6',
    'faker@1.9.3 direct 7-7',
    'i18n@1.6.0 indirect 9-9',
    'method_source@0.9.2 indirect 11-11',
    'pry@0.12.2 direct 12-12',
  ]);
  assert.deepEqual(edges(packages), {
    'faker@1.9.3': ['i18n@1.6.0'],
    'i18n@1.6.0': ['concurrent-ruby@1.1.5'],
    'pry@0.12.2': ['coderay@1.1.2', 'method_source@0.9.2'],
  });
  assert.ok(packages.every((p) => p.dev === undefined), 'Gemfile.lock has no groups: nothing is dev');
});

test('trivy Gemfile_bundler2.lock (x86_64-linux platform section)', async () => {
  const packages = await packagesOf(`${TRIVY}/Gemfile_bundler2.lock`);
  assert.deepEqual(rows(packages), [
    'coderay@1.1.3 indirect 4-4',
    'concurrent-ruby@1.1.10 indirect 5-5',
    'dotenv@2.7.6 direct 6-6',
    'faker@2.21.0 direct 7-7',
    'i18n@1.10.0 indirect 9-9',
    'json@2.6.2 direct 11-11',
    'method_source@1.0.0 indirect 12-12',
    'pry@0.14.1 direct 13-13',
  ]);
  assert.deepEqual(edges(packages), {
    'faker@2.21.0': ['i18n@1.10.0'],
    'i18n@1.10.0': ['concurrent-ruby@1.1.10'],
    'pry@0.14.1': ['coderay@1.1.3', 'method_source@1.0.0'],
  });
});

test('trivy Gemfile_malformed.lock: a line that is no section header is a ParseError naming the line', async () => {
  // trivy returns no packages for this file; a Gemfile.lock consists of sections only.
  await rejectsWithParseError(analyzeFixture(gemfileLockAnalyzer, sharedPath(`${TRIVY}/Gemfile_malformed.lock`), 'Gemfile.lock'), 'Gemfile.lock', 1);
});

// --- osv-scanner / osv-detector / osv-scalibr fixtures ------------------------------------------

const expectedIds: Record<string, string[]> = {
  'no-spec-section.lock': [],
  'no-gem-section.lock': [],
  'no-gems.lock': [],
  'one-gem.lock': ['ast@2.4.2'],
  'some-gems.lock': ['coderay@1.1.3', 'method_source@1.0.0', 'pry@0.14.1'],
  'multiple-gems.lock': ['bundler-audit@0.9.0.1', 'coderay@1.1.3', 'dotenv@2.7.6', 'method_source@1.0.0', 'pry@0.14.1', 'thor@1.2.1'],
  'rubocop.lock': [
    'ast@2.4.2', 'parallel@1.21.0', 'parser@3.1.1.0', 'rainbow@3.1.1', 'regexp_parser@2.2.1', 'rexml@3.2.5', 'rubocop@1.25.1',
    'rubocop-ast@1.16.0', 'ruby-progressbar@1.11.0', 'unicode-display_width@2.1.0',
  ],
  'has-git-gem.lock': ['concurrent-ruby@1.1.7', 'hanami-controller@2.0.0.alpha1', 'hanami-utils@2.0.0.alpha1', 'rack@2.2.3', 'transproc@1.1.1'],
};

for (const [file, expected] of Object.entries(expectedIds)) {
  test(`osv-scanner and osv-detector ${file}: the same gems as osv-scanner`, async () => {
    assert.deepEqual(ids(await packagesOf(`${OSV_SCANNER}/${file}`)), expected);
    assert.deepEqual(ids(await packagesOf(`${OSV_DETECTOR}/${file}`)), expected);
  });
}

test('rails.lock: 46 gems; nokogiri 1.13.3-x86_64-linux is version 1.13.3', async () => {
  const packages = await packagesOf(`${OSV_SCANNER}/rails.lock`);
  assert.equal(packages.length, 46);
  const nokogiri = packages.find((p) => p.name === 'nokogiri')!;
  assert.equal(nokogiri.version, '1.13.3');
  assert.deepEqual(nokogiri.dependsOn, ['racc@1.6.0']);
  assert.equal(packages.find((p) => p.name === 'rails')!.relationship, 'direct');
});

test('has-git-gem.lock: GIT sources are gems too, `name!` in DEPENDENCIES makes them direct', async () => {
  const packages = await packagesOf(`${SCALIBR}/has-git-gem.lock`);
  assert.deepEqual(rows(packages), [
    'concurrent-ruby@1.1.7 indirect 22-22',
    'hanami-controller@2.0.0.alpha1 indirect 6-6',
    'hanami-utils@2.0.0.alpha1 direct 15-15',
    'rack@2.2.3 indirect 23-23',
    'transproc@1.1.1 indirect 24-24',
  ]);
  assert.deepEqual(edges(packages)['hanami-controller@2.0.0.alpha1'], ['hanami-utils@2.0.0.alpha1', 'rack@2.2.3']);
});

test('has-local-gem.lock: PATH gems count, their dependencies without requirements resolve by name', async () => {
  const packages = await packagesOf(`${SCALIBR}/has-local-gem.lock`);
  assert.equal(packages.length, 30);
  const backbone = packages.find((p) => p.name === 'backbone-on-rails')!;
  assert.deepEqual([backbone.version, backbone.relationship, backbone.locations], ['1.2.0.0', 'direct', [{ startLine: 4, endLine: 4 }]]);
  assert.deepEqual(backbone.dependsOn, ['eco@1.0.0', 'ejs@1.1.1', 'jquery-rails@4.4.0', 'railties@7.0.2.2']);
  assert.ok(ids(packages).includes('eco-source@1.1.0.rc.1'));
});

test('scalibr invalid.lock: a spec line without a version is skipped', async () => {
  assert.deepEqual(await packagesOf(`${SCALIBR}/invalid.lock`), []);
});

test('scalibr source-section-at-end.lock: sections in any order', async () => {
  assert.deepEqual(rows(await packagesOf(`${SCALIBR}/source-section-at-end.lock`)), ['ast@2.4.2 direct 16-16']);
});

test('osv-detector e2e 1-Gemfile.lock: 229 gems', async () => {
  const packages = await packagesOf('fixtures/lockfiles/osv-detector-e2e/1-Gemfile.lock', '1-Gemfile.lock');
  assert.equal(packages.length, 229);
  assert.ok(packages.every((p) => p.relationship === 'direct' || p.relationship === 'indirect'));
});

// --- hand-written edge cases -------------------------------------------------------------------

async function packagesOfText(text: string): Promise<Package[]> {
  const result = await gemfileLockAnalyzer.analyze({ path: 'Gemfile.lock', content: Buffer.from(text), readFile: async () => undefined });
  return result.applications![0].packages;
}

test('one gem built for several platforms is one package with a location per line; CRLF line ends', async () => {
  const text = [
    'GEM',
    '  remote: https://gems.example.org/',
    '  specs:',
    '    nokogiri (1.15.4-arm64-darwin)',
    '      racc (~> 1.4)',
    '    nokogiri (1.15.4-x86_64-linux)',
    '      racc (~> 1.4)',
    '    racc (1.7.1)',
    '',
    'PLATFORMS',
    '  arm64-darwin',
    '  x86_64-linux',
    '',
    'DEPENDENCIES',
    '  nokogiri',
    '',
    'CHECKSUMS',
    '  nokogiri (1.15.4-arm64-darwin) sha256=00',
    '',
  ].join('\r\n');
  assert.deepEqual(rows(await packagesOfText(text)), ['nokogiri@1.15.4 direct 4-4,6-6', 'racc@1.7.1 indirect 8-8']);
});

test('without a DEPENDENCIES section the relationship is unknown', async () => {
  const packages = await packagesOfText('GEM\n  remote: https://gems.example.org/\n  specs:\n    rake (13.0.6)\n');
  assert.deepEqual(rows(packages), ['rake@13.0.6 - 4-4']);
});

test('empty file: no packages', async () => {
  assert.deepEqual(await packagesOfText(''), []);
});
