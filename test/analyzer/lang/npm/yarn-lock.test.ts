import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { yarnLockAnalyzer } from '../../../../src/analyzer/lang/npm/yarn-lock.js';
import type { AnalyzerInput, Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixtures = resolve(repoRoot, '../shared/fixtures');
const osvScanner = resolve(fixtures, 'lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/yarn');
const scalibr = resolve(fixtures, 'lockfiles/osv-scalibr-extractor/filesystem/language/javascript/yarnlock/testdata');
const trivyUnit = resolve(fixtures, 'trivy-unit/dependency/parser/nodejs/yarn/testdata');

async function packagesOf(absPath: string, relPath?: string): Promise<Package[]> {
  const result = await analyzeFixture(yarnLockAnalyzer, absPath, relPath);
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.equal(app.type, 'yarn');
  assert.equal(app.ecosystem, 'npm');
  assert.equal(app.purlType, 'npm');
  return app.packages;
}

/** Analyzes inline lockfile text, with `files` as the other files of the scan root. */
async function packagesOfText(text: string, files: Record<string, string> = {}, path = 'yarn.lock'): Promise<Package[]> {
  const input: AnalyzerInput = {
    path,
    content: Buffer.from(text),
    readFile: async (rel) => (rel in files ? Buffer.from(files[rel]) : undefined),
  };
  const result = await yarnLockAnalyzer.analyze(input);
  return result.applications![0].packages;
}

const ids = (packages: Package[]): string[] => packages.map((p) => p.id).sort();
const byId = (packages: Package[]): Map<string, Package> => new Map(packages.map((p) => [p.id, p]));
const lines = (p: Package | undefined): Array<[number, number]> | undefined => p?.locations?.map((l) => [l.startLine, l.endLine]);

test('wants yarn.lock anywhere except inside installed dependencies', () => {
  const wants = (path: string) => yarnLockAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('yarn.lock'), true);
  assert.equal(wants('app/web/yarn.lock'), true);
  assert.equal(wants('node_modules/left-pad/yarn.lock'), false);
  assert.equal(wants('app/node_modules/@scope/pkg/yarn.lock'), false);
  assert.equal(wants('.yarn/unplugged/pkg-npm-1.0.0/node_modules/pkg/yarn.lock'), false);
  assert.equal(wants('yarn.lock.bak'), false);
  assert.equal(wants('my-yarn.lock'), true); // prefixed copies count (see lockfile-path.ts)
  assert.equal(wants('package-lock.json'), false);
});

// --- trivy integration golden --------------------------------------------------------------

test('trivy golden yarn.json: non-dev packages, relationships, locations and root match', async () => {
  const golden: unknown = JSON.parse(await readFile(resolve(fixtures, 'trivy-integration/yarn.json.golden'), 'utf8'));
  const expected = goldenPackages(golden);
  const packages = await packagesOf(resolve(fixtures, 'trivy-integration/fixtures/repo/yarn/yarn.lock'), 'yarn.lock');

  // Dev-only packages (promise, and asap it pulls in) are reported with `dev: true`; the golden leaves them out.
  const reported = packages.filter((p) => !p.dev);
  assert.deepEqual(ids(reported), expected.map((e) => e.id).sort());
  const got = byId(reported);
  for (const want of expected) {
    const pkg = got.get(want.id)!;
    assert.equal(pkg.relationship, want.relationship, want.id);
    assert.deepEqual(lines(pkg) ?? [], want.locations, want.id);
    assert.deepEqual(pkg.dependsOn ?? [], want.dependsOn, want.id);
    if (want.relationship === 'root') assert.deepEqual(pkg.licenses, want.licenses);
  }

  const all = byId(packages);
  assert.equal(all.get('integration@1.0.0')?.dev, undefined, 'the root package is never dev');
  assert.equal(all.get('promise@8.0.3')?.dev, true);
  assert.equal(all.get('promise@8.0.3')?.relationship, 'direct');
  assert.equal(all.get('asap@2.0.6')?.dev, true);
  assert.equal(all.get('asap@2.0.6')?.relationship, 'indirect');
});

interface GoldenPackage {
  id: string;
  relationship: string;
  locations: Array<[number, number]>;
  dependsOn: string[];
  licenses: string[];
}

