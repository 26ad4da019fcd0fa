/**
 * The go.mod dependency graph: the root's direct packages, each package's requirements from a Go
 * module cache, orphans under the root. Checked against trivy's own analyzer cases (its txtar
 * GOPATH fixture) and against a real module cache that `go mod download` fills offline from a
 * file:// GOPROXY made here, compared with `go mod graph`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createGoModAnalyzer } from '../../../../src/analyzer/lang/golang/go-mod.js';
import { defaultModuleCacheDir, escapeModulePath, openModuleCache } from '../../../../src/analyzer/lang/golang/module-cache.js';
import type { AnalysisResult, Package } from '../../../../src/analyzer/types.js';
import { cpuTimed } from '../../../support/cpu-time.js';
import { sharedPath } from '../../../support/paths.js';
import { tempDir } from '../../../support/temp.js';
import { analyzeTxtarFile, readTxtar } from '../../../support/txtar.js';

const trivyAnalyzer = sharedPath('fixtures/trivy-unit/fanal/analyzer/language/golang/mod/testdata');

/** `id -> dependsOn` of every package (`-` for none). */
function graph(result: AnalysisResult): Record<string, string> {
  const packages: Package[] = result.applications?.[0]?.packages ?? [];
  return Object.fromEntries(packages.map((p) => [p.id, p.dependsOn?.join(' ') ?? '-']));
}

function writeFiles(root: string, files: Iterable<[string, string]>): void {
  for (const [name, text] of files) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
}

/** trivy's gopath.txtar (paths `pkg/mod/...`) written out as a GOPATH; returns its module cache. */
function trivyGopath(): string {
  const gopath = tempDir('picket-gopath-');
  writeFiles(gopath, readTxtar(resolve(trivyAnalyzer, 'gopath.txtar')));
  return join(gopath, 'pkg', 'mod');
}

const analyzeTrivyCase = (name: string, moduleCache: string | null) =>
  analyzeTxtarFile(createGoModAnalyzer({ moduleCache }), readTxtar(resolve(trivyAnalyzer, `${name}.txtar`)), 'go.mod');

test('the default module cache: pkg/mod under the first GOPATH entry, else ~/go', () => {
  assert.equal(defaultModuleCacheDir({ GOPATH: '/opt/go' }), '/opt/go/pkg/mod');
  assert.equal(defaultModuleCacheDir({ GOPATH: '/a/go:/b/go' }), '/a/go/pkg/mod');
  assert.match(defaultModuleCacheDir({}), /\/go\/pkg\/mod$/);
  assert.equal(escapeModulePath('github.com/BurntSushi/toml'), 'github.com/!burnt!sushi/toml');
});

// --- trivy's analyzer cases (mod_test.go: same packages, same DependsOn) ---------------------------

test('trivy happy (go 1.17, module cache): the replaced dependency depends on the listed xerrors', async () => {
  assert.deepEqual(graph(await analyzeTrivyCase('happy', trivyGopath())), {
    'github.com/org/repo': 'github.com/aquasecurity/go-dep-parser@v0.0.0-20220406074731-71021a481237',
    'github.com/aquasecurity/go-dep-parser@v0.0.0-20220406074731-71021a481237': 'golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1',
    'golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1': '-',
  });
});

test('trivy less than 1.17 (merge): go.sum adds toml, which the cached go.mod of the dependency requires', async () => {
  assert.deepEqual(graph(await analyzeTrivyCase('merge', trivyGopath())), {
    'github.com/org/repo': 'github.com/aquasecurity/go-dep-parser@v0.0.0-20230219131432-590b1dfb6edd',
    'github.com/aquasecurity/go-dep-parser@v0.0.0-20230219131432-590b1dfb6edd': 'github.com/BurntSushi/toml@v0.3.1',
    'github.com/BurntSushi/toml@v0.3.1': '-',
  });
});

