/**
 * picket against trivy's expected outputs for Elixir (mix.lock), Dart (pubspec.lock), Swift
 * (Package.resolved), CocoaPods (Podfile.lock) and Conan (conan.lock), with trivy's fixture
 * advisories converted to OSV; and installed Node.js packages (node_modules), which have no
 * golden.
 *
 * Each ecosystem gets its own DB: swift.yaml and cocoapods.yaml both hold CVE-2022-3215, and in
 * one DB the record of one ecosystem would replace the other's (one OSV record per id).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildTrivyFixtureDb } from '../support/fixture-db.js';
import { assertMatchesGolden, readGolden, scanFixtureRepo, vulnKey, type JsonReport } from '../support/golden.js';
import { runPicket } from '../support/cli.js';
import { tempDir } from '../support/temp.js';

async function scanWithDb(repo: string, dbFile: string): Promise<JsonReport> {
  const cacheDir = tempDir();
  await buildTrivyFixtureDb(cacheDir, [dbFile]);
  return scanFixtureRepo(repo, cacheDir);
}

/**
 * The golden with the FixedVersion picket derives for one advisory. trivy prints the advisory's
 * PatchedVersions as FixedVersion even when they disagree with its VulnerableVersions; OSV keeps
 * one notion, the `fixed` event ending the vulnerable range, and the fixture DB converter turns
 * VulnerableVersions into the range (`<= v` becomes `last_affected: v`, no fixed version).
 */
function withFixedVersion(golden: JsonReport, vulnerabilityId: string, fixed: string | undefined): JsonReport {
  const copy = structuredClone(golden);
  for (const result of copy.Results ?? []) {
    for (const v of result.Vulnerabilities ?? []) {
      if (v.VulnerabilityID !== vulnerabilityId) continue;
      if (fixed === undefined) delete v.FixedVersion;
      else v.FixedVersion = fixed;
    }
  }
  return copy;
}

const packageLines = (report: JsonReport): string[] =>
  report.Results!.flatMap((r) => r.Packages!.map((p) => `${p.ID} ${p.Relationship ?? '-'} ${JSON.stringify(p.Locations ?? [])}`)).sort();

test('mix.lock matches mix.lock.json.golden (phoenix: no fixed version, see withFixedVersion)', async () => {
  // erlang.yaml: phoenix VulnerableVersions `<= 1.6.14`, PatchedVersions 1.6.14. 1.6.13 is
  // affected either way; the range has no `fixed` end, so picket reports no FixedVersion.
  const report = await scanWithDb('mixlock', 'erlang.yaml');
  assertMatchesGolden(report, withFixedVersion(readGolden('mix.lock.json.golden'), 'CVE-2022-42975', undefined));
  assert.equal(report.Results![0].Vulnerabilities![0].Status, 'affected');
});

test('pubspec.lock matches pubspec.lock.json.golden (http: no fixed version); picket adds line ranges', async () => {
  // pub.yaml: http VulnerableVersions `<= 0.13.3`, PatchedVersions 0.13.3: as for phoenix.
  const report = await scanWithDb('pubspec', 'pub.yaml');
  assertMatchesGolden(report, withFixedVersion(readGolden('pubspec.lock.json.golden'), 'CVE-2020-35669', undefined), { locations: false });
  assert.deepEqual(packageLines(report), [
    'http@0.13.2 direct [{"StartLine":4,"EndLine":10}]',
    'shelf@1.3.1 indirect [{"StartLine":11,"EndLine":17}]',
  ]);
});

test('Package.resolved (v1) matches swift.json.golden', async () => {
  const report = await scanWithDb('swift', 'swift.yaml');
  assertMatchesGolden(report, readGolden('swift.json.golden'));
  const [nio] = report.Results![0].Vulnerabilities! as Array<{ PkgIdentifier?: { PURL: string } }>;
  assert.equal(nio.PkgIdentifier?.PURL, 'pkg:swift/github.com/apple/swift-nio@2.41.0');
});

test('Podfile.lock matches cocoapods.json.golden; picket adds the line and the direct relationship', async () => {
  const report = await scanWithDb('cocoapods', 'cocoapods.yaml');
  assertMatchesGolden(report, readGolden('cocoapods.json.golden'), { locations: false });
  assert.deepEqual(packageLines(report), ['_NIODataStructures@2.41.0 direct [{"StartLine":2,"EndLine":2}]']);
});