/** Packages of the yarn result of a trivy JSON report, read defensively. */
function goldenPackages(report: unknown): GoldenPackage[] {
  const results = (report as { Results?: unknown }).Results;
  assert.ok(Array.isArray(results));
  const yarn = results.find((r: { Type?: unknown }) => r.Type === 'yarn') as { Packages: Array<Record<string, unknown>> };
  return yarn.Packages.map((p) => ({
    id: String(p.ID),
    relationship: String(p.Relationship),
    locations: ((p.Locations ?? []) as Array<{ StartLine: number; EndLine: number }>).map((l) => [l.StartLine, l.EndLine]),
    dependsOn: ((p.DependsOn ?? []) as string[]).slice().sort(),
    licenses: (p.Licenses ?? []) as string[],
  }));
}

// --- osv-scanner fixtures (expectations from osv-scanner's parse-yarn-lock-v{1,2}_test.go) --------

/**
 * name@version osv-scanner expects, where ours is the same. Where it differs, `ours` says what
 * we report and why: like trivy, only registry packages are reported, so entries resolved from git,
 * GitHub shorthands, tarball URLs and local paths are left out, and berry workspace entries
 * (`0.0.0-use.local`) are roots, not packages.
 */
const osvYarnCases: Array<{ file: string; osv: string[]; ours?: string[] }> = [
  { file: 'empty.v1.lock', osv: [] },
  { file: 'empty.v2.lock', osv: [] },
  { file: 'metadata-only.v2.lock', osv: [] },
  { file: 'one-package.v1.lock', osv: ['balanced-match@1.0.2'] },
  { file: 'one-package.v2.lock', osv: ['balanced-match@1.0.2'] },
  { file: 'two-packages.v1.lock', osv: ['concat-map@0.0.1', 'concat-stream@1.6.2'] },
  { file: 'two-packages.v2.lock', osv: ['compare-func@2.0.0', 'concat-map@0.0.1'] },
  { file: 'with-quotes.v1.lock', osv: ['concat-map@0.0.1', 'concat-stream@1.6.2'] },
  { file: 'with-quotes.v2.lock', osv: ['compare-func@2.0.0', 'concat-map@0.0.1'] },
  {
    file: 'multiple-versions.v1.lock',
    osv: ['define-properties@1.1.3', 'define-property@0.2.5', 'define-property@1.0.0', 'define-property@2.0.2'],
  },
  { file: 'multiple-versions.v2.lock', osv: ['debug@2.6.9', 'debug@3.2.7', 'debug@4.3.3'] },
  { file: 'multiple-constraints.v1.lock', osv: ['@babel/code-frame@7.12.13', 'domelementtype@1.3.1'] },
  { file: 'scoped-packages.v1.lock', osv: ['@babel/code-frame@7.12.11', '@babel/compat-data@7.14.0'] },
  { file: 'scoped-packages.v2.lock', osv: ['@babel/cli@7.16.8', '@babel/code-frame@7.16.7', '@babel/compat-data@7.16.8'] },
  {
    file: 'with-prerelease.v1.lock',
    osv: ['css-tree@1.0.0-alpha.37', 'gensync@1.0.0-beta.2', 'node-fetch@3.0.0-beta.9', 'resolve@1.20.0', 'resolve@2.0.0-next.3'],
  },
  {
    file: 'with-prerelease.v2.lock',
    osv: ['@nicolo-ribaudo/chokidar-2@2.1.8-no-fsevents.3', 'eslint-plugin-jest@0.0.0-use.local', 'gensync@1.0.0-beta.2'],
    ours: ['@nicolo-ribaudo/chokidar-2@2.1.8-no-fsevents.3', 'gensync@1.0.0-beta.2'], // workspace entry
  },
  // domino comes from a git URL.
  { file: 'with-build-string.v1.lock', osv: ['domino@2.1.6+git', 'tslib@2.6.2'], ours: ['tslib@2.6.2'] },
  { file: 'with-build-string.v2.lock', osv: ['domino@2.1.6+git', 'tslib@2.6.2', 'zone.js@0.0.0-use.local'], ours: ['tslib@2.6.2'] },
  {
    file: 'with-aliases.v1.lock',
    osv: ['@babel/helper-validator-identifier@7.22.20', 'ansi-regex@5.0.1', 'ansi-regex@6.0.1'],
  },
  {
    file: 'with-aliases.v2.lock',
    osv: ['@babel/helper-validator-identifier@7.22.20', 'ansi-regex@5.0.1', 'ansi-regex@6.0.1', 'mine@0.0.0-use.local'],
    ours: ['@babel/helper-validator-identifier@7.22.20', 'ansi-regex@5.0.1', 'ansi-regex@6.0.1'],
  },
  // Every entry is a git repository, a GitHub shorthand or a git/https URL.
  {
    file: 'commits.v1.lock',
    osv: [
      '@bower_components/alertify@0.0.0', '@bower_components/angular-animate@1.4.14', 'babel-preset-php@1.1.1', 'bats-assert@2.0.0',
      'bats-support@0.3.0', 'bats@1.5.0', 'casadistance@1.0.0', 'is-number@2.0.0', 'is-number@5.0.0', 'kit@1.0.0', 'mine1@1.0.0-alpha.37',
      'mine2@0.0.1', 'mine3@1.2.3', 'mine4@0.0.2', 'mine4@0.0.4', 'minimist@0.0.8', 'my-package@1.8.3', 'vue@2.6.12',
    ],
    ours: [],
  },
  {
    file: 'commits.v2.lock',
    osv: [
      '@my-scope/my-first-package@0.0.6', '@typegoose/typegoose@7.2.0', 'is-really-great@1.0.0', 'my-node-sdk@1.1.0',
      'my-second-package@0.2.2', 'my-third-package@0.16.1-dev', 'vuejs@2.5.0',
    ],
    ours: [],
  },
  // `file:` / `link:` entries are local code; `sprintf-js` mixes a `file:` descriptor into its entry.
  {
    file: 'files.v1.lock',
    osv: ['etag@1.8.0', 'etag@1.8.1', 'filedep@1.2.0', 'lodash@1.3.1', 'other_package@0.0.2', 'sprintf-js@0.0.0'],
    ours: ['etag@1.8.1', 'lodash@1.3.1'],
  },
  { file: 'files.v2.lock', osv: ['my-package@0.0.2'], ours: [] },
];

