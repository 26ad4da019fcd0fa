import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dpkgStatusAnalyzer } from '../../../src/analyzer/pkg/dpkg-status.js';
import { apkInstalledAnalyzer } from '../../../src/analyzer/pkg/apk-installed.js';
import { dpkgFilesAnalyzer } from '../../../src/analyzer/pkg/dpkg-files.js';
import type { Analyzer } from '../../../src/analyzer/types.js';
import { sharedPath } from '../../support/paths.js';

const analyze = (analyzer: Analyzer, path: string, text: string) => analyzer.analyze({ path, content: Buffer.from(text), readFile: async () => undefined });

/** The `-- name --` sections of a txtar archive (trivy's test data format). */
function txtar(text: string): Map<string, string> {
  const files = new Map<string, string>();
  const parts = text.split(/^-- (.+) --$/m);
  for (let i = 1; i < parts.length; i += 2) files.set(parts[i], parts[i + 1].replace(/^\n/, ''));
  return files;
}

test('dpkg status (trivy testdata): installed packages only, with source package and version', async () => {
  const status = txtar(readFileSync(sharedPath('fixtures/trivy-unit/fanal/analyzer/pkg/dpkg/testdata/valid.txtar'), 'utf8')).get('var/lib/dpkg/status')!;
  const [set] = (await analyze(dpkgStatusAnalyzer, 'var/lib/dpkg/status', status)).osPackages!;
  const stanzas = status.split(/\n\s*\n/).filter((s) => s.trim());
  const installed = stanzas.filter((s) => /^Status: install ok installed$/m.test(s));
  assert.equal(set.packages.length, installed.length);
  assert.ok(installed.length < stanzas.length, 'the fixture has a package that is not installed');
  const fdisk = set.packages.find((p) => p.name === 'fdisk')!;
  assert.deepEqual({ version: fdisk.version, srcName: fdisk.srcName, srcVersion: fdisk.srcVersion, arch: fdisk.arch, locations: fdisk.locations }, {
    version: '2.31.1-0.4ubuntu3.1', srcName: 'util-linux', srcVersion: '2.31.1-0.4ubuntu3.1', arch: 'amd64', locations: [{ startLine: 1, endLine: 26 }],
  });
  // `Source: name (version)` when the source version differs from the binary's.
  const [withSourceVersion] = (await analyze(dpkgStatusAnalyzer, 'var/lib/dpkg/status', 'Package: libfoo1\nStatus: install ok installed\nSource: foo (1.2-3)\nVersion: 1.2-3+b1\n')).osPackages![0].packages;
  assert.deepEqual([withSourceVersion.srcName, withSourceVersion.srcVersion, withSourceVersion.version], ['foo', '1.2-3', '1.2-3+b1']);
  // distroless status.d files have no Status field.
  const distroless = (await analyze(dpkgStatusAnalyzer, 'var/lib/dpkg/status.d/base', 'Package: base-files\nVersion: 12.4\nArchitecture: amd64\n')).osPackages![0].packages;
  assert.equal(distroless[0].id, 'base-files@12.4');
  assert.equal(dpkgStatusAnalyzer.wants({ path: 'var/lib/dpkg/status.d/base.md5sums', size: 1 }), false);
});

test('apk installed DB (trivy testdata): packages with origin and licence; entries without a version skipped; owned files', async () => {
  const text = readFileSync(sharedPath('fixtures/trivy-unit/fanal/analyzer/pkg/apk/testdata/apk'), 'utf8');
  const result = await analyze(apkInstalledAnalyzer, 'lib/apk/db/installed', text);
  const packages = result.osPackages![0].packages;
  const blocksWithVersion = text.split(/\n\s*\n/).filter((b) => /^P:/m.test(b) && /^V:/m.test(b)).length;
  assert.equal(packages.length, blocksWithVersion);
  const musl = packages.find((p) => p.name === 'musl')!;
  assert.deepEqual([musl.version, musl.srcName, musl.arch, musl.licenses], ['1.1.14-r10', 'musl', 'x86_64', ['MIT']]);
  assert.ok(result.ownedFiles!.includes('lib/libc.musl-x86_64.so.1'));
  assert.ok(!packages.some((p) => p.name === 'invalidPackageWithoutAVersion'));
});

test('dpkg file lists become owned files', async () => {
  const result = await analyze(dpkgFilesAnalyzer, 'var/lib/dpkg/info/python3-foo.list', '/.\n/usr\n/usr/lib/python3/dist-packages/foo-1.0.dist-info/METADATA\n');
  assert.deepEqual(result.ownedFiles, ['usr', 'usr/lib/python3/dist-packages/foo-1.0.dist-info/METADATA']);
});