test('trivy no go.sum, vendor dir: cached go.mod files link what the list holds', async () => {
  assert.deepEqual(graph(await analyzeTrivyCase('no-go-sum', trivyGopath())), {
    'github.com/org/repo': 'github.com/aquasecurity/go-dep-parser@v0.0.0-20230219131432-590b1dfb6edd',
    'github.com/aquasecurity/go-dep-parser@v0.0.0-20230219131432-590b1dfb6edd': '-',
  });
  assert.deepEqual(graph(await analyzeTrivyCase('vendor-dir-exists', trivyGopath())), {
    'github.com/org/repo': 'github.com/aquasecurity/go-dep-parser@v0.0.1',
    'github.com/aquasecurity/go-dep-parser@v0.0.1': 'golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1',
    'golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1': '-',
  });
});

test('trivy wrong go.mod in pkg: a malformed cached go.mod says nothing', async () => {
  assert.deepEqual(graph(await analyzeTrivyCase('wrong-gomod-in-pkg', trivyGopath())), {
    'github.com/org/repo': 'github.com/sad/sad@v0.0.1',
    'github.com/sad/sad@v0.0.1': '-',
  });
});

test('trivy no pkg dir found: the root depends on the direct packages and on the orphan indirect one', async () => {
  const expected = {
    'github.com/org/repo': 'github.com/aquasecurity/go-dep-parser@v1.0.0 github.com/aquasecurity/go-version@v1.0.1 golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1',
    'github.com/aquasecurity/go-dep-parser@v1.0.0': '-',
    'github.com/aquasecurity/go-version@v1.0.1': '-',
    'golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1': '-',
  };
  assert.deepEqual(graph(await analyzeTrivyCase('no-pkg-found', null)), expected);
  assert.deepEqual(graph(await analyzeTrivyCase('no-pkg-found', join(tempDir(), 'missing'))), expected);
  // A cache without these modules: the same.
  assert.deepEqual(graph(await analyzeTrivyCase('no-pkg-found', trivyGopath())), expected);
});

test('without a module cache, the happy case keeps xerrors reachable under the root', async () => {
  assert.deepEqual(graph(await analyzeTrivyCase('happy', null)), {
    'github.com/org/repo': 'github.com/aquasecurity/go-dep-parser@v0.0.0-20220406074731-71021a481237 golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1',
    'github.com/aquasecurity/go-dep-parser@v0.0.0-20220406074731-71021a481237': '-',
    'golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1': '-',
  });
});

test('stdlib (comprehensive) is a direct dependency of the root', async () => {
  const analyzer = createGoModAnalyzer({ stdlib: true, moduleCache: null });
  const text = 'module example.com/m\n\ngo 1.22\n\nrequire example.com/a v1.0.0\n';
  const result = await analyzer.analyze({ path: 'go.mod', content: Buffer.from(text), readFile: async () => undefined });
  assert.equal(graph(result)['example.com/m'], 'example.com/a@v1.0.0 stdlib@v1.22.0');
});

test('module paths that would leave the cache are not looked up', async () => {
  const cache = await openModuleCache(trivyGopath());
  assert.ok(cache);
  const requires = await cache.requires([
    { path: '../../etc', version: 'v1.0.0' },
    { path: 'github.com/aquasecurity/go-dep-parser', version: 'v0.0.1/../../x' },
    { path: 'github.com/aquasecurity/go-dep-parser', version: 'v0.0.1' },
    { path: 'github.com/BurntSushi/toml', version: 'v0.3.1' }, // extracted, without a go.mod
  ]);
  assert.deepEqual(requires, [undefined, undefined, ['golang.org/x/xerrors'], undefined]);
});

// --- a real module cache, filled by `go mod download` from a local file:// proxy --------------------

const goAvailable = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;

interface ProxyModule {
  path: string;
  version: string;
  goMod: string;
  files: Record<string, string>;
}