for (const c of osvYarnCases) {
  test(`osv-scanner fixture ${c.file}`, async () => {
    const packages = await packagesOf(resolve(osvScanner, c.file));
    assert.deepEqual(ids(packages), (c.ours ?? c.osv).slice().sort());
  });
}

test('osv-scanner fixtures: every package carries the line range of its entry', async () => {
  assert.deepEqual(lines((await packagesOf(resolve(osvScanner, 'one-package.v1.lock')))[0]), [[5, 8]]);
  assert.deepEqual(lines((await packagesOf(resolve(osvScanner, 'one-package.v2.lock')))[0]), [[8, 13]]);
  const multiple = byId(await packagesOf(resolve(osvScanner, 'multiple-versions.v1.lock')));
  assert.deepEqual(lines(multiple.get('define-property@2.0.2')), [[26, 32]]);
});

test('osv-scanner with-aliases: an npm alias reports the real package, and its dependents resolve to it', async () => {
  const v2 = byId(await packagesOf(resolve(osvScanner, 'with-aliases.v2.lock')));
  // The workspace entry `mine@workspace:.` lists `ansi-regex-cjs: "npm:ansi-regex@^5.0.0"`.
  assert.equal(v2.get('ansi-regex@5.0.1')?.relationship, 'direct');
  assert.equal(v2.get('@babel/helper-validator-identifier@7.22.20')?.relationship, 'direct');
  assert.deepEqual(lines(v2.get('ansi-regex@5.0.1')), [[8, 13]]);
});

test('osv-scanner with-quotes: quoted field names and dependency names are unquoted', async () => {
  const v1 = byId(await packagesOf(resolve(osvScanner, 'with-quotes.v1.lock')));
  assert.equal(v1.get('concat-stream@1.6.2')?.version, '1.6.2');
  assert.deepEqual(lines(v1.get('concat-stream@1.6.2')), [[10, 18]]);
});

test('osv-scanner not-yaml.txt (from the pnpm fixtures) is rejected with a ParseError naming the file', async () => {
  const path = resolve(osvScanner, '../pnpm/not-yaml.txt');
  await rejectsWithParseError(analyzeFixture(yarnLockAnalyzer, path), 'not-yaml.txt', 1);
});

// --- trivy unit fixtures (expectations from trivy's yarn parse_testcase.go) ------------------

