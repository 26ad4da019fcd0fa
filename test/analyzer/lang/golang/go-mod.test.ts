import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createGoModAnalyzer, goModAnalyzer, parseGoSum } from '../../../../src/analyzer/lang/golang/go-mod.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';
import { cpuTimed } from '../../../support/cpu-time.js';
import { sharedPath } from '../../../support/paths.js';
import { analyzeTxtarFile, readTxtar } from '../../../support/txtar.js';

const repoGomod = sharedPath('fixtures/trivy-integration/fixtures/repo/gomod');
const trivyParser = sharedPath('fixtures/trivy-unit/dependency/parser/golang/mod/testdata');
const trivyAnalyzer = sharedPath('fixtures/trivy-unit/fanal/analyzer/language/golang/mod/testdata');
const trivySum = sharedPath('fixtures/trivy-unit/dependency/parser/golang/sum/testdata');
const osvScanner = sharedPath('fixtures/lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/go');
const osvDetector = sharedPath('fixtures/lockfiles/osv-detector-pkg/lockfile/testdata/go');
const scalibr = sharedPath('fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/golang/gomod/testdata');

function appOf(result: Awaited<ReturnType<typeof goModAnalyzer.analyze>>): Package[] {
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.equal(app.type, 'gomod');
  assert.equal(app.ecosystem, 'Go');
  assert.equal(app.purlType, 'golang');
  return app.packages;
}

/** The go.mod alone (no go.sum beside it), as trivy's parser tests read it. */
async function parseOnly(absPath: string, analyzer = goModAnalyzer): Promise<Package[]> {
  return appOf(await analyzer.analyze({ path: 'go.mod', content: readFileSync(absPath), readFile: async () => undefined }));
}

async function withSiblings(absPath: string, relPath = 'go.mod'): Promise<Package[]> {
  return appOf(await analyzeFixture(goModAnalyzer, absPath, relPath));
}

/** `id relationship` per package, sorted. */
const summary = (packages: Package[]): string[] => packages.map((p) => `${p.id} ${p.relationship ?? 'unknown'}`).sort();
const byId = (packages: Package[], id: string): Package => {
  const p = packages.find((x) => x.id === id);
  assert.ok(p, `${id} not found`);
  return p;
};

test('wants go.mod files of the project, not those of vendored or cached modules', () => {
  const wants = (path: string) => goModAnalyzer.wants({ path, size: 10 });
  assert.equal(wants('go.mod'), true);
  assert.equal(wants('services/api/go.mod'), true);
  assert.equal(wants('1-go.mod'), true);
  assert.equal(wants('go.sum'), false);
  assert.equal(wants('go.mod.orig'), false);
  assert.equal(wants('vendor/github.com/x/y/go.mod'), false);
  assert.equal(wants('root/go/pkg/mod/github.com/x/y@v1.0.0/go.mod'), false);
});

// --- trivy integration fixture (fixtures/repo/gomod) ---------------------------------------------

test('repo/gomod go.mod (go 1.17): root, three direct and fifteen indirect modules with their lines', async () => {
  const packages = await withSiblings(resolve(repoGomod, 'go.mod'));
  assert.equal(packages.length, 19);
  const root = byId(packages, 'github.com/testdata/testdata');
  assert.deepEqual([root.relationship, root.version, root.locations], ['root', '', [{ startLine: 1, endLine: 1 }]]);
  assert.deepEqual(summary(packages.filter((p) => p.relationship === 'direct')), [
    'github.com/open-policy-agent/opa@v0.35.0 direct',
    'golang.org/x/net@v0.0.0-20211111083644-e5c967477495 direct',
    'golang.org/x/sys@v0.0.0-20211205182925-97ca703d548d direct',
  ]);
  assert.equal(packages.filter((p) => p.relationship === 'indirect').length, 15);
  const distribution = byId(packages, 'github.com/docker/distribution@v2.7.1+incompatible');
  assert.deepEqual([distribution.version, distribution.relationship, distribution.locations], ['v2.7.1+incompatible', 'indirect', [{ startLine: 12, endLine: 12 }]]);
  assert.deepEqual(byId(packages, 'golang.org/x/text@v0.3.6').locations, [{ startLine: 20, endLine: 20 }]);
  // go.mod lists indirect modules from Go 1.17 on: go.sum (1283 lines) is not read.
  assert.ok(!packages.some((p) => p.name === 'github.com/BurntSushi/toml'));
});

