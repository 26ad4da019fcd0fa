import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { bunLockAnalyzer } from '../../../../src/analyzer/lang/npm/bun-lock.js';
import { ParseError } from '../../../../src/analyzer/parse-error.js';
import type { AnalysisResult, Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture } from '../../../support/analyze-file.js';
import { sharedPath } from '../../../support/paths.js';

const TRIVY_INTEGRATION = 'fixtures/trivy-integration';
const TRIVY_UNIT = 'fixtures/trivy-unit/dependency/parser/nodejs/bun/testdata';
const OSV_SCALIBR = 'fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/javascript/bunlock/testdata';

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

function packagesOf(result: AnalysisResult): Package[] {
  return (result.applications ?? []).flatMap((app) => app.packages);
}

async function analyze(sharedRelPath: string, relPath = 'bun.lock'): Promise<Package[]> {
  return packagesOf(await analyzeFixture(bunLockAnalyzer, sharedPath(sharedRelPath), relPath));
}

async function analyzeText(content: string, path = 'bun.lock'): Promise<AnalysisResult> {
  return bunLockAnalyzer.analyze({ path, content: Buffer.from(content), readFile: async () => undefined });
}

function get(packages: Package[], id: string): Package {
  const pkg = packages.find((candidate) => candidate.id === id);
  assert.ok(pkg, `expected package ${id} among ${packages.map((p) => p.id).join(', ')}`);
  return pkg;
}

function lines(pkg: Package): Array<[number, number]> {
  return (pkg.locations ?? []).map((loc) => [loc.startLine, loc.endLine]);
}

function ids(packages: Package[]): string[] {
  return packages.map((pkg) => pkg.id).sort();
}

/** One line per package: `id relationship [dev] start-end`, easy to compare and to read in a diff. */
function summary(packages: Package[]): string[] {
  return packages.map((pkg) =>
    [pkg.id, pkg.relationship, pkg.dev ? 'dev' : 'prod', lines(pkg).map(([start, end]) => `${start}-${end}`).join(',')].join(' '),
  );
}

function dependencyGraph(packages: Package[]): Record<string, string[]> {
  return Object.fromEntries(packages.filter((pkg) => pkg.dependsOn).map((pkg) => [pkg.id, pkg.dependsOn ?? []]));
}

interface TrivyGolden {
  Results: Array<{
    Type?: string;
    Packages?: Array<{ ID: string; Relationship?: string; Locations?: Array<{ StartLine: number; EndLine: number }> }>;
  }>;
}

// ---------------------------------------------------------------------------------------------
// wants()
// ---------------------------------------------------------------------------------------------

describe('bunLockAnalyzer.wants', () => {
  const wants = (path: string) => bunLockAnalyzer.wants({ path, size: 100 });

  it('takes bun.lock anywhere outside node_modules', () => {
    assert.equal(wants('bun.lock'), true);
    assert.equal(wants('path/to/my/bun.lock'), true);
  });

  it('skips the binary lockfile, other names and node_modules', () => {
    assert.equal(wants('bun.lockb'), false);
    assert.equal(wants('path/to/my/bun.lock.file'), false);
    assert.equal(wants('path/to/my/bun.lock/file'), false);
    assert.equal(wants('path.to.my.bun.lock'), false);
    assert.equal(wants('foo/node_modules/bar/bun.lock'), false);
  });
});

// ---------------------------------------------------------------------------------------------
// trivy
// ---------------------------------------------------------------------------------------------

