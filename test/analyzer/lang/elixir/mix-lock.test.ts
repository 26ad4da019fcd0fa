import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mixLockAnalyzer } from '../../../../src/analyzer/lang/elixir/mix-lock.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { sharedPath } from '../../../support/paths.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';

const osvScanner = (f: string) => sharedPath(`fixtures/lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/mix/${f}`);
const scalibr = (f: string) => sharedPath(`fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/elixir/mixlock/testdata/${f}`);
const trivyUnit = (f: string) => sharedPath(`fixtures/trivy-unit/dependency/parser/hex/mix/testdata/${f}`);

async function packagesOf(absPath: string): Promise<Package[]> {
  const result = await analyzeFixture(mixLockAnalyzer, absPath, 'mix.lock');
  const [app] = result.applications!;
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['hex', 'Hex', 'hex', 'mix.lock']);
  return app.packages;
}

async function packagesOfText(text: string): Promise<Package[]> {
  const result = await mixLockAnalyzer.analyze({ path: 'mix.lock', content: Buffer.from(text), readFile: async () => undefined });
  return result.applications![0].packages;
}

const ids = (packages: Package[]) => packages.map((p) => p.id);
const lines = (p: Package | undefined) => p?.locations?.map((l) => [l.startLine, l.endLine]);

test('wants mix.lock anywhere', () => {
  const wants = (path: string) => mixLockAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('mix.lock'), true);
  assert.equal(wants('path/to/my/mix.lock'), true);
  assert.equal(wants('path/to/my/mix.lock/file'), false);
  assert.equal(wants('path/to/my/mix.lock.file'), false);
  assert.equal(wants('path.to.my.mix.lock'), false);
});

test('trivy integration repo/mixlock: ten Hex packages, one line each, the dependency graph', async () => {
  const packages = await packagesOf(sharedPath('fixtures/trivy-integration/fixtures/repo/mixlock/mix.lock'));
  assert.deepEqual(ids(packages), [
    'castore@0.1.18', 'jason@1.4.0', 'phoenix@1.6.13', 'phoenix_html@3.2.0', 'phoenix_pubsub@2.1.1',
    'phoenix_template@1.0.0', 'phoenix_view@2.0.1', 'plug@1.14.0', 'plug_crypto@1.2.3', 'telemetry@1.1.0',
  ]);
  assert.deepEqual(packages.map((p) => lines(p)![0]), [[2, 2], [3, 3], [4, 4], [5, 5], [6, 6], [7, 7], [8, 8], [9, 9], [10, 10], [11, 11]]);
  const phoenix = packages.find((p) => p.name === 'phoenix')!;
  // plug_cowboy is an optional dependency that was not fetched: not in the lock, no edge.
  assert.deepEqual(phoenix.dependsOn, ['castore@0.1.18', 'jason@1.4.0', 'phoenix_pubsub@2.1.1', 'phoenix_view@2.0.1', 'plug@1.14.0', 'plug_crypto@1.2.3', 'telemetry@1.1.0']);
  assert.ok(packages.every((p) => p.relationship === undefined && p.dev === undefined));
});

test('trivy unit happy.mix.lock: Hex packages; the git dependency (esaml) is left out, as trivy does', async () => {
  const packages = await packagesOf(trivyUnit('happy.mix.lock'));
  assert.deepEqual(packages.map((p) => [p.id, lines(p)]), [
    ['bunt@0.2.0', [[2, 2]]],
    ['credo@1.6.6', [[3, 3]]],
    ['file_system@0.2.10', [[4, 4]]],
    ['jason@1.3.0', [[5, 5]]],
  ]);
  assert.deepEqual(packages[1].dependsOn, ['bunt@0.2.0', 'file_system@0.2.10', 'jason@1.3.0']);
  assert.deepEqual(await packagesOf(trivyUnit('empty.mix.lock')), []);
});

test('osv-scanner mix fixtures (expectations from parse-mix-lock_test.go)', async () => {
  assert.deepEqual(await packagesOf(osvScanner('empty.lock')), []);
  assert.deepEqual(ids(await packagesOf(osvScanner('one-package.lock'))), ['plug@1.11.1']);
  assert.deepEqual(ids(await packagesOf(osvScanner('two-packages.lock'))), ['plug@1.11.1', 'plug_crypto@1.2.2']);
  const many = await packagesOf(osvScanner('many.lock'));
  assert.equal(many.length, 21);
  assert.deepEqual(ids(many).slice(0, 3), ['backoff@1.1.6', 'decimal@2.0.0', 'dialyxir@1.1.0']);
  assert.ok(ids(many).includes('pow@1.0.15') && ids(many).includes('telemetry@0.4.2'));
  // osv-scanner reports git dependencies with an empty version; they have no Hex version to match.
  assert.deepEqual(await packagesOf(osvScanner('git.lock')), []);
});

test('osv-scalibr mixlock fixtures: valid, empty, and a truncated :hex entry is a ParseError', async () => {
  assert.deepEqual(ids(await packagesOf(scalibr('valid'))), ['bunt@1.0.0', 'certifi@2.12.0']);
  assert.deepEqual(await packagesOf(scalibr('empty')), []);
  await rejectsWithParseError(analyzeFixture(mixLockAnalyzer, scalibr('invalid'), 'mix.lock'), 'mix.lock', 3);
});

test('the Hex package name is the second element; entries may span lines; => keys and comments are read', async () => {
  const packages = await packagesOfText(
    [
      '# comment',
      '%{',
      '  "my_alias" => {:hex, :real_pkg, "2.0.0-rc.1", "abc", [:mix],',
      '    [{:dep, "~> 1.0", [hex: :dep, repo: "hexpm", optional: false]}], "hexpm:org", "def"},',
      '  dep: {:hex, :"dep", "1.0.0", "x", [:rebar3], [], "hexpm", "y"},',
      '  "local": {:path, "../local", []},',
      '  "we\\"ird": {:hex, :"we\\"ird", "0.1.0", "x", [:mix], [{:dep, "~> 1.0", []}, :not_a_tuple], "hexpm", "y", %{extra: [1, 2.5, nil]}},',
      '}',
    ].join('\n'),
  );
  assert.deepEqual(packages.map((p) => [p.id, lines(p), p.dependsOn]), [
    ['real_pkg@2.0.0-rc.1', [[3, 4]], ['dep@1.0.0']],
    ['dep@1.0.0', [[5, 5]], undefined],
    ['we"ird@0.1.0', [[7, 7]], ['dep@1.0.0']],
  ]);
  assert.deepEqual(await packagesOfText('%{}'), []);
});

test('malformed mix.lock files are ParseErrors naming the line', async () => {
  const rejects = (text: string, line: number) =>
    rejectsWithParseError(mixLockAnalyzer.analyze({ path: 'mix.lock', content: Buffer.from(text), readFile: async () => undefined }), 'mix.lock', line);
  await rejects('%{\n  "a": {:hex, :a, "1.0.0"\n', 3);
  await rejects('%{\n  "a": {:hex, :a, "1.0.0"} "b"\n}', 2);
  await rejects('%{\n  "a": {:hex, :a, "unterminated}\n}', 2);
  await rejects('[1, 2]', 1);
  await rejects('%{}\n%{}', 2);
  await rejects('%{"a" {:hex}}', 1);
});