test('repo/gomod submod (go 1.15, no indirect requires): go.sum adds the modules go.mod does not list', async () => {
  const packages = await withSiblings(resolve(repoGomod, 'submod/go.mod'), 'submod/go.mod');
  assert.deepEqual(summary(packages), [
    'github.com/davecgh/go-spew@v1.1.0 indirect',
    'github.com/docker/distribution@v2.7.1+incompatible direct',
    'github.com/pmezard/go-difflib@v1.0.0 indirect',
    'github.com/stretchr/objx@v0.1.0 indirect',
    'github.com/stretchr/testify@v1.7.0 indirect',
    'github.com/testdata/testdata/submod root',
    'gopkg.in/check.v1@v0.0.0-20161208181325-20d25e280405 indirect',
    'gopkg.in/yaml.v3@v3.0.0-20200313102051-9f266ea9e77c indirect',
  ]);
  // Modules from go.sum have no line in go.mod.
  assert.equal(byId(packages, 'github.com/stretchr/testify@v1.7.0').locations, undefined);
});

test('repo/gomod submod2: go-spew required, the rest from go.sum (docker/distribution at its last listed version)', async () => {
  const packages = await withSiblings(resolve(repoGomod, 'submod2/go.mod'), 'submod2/go.mod');
  assert.equal(packages.length, 8);
  assert.equal(byId(packages, 'github.com/davecgh/go-spew@v1.1.0').relationship, 'direct');
  assert.equal(byId(packages, 'github.com/docker/distribution@v2.7.1+incompatible').relationship, 'indirect');
});

// --- trivy's parser testdata (pkg/dependency/parser/golang/mod) ----------------------------------
// Expected values follow trivy's parser: requires keyed by path, indirect ones skipped before Go
// 1.17, replacements applied only when the left-hand version (if any) matches.

test('trivy normal: go 1.22.0 with toolchain go1.22.5; stdlib only when asked for (comprehensive priority)', async () => {
  const expected = [
    'github.com/aquasecurity/go-version@v0.0.0-20240603093900-cf8a8d29271d direct',
    'github.com/davecgh/go-spew@v1.1.2-0.20180830191138-d8f796af33cc indirect',
    'github.com/org/repo root',
    'github.com/pmezard/go-difflib@v1.0.1-0.20181226105442-5d4384ee4fb2 indirect',
    'github.com/stretchr/testify@v1.9.0 indirect',
    'golang.org/x/xerrors@v0.0.0-20231012003039-104605ab7028 indirect',
  ];
  assert.deepEqual(summary(await parseOnly(resolve(trivyParser, 'normal/go.mod'))), expected);
  const withStdlib = await parseOnly(resolve(trivyParser, 'normal/go.mod'), createGoModAnalyzer({ stdlib: true }));
  assert.deepEqual(summary(withStdlib), [...expected, 'stdlib@v1.22.5 direct'].sort());
  assert.equal(byId(withStdlib, 'stdlib@v1.22.5').version, 'v1.22.5');
});

test('trivy no-go-version: without a go line, indirect requires are left out', async () => {
  assert.deepEqual(summary(await parseOnly(resolve(trivyParser, 'no-go-version/gomod'))), [
    'github.com/aquasecurity/go-dep-parser@v0.0.0-20211224170007-df43bca6b6ff direct',
    'github.com/org/repo root',
  ]);
});

test('trivy go116: the indirect require of a go 1.16 module is left out', async () => {
  assert.deepEqual(summary(await parseOnly(resolve(trivyParser, 'go116/go.mod'))), [
    'github.com/aquasecurity/go-dep-parser@v0.0.0-20211224170007-df43bca6b6ff direct',
    'github.com/org/repo root',
  ]);
});