const MODULES: ProxyModule[] = [
  {
    path: 'example.com/a',
    version: 'v1.0.0',
    goMod: 'module example.com/a\n\ngo 1.18\n\nrequire example.com/b v1.1.0\n',
    files: { 'a.go': 'package a\n\nimport "example.com/b"\n\nfunc A() string { return "a" + b.B() }\n' },
  },
  {
    path: 'example.com/b',
    version: 'v1.1.0',
    goMod: 'module example.com/b\n\ngo 1.18\n\nrequire example.com/c v1.0.0\n',
    files: { 'b.go': 'package b\n\nimport "example.com/c"\n\nfunc B() string { return "b" + c.C() }\n' },
  },
  {
    path: 'example.com/c',
    version: 'v1.0.0',
    goMod: 'module example.com/c\n\ngo 1.18\n',
    files: { 'c.go': 'package c\n\nfunc C() string { return "c" }\n' },
  },
  {
    // The older c that Mixed requires: version selection keeps b's v1.0.0, the version Mixed then depends on.
    path: 'example.com/c',
    version: 'v0.9.0',
    goMod: 'module example.com/c\n\ngo 1.18\n',
    files: { 'c.go': 'package c\n\nfunc C() string { return "old c" }\n' },
  },
  {
    path: 'example.com/Mixed',
    version: 'v1.0.0',
    goMod: 'module example.com/Mixed\n\ngo 1.18\n\nrequire example.com/c v0.9.0\n',
    files: { 'mixed.go': 'package mixed\n\nimport "example.com/c"\n\nfunc M() string { return c.C() }\n' },
  },
];

/** A GOPROXY=file:// directory: `<escaped path>/@v/{list, <v>.info, <v>.mod, <v>.zip}` per module. */
function writeProxy(proxy: string, staging: string): void {
  for (const m of MODULES) {
    const dir = join(proxy, escapeModulePath(m.path), '@v');
    mkdirSync(dir, { recursive: true });
    const versions = MODULES.filter((o) => o.path === m.path).map((o) => o.version);
    writeFileSync(join(dir, 'list'), `${versions.join('\n')}\n`);
    writeFileSync(join(dir, `${m.version}.info`), JSON.stringify({ Version: m.version, Time: '2024-01-01T00:00:00Z' }));
    writeFileSync(join(dir, `${m.version}.mod`), m.goMod);
    const prefix = `${m.path}@${m.version}`;
    writeFiles(staging, [[`${prefix}/go.mod`, m.goMod], ...Object.entries(m.files).map(([name, text]): [string, string] => [`${prefix}/${name}`, text])]);
    execFileSync('zip', ['-q', '-r', '-X', join(dir, `${m.version}.zip`), prefix], { cwd: staging });
  }
}

function goEnv(root: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: root,
    GOPATH: join(root, 'gopath'),
    GOCACHE: join(root, 'gocache'),
    GOPROXY: `file://${join(root, 'proxy')}`,
    GOSUMDB: 'off',
    GOFLAGS: '-modcacherw',
    GOTOOLCHAIN: 'local',
    GO111MODULE: 'on',
    GOENV: 'off',
    CGO_ENABLED: '0',
  };
}

