import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goBinaryAnalyzer, packagesOf } from '../../../../src/analyzer/lang/golang/go-binary.js';
import { parseModInfo } from '../../../../src/analyzer/lang/golang/buildinfo.js';
import { isValidSemver, versionFromLdflags } from '../../../../src/analyzer/lang/golang/ldflags.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { rejectsWithParseError } from '../../../support/analyze-file.js';
import { buildElf, GO_INFO_END, GO_INFO_START, inlineBuildInfo } from '../../../support/elf.js';
import { repoRoot, sharedPath } from '../../../support/paths.js';
import { tempDir } from '../../../support/temp.js';

async function analyzeBytes(content: Buffer, path = 'bin/app'): Promise<Package[] | undefined> {
  const result = await goBinaryAnalyzer.analyze({ path, content, readFile: async () => undefined });
  if (!result.applications) return undefined;
  assert.equal(result.applications.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['gobinary', 'Go', 'golang', path]);
  return app.packages;
}

const ids = (packages: Package[] | undefined) => (packages ?? []).map((p) => p.id).sort();
const rel = (packages: Package[] | undefined) => Object.fromEntries((packages ?? []).map((p) => [p.id, p.relationship ?? 'unknown']));

test('wants extensionless files and .exe of a plausible size, not dotfiles or sources', () => {
  const wants = (path: string, size = 2_000_000) => goBinaryAnalyzer.wants({ path, size });
  assert.equal(wants('usr/bin/docker-registry'), true);
  assert.equal(wants('app.exe'), true);
  assert.equal(wants('bin/APP.EXE'), true);
  assert.equal(wants('main.go'), false);
  assert.equal(wants('lib/libfoo.so'), false);
  assert.equal(wants('.hidden'), false);
  assert.equal(wants('usr/bin/tiny', 100), false);
});

// --- real binaries ----------------------------------------------------------------------------------