describe('bun.lock: trivy integration golden (repo/bun)', () => {
  const fixture = `${TRIVY_INTEGRATION}/fixtures/repo/bun/bun.lock`;

  it('describes the application', async () => {
    const result = await analyzeFixture(bunLockAnalyzer, sharedPath(fixture), 'bun/bun.lock');
    const [app] = result.applications ?? [];
    assert.deepEqual(
      { type: app?.type, ecosystem: app?.ecosystem, purlType: app?.purlType, filePath: app?.filePath },
      { type: 'bun', ecosystem: 'npm', purlType: 'npm', filePath: 'bun/bun.lock' },
    );
  });

  it('non-dev packages are exactly bun.json.golden, with relationships and locations', async () => {
    const golden = JSON.parse(await readFile(sharedPath(`${TRIVY_INTEGRATION}/bun.json.golden`), 'utf8')) as TrivyGolden;
    const expected = golden.Results.find((result) => result.Type === 'bun')?.Packages ?? [];
    assert.ok(expected.length > 0);
    const prod = (await analyze(fixture)).filter((pkg) => !pkg.dev);
    assert.deepEqual(
      prod.map((pkg) => ({ id: pkg.id, relationship: pkg.relationship, lines: lines(pkg) })),
      expected.map((pkg) => ({
        id: pkg.ID,
        relationship: pkg.Relationship,
        lines: (pkg.Locations ?? []).map((loc) => [loc.StartLine, loc.EndLine]),
      })),
    );
  });

  it('what only devDependencies pull in is dev; a root peer dependency is direct prod', async () => {
    const packages = await analyze(fixture);
    assert.deepEqual(summary(packages), [
      '@types/bun@1.2.14 direct dev 18-18',
      '@types/node@22.15.21 indirect dev 20-20',
      'bun-types@1.2.14 indirect dev 22-22',
      'jquery@3.3.1 direct prod 24-24',
      'typescript@5.8.3 direct prod 26-26',
      'undici-types@6.21.0 indirect dev 28-28',
    ]);
    assert.deepEqual(dependencyGraph(packages), {
      '@types/bun@1.2.14': ['bun-types@1.2.14'],
      '@types/node@22.15.21': ['undici-types@6.21.0'],
      'bun-types@1.2.14': ['@types/node@22.15.21'],
    });
  });
});