/** The main module and its module cache, filled by `go mod tidy` + `go mod download` offline. */
function buildModuleCache(): { root: string; main: string; moduleCache: string } {
  const root = tempDir('picket-gomodcache-');
  writeProxy(join(root, 'proxy'), join(root, 'staging'));
  const main = join(root, 'main');
  writeFiles(main, [
    ['go.mod', 'module example.com/main\n\ngo 1.18\n\nrequire (\n\texample.com/Mixed v1.0.0\n\texample.com/a v1.0.0\n)\n'],
    ['main.go', 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/Mixed"\n\t"example.com/a"\n)\n\nfunc main() { fmt.Println(a.A(), mixed.M()) }\n'],
  ]);
  const env = goEnv(root);
  execFileSync('go', ['mod', 'tidy'], { cwd: main, env, stdio: 'pipe' });
  execFileSync('go', ['mod', 'download', 'all'], { cwd: main, env, stdio: 'pipe' });
  return { root, main, moduleCache: join(root, 'gopath', 'pkg', 'mod') };
}

/** `go mod graph` edges from the selected modules, as `from -> to@selected` (the graph trivy builds uses selected versions). */
function goModGraph(main: string, env: NodeJS.ProcessEnv, selected: Map<string, string>): Record<string, string[]> {
  const edges: Record<string, string[]> = {};
  for (const line of execFileSync('go', ['mod', 'graph'], { cwd: main, env, encoding: 'utf8' }).trim().split('\n')) {
    const [from, to] = line.split(' ');
    const [toPath] = to.split('@');
    if (!from.includes('@') || selected.get(from.split('@')[0]) !== from) continue; // the main module, or a version not selected
    (edges[from] ??= []).push(selected.get(toPath)!);
  }
  for (const list of Object.values(edges)) list.sort();
  return edges;
}

test('a real module cache (go mod download from a file:// proxy): each module depends on what its go.mod requires, at the selected versions', { skip: !goAvailable && 'go is not installed' }, async () => {
  const { root, main, moduleCache } = buildModuleCache();
  const goMod = readFileSync(join(main, 'go.mod'));
  const analyze = (cache: string | null) =>
    createGoModAnalyzer({ moduleCache: cache }).analyze({ path: 'go.mod', content: goMod, readFile: async () => readFileSync(join(main, 'go.sum')) });

  const expected = {
    'example.com/main': 'example.com/Mixed@v1.0.0 example.com/a@v1.0.0',
    'example.com/Mixed@v1.0.0': 'example.com/c@v1.0.0',
    'example.com/a@v1.0.0': 'example.com/b@v1.1.0',
    'example.com/b@v1.1.0': 'example.com/c@v1.0.0',
    'example.com/c@v1.0.0': '-',
  };
  const result = await analyze(moduleCache);
  assert.deepEqual(graph(result), expected);

  // The same edges as `go mod graph`, from the selected versions.
  const packages = result.applications![0].packages;
  const selected = new Map(packages.filter((p) => p.version !== '').map((p) => [p.name, p.id]));
  const fromGo = goModGraph(main, goEnv(root), selected);
  const fromPicket = Object.fromEntries(packages.filter((p) => p.dependsOn && p.relationship !== 'root').map((p) => [p.id, p.dependsOn!]));
  assert.deepEqual(fromPicket, fromGo);

  // The escaped directory of example.com/Mixed is where Go put it.
  assert.ok(readFileSync(join(moduleCache, 'example.com', '!mixed@v1.0.0', 'go.mod'), 'utf8').startsWith('module example.com/Mixed'));

  // Without the extracted trees, the go.mod files Go keeps under cache/download give the same graph.
  for (const m of MODULES) rmSync(join(moduleCache, `${escapeModulePath(m.path)}@${m.version}`), { recursive: true, force: true });
  assert.deepEqual(graph(await analyze(moduleCache)), expected);

  // Without a cache: the root takes the orphans b and c.
  assert.deepEqual(graph(await analyze(null)), {
    'example.com/main': 'example.com/Mixed@v1.0.0 example.com/a@v1.0.0 example.com/b@v1.1.0 example.com/c@v1.0.0',
    'example.com/Mixed@v1.0.0': '-',
    'example.com/a@v1.0.0': '-',
    'example.com/b@v1.1.0': '-',
    'example.com/c@v1.0.0': '-',
  });
});

test('a module cache that lacks most modules costs a few directory listings, not one failed open per module', async () => {
  const cache = join(tempDir('picket-gomodcache-'), 'pkg', 'mod');
  writeFiles(cache, [
    ['example.org/mod7@v1.7.0/go.mod', 'module example.org/mod7\n\ngo 1.21\n\nrequire example.org/mod8 v1.8.1\n'],
    ['cache/download/example.org/mod8/@v/v1.8.1.mod', 'module example.org/mod8\n\ngo 1.21\n\nrequire example.org/mod9 v1.0.0\n'],
  ]);
  const lines = ['module example.org/big', '', 'go 1.21', '', 'require ('];
  for (let i = 0; i < 20_000; i++) lines.push(`\texample.org/mod${i} v1.${i % 50}.${i % 7}${i % 3 === 0 ? ' // indirect' : ''}`);
  lines.push(')');
  const content = Buffer.from(lines.join('\n'));
  const analyzer = createGoModAnalyzer({ moduleCache: cache });
  const run = () => analyzer.analyze({ path: 'go.mod', content, readFile: async () => undefined });
  await run(); // warm-up
  const { result, seconds } = await cpuTimed(run);
  const packages = result.applications![0].packages;
  assert.equal(packages.length, 20_001);
  assert.deepEqual(packages.find((p) => p.name === 'example.org/mod7')?.dependsOn, ['example.org/mod8@v1.8.1']);
  assert.deepEqual(packages.find((p) => p.name === 'example.org/mod8')?.dependsOn, ['example.org/mod9@v1.9.2']);
  const rate = Math.round(packages.length / seconds);
  assert.ok(rate > 50_000, `${rate} packages/s`);
});
