import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { packageLockAnalyzer } from '../../../../src/analyzer/lang/npm/package-lock.js';
import { ParseError } from '../../../../src/analyzer/parse-error.js';
import type { AnalysisResult, Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture } from '../../../support/analyze-file.js';
import { sharedPath } from '../../../support/paths.js';

const TRIVY_INTEGRATION = 'fixtures/trivy-integration';
const TRIVY_UNIT = 'fixtures/trivy-unit/dependency/parser/nodejs/npm/testdata';
const OSV_SCANNER = 'fixtures/lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/npm';
const OSV_SCALIBR = 'fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/javascript/packagelockjson/testdata';

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

function packagesOf(result: AnalysisResult): Package[] {
  return (result.applications ?? []).flatMap((app) => app.packages);
}

async function analyze(sharedRelPath: string, relPath?: string): Promise<Package[]> {
  return packagesOf(await analyzeFixture(packageLockAnalyzer, sharedPath(sharedRelPath), relPath));
}

/** Runs the analyzer on in-memory content. */
async function analyzeText(content: string, path = 'package-lock.json'): Promise<AnalysisResult> {
  return packageLockAnalyzer.analyze({ path, content: Buffer.from(content), readFile: async () => undefined });
}

function byId(packages: Package[]): Map<string, Package> {
  return new Map(packages.map((pkg) => [pkg.id, pkg]));
}

function get(packages: Package[], id: string): Package {
  const pkg = byId(packages).get(id);
  assert.ok(pkg, `expected package ${id} among ${packages.map((p) => p.id).join(', ')}`);
  return pkg;
}

/** Locations as `[start, end]` pairs, compact to compare. */
function lines(pkg: Package): Array<[number, number]> {
  return (pkg.locations ?? []).map((loc) => [loc.startLine, loc.endLine]);
}

function ids(packages: Package[]): string[] {
  return packages.map((pkg) => pkg.id).sort();
}

interface TrivyGoldenPackage {
  ID: string;
  Locations?: Array<{ StartLine: number; EndLine: number }>;
}

interface TrivyGolden {
  Results: Array<{ Type?: string; Packages?: TrivyGoldenPackage[] }>;
}

/** The packages of the npm result of a trivy integration golden file, read at test time. */
async function trivyGoldenPackages(goldenName: string): Promise<TrivyGoldenPackage[]> {
  const golden = JSON.parse(await readFile(sharedPath(`${TRIVY_INTEGRATION}/${goldenName}`), 'utf8')) as TrivyGolden;
  const npmResult = golden.Results.find((result) => result.Type === 'npm');
  assert.ok(npmResult?.Packages, `${goldenName} has an npm result with packages`);
  return npmResult.Packages;
}

function goldenLines(pkg: TrivyGoldenPackage): Array<[number, number]> {
  return (pkg.Locations ?? []).map((loc) => [loc.StartLine, loc.EndLine]);
}

// ---------------------------------------------------------------------------------------------
// wants()
// ---------------------------------------------------------------------------------------------

describe('packageLockAnalyzer.wants', () => {
  const wants = (path: string) => packageLockAnalyzer.wants({ path, size: 100 });

  it('takes package-lock.json anywhere outside node_modules', () => {
    assert.equal(wants('package-lock.json'), true);
    assert.equal(wants('apps/web/package-lock.json'), true);
  });

  it('skips lockfiles shipped inside installed packages', () => {
    assert.equal(wants('node_modules/foo/package-lock.json'), false);
    assert.equal(wants('app/node_modules/@scope/foo/package-lock.json'), false);
  });

  it('skips other names, including npm-shrinkwrap.json (trivy does not read it either)', () => {
    assert.equal(wants('npm-shrinkwrap.json'), false);
    assert.equal(wants('package-lock.json.bak'), false);
    assert.equal(wants('my-package-lock.json'), true); // prefixed copies count (see lockfile-path.ts)
    assert.equal(wants('package.json'), false);
  });
});

// ---------------------------------------------------------------------------------------------
// trivy integration goldens
// ---------------------------------------------------------------------------------------------