test('trivy yarn_happy.lock: ids, locations and dependency edges', async () => {
  const packages = byId(await packagesOf(resolve(trivyUnit, 'yarn_happy.lock')));
  const expected: Array<[string, number, number]> = [
    ['@babel/helper-regex@7.4.4', 4, 9], ['ansi-regex@2.1.1', 11, 14], ['ansi-regex@3.0.0', 16, 19], ['asap@2.0.6', 21, 24],
    ['inherits@2.0.3', 26, 29], ['is-fullwidth-code-point@2.0.0', 31, 34], ['jquery@3.4.1', 41, 44], ['js-tokens@4.0.0', 36, 39],
    ['lodash@4.17.11', 46, 49], ['promise@8.0.3', 51, 56], ['safe-buffer@5.1.2', 58, 61], ['safer-buffer@2.1.2', 63, 66],
    ['statuses@1.5.0', 68, 71], ['string-width@2.1.1', 73, 79], ['strip-ansi@3.0.1', 82, 87], ['strip-ansi@4.0.0', 89, 94],
    ['whatwg-fetch@3.0.0', 96, 99], ['wide-align@1.1.3', 101, 106],
  ];
  assert.deepEqual([...packages.keys()].sort(), expected.map((e) => e[0]).sort());
  for (const [id, start, end] of expected) assert.deepEqual(lines(packages.get(id)), [[start, end]], id);
  const edges = Object.fromEntries([...packages.values()].filter((p) => p.dependsOn).map((p) => [p.id, p.dependsOn]));
  assert.deepEqual(edges, {
    '@babel/helper-regex@7.4.4': ['lodash@4.17.11'],
    'promise@8.0.3': ['asap@2.0.6'],
    'string-width@2.1.1': ['is-fullwidth-code-point@2.0.0', 'strip-ansi@4.0.0'],
    'strip-ansi@3.0.1': ['ansi-regex@2.1.1'],
    'strip-ansi@4.0.0': ['ansi-regex@3.0.0'],
    'wide-align@1.1.3': ['string-width@2.1.1'],
  });
  // No package.json next to it: nothing tells direct from transitive.
  assert.ok([...packages.values()].every((p) => p.relationship === undefined && p.dev === undefined));
});

test('trivy yarn_v2_happy.lock: berry entries, locations and edges; the workspace entry is a root', async () => {
  const packages = byId(await packagesOf(resolve(trivyUnit, 'yarn_v2_happy.lock')));
  const expected: Array<[string, number, number]> = [
    ['@types/color-name@1.1.1', 8, 13], ['abbrev@1.1.1', 15, 20], ['ansi-styles@3.2.1', 22, 29], ['ansi-styles@4.2.1', 31, 39],
    ['assert-plus@1.0.0', 41, 46], ['async@3.2.0', 48, 53], ['color-convert@1.9.3', 63, 70], ['color-convert@2.0.1', 72, 79],
    ['color-name@1.1.3', 81, 86], ['color-name@1.1.4', 88, 93], ['ipaddr.js@1.9.1', 104, 109], ['js-tokens@4.0.0', 111, 116],
    ['loose-envify@1.4.0', 118, 127], ['node-gyp@7.1.0', 129, 136], ['once@1.4.0', 138, 145], ['wrappy@1.0.2', 147, 152],
  ];
  assert.deepEqual([...packages.keys()].sort(), expected.map((e) => e[0]).sort());
  for (const [id, start, end] of expected) assert.deepEqual(lines(packages.get(id)), [[start, end]], id);
  assert.deepEqual(packages.get('ansi-styles@4.2.1')?.dependsOn, ['@types/color-name@1.1.1', 'color-convert@2.0.1']);
  assert.deepEqual(packages.get('once@1.4.0')?.dependsOn, ['wrappy@1.0.2']);
  // `code@workspace:.` depends on async only; with no package.json the workspace entry is the root.
  assert.equal(packages.get('async@3.2.0')?.relationship, 'direct');
  assert.equal(packages.get('async@3.2.0')?.dev, false);
  assert.equal(packages.get('wrappy@1.0.2')?.relationship, 'indirect');
});