describe('bun.lock: trivy parser testdata (expectations from trivy parse_testcase.go)', () => {
  it('bun_happy.lock: optional and peer root dependencies are prod; undici-types is prod through zod', async () => {
    const packages = await analyze(`${TRIVY_UNIT}/bun_happy.lock`);
    assert.deepEqual(summary(packages), [
      '@types/bun@1.2.13 direct dev 18-18',
      '@types/node@22.15.18 indirect dev 20-20',
      'bun-types@1.2.13 indirect dev 22-22',
      'typescript@5.8.3 direct prod 24-24',
      'undici-types@6.21.0 indirect prod 26-26', // a one-element entry: ["undici-types@6.21.0"]
      'zod@3.24.4 direct prod 28-28',
    ]);
    // trivy's normalDeps; bun-types uses the 3-element shape [id, metadata, integrity].
    assert.deepEqual(dependencyGraph(packages), {
      '@types/bun@1.2.13': ['bun-types@1.2.13'],
      '@types/node@22.15.18': ['undici-types@6.21.0'],
      'bun-types@1.2.13': ['@types/node@22.15.18'],
      'zod@3.24.4': ['undici-types@6.21.0'],
    });
  });

  it('bun_multiple_ws.lock: workspace packages, and what any workspace declares is direct', async () => {
    const packages = await analyze(`${TRIVY_UNIT}/bun_multiple_ws.lock`);
    assert.deepEqual(summary(packages), [
      'chalk@5.0.1 direct prod 23-23',
      'lodash@4.17.21 direct prod 25-25',
      'my-app@1.0.0 workspace prod 27-27',
      'my-lib@1.0.0 workspace prod 29-29',
    ]);
    // trivy records no edges here; the workspace entries' own dependencies are known though.
    assert.deepEqual(dependencyGraph(packages), { 'my-app@1.0.0': ['lodash@4.17.21'], 'my-lib@1.0.0': ['chalk@5.0.1'] });
  });

  it('bun_invalid.lock (lockfileVersion is not a number) → ParseError', async () => {
    await assert.rejects(
      analyze(`${TRIVY_UNIT}/bun_invalid.lock`),
      (err: unknown) => err instanceof ParseError && err.file === 'bun.lock' && err.reason.includes('lockfileVersion'),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// osv-scalibr fixtures (expected packages and lines from its bunlock_test.go)
// ---------------------------------------------------------------------------------------------

/** `name@version` → line of its array. */
type Expected = Record<string, number>;

const SCALIBR_CASES: Array<{ file: string; expected: Expected; dev?: string[]; note?: string }> = [
  { file: 'empty.json5', expected: {} },
  { file: 'no-packages.json5', expected: {} },
  { file: 'one-package.json5', expected: { 'wrappy@1.0.2': 12 } },
  { file: 'one-package-dev.json5', expected: { 'wrappy@1.0.2': 12 } },
  { file: 'two-packages.json5', expected: { 'has-flag@4.0.0': 13, 'wrappy@1.0.2': 15 } },
  // has-flag is a devDependency but supports-color (prod) needs it: prod.
  { file: 'same-package-different-groups.json5', expected: { 'has-flag@3.0.0': 15, 'supports-color@5.5.0': 17 }, dev: [] },
  { file: 'scoped-packages.json5', expected: { '@typescript-eslint/types@5.62.0': 12 } },
  {
    file: 'scoped-packages-mixed.json5',
    expected: {
      '@babel/code-frame@7.26.2': 15,
      '@babel/helper-validator-identifier@7.25.9': 17,
      'js-tokens@4.0.0': 19,
      'picocolors@1.1.1': 21,
      'wrappy@1.0.2': 23,
    },
    dev: ['wrappy@1.0.2'],
  },
  { file: 'optional-package.json5', expected: { 'acorn@8.14.0': 15, 'fsevents@0.3.8': 17, 'nan@2.22.0': 19 }, dev: [] },
  { file: 'peer-dependencies-implicit.json5', expected: { 'acorn-jsx@5.3.2': 14, 'acorn@8.14.0': 12 }, dev: [] },
  { file: 'peer-dependencies-explicit.json5', expected: { 'acorn-jsx@5.3.2': 15, 'acorn@8.14.0': 13 }, dev: [] },
  {
    file: 'nested-dependencies.json5',
    expected: {
      'ansi-styles@4.3.0': 16,
      'chalk@4.1.2': 18,
      'color-convert@2.0.1': 20,
      'color-name@1.1.4': 22,
      'has-flag@2.0.0': 24,
      'supports-color@5.5.0': 26,
      'supports-color@7.2.0': 28,
      'has-flag@3.0.0': 30,
      'has-flag@4.0.0': 32,
    },
    dev: ['ansi-styles@4.3.0', 'chalk@4.1.2', 'color-convert@2.0.1', 'color-name@1.1.4', 'supports-color@7.2.0', 'has-flag@4.0.0'],
  },
  {
    file: 'nested-dependencies-dup.json5',
    expected: {
      'ansi-styles@4.3.0': 16,
      'chalk@4.1.2': 18,
      'color-convert@2.0.1': 20,
      'color-name@1.1.4': 22,
      'has-flag@2.0.0': 24,
      'supports-color@7.2.0': 26,
      'has-flag@4.0.0': 28,
    },
    dev: ['ansi-styles@4.3.0', 'chalk@4.1.2', 'color-convert@2.0.1', 'color-name@1.1.4'],
  },
  {
    // "supports-color-old": ["supports-color@6.1.0", ...]: the name comes from the identifier.
    file: 'alias.json5',
    expected: { 'has-flag@4.0.0': 13, 'supports-color@7.2.0': 15, 'supports-color@6.1.0': 17, 'has-flag@3.0.0': 19 },
  },
  {
    // osv-scalibr also lists etag ("etag@file:deps/etag", a project folder): not a package here.
    file: 'files.json5',
    expected: { 'lodash@1.3.1': 17 },
  },
  {
    // The first element of two entries is not a string: those entries are skipped, the rest is read.
    file: 'bad-tuple.json5',
    expected: { 'wrappy@1.0.2': 13 },
  },
  {
    file: 'blog-sample.json5',
    expected: { 'uWebSockets.js@github:uNetworking/uWebSockets.js#6609a88': 11 },
  },
  {
    // Git dependencies keep their git reference as version (trivy does the same).
    file: 'commits.json5',
    expected: {
      '@babel/helper-plugin-utils@7.26.5': 22,
      '@babel/helper-string-parser@7.25.9': 24,
      '@babel/helper-validator-identifier@7.25.9': 26,
      '@babel/parser@7.26.5': 28,
      '@babel/types@7.26.5': 30,
      '@prettier/sync@github:prettier/prettier-synchronized#527e8ce': 32,
      'babel-preset-php@git+ssh://gitlab:kornelski/babel-preset-php#1ae6dc1267500360b411ec711b8aeac8c68b2246': 34,
      'is-number@github:jonschlinkert/is-number#98e8ff1': 36,
      'is-number@github:jonschlinkert/is-number#d5ac058': 38,
      'is-number@github:jonschlinkert/is-number#b7aef34': 40,
      'jquery@3.7.1': 42,
      'lodash@1.3.1': 44,
      'make-synchronized@0.2.9': 46,
      'php-parser@2.2.0': 48,
      'prettier@3.4.2': 50,
      'raven-js@github:getsentry/raven-js#91ef2d4': 52,
      'slick-carousel@github:brianfryer/slick#fc6f7d8': 54,
      'stopwords@0.0.1': 56,
    },
  },
];

describe('bun.lock: osv-scalibr fixtures', () => {
  for (const { file, expected, dev } of SCALIBR_CASES) {
    it(file, async () => {
      const packages = await analyze(`${OSV_SCALIBR}/${file}`);
      assert.deepEqual(ids(packages), Object.keys(expected).sort());
      for (const [id, line] of Object.entries(expected)) assert.deepEqual(lines(get(packages, id)), [[line, line]], id);
      if (dev) assert.deepEqual(packages.filter((pkg) => pkg.dev).map((pkg) => pkg.id).sort(), [...dev].sort());
    });
  }

  it('nested-dependencies.json5: a nested key wins over the top-level one, deepest first', async () => {
    const packages = await analyze(`${OSV_SCALIBR}/nested-dependencies.json5`);
    assert.deepEqual(dependencyGraph(packages), {
      'ansi-styles@4.3.0': ['color-convert@2.0.1'],
      'chalk@4.1.2': ['ansi-styles@4.3.0', 'supports-color@7.2.0'], // "chalk/supports-color"
      'color-convert@2.0.1': ['color-name@1.1.4'],
      'supports-color@5.5.0': ['has-flag@3.0.0'], // "supports-color/has-flag"
      'supports-color@7.2.0': ['has-flag@4.0.0'], // "chalk/supports-color/has-flag"
    });
    assert.deepEqual(
      packages.filter((pkg) => pkg.relationship === 'direct').map((pkg) => pkg.id),
      ['chalk@4.1.2', 'has-flag@2.0.0', 'supports-color@5.5.0'],
    );
  });

  it('alias.json5: dependencies of an aliased package resolve under the alias key', async () => {
    const packages = await analyze(`${OSV_SCALIBR}/alias.json5`);
    assert.deepEqual(get(packages, 'supports-color@6.1.0').dependsOn, ['has-flag@3.0.0']);
    assert.deepEqual(get(packages, 'supports-color@7.2.0').dependsOn, ['has-flag@4.0.0']);
    assert.equal(get(packages, 'supports-color@6.1.0').relationship, 'direct');
  });

  it('peer-dependencies-implicit.json5: a peer dependency is an edge of the graph', async () => {
    const packages = await analyze(`${OSV_SCALIBR}/peer-dependencies-implicit.json5`);
    assert.deepEqual(summary(packages), ['acorn@8.14.0 indirect prod 12-12', 'acorn-jsx@5.3.2 direct prod 14-14']);
    assert.deepEqual(get(packages, 'acorn-jsx@5.3.2').dependsOn, ['acorn@8.14.0']);
  });

  it('not-json.txt → ParseError naming the file', async () => {
    await assert.rejects(
      analyze(`${OSV_SCALIBR}/not-json.txt`, 'not-json.txt'),
      (err: unknown) => err instanceof ParseError && err.file === 'not-json.txt' && err.line === 1,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// format details
// ---------------------------------------------------------------------------------------------

describe('bun.lock: format details', () => {
  const lockfile = `{
  "lockfileVersion": 1,
  "workspaces": {
    "": {
      "name": "root",
      "dependencies": { "a": "^1", "b": "^1", "@s/x": "^1", "p": "^1", "lib": "workspace:*" },
      "devDependencies": { "d": "^1" },
    },
    "packages/app": {
      "name": "app",
      "version": "0.1.0",
      "dependencies": { "c": "^2" },
    },
    "packages/lib": {
      "name": "lib",
      "dependencies": { "a": "^1" },
    },
    "packages/local": {
      "name": "local",
    },
  },
  "packages": {
    "@s/x": ["@s/x@1.0.0", "", { "dependencies": { "b": "*" } }, "sha512-x"],
    "@s/x/b": ["b@3.0.0", "", {}, "sha512-b3"],
    "a": ["a@1.0.0", "", { "dependencies": { "b": "^2" } }, "sha512-a"],
    "a/b": ["b@2.0.0", "", { "dependencies": { "c": "*" } }, "sha512-b2"],
    "app": ["app@workspace:packages/app"],
    "app/c": ["c@2.0.0", "", {}, "sha512-c2"],
    "b": ["b@1.0.0", "", {}, "sha512-b1"],
    "c": ["c@1.0.0", "", {}, "sha512-c1"],
    "d": ["d@1.0.0", "", { "dependencies": { "b": "^1" } }, "sha512-d"],
    "lib": ["lib@workspace:packages/lib"],
    "local": ["local@link:packages/local", {}],
    "p": ["p@1.0.0", "", { "peerDependencies": { "q": "*", "c": "*" }, "optionalPeers": ["q"] }, "sha512-p"],
    "q": ["q@1.0.0", "", {}, "sha512-q"],
    "weird": "not an array",
    "empty": [],
  },
}
`;

  it('resolves nested keys, scoped parents, workspaces and optional peers', async () => {
    const packages = packagesOf(await analyzeText(lockfile));
    assert.deepEqual(dependencyGraph(packages), {
      '@s/x@1.0.0': ['b@3.0.0'], // "@s/x/b": the scoped parent key is one name
      'a@1.0.0': ['b@2.0.0'], // "a/b" before "b"
      'app@0.1.0': ['c@2.0.0'], // a workspace's own nest "app/c"
      'b@2.0.0': ['c@1.0.0'], // "a/b/c", "a/c" absent → "c"
      'd@1.0.0': ['b@1.0.0'],
      'p@1.0.0': ['c@1.0.0'], // the optional peer q is not an edge
    });
  });

  it('classifies direct, dev and workspace packages; skips linked folders and odd entries', async () => {
    const packages = packagesOf(await analyzeText(lockfile));
    assert.deepEqual(
      packages.map((pkg) => `${pkg.id} ${pkg.relationship} ${pkg.dev ? 'dev' : 'prod'}`),
      [
        '@s/x@1.0.0 direct prod',
        'a@1.0.0 direct prod',
        'app@0.1.0 workspace prod',
        'b@1.0.0 direct prod',
        'b@2.0.0 indirect prod',
        'b@3.0.0 indirect prod',
        'c@1.0.0 indirect prod',
        'c@2.0.0 direct prod', // declared by the app workspace
        'd@1.0.0 direct dev',
        'p@1.0.0 direct prod',
        'q@1.0.0 indirect dev', // only an optional peer points at it
      ],
    );
    // lib has no version in its workspace entry and local is a linked folder: neither is a package.
    assert.equal(packages.find((pkg) => pkg.name === 'lib' || pkg.name === 'local'), undefined);
  });

  it('without workspaces nothing is known about relationships', async () => {
    const packages = packagesOf(await analyzeText('{ "packages": { "a": ["a@1.0.0", "", {}, "sha"], }, }'));
    assert.deepEqual(packages.map((pkg) => ({ id: pkg.id, relationship: pkg.relationship, dev: pkg.dev })), [
      { id: 'a@1.0.0', relationship: 'unknown', dev: undefined },
    ]);
  });

  it('JSONC: comments (holding brackets and quotes) and trailing commas everywhere', async () => {
    const text = [
      '{',
      '  // a comment with { [ " ] }',
      '  "lockfileVersion": 1,',
      '  /* block { " */ "workspaces": { "": { "dependencies": { "a": "^1", }, }, },',
      '  "packages": {',
      '    "a": ["a@1.0.0", "", { "dependencies": { "b": "*", }, }, "sha512-a",], // trailing',
      '    "b": [',
      '      "b@2.0.0", "", {}, "sha512-b",',
      '    ],',
      '  },',
      '}',
    ].join('\n');
    const packages = packagesOf(await analyzeText(text));
    assert.deepEqual(summary(packages), ['a@1.0.0 direct prod 6-6', 'b@2.0.0 indirect prod 7-9']);
    assert.deepEqual(get(packages, 'a@1.0.0').dependsOn, ['b@2.0.0']);
  });

  it('truncated input → ParseError with the file and the line where it ends', async () => {
    const text = await readFile(sharedPath(`${TRIVY_INTEGRATION}/fixtures/repo/bun/bun.lock`), 'utf8');
    const truncated = text.slice(0, text.indexOf('"jquery": [') + 20); // inside the jquery entry
    await assert.rejects(analyzeText(truncated, 'web/bun.lock'), (err: unknown) => {
      assert.ok(err instanceof ParseError, `expected a ParseError, got ${String(err)}`);
      assert.equal(err.file, 'web/bun.lock');
      assert.equal(err.line, 24);
      return true;
    });
  });

  it('an empty file or a top-level array → ParseError', async () => {
    for (const content of ['', '[]']) {
      await assert.rejects(analyzeText(content), (err: unknown) => err instanceof ParseError, JSON.stringify(content));
    }
  });
});