test('trivy replace fixtures: module replacements, version mismatches and local directories', async () => {
  const cases: Record<string, string[]> = {
    // replace without a left-hand version applies to any required version
    replaced: ['github.com/aquasecurity/go-dep-parser@v0.0.0-20220406074731-71021a481237 direct', 'github.com/org/repo root', 'golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1 indirect'],
    'replaced-with-version': ['github.com/aquasecurity/go-dep-parser@v0.0.0-20220406074731-71021a481237 direct', 'github.com/org/repo root', 'golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1 indirect'],
    // the left-hand version v0.0.1 is not the required one: no replacement
    'replaced-with-version-mismatch': [
      'github.com/aquasecurity/go-dep-parser@v0.0.0-20211224170007-df43bca6b6ff direct',
      'github.com/org/repo root',
      'golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1 indirect',
      'gopkg.in/yaml.v3@v3.0.0-20210107192922-496545a6307b indirect',
    ],
    // replaced by a local directory: not a published module any more
    'replaced-with-local-path': ['github.com/aquasecurity/go-dep-parser@v0.0.0-20211224170007-df43bca6b6ff direct', 'github.com/org/repo root', 'gopkg.in/yaml.v3@v3.0.0-20210107192922-496545a6307b indirect'],
    'replaced-with-local-path-and-version': ['github.com/aquasecurity/go-dep-parser@v0.0.0-20211224170007-df43bca6b6ff direct', 'github.com/org/repo root', 'gopkg.in/yaml.v3@v3.0.0-20210107192922-496545a6307b indirect'],
    'replaced-with-local-path-and-version-mismatch': [
      'github.com/aquasecurity/go-dep-parser@v0.0.0-20211224170007-df43bca6b6ff direct',
      'github.com/org/repo root',
      'golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1 indirect',
      'gopkg.in/yaml.v3@v3.0.0-20210107192922-496545a6307b indirect',
    ],
  };
  for (const [dir, expected] of Object.entries(cases)) {
    assert.deepEqual(summary(await parseOnly(resolve(trivyParser, dir, 'go.mod'))), expected, dir);
  }
  // The replacement carries the line of its replace directive.
  const replaced = await parseOnly(resolve(trivyParser, 'replaced/go.mod'));
  assert.deepEqual(byId(replaced, 'github.com/aquasecurity/go-dep-parser@v0.0.0-20220406074731-71021a481237').locations, [{ startLine: 9, endLine: 9 }]);
});

test('trivy go.sum testdata: the last version listed per module, /go.mod suffix dropped', () => {
  const normal = parseGoSum(readFileSync(resolve(trivySum, 'gomod_normal.sum'), 'utf8'));
  assert.deepEqual([...normal], [['golang.org/x/xerrors', 'v0.0.0-20200804184101-5ec99f83aff1']]);
  const emptyLine = parseGoSum(readFileSync(resolve(trivySum, 'gomod_emptyline.sum'), 'utf8'));
  assert.deepEqual([...emptyLine].sort(), [['github.com/karrick/godirwalk', 'v1.12.0'], ['github.com/pkg/errors', 'v0.8.1']]);
  const many = parseGoSum(readFileSync(resolve(trivySum, 'gomod_many.sum'), 'utf8'));
  assert.equal(many.size, 13);
  assert.equal(many.get('github.com/BurntSushi/toml'), 'v0.3.1');
  assert.equal(many.get('gopkg.in/yaml.v3'), 'v3.0.0-20200313102051-9f266ea9e77c');
  const trivy = parseGoSum(readFileSync(resolve(trivySum, 'gomod_trivy.sum'), 'utf8'));
  assert.equal(trivy.get('github.com/aquasecurity/trivy'), 'v0.16.0');
  assert.equal(trivy.get('github.com/docker/distribution'), 'v2.7.1+incompatible');
});

// --- trivy's analyzer testdata (txtar: go.mod with go.sum) -----------------------------------------

test('trivy analyzer txtar: happy (go 1.17, indirect listed: go.sum unused), merge and no-go-sum (go 1.15)', async () => {
  const run = async (name: string) => summary(appOf(await analyzeTxtarFile(goModAnalyzer, readTxtar(resolve(trivyAnalyzer, `${name}.txtar`)), 'go.mod')));
  assert.deepEqual(await run('happy'), [
    'github.com/aquasecurity/go-dep-parser@v0.0.0-20220406074731-71021a481237 direct',
    'github.com/org/repo root',
    'golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1 indirect',
  ]);
  assert.deepEqual(await run('merge'), [
    'github.com/BurntSushi/toml@v0.3.1 indirect',
    'github.com/aquasecurity/go-dep-parser@v0.0.0-20230219131432-590b1dfb6edd direct',
    'github.com/org/repo root',
  ]);
  assert.deepEqual(await run('no-go-sum'), ['github.com/aquasecurity/go-dep-parser@v0.0.0-20230219131432-590b1dfb6edd direct', 'github.com/org/repo root']);
  assert.deepEqual(await run('no-pkg-found'), [
    'github.com/aquasecurity/go-dep-parser@v1.0.0 direct',
    'github.com/aquasecurity/go-version@v1.0.1 direct',
    'github.com/org/repo root',
    'golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1 indirect',
  ]);
  assert.deepEqual(await run('wrong-gomod-in-pkg'), ['github.com/org/repo root', 'github.com/sad/sad@v0.0.1 direct']);
});