test('trivy yarn_v2_deps_with_protocol.lock: `npm:` ranges in dependency lists resolve', async () => {
  const packages = byId(await packagesOf(resolve(trivyUnit, 'yarn_v2_deps_with_protocol.lock')));
  assert.deepEqual([...packages.keys()].sort(), ['debug@4.3.4', 'ms@2.1.2']);
  assert.deepEqual(lines(packages.get('debug@4.3.4')), [[16, 26]]);
  assert.deepEqual(lines(packages.get('ms@2.1.2')), [[28, 33]]);
  assert.deepEqual(packages.get('debug@4.3.4')?.dependsOn, ['ms@2.1.2']);
  assert.equal(packages.get('debug@4.3.4')?.relationship, 'direct');
  assert.equal(packages.get('ms@2.1.2')?.relationship, 'indirect');
});

test('trivy yarn_with_local.lock: the `file:` package is left out', async () => {
  const packages = byId(await packagesOf(resolve(trivyUnit, 'yarn_with_local.lock')));
  assert.deepEqual([...packages.keys()].sort(), ['asap@2.0.6', 'jquery@3.4.1', 'promise@8.0.3']);
  assert.deepEqual(lines(packages.get('asap@2.0.6')), [[5, 8]]);
  assert.deepEqual(lines(packages.get('jquery@3.4.1')), [[10, 13]]);
  assert.deepEqual(lines(packages.get('promise@8.0.3')), [[15, 20]]);
  assert.deepEqual(packages.get('promise@8.0.3')?.dependsOn, ['asap@2.0.6']);
});

test('trivy yarn_with_npm.lock: a yarn.lock written by npm (every key quoted)', async () => {
  const packages = await packagesOf(resolve(trivyUnit, 'yarn_with_npm.lock'));
  assert.deepEqual(packages.map((p) => [p.id, lines(p)]), [['jquery@3.6.0', [[1, 4]]]]);
});

test('trivy yarn_with_bad_protocol.lock: an unknown protocol skips that entry only', async () => {
  const packages = await packagesOf(resolve(trivyUnit, 'yarn_with_bad_protocol.lock'));
  assert.deepEqual(packages.map((p) => [p.id, lines(p)]), [['jquery@3.4.1', [[4, 7]]]]);
});

test('trivy yarn_with_git.lock: a git dependency is not reported', async () => {
  assert.deepEqual(await packagesOf(resolve(trivyUnit, 'yarn_with_git.lock')), []);
});

// --- osv-scalibr fixtures ------------------------------------------------------------------

test('osv-scalibr exclude-root.v2.lock: workspace entries (root and member) are not packages', async () => {
  const packages = await packagesOf(resolve(scalibr, 'exclude-root.v2.lock'));
  assert.deepEqual(packages.map((p) => [p.id, p.relationship, lines(p)]), [['ansi-regex@6.1.0', 'direct', [[16, 21]]]]);
});

test('osv-scalibr no-version.v1.lock: a header without a range still names the package', async () => {
  assert.deepEqual(ids(await packagesOf(resolve(scalibr, 'no-version.v1.lock'))), ['balanced-match@1.0.2']);
});

// --- osv-detector e2e: a real 12.7k-line lockfile --------------------------------------------

test('osv-detector 1-yarn.lock: same package count as osv-detector, closed graph, fast', async () => {
  const path = resolve(fixtures, 'lockfiles/osv-detector-e2e/1-yarn.lock');
  const report = await readFile(`${path}.out.txt`, 'utf8');
  const found = /1-yarn\.lock: found (\d+) packages/.exec(report);
  assert.ok(found, 'package count in the osv-detector output');

  const content = await readFile(path);
  const input: AnalyzerInput = { path: 'yarn.lock', content, readFile: async () => undefined };
  const packages: Package[] = (await yarnLockAnalyzer.analyze(input)).applications![0].packages;
  // osv-detector counts one package per lockfile entry; every entry of this lockfile is a registry
  // package with its own name@version, so both definitions give the same number.
  assert.equal(packages.length, Number(found[1]));

  const known = new Set(packages.map((p) => p.id));
  const edges = packages.flatMap((p) => p.dependsOn ?? []);
  assert.equal(edges.length, 3341, 'every dependency line of the file becomes an edge');
  assert.ok(edges.every((id) => known.has(id)), 'every dependency resolves to a reported package');
  assert.ok(packages.every((p) => p.locations?.length === 1));
});

// --- behaviour on inline lockfiles -----------------------------------------------------------