test('conan.lock (Conan 1) matches conan.json.golden (pcre: fixed in 8.44, see withFixedVersion)', async () => {
  // conan.yaml: pcre VulnerableVersions `<8.44`, PatchedVersions 8.45: the range ends at 8.44.
  const report = await scanWithDb('conan', 'conan.yaml');
  assertMatchesGolden(report, withFixedVersion(readGolden('conan.json.golden'), 'CVE-2020-14155', '8.44'));
  const poco = report.Results![0].Packages!.find((p) => p.ID === 'poco/1.9.4');
  assert.deepEqual(poco?.DependsOn, ['pcre/8.43', 'zlib/1.2.12', 'expat/2.4.8', 'sqlite3/3.39.2', 'openssl/1.1.1q']);
});

// --- installed Node.js packages: no trivy golden ---------------------------------------------

/**
 * A small deployed application, written at test time (a `node_modules/` fixture would be
 * git-ignored). Expected from the files and nodejs.yaml (ranges) + vulnerability.yaml (ghsa
 * severities): jquery 3.3.9 < 3.4.0 (CVE-2019-11358, MEDIUM) but not < 3.0.0 (CVE-2015-9251);
 * the nested lodash 4.17.4 < 4.17.12 (CVE-2019-10744, CRITICAL); the top-level lodash 4.17.21
 * is fixed. Not packages: the project's own package.json, a package.json deeper inside a
 * package (a test fixture), one without a version, and `.bin`.
 */
function writeNodeApp(root: string): void {
  const files: Record<string, unknown> = {
    'package.json': { name: 'app', version: '1.0.0', dependencies: { jquery: '^3.3.0' } },
    'node_modules/jquery/package.json': { name: 'jquery', version: '3.3.9', license: 'MIT' },
    'node_modules/lodash/package.json': { name: 'lodash', version: '4.17.21', license: 'MIT' },
    'node_modules/lodash/test/fixtures/package.json': { name: 'fixture', version: '0.0.1' },
    'node_modules/no-version/package.json': { name: 'no-version' },
    'node_modules/.bin/package.json': { name: 'bin', version: '1.0.0' },
    'node_modules/@example/util/package.json': { name: '@example/util', version: '1.0.0', licenses: [{ type: 'Apache-2.0' }] },
    'node_modules/@example/util/node_modules/lodash/package.json': { name: 'lodash', version: '4.17.4' },
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), `${JSON.stringify(content, null, 2)}\n`);
  }
}

test('installed Node.js packages (node-pkg, rootfs): one "Node.js" result, each package with its package.json, advisories from nodejs.yaml', async () => {
  const cacheDir = tempDir();
  await buildTrivyFixtureDb(cacheDir, ['nodejs.yaml']);
  const app = tempDir();
  writeNodeApp(app);
  const scan = async (command: string) => {
    const r = await runPicket([command, app, '--format', 'json', '--list-all-pkgs', '--cache-dir', cacheDir, '--skip-db-update']);
    assert.equal(r.code, 0, r.stderr);
    return JSON.parse(r.stdout) as JsonReport;
  };
  // fs reads project sources (lockfiles), not installed packages, as trivy fs does
  assert.deepEqual(((await scan('fs')).Results ?? []).filter((r) => r.Type === 'node-pkg'), []);
  const report = await scan('rootfs');
  assert.deepEqual(report.Results!.map((x) => `${x.Target} ${x.Type}`), ['Node.js node-pkg']);
  assert.deepEqual(
    report.Results![0].Packages!.map((p) => `${p.ID} ${(p as { FilePath?: string }).FilePath}`),
    [
      '@example/util@1.0.0 node_modules/@example/util/package.json',
      'jquery@3.3.9 node_modules/jquery/package.json',
      'lodash@4.17.21 node_modules/lodash/package.json',
      'lodash@4.17.4 node_modules/@example/util/node_modules/lodash/package.json',
    ],
  );
  assert.deepEqual(report.Results!.flatMap((x) => (x.Vulnerabilities ?? []).map(vulnKey)).sort(), [
    'CVE-2019-10744 | lodash | 4.17.4 | 4.17.12 | CRITICAL',
    'CVE-2019-11358 | jquery | 3.3.9 | 3.4.0 | MEDIUM',
  ]);
  const util = report.Results![0].Packages!.find((p) => p.ID === '@example/util@1.0.0') as { Licenses?: string[]; Identifier?: { PURL: string } };
  assert.deepEqual(util.Licenses, ['Apache-2.0']);
  assert.equal(util.Identifier?.PURL, 'pkg:npm/%40example/util@1.0.0');
});