test('trivy analyzer txtar sad: a go.mod that is not one is a ParseError', async () => {
  await rejectsWithParseError(analyzeTxtarFile(goModAnalyzer, readTxtar(resolve(trivyAnalyzer, 'sad.txtar')), 'go.mod'), 'go.mod', 1);
});

// --- osv-scanner / osv-detector fixtures ----------------------------------------------------------
// osv-scanner keeps every require and applies every replace; picket follows trivy (a path
// required twice keeps its last version; indirect requires of pre-1.17 modules are left out).

const osvCases: Record<string, string[]> = {
  'empty.mod': [],
  'one-package.mod': ['github.com/BurntSushi/toml@v1.0.0 direct', 'my-library root'],
  'two-packages.mod': ['github.com/BurntSushi/toml@v1.0.0 direct', 'gopkg.in/yaml.v2@v2.4.0 direct', 'my-library root'],
  'indirect-packages.mod': [
    'github.com/BurntSushi/toml@v1.0.0 direct',
    'github.com/mattn/go-colorable@v0.1.9 indirect',
    'github.com/mattn/go-isatty@v0.0.14 indirect',
    'golang.org/x/sys@v0.0.0-20210630005230-0f9fa26af87c indirect',
    'gopkg.in/yaml.v2@v2.4.0 direct',
    'my-library root',
  ],
  // both replacements name a version; only the one matching the kept require (v0.5.6) applies
  'replace-different.mod': ['example.com/fork/foe@v1.4.2 direct'],
  'replace-local.mod': ['github.com/BurntSushi/toml@v1.0.0 direct'],
  'replace-mixed.mod': ['golang.org/x/net@v0.5.6 direct'],
  'replace-no-version.mod': ['example.com/fork/net@v1.4.5 direct'],
  'replace-not-required.mod': ['github.com/BurntSushi/toml@v1.0.0 direct', 'golang.org/x/net@v0.5.6 direct'],
  'replace-one.mod': ['example.com/fork/net@v1.4.5 direct'],
};

test('osv-scanner and osv-detector go fixtures', async () => {
  for (const dir of [osvScanner, osvDetector]) {
    for (const [file, expected] of Object.entries(osvCases)) {
      assert.deepEqual(summary(await parseOnly(resolve(dir, file))), expected, `${dir}/${file}`);
    }
  }
});

test('not-go-mod fixtures are ParseErrors naming the file and line 1', async () => {
  for (const file of [resolve(osvScanner, 'not-go-mod.txt'), resolve(osvDetector, 'not-go-mod.txt'), resolve(scalibr, 'not-go-mod.mod')]) {
    await rejectsWithParseError(analyzeFixture(goModAnalyzer, file, 'go.mod'), 'go.mod', 1);
  }
});