const classicLock = `# yarn lockfile v1


"@scope/app-lib@file:./lib":
  version "1.0.0"
  dependencies:
    lodash "^4.17.0"

lodash@^4.17.0, lodash@^4.17.21:
  version "4.17.21"
  resolved "https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz"

mocha@^10.0.0:
  version "10.2.0"
  dependencies:
    ms "2.1.3"

ms@2.1.3:
  version "2.1.3"
`;

test('classic: package.json splits prod and dev; packages reached through a local dependency are still prod', async () => {
  const manifest = JSON.stringify({
    name: 'app',
    version: '2.0.0',
    license: 'ISC',
    dependencies: { '@scope/app-lib': 'file:./lib' },
    devDependencies: { mocha: '^10.0.0' },
  });
  const packages = byId(await packagesOfText(classicLock, { 'package.json': manifest }));
  assert.deepEqual([...packages.keys()], ['app@2.0.0', 'lodash@4.17.21', 'mocha@10.2.0', 'ms@2.1.3']);
  assert.deepEqual(packages.get('app@2.0.0'), {
    id: 'app@2.0.0',
    name: 'app',
    version: '2.0.0',
    relationship: 'root',
    licenses: ['ISC'],
  });
  assert.equal(packages.get('lodash@4.17.21')?.dev, false);
  assert.equal(packages.get('lodash@4.17.21')?.relationship, 'indirect');
  assert.equal(packages.get('mocha@10.2.0')?.dev, true);
  assert.equal(packages.get('mocha@10.2.0')?.relationship, 'direct');
  assert.equal(packages.get('ms@2.1.3')?.dev, true);
  assert.deepEqual(packages.get('mocha@10.2.0')?.dependsOn, ['ms@2.1.3']);
});

test('classic: the sibling package.json is read from the lockfile directory', async () => {
  const manifest = JSON.stringify({ name: 'web', version: '1.0.0', dependencies: { mocha: '^10.0.0' } });
  const packages = byId(await packagesOfText(classicLock, { 'apps/web/package.json': manifest }, 'apps/web/yarn.lock'));
  assert.equal(packages.get('web@1.0.0')?.relationship, 'root');
  assert.deepEqual(packages.get('web@1.0.0')?.dependsOn, ['mocha@10.2.0']);
  assert.equal(packages.get('ms@2.1.3')?.dev, false);
});

test('classic: a package.json range missing from the lockfile resolves to the version satisfying it', async () => {
  const manifest = JSON.stringify({ name: 'app', version: '1.0.0', dependencies: { lodash: '>=4.17.20' } });
  const packages = byId(await packagesOfText(classicLock, { 'package.json': manifest }));
  assert.deepEqual(packages.get('app@1.0.0')?.dependsOn, ['lodash@4.17.21']);
  assert.equal(packages.get('lodash@4.17.21')?.relationship, 'direct');
});

test('classic: a workspace project leaves relationships unknown (member manifests cannot be listed)', async () => {
  const manifest = JSON.stringify({ name: 'mono', version: '1.0.0', private: true, workspaces: ['packages/*'] });
  const packages = byId(await packagesOfText(classicLock, { 'package.json': manifest }));
  assert.equal(packages.get('mono@1.0.0')?.relationship, 'root');
  assert.ok(['lodash@4.17.21', 'mocha@10.2.0', 'ms@2.1.3'].every((id) => packages.get(id)?.relationship === undefined));
  assert.ok(['lodash@4.17.21', 'mocha@10.2.0', 'ms@2.1.3'].every((id) => packages.get(id)?.dev === undefined));
});

test('classic: a package.json that is not JSON is ignored, not fatal', async () => {
  const packages = await packagesOfText(classicLock, { 'package.json': '{ not json' });
  assert.deepEqual(ids(packages), ['lodash@4.17.21', 'mocha@10.2.0', 'ms@2.1.3']);
});

test('classic: CRLF line endings give the same result', async () => {
  const lf = await packagesOfText(classicLock);
  const crlf = await packagesOfText(classicLock.replaceAll('\n', '\r\n'));
  assert.deepEqual(crlf, lf);
});