describe('package-lock.json: trivy integration goldens (repo/npm, lockfileVersion 1)', () => {
  const fixture = `${TRIVY_INTEGRATION}/fixtures/repo/npm/package-lock.json`;

  it('describes the application', async () => {
    const result = await analyzeFixture(packageLockAnalyzer, sharedPath(fixture), 'npm/package-lock.json');
    assert.equal(result.applications?.length, 1);
    const [app] = result.applications ?? [];
    assert.deepEqual(
      { type: app.type, ecosystem: app.ecosystem, purlType: app.purlType, filePath: app.filePath },
      { type: 'npm', ecosystem: 'npm', purlType: 'npm', filePath: 'npm/package-lock.json' },
    );
  });

  it('non-dev packages are exactly npm.json.golden, with its locations', async () => {
    const golden = await trivyGoldenPackages('npm.json.golden');
    const prod = (await analyze(fixture)).filter((pkg) => !pkg.dev);
    assert.deepEqual(ids(prod), golden.map((pkg) => pkg.ID).sort());
    for (const expected of golden) assert.deepEqual(lines(get(prod, expected.ID)), goldenLines(expected), expected.ID);
  });

  it('all packages, dev included, are exactly npm-with-dev.json.golden, with its locations', async () => {
    const golden = await trivyGoldenPackages('npm-with-dev.json.golden');
    const all = await analyze(fixture);
    assert.deepEqual(ids(all), golden.map((pkg) => pkg.ID).sort());
    for (const expected of golden) assert.deepEqual(lines(get(all, expected.ID)), goldenLines(expected), expected.ID);
    assert.equal(get(all, 'z-lock@1.0.0').dev, true);
  });

  it('resolves requires to ids (v1: nested first, then the enclosing levels)', async () => {
    const all = await analyze(fixture);
    assert.deepEqual(get(all, 'react@16.8.6').dependsOn, [
      'loose-envify@1.4.0',
      'object-assign@4.1.1',
      'prop-types@15.7.2',
      'scheduler@0.13.6',
    ]);
    assert.deepEqual(get(all, 'promise@8.0.3').dependsOn, ['asap@2.0.6']);
    assert.equal(get(all, 'asap@2.0.6').dependsOn, undefined);
  });

  it('sorts packages by name, then version', async () => {
    const all = await analyze(fixture);
    const sorted = [...all].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.version < b.version ? -1 : 1));
    assert.deepEqual(ids(all), ids(sorted));
    assert.deepEqual(
      all.map((pkg) => pkg.id),
      sorted.map((pkg) => pkg.id),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// trivy parser unit fixtures (expectations from trivy's parse_testcase.go)
// ---------------------------------------------------------------------------------------------

/** The packages of trivy's npm testdata (npm init; npm install finalhandler body-parser ms @babel/...; debug as dev; promise optional). */
const TRIVY_TESTDATA_IDS = [
  '@babel/helper-string-parser@7.19.4',
  'asap@2.0.6',
  'body-parser@1.18.3',
  'bytes@3.0.0',
  'content-type@1.0.5',
  'debug@2.5.2',
  'debug@2.6.9',
  'depd@1.1.2',
  'ee-first@1.1.1',
  'encodeurl@1.0.2',
  'escape-html@1.0.3',
  'finalhandler@1.1.1',
  'http-errors@1.6.3',
  'iconv-lite@0.4.23',
  'inherits@2.0.3',
  'media-typer@0.3.0',
  'mime-db@1.52.0',
  'mime-types@2.1.35',
  'ms@0.7.2',
  'ms@1.0.0',
  'ms@2.0.0',
  'on-finished@2.3.0',
  'parseurl@1.3.3',
  'promise@8.3.0',
  'qs@6.5.2',
  'raw-body@2.3.3',
  'safer-buffer@2.1.2',
  'setprototypeof@1.1.0',
  'statuses@1.4.0',
  'type-is@1.6.18',
  'unpipe@1.0.0',
];

/** trivy's `npmDeps`, shared by its v1, v2 and v3 cases. */
const TRIVY_TESTDATA_DEPENDS_ON: Record<string, string[]> = {
  'body-parser@1.18.3': [
    'bytes@3.0.0',
    'content-type@1.0.5',
    'debug@2.6.9',
    'depd@1.1.2',
    'http-errors@1.6.3',
    'iconv-lite@0.4.23',
    'on-finished@2.3.0',
    'qs@6.5.2',
    'raw-body@2.3.3',
    'type-is@1.6.18',
  ],
  'debug@2.5.2': ['ms@0.7.2'],
  'debug@2.6.9': ['ms@2.0.0'],
  'finalhandler@1.1.1': [
    'debug@2.6.9',
    'encodeurl@1.0.2',
    'escape-html@1.0.3',
    'on-finished@2.3.0',
    'parseurl@1.3.3',
    'statuses@1.4.0',
    'unpipe@1.0.0',
  ],
  'http-errors@1.6.3': ['depd@1.1.2', 'inherits@2.0.3', 'setprototypeof@1.1.0', 'statuses@1.4.0'],
  'iconv-lite@0.4.23': ['safer-buffer@2.1.2'],
  'mime-types@2.1.35': ['mime-db@1.52.0'],
  'on-finished@2.3.0': ['ee-first@1.1.1'],
  'promise@8.3.0': ['asap@2.0.6'],
  'raw-body@2.3.3': ['bytes@3.0.0', 'http-errors@1.6.3', 'iconv-lite@0.4.23', 'unpipe@1.0.0'],
  'type-is@1.6.18': ['media-typer@0.3.0', 'mime-types@2.1.35'],
};

function dependencyGraph(packages: Package[]): Record<string, string[]> {
  return Object.fromEntries(packages.filter((pkg) => pkg.dependsOn).map((pkg) => [pkg.id, pkg.dependsOn ?? []]));
}

describe('package-lock.json: trivy parser testdata', () => {
  it('v1: packages, dev flags, merged locations, dependency graph; relationship unknown', async () => {
    const packages = await analyze(`${TRIVY_UNIT}/package-lock_v1.json`);
    assert.deepEqual(ids(packages), TRIVY_TESTDATA_IDS);
    // Includes debug@2.5.2 → its nested ms@0.7.2, not the top-level ms@1.0.0.
    assert.deepEqual(dependencyGraph(packages), TRIVY_TESTDATA_DEPENDS_ON);
    assert.deepEqual(
      packages.filter((pkg) => pkg.dev).map((pkg) => pkg.id),
      ['debug@2.5.2', 'ms@0.7.2'],
    );
    assert.ok(packages.every((pkg) => pkg.relationship === 'unknown'));
    assert.deepEqual(lines(get(packages, '@babel/helper-string-parser@7.19.4')), [[7, 11]]);
    assert.deepEqual(lines(get(packages, 'body-parser@1.18.3')), [[18, 49]]);
    assert.deepEqual(lines(get(packages, 'debug@2.6.9')), [[35, 42], [111, 118]]);
    assert.deepEqual(lines(get(packages, 'ms@0.7.2')), [[69, 74]]);
    assert.deepEqual(lines(get(packages, 'ms@2.0.0')), [[43, 47], [119, 123]]);
    assert.deepEqual(lines(get(packages, 'unpipe@1.0.0')), [[235, 239]]);
  });

  for (const version of ['v2', 'v3']) {
    it(`${version}: same packages and graph, direct = the root's dependencies, packages-map locations`, async () => {
      const packages = await analyze(`${TRIVY_UNIT}/package-lock_${version}.json`);
      assert.deepEqual(ids(packages), TRIVY_TESTDATA_IDS);
      assert.deepEqual(dependencyGraph(packages), TRIVY_TESTDATA_DEPENDS_ON);
      assert.deepEqual(
        packages.filter((pkg) => pkg.relationship === 'direct').map((pkg) => pkg.id),
        ['@babel/helper-string-parser@7.19.4', 'body-parser@1.18.3', 'debug@2.5.2', 'finalhandler@1.1.1', 'ms@1.0.0', 'promise@8.3.0'],
      );
      assert.ok(packages.every((pkg) => pkg.relationship === 'direct' || pkg.relationship === 'indirect'));
      assert.deepEqual(
        packages.filter((pkg) => pkg.dev).map((pkg) => pkg.id),
        ['debug@2.5.2', 'ms@0.7.2'],
      );
      assert.deepEqual(lines(get(packages, '@babel/helper-string-parser@7.19.4')), [[24, 31]]);
      assert.deepEqual(lines(get(packages, 'body-parser@1.18.3')), [[38, 57]]);
      assert.deepEqual(lines(get(packages, 'debug@2.6.9')), [[58, 65], [145, 152]]);
      assert.deepEqual(lines(get(packages, 'ms@2.0.0')), [[66, 70], [153, 157]]);
      assert.deepEqual(lines(get(packages, 'promise@8.3.0')), [[239, 247]]);
      assert.deepEqual(lines(get(packages, 'unpipe@1.0.0')), [[300, 307]]);
    });
  }

  it('v3 with workspaces: link targets are resolved and the linked workspaces are direct', async () => {
    const packages = await analyze(`${TRIVY_UNIT}/package-lock_v3_with_workspace.json`);
    // trivy also lists `function1` with an empty version (functions/func1 has no "version");
    // a package without a version has no `name@version` id, so it is skipped here.
    assert.deepEqual(ids(packages), ['debug@2.5.2', 'debug@2.6.9', 'ms@0.7.2', 'ms@2.0.0', 'nested_func@1.0.0']);
    const nested = get(packages, 'nested_func@1.0.0');
    assert.equal(nested.relationship, 'direct');
    assert.deepEqual(lines(nested), [[24, 30]]);
    assert.deepEqual(nested.licenses, ['ISC']);
    // functions/nested_func/node_modules/debug is found from the workspace, not the hoisted debug@2.5.2.
    assert.deepEqual(nested.dependsOn, ['debug@2.6.9']);
    assert.equal(get(packages, 'debug@2.5.2').relationship, 'direct');
    assert.deepEqual(lines(get(packages, 'debug@2.6.9')), [[31, 38]]);
    assert.equal(get(packages, 'debug@2.6.9').relationship, 'indirect');
    assert.deepEqual(get(packages, 'debug@2.5.2').dependsOn, ['ms@0.7.2']);
    assert.deepEqual(get(packages, 'debug@2.6.9').dependsOn, ['ms@2.0.0']);
  });

  it('v3 with workspaces given as an object ({ packages: [...] })', async () => {
    const packages = await analyze(`${TRIVY_UNIT}/package-lock_v3_with_workspace_as_object.json`);
    assert.deepEqual(ids(packages), ['lodash@4.17.21', 'testapp@1.0.0']);
    assert.equal(get(packages, 'testapp@1.0.0').relationship, 'direct');
    assert.deepEqual(get(packages, 'testapp@1.0.0').dependsOn, ['lodash@4.17.21']);
    assert.deepEqual(lines(get(packages, 'testapp@1.0.0')), [[26, 31]]);
    assert.equal(get(packages, 'lodash@4.17.21').relationship, 'indirect');
    assert.deepEqual(get(packages, 'lodash@4.17.21').licenses, ['MIT']);
  });

  it('v3 workspace without root dependency fields (trivy: npmV3WithoutRootDepsField)', async () => {
    const packages = await analyze(`${TRIVY_UNIT}/package-lock_v3_without_root_deps_field.json`);
    assert.deepEqual(ids(packages), ['debug@2.6.9', 'func1@1.0.0', 'ms@2.0.0']);
    assert.equal(get(packages, 'func1@1.0.0').relationship, 'direct');
    assert.deepEqual(lines(get(packages, 'func1@1.0.0')), [[15, 21]]);
    assert.deepEqual(lines(get(packages, 'debug@2.6.9')), [[22, 29]]);
    assert.deepEqual(lines(get(packages, 'ms@2.0.0')), [[34, 38]]);
    assert.deepEqual(get(packages, 'func1@1.0.0').dependsOn, ['debug@2.6.9']);
    assert.deepEqual(get(packages, 'debug@2.6.9').dependsOn, ['ms@2.0.0']);
  });

  it('v3 with a broken link (empty "resolved"): nothing to report, no crash', async () => {
    const result = await analyzeFixture(packageLockAnalyzer, sharedPath(`${TRIVY_UNIT}/package-lock_v3_broken_link.json`));
    assert.deepEqual(packagesOf(result), []);
  });

  it('v3 with the same package as dev and non-dev: merged, prod wins, locations sorted', async () => {
    const packages = await analyze(`${TRIVY_UNIT}/package-lock_v3_with-same-dev-and-non-dev.json`);
    assert.deepEqual(ids(packages), ['fsevents@1.2.9', 'minimist@0.0.8', 'mkdirp@0.5.1', 'node-pre-gyp@0.12.0']);
    const minimist = get(packages, 'minimist@0.0.8');
    assert.deepEqual(lines(minimist), [[38, 43], [68, 72]]);
    assert.equal(minimist.dev, false);
    assert.equal(minimist.relationship, 'direct');
    assert.deepEqual(
      packages.filter((pkg) => pkg.dev).map((pkg) => `${pkg.id} ${pkg.relationship}`),
      ['fsevents@1.2.9 direct', 'mkdirp@0.5.1 indirect', 'node-pre-gyp@0.12.0 indirect'],
    );
    assert.deepEqual(dependencyGraph(packages), {
      'fsevents@1.2.9': ['node-pre-gyp@0.12.0'],
      'mkdirp@0.5.1': ['minimist@0.0.8'],
      'node-pre-gyp@0.12.0': ['mkdirp@0.5.1'],
    });
  });

  it('v3 with peer dependencies: a root peer dependency is direct', async () => {
    const packages = await analyze(`${TRIVY_UNIT}/package-lock_v3_with_peer.json`);
    assert.deepEqual(
      packages.map((pkg) => `${pkg.id} ${pkg.relationship} ${lines(pkg).join(';')}`),
      [
        'lodash@4.17.21 direct 30,36',
        'mustache@2.3.2 indirect 18,29',
        'triple-beam@1.4.1 indirect 37,46',
        'winston@3.17.0 indirect 47,59',
        'winston-mail@2.0.0 direct 60,74',
      ],
    );
    assert.deepEqual(dependencyGraph(packages), {
      'winston@3.17.0': ['triple-beam@1.4.1'],
      'winston-mail@2.0.0': ['mustache@2.3.2', 'winston@3.17.0'],
    });
  });

  it('v3 licenses: SPDX strings, arrays of strings and legacy { type, url } objects', async () => {
    const packages = await analyze(`${TRIVY_UNIT}/package-lock_v3_with_legacy_licenses.json`);
    assert.deepEqual(get(packages, 'tv4@1.3.0').licenses, ['Public Domain', 'MIT']);
    assert.deepEqual(get(packages, 'pause-stream@0.0.11').licenses, ['MIT', 'Apache2']);
    assert.deepEqual(get(packages, 'mustache@2.3.2').licenses, ['MIT']);
  });
});

// ---------------------------------------------------------------------------------------------
// osv-scanner v1.9.2 fixtures (expectations from its parse-npm-lock-v1/v2_test.go)
// ---------------------------------------------------------------------------------------------

/** `name@version` → expected `[start, end]` lines (one location unless the package is duplicated). */
type Expected = Record<string, Array<[number, number]>>;

const OSV_SCANNER_CASES: Array<{ file: string; expected: Expected; dev?: string[] }> = [
  { file: 'empty.v1.json', expected: {} },
  { file: 'empty.v2.json', expected: {} },
  { file: 'one-package.v1.json', expected: { 'wrappy@1.0.2': [[5, 9]] } },
  { file: 'one-package.v2.json', expected: { 'wrappy@1.0.2': [[10, 14]] } },
  { file: 'one-package-dev.v1.json', expected: { 'wrappy@1.0.2': [[5, 10]] }, dev: ['wrappy@1.0.2'] },
  { file: 'one-package-dev.v2.json', expected: { 'wrappy@1.0.2': [[10, 15]] }, dev: ['wrappy@1.0.2'] },
  { file: 'two-packages.v1.json', expected: { 'wrappy@1.0.2': [[5, 9]], 'supports-color@5.5.0': [[10, 17]] } },
  { file: 'two-packages.v2.json', expected: { 'wrappy@1.0.2': [[13, 17]], 'supports-color@5.5.0': [[18, 28]] } },
  { file: 'scoped-packages.v1.json', expected: { 'wrappy@1.0.2': [[13, 17]], '@babel/code-frame@7.0.0': [[5, 12]] } },
  { file: 'scoped-packages.v2.json', expected: { 'wrappy@1.0.2': [[18, 22]], '@babel/code-frame@7.0.0': [[10, 17]] } },
  {
    file: 'nested-dependencies.v1.json',
    expected: {
      'postcss@6.0.23': [[5, 14]],
      'postcss@7.0.16': [[26, 35]],
      'postcss-calc@7.0.1': [[15, 45]],
      'supports-color@6.1.0': [[36, 43]],
      'supports-color@5.5.0': [[46, 53]],
    },
  },
  {
    file: 'nested-dependencies.v2.json',
    expected: {
      'postcss@6.0.23': [[10, 22]],
      'postcss@7.0.16': [[34, 46]],
      'postcss-calc@7.0.1': [[23, 33]],
      'supports-color@6.1.0': [[47, 57]],
      'supports-color@5.5.0': [[58, 68]],
    },
  },
  {
    // Aliases: v1 writes "version": "npm:<name>@<version>", v2 a "name" field on the alias path.
    file: 'alias.v1.json',
    expected: { '@babel/code-frame@7.0.0': [[5, 12]], 'string-width@4.2.0': [[23, 32]], 'string-width@5.1.2': [[13, 22]] },
  },
  {
    file: 'alias.v2.json',
    expected: { '@babel/code-frame@7.0.0': [[13, 21]], 'string-width@4.2.0': [[32, 42]], 'string-width@5.1.2': [[22, 31]] },
  },
  {
    // `optional` alone is not dev; v1's dev+optional is dev. v2's `devOptional` is not dev:
    // osv-scanner puts it in the dev group, trivy (whose behaviour picket follows) treats it as prod.
    file: 'optional-package.v1.json',
    expected: { 'wrappy@1.0.2': [[5, 11]], 'supports-color@5.5.0': [[12, 20]] },
    dev: ['wrappy@1.0.2'],
  },
  { file: 'optional-package.v2.json', expected: { 'wrappy@1.0.2': [[10, 15]], 'supports-color@5.5.0': [[16, 27]] }, dev: [] },
  {
    // osv-scanner reports `other_package` (version "file:deps/other_package") with an empty version;
    // local directories are not published packages and are skipped here.
    file: 'files.v1.json',
    expected: { 'lodash@1.3.1': [[5, 9]] },
  },
  {
    // osv-scanner also reports deps/etag (a project directory outside node_modules, not linked);
    // only what is installed under a node_modules directory is a package here.
    file: 'files.v2.json',
    expected: { 'abbrev@1.0.9': [[36, 41]], 'abbrev@2.3.4': [[42, 47]] },
    dev: ['abbrev@1.0.9', 'abbrev@2.3.4'],
  },
  {
    // The same package at five paths is one package with five locations; one copy is not
    // dev-only (table's), so the package is not dev.
    file: 'same-package-different-groups.v2.json',
    expected: {
      'ajv@5.5.2': [[10, 21], [26, 37], [38, 49], [53, 63], [64, 75]],
      'eslint@1.2.3': [[22, 25]],
      'table@1.0.0': [[50, 52]],
    },
    dev: ['eslint@1.2.3'],
  },
  {
    file: 'nested-dependencies-dup.v2.json',
    expected: {
      'supports-color@2.0.0': [[32, 39], [84, 91]],
      'supports-color@6.1.0': [
        [10, 20], [21, 31], [40, 50], [51, 61], [62, 72], [73, 83], [92, 102], [103, 113], [114, 124],
        [125, 135], [136, 146], [147, 157], [158, 168], [169, 179], [180, 190], [191, 201], [202, 212],
        [213, 223], [224, 234], [235, 245], [246, 256], [257, 267], [268, 278], [279, 289], [290, 300],
        [301, 311], [312, 322], [323, 333], [334, 344], [345, 355], [356, 366], [367, 377], [378, 388],
        [389, 399],
      ],
    },
  },
];

describe('package-lock.json: osv-scanner fixtures', () => {
  for (const { file, expected, dev } of OSV_SCANNER_CASES) {
    it(file, async () => {
      const packages = await analyze(`${OSV_SCANNER}/${file}`);
      assert.deepEqual(ids(packages), Object.keys(expected).sort());
      for (const [id, expectedLines] of Object.entries(expected)) assert.deepEqual(lines(get(packages, id)), expectedLines, id);
      if (dev) assert.deepEqual(packages.filter((pkg) => pkg.dev).map((pkg) => pkg.id).sort(), [...dev].sort());
    });
  }

  it('nested-dependencies-dup.v1.json: 39 distinct packages; duplicates merge their locations', async () => {
    const packages = await analyze(`${OSV_SCANNER}/nested-dependencies-dup.v1.json`);
    assert.equal(packages.length, 39); // osv-scanner's count, which also keeps one entry per name@version
    assert.deepEqual(lines(get(packages, 'supports-color@5.5.0')), [[759, 766]]);
    assert.deepEqual(lines(get(packages, 'supports-color@2.0.0')), [[64, 68], [186, 190]]);
    const supportsColor6 = lines(get(packages, 'supports-color@6.1.0'));
    assert.equal(supportsColor6.length, 34);
    assert.deepEqual(supportsColor6[0], [21, 28]);
  });

  it('same-package-different-groups.v1.json: merged like v2', async () => {
    const packages = await analyze(`${OSV_SCANNER}/same-package-different-groups.v1.json`);
    assert.deepEqual(ids(packages), ['ajv@5.5.2', 'eslint@1.2.3', 'table@1.0.0']);
    assert.equal(get(packages, 'ajv@5.5.2').locations?.length, 5);
    assert.equal(get(packages, 'ajv@5.5.2').dev, false);
    assert.equal(get(packages, 'eslint@1.2.3').dev, true);
  });

  it('commits: git dependencies keep their git reference as version (v1), their package.json version (v2)', async () => {
    // commits.v1.json says lockfileVersion 2 but has only the v1 `dependencies` tree: read as v1.
    const v1 = await analyze(`${OSV_SCANNER}/commits.v1.json`);
    assert.equal(v1.length, 15);
    assert.deepEqual(lines(get(v1, 'ansi-styles@1.0.0')), [[19, 23]]);
    const raven = v1.find((pkg) => pkg.name === 'raven-js');
    assert.equal(raven?.version, 'git+ssh://git@github.com/getsentry/raven-js.git#c2b377e7a254264fd4a1fe328e4e3cfc9e245570');
    assert.deepEqual(raven && lines(raven), [[93, 96]]);
    assert.equal(v1.filter((pkg) => pkg.name === 'is-number-1').length, 2);

    const v2 = await analyze(`${OSV_SCANNER}/commits.v2.json`);
    // osv-scanner also lists raven-js, whose v2 entry has no version at all: skipped here.
    assert.equal(v2.length, 11);
    assert.deepEqual(lines(get(v2, '@segment/analytics.js-integration-facebook-pixel@2.4.1')), [[26, 41]]);
    assert.deepEqual(lines(get(v2, 'is-number-1@3.0.0')), [[60, 72], [130, 142]]);
    assert.deepEqual(lines(get(v2, 'slick-carousel@1.7.1')), [[166, 175]]);
    assert.equal(v2.find((pkg) => pkg.name === 'raven-js'), undefined);
  });

  it('not-json.txt → ParseError naming the file', async () => {
    await assert.rejects(
      analyzeFixture(packageLockAnalyzer, sharedPath(`${OSV_SCANNER}/not-json.txt`), 'not-json.txt'),
      (err: unknown) => err instanceof ParseError && err.file === 'not-json.txt' && err.line === 1,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// osv-scalibr fixtures
// ---------------------------------------------------------------------------------------------

describe('package-lock.json: osv-scalibr fixtures', () => {
  it('bundled-dependencies.v3.json: bundled packages are packages; dev, direct and licenses', async () => {
    const packages = await analyze(`${OSV_SCALIBR}/bundled-dependencies.v3.json`);
    assert.deepEqual(
      packages.map((pkg) => ({ id: pkg.id, relationship: pkg.relationship, dev: pkg.dev, licenses: pkg.licenses, lines: lines(pkg) })),
      [
        { id: 'ansi-regex@6.2.2', relationship: 'indirect', dev: false, licenses: ['MIT'], lines: [[22, 34]] },
        { id: 'semver@7.7.2', relationship: 'direct', dev: true, licenses: ['ISC'], lines: [[35, 48]] },
        { id: 'strip-ansi@7.1.2', relationship: 'direct', dev: false, licenses: ['MIT'], lines: [[49, 63]] },
      ],
    );
    assert.deepEqual(get(packages, 'strip-ansi@7.1.2').dependsOn, ['ansi-regex@6.2.2']);
  });

  it('package-lock-only/package-lock.json: a dependency that is not installed is left out of dependsOn', async () => {
    const packages = await analyze(`${OSV_SCALIBR}/package-lock-only/package-lock.json`, 'package-lock.json');
    assert.deepEqual(
      packages.map((pkg) => `${pkg.id} ${pkg.relationship}`),
      ['supports-color@5.5.0 direct', 'wrappy@1.0.2 direct'],
    );
    assert.equal(get(packages, 'supports-color@5.5.0').dependsOn, undefined); // has-flag is not in the lockfile
  });
});

// ---------------------------------------------------------------------------------------------
// a real lockfile
// ---------------------------------------------------------------------------------------------

describe('package-lock.json: osv-detector e2e 1-package-lock.json (lockfileVersion 3, 17k lines)', () => {
  const fixture = 'fixtures/lockfiles/osv-detector-e2e/1-package-lock.json';

  it('finds the 1273 packages osv-detector reports', async () => {
    const packages = await analyze(fixture, 'package-lock.json');
    // osv-detector counts distinct name@version pairs, which is what a package is here too
    // (the 1531 install paths of the lockfile fold into 1273 packages), dev packages included.
    assert.equal(packages.length, 1273);
    assert.equal(new Set(packages.map((pkg) => pkg.id)).size, 1273);
    for (const id of ['@babel/traverse@7.11.5', 'ansi-regex@4.1.0', 'ansi-regex@5.0.0', 'axios@0.21.4', 'engine.io@6.2.1']) {
      assert.ok(byId(packages).has(id), id);
    }
    assert.ok(packages.every((pkg) => (pkg.locations?.length ?? 0) > 0));
    // Every direct package is declared by the root project.
    const root = JSON.parse(await readFile(sharedPath(fixture), 'utf8')) as { packages: Record<string, Record<string, Record<string, string>>> };
    const declared = new Set(
      ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].flatMap((kind) => Object.keys(root.packages[''][kind] ?? {})),
    );
    const direct = packages.filter((pkg) => pkg.relationship === 'direct');
    assert.ok(direct.length > 0);
    assert.ok(direct.every((pkg) => declared.has(pkg.name)));
    // A generous bound that only catches accidental quadratic behaviour (typically ~100 ms).
  });
});

// ---------------------------------------------------------------------------------------------
// malformed input
// ---------------------------------------------------------------------------------------------

describe('package-lock.json: malformed input', () => {
  const isParseErrorFor = (file: string) => (err: unknown) => {
    assert.ok(err instanceof ParseError, `expected a ParseError, got ${String(err)}`);
    assert.equal(err.file, file);
    return true;
  };

  it('truncated JSON → ParseError with the file and the line, never a SyntaxError', async () => {
    const text = await readFile(sharedPath(`${TRIVY_INTEGRATION}/fixtures/repo/npm/package-lock.json`), 'utf8');
    const truncated = text.slice(0, text.indexOf('"react-is": {'));
    const lastLine = truncated.split('\n').length;
    await assert.rejects(analyzeText(truncated, 'app/package-lock.json'), (err: unknown) => {
      isParseErrorFor('app/package-lock.json')(err);
      assert.equal((err as ParseError).line, lastLine); // the input ends there
      return true;
    });
  });

  it('empty file, a top-level array, trailing commas and comments → ParseError', async () => {
    for (const content of ['', '   \n', '[]', '{"lockfileVersion": 3, "packages": {},}', '// c\n{}']) {
      await assert.rejects(analyzeText(content), isParseErrorFor('package-lock.json'), JSON.stringify(content));
    }
  });

  it('a lockfileVersion that is not a number → ParseError', async () => {
    await assert.rejects(
      analyzeText('{\n  "lockfileVersion": "3"\n}'),
      (err: unknown) => err instanceof ParseError && err.file === 'package-lock.json' && err.reason.includes('lockfileVersion'),
    );
  });

  it('brackets, colons and escaped quotes inside strings, and escaped keys, do not shift locations', async () => {
    const text = [
      '{',
      '  "lockfileVersion": 3,',
      '  "packages": {',
      '    "": { "dependencies": { "a": "1", "b-c": "2" } },',
      '    "node_modules/a": {',
      '      "version": "1.0.0",',
      '      "description": "has } and ] and \\" and { [ : , and \\\\",',
      '      "license": "MIT"',
      '    },',
      '    "node_modules/b\\u002dc": {',
      '      "version": "2.0.0",',
      '      "odd\\"key": [{ "x": "}" }, [1, 2], "]"]',
      '    }',
      '  }',
      '}',
    ].join('\n');
    const packages = packagesOf(await analyzeText(text));
    assert.deepEqual(
      packages.map((pkg) => `${pkg.id} ${pkg.relationship} ${lines(pkg).join(';')}`),
      ['a@1.0.0 direct 5,9', 'b-c@2.0.0 direct 10,13'],
    );
  });

  it('unexpected shapes inside a valid document are skipped, not fatal', async () => {
    const result = await analyzeText(
      JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': { dependencies: { a: '1' } },
          'node_modules/a': { version: '1.0.0', dependencies: 'oops', license: 42 },
          'node_modules/b': 'not an object',
          'node_modules/c': { version: 7 },
          'node_modules/d': { version: 'file:../d' },
        },
      }),
    );
    assert.deepEqual(
      packagesOf(result).map((pkg) => ({ id: pkg.id, relationship: pkg.relationship, licenses: pkg.licenses })),
      [{ id: 'a@1.0.0', relationship: 'direct', licenses: undefined }],
    );
  });
});