test('osv-scalibr fixtures: go.sum for go 1.16, toolchain lines for stdlib', async () => {
  const read = (name: string) => readFileSync(resolve(scalibr, name));
  const sum116 = await goModAnalyzer.analyze({ path: 'go.mod', content: read('indirect-1.16.mod'), readFile: async (p) => (p === 'go.sum' ? read('indirect-1.16.sum') : undefined) });
  assert.deepEqual(summary(appOf(sum116)), [
    'github.com/davecgh/go-spew@v1.1.1 indirect',
    'github.com/pmezard/go-difflib@v1.0.0 indirect',
    'github.com/sirupsen/logrus@v1.9.3 direct',
    'github.com/stretchr/objx@v0.1.0 indirect',
    'github.com/stretchr/testify@v1.7.0 indirect',
    'golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8 indirect',
    'gopkg.in/check.v1@v0.0.0-20161208181325-20d25e280405 indirect',
    'gopkg.in/yaml.v3@v3.0.0-20200313102051-9f266ea9e77c indirect',
    'test root',
  ]);
  assert.deepEqual(summary(await parseOnly(resolve(scalibr, 'indirect-1.23.mod'))), [
    'github.com/sirupsen/logrus@v1.9.3 direct',
    'golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8 indirect',
    'test root',
  ]);
  const stdlib = createGoModAnalyzer({ stdlib: true });
  assert.ok(summary(await parseOnly(resolve(scalibr, 'toolchain.mod'), stdlib)).includes('stdlib@v1.23.6 direct'));
  assert.ok(summary(await parseOnly(resolve(scalibr, 'toolchain-with-suffix.mod'), stdlib)).includes('stdlib@v1.23.6 direct'));
  // Without a toolchain line: the go line from Go 1.21 on (1.23 -> 1.23.0), nothing before.
  assert.ok(summary(await parseOnly(resolve(scalibr, 'indirect-1.23.mod'), stdlib)).includes('stdlib@v1.23.0 direct'));
  assert.ok(!summary(await parseOnly(resolve(scalibr, 'indirect-1.16.mod'), stdlib)).some((s) => s.startsWith('stdlib')));
});

// --- syntax -------------------------------------------------------------------------------------

async function fromText(text: string): Promise<Package[]> {
  return appOf(await goModAnalyzer.analyze({ path: 'go.mod', content: Buffer.from(text), readFile: async () => undefined }));
}

test('go.mod syntax: comments, quoted paths, `// indirect; reason`, blocks of other directives', async () => {
  const packages = await fromText(
    [
      '// a comment',
      'module "example.org/quoted" // trailing',
      '',
      'go 1.21',
      'toolchain go1.21.4',
      'godebug (',
      '\tdefault=go1.21',
      ')',
      'require (',
      '\texample.org/a v1.0.0',
      '\t`example.org/b` v1.1.0 // indirect; kept for tests',
      '\texample.org/c v0.1.0-pre.1+meta // not indirect',
      ')',
      'exclude example.org/a v0.9.0',
      'retract [v1.0.0, v1.0.5]',
      'tool example.org/a/cmd/gen',
    ].join('\n'),
  );
  assert.deepEqual(summary(packages), ['example.org/a@v1.0.0 direct', 'example.org/b@v1.1.0 indirect', 'example.org/c@v0.1.0-pre.1+meta direct', 'example.org/quoted root']);
  assert.deepEqual(byId(packages, 'example.org/b@v1.1.0').locations, [{ startLine: 11, endLine: 11 }]);
});

test('malformed go.mod: ParseError with the line', async () => {
  const cases: Array<[string, number]> = [
    ['module a\nrequire (\n  example.org/a v1.0.0\n', 2],
    ['module a\nrequire example.org/a\n', 2],
    ['module a\nrequire example.org/a 1.0.0\n', 2],
    ['module a\n\nreplace example.org/a => example.org/b\n', 3],
    ['module a\nfrobnicate x\n', 2],
    ['module a\nrequire example.org/a v1.0.0 )\n', 2],
    ['module "a\n', 1],
  ];
  for (const [text, line] of cases) {
    await rejectsWithParseError(goModAnalyzer.analyze({ path: 'x/go.mod', content: Buffer.from(text), readFile: async () => undefined }), 'x/go.mod', line);
  }
});

test('parse rate on a generated go.mod with 20,000 requires', async () => {
  const lines = ['module example.org/big', '', 'go 1.21', '', 'require ('];
  for (let i = 0; i < 20_000; i++) lines.push(`\texample.org/mod${i} v1.${i % 50}.${i % 7}${i % 3 === 0 ? ' // indirect' : ''}`);
  lines.push(')');
  const content = Buffer.from(lines.join('\n'));
  const run = () => goModAnalyzer.analyze({ path: 'go.mod', content, readFile: async () => undefined });
  await run(); // warm-up: measure the steady state, not the JIT
  const { result, seconds } = await cpuTimed(run);
  const packages = appOf(result);
  assert.equal(packages.length, 20_001);
  const rate = Math.round(packages.length / seconds);
  console.log(`go.mod: ${packages.length} packages in ${(seconds * 1000).toFixed(0)} ms of CPU (${rate} packages/s)`);
  assert.ok(rate > 50_000, `${rate} packages/s`);
});