const berryLock = `# This file is generated by running "yarn install" inside your project.

__metadata:
  version: 8
  cacheKey: 10c0

"app@workspace:.":
  version: 0.0.0-use.local
  resolution: "app@workspace:."
  dependencies:
    "@app/ui": "workspace:^"
    resolve: "patch:resolve@npm%3A^1.22.0#optional!builtin<compat/resolve>"
    typescript: "npm:^5.0.0"
  languageName: unknown
  linkType: soft

"@app/ui@workspace:^, @app/ui@workspace:packages/ui":
  version: 0.0.0-use.local
  resolution: "@app/ui@workspace:packages/ui"
  dependencies:
    ms: "npm:^2.1.0"
  languageName: unknown
  linkType: soft

"is-core-module@npm:^2.13.0":
  version: 2.13.1
  resolution: "is-core-module@npm:2.13.1"
  languageName: node
  linkType: hard

"ms@npm:^2.1.0":
  version: 2.1.3
  resolution: "ms@npm:2.1.3"
  languageName: node
  linkType: hard

"resolve@npm:^1.22.0":
  version: 1.22.8
  resolution: "resolve@npm:1.22.8"
  dependencies:
    is-core-module: "npm:^2.13.0"
  peerDependenciesMeta:
    typescript:
      optional: true
  languageName: node
  linkType: hard

"resolve@patch:resolve@npm%3A^1.22.0#optional!builtin<compat/resolve>":
  version: 1.22.8
  resolution: "resolve@patch:resolve@npm%3A1.22.8#optional!builtin<compat/resolve>::version=1.22.8&hash=c3c19d"
  dependencies:
    is-core-module: "npm:^2.13.0"
  languageName: node
  linkType: hard

"typescript@npm:^5.0.0":
  version: 5.4.5
  resolution: "typescript@npm:5.4.5"
  languageName: node
  linkType: hard
`;

test('berry: workspace and patch entries are not packages; a patch descriptor resolves to the patched package', async () => {
  const packages = byId(await packagesOfText(berryLock));
  assert.deepEqual([...packages.keys()].sort(), ['is-core-module@2.13.1', 'ms@2.1.3', 'resolve@1.22.8', 'typescript@5.4.5']);
  assert.deepEqual(lines(packages.get('resolve@1.22.8')), [[37, 46]]);
  assert.deepEqual(packages.get('resolve@1.22.8')?.dependsOn, ['is-core-module@2.13.1']);
  // Without package.json, every workspace's lockfile dependencies are production roots.
  for (const id of ['resolve@1.22.8', 'typescript@5.4.5', 'ms@2.1.3']) {
    assert.equal(packages.get(id)?.relationship, 'direct', id);
    assert.equal(packages.get(id)?.dev, false, id);
  }
  assert.equal(packages.get('is-core-module@2.13.1')?.relationship, 'indirect');
});

test('berry: package.json of the root and of each workspace split prod from dev', async () => {
  const packages = byId(
    await packagesOfText(berryLock, {
      'package.json': JSON.stringify({
        name: 'app',
        version: '1.0.0',
        workspaces: ['packages/*'],
        dependencies: { resolve: 'patch:resolve@npm%3A^1.22.0#optional!builtin<compat/resolve>', '@app/ui': 'workspace:^' },
        devDependencies: { typescript: '^5.0.0' },
      }),
      'packages/ui/package.json': JSON.stringify({ name: '@app/ui', devDependencies: { ms: '^2.1.0' } }),
    }),
  );
  assert.deepEqual(packages.get('app@1.0.0')?.dependsOn, ['resolve@1.22.8']);
  assert.equal(packages.get('resolve@1.22.8')?.dev, false);
  assert.equal(packages.get('is-core-module@2.13.1')?.dev, false);
  assert.equal(packages.get('typescript@5.4.5')?.dev, true);
  assert.equal(packages.get('ms@2.1.3')?.dev, true);
  assert.equal(packages.get('ms@2.1.3')?.relationship, 'direct');
});

test('malformed input is a ParseError naming the file and line', async () => {
  await rejectsWithParseError(packagesOfText('{"lockfileVersion": 3}\n', {}, 'a/yarn.lock'), 'a/yarn.lock', 1);
  await rejectsWithParseError(packagesOfText('# yarn lockfile v1\n  version "1.0.0"\n'), 'yarn.lock', 2);
  await rejectsWithParseError(packagesOfText('foo@^1.0.0:\n  version "1.0.0\n'), 'yarn.lock', 2);
  await rejectsWithParseError(packagesOfText('"foo@^1.0.0:\n  version "1.0.0"\n'), 'yarn.lock', 1);
  await rejectsWithParseError(packagesOfText('foo@^1.0.0:\n  : "1.0.0"\n'), 'yarn.lock', 2);
});
