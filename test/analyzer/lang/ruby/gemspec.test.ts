import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gemspecAnalyzer } from '../../../../src/analyzer/lang/ruby/gemspec.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';
import { sharedPath } from '../../../support/paths.js';

const TRIVY_PARSER = 'fixtures/trivy-unit/dependency/parser/ruby/gemspec/testdata';
const TRIVY_ANALYZER = 'fixtures/trivy-unit/fanal/analyzer/language/ruby/gemspec/testdata';
const SCALIBR = 'fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/ruby/gemspec/testdata';

/** Fixtures are presented as installed specs: `usr/lib/ruby/gems/3.1.0/specifications/<file>`. */
const installedPath = (file: string) => `usr/lib/ruby/gems/3.1.0/specifications/${file.split('/').pop()}`;

async function packageOf(fixture: string): Promise<Package> {
  const relPath = installedPath(fixture);
  const result = await analyzeFixture(gemspecAnalyzer, sharedPath(fixture), relPath);
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['gemspec', 'RubyGems', 'gem', relPath]);
  assert.equal(app.packages.length, 1);
  return app.packages[0];
}

const summary = (p: Package) => [p.id, p.licenses ?? [], p.locations];

test('wants *.gemspec under a specifications directory only (as trivy: installed gems, not sources)', () => {
  const wants = (path: string) => gemspecAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('usr/ank/specifications/default/ank.gemspec'), true);
  assert.equal(wants('usr/ank/specifications/ank.gemspec'), true);
  assert.equal(wants('specifications/ank.gemspec'), true);
  assert.equal(wants('usr/ank/specifications/ankgemspec'), false);
  assert.equal(wants('localRepo/default/ank.gemspec'), false);
  assert.equal(wants('ank.gemspec'), false);
});

// --- trivy's tests (dependency/parser/ruby/gemspec, fanal/analyzer/language/ruby/gemspec) ------

test('trivy normal00.gemspec: rake 13.0.3, MIT; the location is the Gem::Specification.new block', async () => {
  assert.deepEqual(summary(await packageOf(`${TRIVY_PARSER}/normal00.gemspec`)), ['rake@13.0.3', ['MIT'], [{ startLine: 4, endLine: 26 }]]);
});

test('trivy normal01.gemspec: another block variable, trailing comment; `licenses = "MIT"` (not a list) gives none', async () => {
  assert.deepEqual(summary(await packageOf(`${TRIVY_PARSER}/normal01.gemspec`)), ['async@1.25.0', [], [{ startLine: 4, endLine: 10 }]]);
});

test('trivy license.gemspec: `license = "MIT"`', async () => {
  assert.deepEqual(summary(await packageOf(`${TRIVY_PARSER}/license.gemspec`)).slice(0, 2), ['async@1.25.0', ['MIT']]);
});

test('trivy multiple_licenses.gemspec (parser and analyzer copies): three licenses', async () => {
  for (const dir of [TRIVY_PARSER, TRIVY_ANALYZER]) {
    assert.deepEqual(summary(await packageOf(`${dir}/multiple_licenses.gemspec`)), ['test-unit@3.3.7', ['Ruby', 'BSDL', 'PSFL'], [{ startLine: 4, endLine: 41 }]]);
  }
});

test('trivy malformed00 (wrong variable), malformed01 (no version), empty_name: ParseError', async () => {
  for (const fixture of [`${TRIVY_PARSER}/malformed00.gemspec`, `${TRIVY_PARSER}/malformed01.gemspec`, `${TRIVY_ANALYZER}/empty_name.gemspec`]) {
    await rejectsWithParseError(analyzeFixture(gemspecAnalyzer, sharedPath(fixture), installedPath(fixture)), installedPath(fixture));
  }
});

// --- osv-scalibr fixtures -----------------------------------------------------------------------

test('scalibr installed specs: yaml 0.2.1 and rss 0.2.9 with their licenses', async () => {
  assert.deepEqual(summary(await packageOf(`${SCALIBR}/yaml-0.2.1.gemspec`)).slice(0, 2), ['yaml@0.2.1', ['Ruby', 'BSD-2-Clause']]);
  assert.deepEqual(summary(await packageOf(`${SCALIBR}/rss-0.2.9.gemspec`)).slice(0, 2), ['rss@0.2.9', ['BSD-2-Clause']]);
});

test('scalibr badspec, empty, invalid and source gemspecs with a VERSION constant: ParseError', async () => {
  // Source gemspecs (`spec.version = ExampleApp::VERSION`) are never under specifications/;
  // installed specs always carry literal values, so a constant is not resolved.
  for (const file of ['badspec.gemspec', 'empty.gemspec', 'invalid.gemspec', 'version_inline.gemspec', 'version_constant/version_constant.gemspec']) {
    const fixture = `${SCALIBR}/${file}`;
    await rejectsWithParseError(analyzeFixture(gemspecAnalyzer, sharedPath(fixture), installedPath(fixture)), installedPath(fixture));
  }
});

test('single-quoted literals and an unindented block', async () => {
  const text = "Gem::Specification.new do |g|\ng.name = 'tiny'\ng.version = '0.0.1'.freeze\ng.licenses = ['Apache-2.0']\nend\n";
  const result = await gemspecAnalyzer.analyze({ path: 'specifications/tiny-0.0.1.gemspec', content: Buffer.from(text), readFile: async () => undefined });
  assert.deepEqual(summary(result.applications![0].packages[0]), ['tiny@0.0.1', ['Apache-2.0'], [{ startLine: 1, endLine: 5 }]]);
});