/** `Built-Using: golang-1.19 (= 1.19.8-2), ...` of an installed Debian package -> `1.19.8`. */
function debianBuiltWithGo(pkg: string): string | undefined {
  const status = readFileSync('/var/lib/dpkg/status', 'utf8');
  const stanza = status.split('\n\n').find((s) => s.startsWith(`Package: ${pkg}\n`));
  return /^Built-Using:.*\bgolang-1\.\d+ \(= (\d+\.\d+\.\d+)-/m.exec(stanza ?? '')?.[1];
}

test('Debian docker-registry (GOPATH-mode build): stdlib at the Go version Debian built it with, no module', async (t) => {
  const path = '/usr/bin/docker-registry';
  if (!existsSync(path)) return t.skip('docker-registry is not installed (.ci/run installs it)');
  const goVersion = debianBuiltWithGo('docker-registry');
  assert.ok(goVersion, 'Built-Using names the Go toolchain');
  const packages = await analyzeBytes(readFileSync(path), 'usr/bin/docker-registry');
  // Debian builds Go packages in GOPATH mode: the build info has a `path` line but no `mod`.
  assert.deepEqual(packages, [{ id: `stdlib@v${goVersion}`, name: 'stdlib', version: `v${goVersion}`, relationship: 'direct' }]);
});

test('esbuild from node_modules: an ELF executable whose Go build info was stripped is not a Go binary', async (t) => {
  const path = join(repoRoot, 'node_modules/@esbuild/linux-x64/bin/esbuild');
  if (!existsSync(path)) return t.skip('esbuild for linux-x64 is not installed');
  assert.equal(await analyzeBytes(readFileSync(path)), undefined);
});

// --- binaries built here with the Go toolchain (golang-go, installed by .ci/run) ----------------------

const goAvailable = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;

/** A module with two vendored dependencies, one replaced by a fork: builds offline. */
function writeModule(dir: string): void {
  const files: Record<string, string> = {
    'go.mod': 'module example.org/app\n\ngo 1.19\n\nrequire (\n\texample.org/greeting v1.2.3\n\texample.org/numbers v0.4.0\n)\n\nreplace example.org/numbers v0.4.0 => example.org/numbers-fork v0.4.1\n',
    'main.go': 'package main\n\nimport (\n\t"fmt"\n\n\t"example.org/greeting"\n\t"example.org/numbers"\n)\n\nvar version = "dev"\n\nfunc main() { fmt.Println(greeting.Hello(), numbers.Answer(), version) }\n',
    'vendor/example.org/greeting/greeting.go': 'package greeting\n\nfunc Hello() string { return "hello" }\n',
    'vendor/example.org/numbers/numbers.go': 'package numbers\n\nfunc Answer() int { return 42 }\n',
    'vendor/modules.txt': '# example.org/greeting v1.2.3\n## explicit\nexample.org/greeting\n# example.org/numbers v0.4.0 => example.org/numbers-fork v0.4.1\n## explicit\nexample.org/numbers\n',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function goBuild(dir: string, output: string, env: Record<string, string>, args: string[] = []): string {
  const out = join(dir, output);
  execFileSync('go', ['build', ...args, '-o', out, '.'], {
    cwd: dir,
    env: { ...process.env, GOFLAGS: '-mod=vendor', GOPROXY: 'off', GOTOOLCHAIN: 'local', CGO_ENABLED: '0', GOCACHE: join(tmpdir(), 'picket-test-gocache'), GOPATH: join(dir, '.gopath'), ...env },
    stdio: 'pipe',
  });
  return out;
}

/** What `go version -m` prints, as the packages trivy derives from it. */
function expectedFromGoVersion(binary: string): { stdlib: string; deps: string[]; main?: string } {
  const text = execFileSync('go', ['version', '-m', binary], { encoding: 'utf8' });
  const [first, ...lines] = text.split('\n');
  const deps: Array<{ path: string; version: string }> = [];
  let main: string | undefined;
  for (const line of lines) {
    const [, word, path, version] = line.split('\t');
    if (word === 'mod') main = path;
    if (word === 'dep') deps.push({ path, version });
    if (word === '=>') deps[deps.length - 1] = { path, version };
  }
  return { stdlib: `v${/go(\d+\.\d+(\.\d+)?)/.exec(first)![1]}`, deps: deps.map((d) => `${d.path}@${d.version}`).sort(), main };
}

test('Go-built ELF, PE and Mach-O executables agree with `go version -m`', { timeout: 300_000 }, async (t) => {
  if (!goAvailable) return t.skip('no Go toolchain (.ci/run installs golang-go)');
  const dir = tempDir();
  writeModule(dir);
  const builds = [
    { output: 'app', env: { GOOS: 'linux', GOARCH: 'amd64' }, args: ['-ldflags', '-X main.version=v3.4.5'] },
    { output: 'app.exe', env: { GOOS: 'windows', GOARCH: 'amd64' } },
    { output: 'app-darwin', env: { GOOS: 'darwin', GOARCH: 'arm64' } },
  ];
  for (const b of builds) {
    const binary = goBuild(dir, b.output, b.env, b.args);
    const expected = expectedFromGoVersion(binary);
    assert.deepEqual(expected.deps, ['example.org/greeting@v1.2.3', 'example.org/numbers-fork@v0.4.1'], b.output);
    assert.equal(expected.main, 'example.org/app');
    const packages = await analyzeBytes(readFileSync(binary), b.output);
    const stdlibId = `stdlib@${expected.stdlib}`;
    // Built from a checkout the module version is (devel); the linux build stamps one with -X.
    const rootId = b.output === 'app' ? 'example.org/app@v3.4.5' : 'example.org/app';
    assert.deepEqual(ids(packages), [...expected.deps, rootId, stdlibId].sort(), b.output);
    assert.deepEqual(rel(packages), { [stdlibId]: 'direct', 'example.org/greeting@v1.2.3': 'unknown', 'example.org/numbers-fork@v0.4.1': 'unknown', [rootId]: 'root' });
    assert.deepEqual(packages!.find((p) => p.relationship === 'root')!.dependsOn, [...expected.deps, stdlibId].sort());
  }
});

// --- synthetic executables: the pre-1.18 pointer format, blob without a section ----------------------

const MODINFO = 'path\texample.org/old/cmd/tool\nmod\texample.org/old\tv1.0.0\th1:abc=\ndep\texample.org/dep\tv0.1.0\th1:def=\n';

/** A Go < 1.18 blob: pointers to Go string headers in a data section. */
function pointerFormatElf(wide: boolean, littleEndian: boolean): Buffer {
  const ptr = wide ? 8 : 4;
  const blobAddr = 0x10000;
  const dataAddr = 0x20000;
  const version = Buffer.from('go1.16.4');
  const modinfo = Buffer.concat([GO_INFO_START, Buffer.from(MODINFO), GO_INFO_END]);
  const data = Buffer.alloc(4 * ptr + version.length + modinfo.length);
  const put = (at: number, v: number) => {
    if (wide) littleEndian ? data.writeBigUInt64LE(BigInt(v), at) : data.writeBigUInt64BE(BigInt(v), at);
    else littleEndian ? data.writeUInt32LE(v, at) : data.writeUInt32BE(v, at);
  };
  put(0, dataAddr + 4 * ptr);
  put(ptr, version.length);
  put(2 * ptr, dataAddr + 4 * ptr + version.length);
  put(3 * ptr, modinfo.length);
  version.copy(data, 4 * ptr);
  modinfo.copy(data, 4 * ptr + version.length);
  const blob = Buffer.alloc(32);
  blob.write('\xff Go buildinf:', 0, 'latin1');
  blob[14] = ptr;
  blob[15] = littleEndian ? 0 : 1;
  if (wide) littleEndian ? blob.writeBigUInt64LE(BigInt(dataAddr), 16) : blob.writeBigUInt64BE(BigInt(dataAddr), 16);
  else littleEndian ? blob.writeUInt32LE(dataAddr, 16) : blob.writeUInt32BE(dataAddr, 16);
  if (wide) littleEndian ? blob.writeBigUInt64LE(BigInt(dataAddr + 2 * ptr), 24) : blob.writeBigUInt64BE(BigInt(dataAddr + 2 * ptr), 24);
  else littleEndian ? blob.writeUInt32LE(dataAddr + 2 * ptr, 20) : blob.writeUInt32BE(dataAddr + 2 * ptr, 20);
  return buildElf(
    [
      { name: '.go.buildinfo', data: blob, addr: blobAddr },
      { name: '.data', data, addr: dataAddr },
    ],
    { wide, littleEndian },
  );
}

test('pre-1.18 pointer format: 64-bit little endian and 32-bit big endian', async () => {
  for (const [wide, le] of [[true, true], [false, false]] as const) {
    const packages = await analyzeBytes(pointerFormatElf(wide, le));
    assert.deepEqual(rel(packages), { 'stdlib@v1.16.4': 'direct', 'example.org/dep@v0.1.0': 'unknown', 'example.org/old@v1.0.0': 'root' }, `wide=${wide}`);
  }
});

test('no .go.buildinfo section: the blob is found at the start of the first writable segment', async () => {
  const blob = inlineBuildInfo('go1.22.1 X:boringcrypto', 'path\texample.org/x\nmod\texample.org/x\t(devel)\t\n');
  const elf = buildElf([{ name: '.noptrdata', data: Buffer.concat([Buffer.alloc(48), blob]), addr: 0x4000 }], { noSections: true });
  assert.deepEqual(rel(await analyzeBytes(elf)), { 'stdlib@v1.22.1': 'direct', 'example.org/x': 'root' });
});

test('a misaligned magic is skipped; a binary without build info, a truncated or foreign file give nothing', async () => {
  const blob = inlineBuildInfo('go1.21.0', '');
  const misaligned = buildElf([{ name: '.go.buildinfo', data: Buffer.concat([Buffer.alloc(3), blob]), addr: 0x4000 }]);
  assert.equal(await analyzeBytes(misaligned), undefined);
  assert.equal(await analyzeBytes(buildElf([{ name: '.data', data: Buffer.alloc(64), addr: 0x4000 }])), undefined);
  const good = buildElf([{ name: '.go.buildinfo', data: blob, addr: 0x4000 }]);
  assert.deepEqual(ids(await analyzeBytes(good)), ['stdlib@v1.21.0']);
  assert.equal(await analyzeBytes(good.subarray(0, 100)), undefined);
  assert.equal(await analyzeBytes(Buffer.from('#!/bin/sh\necho not a binary\n'.repeat(100))), undefined);
  // trivy's own sad-path fixture (a text file)
  assert.equal(await analyzeBytes(readFileSync(sharedPath('fixtures/trivy-unit/dependency/parser/golang/binary/testdata/dummy'))), undefined);
});

test('malformed module info is a ParseError naming the file', async () => {
  const elf = buildElf([{ name: '.go.buildinfo', data: inlineBuildInfo('go1.21.0', 'path\tx\nbogus line\n'), addr: 0x4000 }]);
  await rejectsWithParseError(goBinaryAnalyzer.analyze({ path: 'bin/bad', content: elf, readFile: async () => undefined }), 'bin/bad');
  const orphan = buildElf([{ name: '.go.buildinfo', data: inlineBuildInfo('go1.21.0', 'path\tx\n=>\texample.org/y\tv1.0.0\t\n'), addr: 0x4000 }]);
  await rejectsWithParseError(goBinaryAnalyzer.analyze({ path: 'bin/bad', content: orphan, readFile: async () => undefined }), 'bin/bad');
});

// --- module info -> packages (trivy's parser semantics) ---------------------------------------------

test('module info: replacements, (devel) versions, quoted build settings, ldflags versions', () => {
  const info = parseModInfo(
    [
      'path\tgithub.com/org/app/cmd/app',
      'mod\tgithub.com/org/app\t(devel)\t',
      'dep\tgithub.com/davecgh/go-spew\tv1.1.1\th1:x=',
      'dep\tgithub.com/go-sql-driver/mysql\tv1.4.0\th1:y=',
      '=>\tgithub.com/go-sql-driver/mysql\tv1.5.0\th1:z=',
      'dep\texample.org/local\tv0.0.0',
      '=>\t../local\t(devel)\t',
      'build\t-ldflags="-s -w -X \'github.com/org/app/pkg/version.Version=v1.2.3\'"',
      'build\t"weird key"=value',
    ].join('\n'),
  );
  assert.deepEqual(info.settings, [
    { key: '-ldflags', value: "-s -w -X 'github.com/org/app/pkg/version.Version=v1.2.3'" },
    { key: 'weird key', value: 'value' },
  ]);
  const packages = packagesOf({ goVersion: 'go1.16.4', ...info });
  assert.deepEqual(
    packages.map((p) => [p.id, p.version, p.relationship ?? 'unknown']),
    [
      ['stdlib@v1.16.4', 'v1.16.4', 'direct'],
      ['github.com/davecgh/go-spew@v1.1.1', 'v1.1.1', 'unknown'],
      ['github.com/go-sql-driver/mysql@v1.5.0', 'v1.5.0', 'unknown'],
      ['../local', '', 'unknown'],
      ['github.com/org/app@v1.2.3', 'v1.2.3', 'root'],
    ],
  );
  // A module version from `go install mod@version` wins over -ldflags.
  const installed = packagesOf({ goVersion: 'go1.20.6', main: { path: 'go.etcd.io/bbolt', version: 'v1.3.5' }, deps: [], settings: [{ key: '-ldflags', value: '-X main.version=9.9.9' }] });
  assert.deepEqual(ids(installed), ['go.etcd.io/bbolt@v1.3.5', 'stdlib@v1.20.6']);
  // No `mod` line (the Go toolchain's own commands, GOPATH builds): no root.
  assert.deepEqual(ids(packagesOf({ goVersion: 'go1.22.1', path: 'cmd/go', deps: [], settings: [] })), ['stdlib@v1.22.1']);
});

test('versions from -ldflags, as trivy picks them (its TestParser_ParseLDFlags cases)', () => {
  const v = (name: string, flags: string) => versionFromLdflags(name, flags);
  const trivy = 'github.com/aquasecurity/trivy';
  assert.equal(v(trivy, "-s -w -X=foo=bar -X='github.com/aquasecurity/trivy/pkg/version/app.ver=v0.50.1'"), 'v0.50.1');
  assert.equal(v(trivy, "-s -w -X=foo=bar -X='github.com/aquasecurity/trivy/pkg/version.Version=v0.50.1'"), 'v0.50.1');
  assert.equal(v(trivy, "-X='github.com/aquasecurity/trivy/pkg/version.Ver=v0.50.1'"), 'v0.50.1');
  assert.equal(v(trivy, '-s -w -X=foo=bar -X="github.com/aquasecurity/trivy/pkg/version.Ver=0.50.1"'), '0.50.1');
  assert.equal(v(trivy, "-X='github.com/aquasecurity/trivy/pkg/version.Ver=0.50.1'"), '0.50.1');
  assert.equal(v(trivy, "-X='github.com/aquasecurity/trivy/cmd/Any.Ver=0.50.0' -X='github.com/aquasecurity/trivy/pkg/version.Ver=0.50.1'"), '0.50.0');
  assert.equal(v(trivy, "-X='github.com/aquasecurity/trivy/cmd/Any.Ver=0.50.0'"), '0.50.0');
  assert.equal(v(trivy, "-X='github.com/aquasecurity/trivy/cmd/Any.Ver=0.50.0' -X='github.com/aquasecurity/trivy/pkg/Any.Ver=0.50.1'"), '0.50.0');
  assert.equal(v(trivy, "-X='github.com/aquasecurity/trivy/pkg/Common.Ver=0.50.1'"), '0.50.1');
  assert.equal(v(trivy, "-X='github.com/aquasecurity/trivy/pkg/Any.Ver=0.50.0' -X='github.com/aquasecurity/trivy/pkg/Common.Ver=0.50.1'"), '0.50.1');
  assert.equal(v(trivy, "-X='github.com/aquasecurity/trivy/pkg/Any.Ver=0.50.1'"), '0.50.1');
  assert.equal(v(trivy, "-X='github.com/aquasecurity/trivy/pkg/Common.Ver=0.50.0' -X='github.com/aquasecurity/trivy/pkg/Main.Ver=0.50.1'"), '');
  assert.equal(v(trivy, "-X='github.com/aquasecurity/trivy/pkg/Any.Ver=0.50.1' -X='github.com/aquasecurity/trivy/pkg/Any-pref.Ver=0.50.0'"), '');
  assert.equal(v('github.com/argoproj/argo-cd/v2', "-s -w -X='github.com/argoproj/argo-cd/v2/common.kubectlVersion=v0.26.11'"), '');
  assert.equal(v('github.com/aquasecurity/test', ''), '');
  // docker's spelling: the whole pair in double quotes after -X
  assert.equal(v('github.com/docker/cli', ' -X "github.com/docker/cli/cli/version.GitCommit=e6534b4" -X "github.com/docker/cli/cli/version.Version=28.2.2" -extldflags -static'), '28.2.2');
});

test('golang.org/x/mod/semver validity, with an optional v', () => {
  for (const ok of ['v1', 'v1.2', 'v1.2.3', '1.2.3', 'v1.2.3-rc.1', 'v1.2.3+meta', 'v0.0.0-20210101000000-abcdef123456']) assert.equal(isValidSemver(ok), true, ok);
  for (const bad of ['', 'v', 'v01.2.3', 'v1.2-pre', 'v1.2.3-01', 'latest', '1.2.3.4']) assert.equal(isValidSemver(bad), false, bad);
});
