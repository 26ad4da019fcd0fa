import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conanLockAnalyzer, parseReference } from '../../../../src/analyzer/lang/cpp/conan-lock.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { sharedPath } from '../../../support/paths.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';

const trivyUnit = (f: string) => sharedPath(`fixtures/trivy-unit/dependency/parser/c/conan/testdata/${f}`);
const osvDirs = ['lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/conan', 'lockfiles/osv-scalibr-extractor/filesystem/language/cpp/conanlock/testdata'];

async function packagesOf(absPath: string): Promise<Package[]> {
  const result = await analyzeFixture(conanLockAnalyzer, absPath, 'conan.lock');
  const [app] = result.applications!;
  assert.deepEqual([app.type, app.ecosystem, app.purlType], ['conan', 'ConanCenter', 'conan']);
  return app.packages;
}

/** `id relationship[:dev] lines -> dependsOn` */
const summary = (packages: Package[]) =>
  packages.map(
    (p) =>
      `${p.id} ${p.relationship ?? '-'}${p.dev ? ':dev' : ''} ${p.locations!.map((l) => `${l.startLine}-${l.endLine}`).join(',')}${p.dependsOn ? ` -> ${p.dependsOn.join(' ')}` : ''}`,
  );
const ids = (packages: Package[]) => packages.map((p) => p.id).sort();

test('wants conan.lock (the default lockfile name) anywhere', () => {
  const wants = (path: string) => conanLockAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('conan.lock'), true);
  assert.equal(wants('build/conan.lock'), true);
  assert.equal(wants('release.lock'), false);
  assert.equal(wants('conanfile.txt'), false);
});

test('trivy integration repo/conan: the graph, direct/indirect and node line ranges as in conan.json.golden', async () => {
  assert.deepEqual(summary(await packagesOf(sharedPath('fixtures/trivy-integration/fixtures/repo/conan/conan.lock'))), [
    'poco/1.9.4 direct 12-25 -> pcre/8.43 zlib/1.2.12 expat/2.4.8 sqlite3/3.39.2 openssl/1.1.1q',
    'pcre/8.43 indirect 26-36 -> bzip2/1.0.8 zlib/1.2.12',
    'bzip2/1.0.8 indirect 37-43',
    'zlib/1.2.12 indirect 44-50',
    'expat/2.4.8 indirect 51-57',
    'sqlite3/3.39.2 indirect 58-64',
    'openssl/1.1.1q indirect 65-71',
  ]);
});

test('trivy unit fixtures (expectations from trivy parse_test.go)', async () => {
  assert.deepEqual(summary(await packagesOf(trivyUnit('happy_v1_case1.lock'))), [
    'pkga/0.0.1 direct 13-22 -> pkgb/system',
    'pkgb/system indirect 23-29',
    'pkgc/0.1.1 direct 30-35', // `@user/testing` dropped; required by the root although it has a path
  ]);
  assert.deepEqual(summary(await packagesOf(trivyUnit('happy_v1_case2.lock'))), [
    'openssl/3.0.3 direct 12-22 -> zlib/1.2.12', // recipe revisions dropped
    'zlib/1.2.12 indirect 23-30',
  ]);
  // Conan 2: `requires` as trivy; the build requirements trivy leaves out are dev packages here
  assert.deepEqual(summary(await packagesOf(trivyUnit('happy_v2.lock'))), [
    'sound32/1.0 - 4-4',
    'matrix/1.3 - 5-5',
    'automake/1.16.5 -:dev 8-8',
    'autoconf/2.71 -:dev 9-9',
  ]);
  assert.deepEqual(await packagesOf(trivyUnit('empty_v1.lock')), []);
  assert.deepEqual(await packagesOf(trivyUnit('sad_v1.lock')), []); // `wrong/ref/format` is skipped
});

for (const dir of osvDirs) {
  const fixture = (f: string) => sharedPath(`fixtures/${dir}/${f}`);
  test(`${dir.split('/')[1]} conan fixtures (package sets from osv-scanner's parse-conan-lock tests)`, async () => {
    for (const f of ['empty.v1.json', 'empty.v1.revisions.json', 'empty.v2.json']) assert.deepEqual(await packagesOf(fixture(f)), [], f);
    for (const f of ['one-package.v1.json', 'one-package.v1.revisions.json', 'one-package.v2.json', 'no-name.v1.json', 'no-name.v1.revisions.json', 'no-name.v2.json']) {
      assert.deepEqual(ids(await packagesOf(fixture(f))), ['zlib/1.2.11'], f); // the consumer (test/1.0, with a path) and `1.2.3` are not packages
    }
    for (const f of ['two-packages.v1.json', 'two-packages.v1.revisions.json', 'two-packages.v2.json']) {
      assert.deepEqual(ids(await packagesOf(fixture(f))), ['bzip2/1.0.8', 'zlib/1.2.11'], f);
    }
    for (const f of ['nested-dependencies.v1.json', 'nested-dependencies.v1.revisions.json', 'nested-dependencies.v2.json']) {
      assert.deepEqual(ids(await packagesOf(fixture(f))), ['brotli/1.0.9', 'bzip2/1.0.8', 'freetype/2.12.1', 'libpng/1.6.39', 'zlib/1.2.13'], f);
    }
    assert.deepEqual(summary(await packagesOf(fixture('nested-dependencies.v1.json'))).slice(0, 2), [
      'freetype/2.12.1 direct 13-25 -> libpng/1.6.39 zlib/1.2.13 bzip2/1.0.8 brotli/1.0.9',
      'libpng/1.6.39 indirect 26-35 -> zlib/1.2.13',
    ]);
    // build requirements of the root: direct and dev
    assert.deepEqual(summary(await packagesOf(fixture('one-package-dev.v1.json'))), ['ninja/1.11.1 direct:dev 13-19']);
    assert.deepEqual(summary(await packagesOf(fixture('one-package-dev.v1.revisions.json'))), ['ninja/1.11.1 direct:dev 13-19']);
    assert.deepEqual(summary(await packagesOf(fixture('one-package-dev.v2.json'))), ['ninja/1.11.1 -:dev 5-5']);
    // lockfile versions 0.0-0.3: `pref` references, `requires` as a map, a UUID-keyed root
    for (const f of ['old-format-0.0.json', 'old-format-0.1.json', 'old-format-0.2.json', 'old-format-0.3.json']) {
      const packages = await packagesOf(fixture(f));
      assert.deepEqual(packages.map((p) => `${p.id} ${p.relationship}`), ['zlib/1.2.11 direct'], f);
    }
    await rejectsWithParseError(analyzeFixture(conanLockAnalyzer, fixture('not-json.txt'), 'conan.lock'), 'conan.lock', 1);
  });
}

test('a JSON null is not a lockfile (osv-scalibr null.v2.jsontest)', async () => {
  const fixture = sharedPath('fixtures/lockfiles/osv-scalibr-extractor/filesystem/language/cpp/conanlock/testdata/null.v2.jsontest');
  await rejectsWithParseError(analyzeFixture(conanLockAnalyzer, fixture, 'conan.lock'), 'conan.lock', 1);
});

test('parseReference: name and version of a full reference', () => {
  assert.deepEqual(parseReference('zlib/1.2.11'), ['zlib', '1.2.11']);
  assert.deepEqual(parseReference('pkgc/0.1.1@user/testing'), ['pkgc', '0.1.1']);
  assert.deepEqual(parseReference('zlib/1.2.11@user/channel#5f49:19729b#58846'), ['zlib', '1.2.11']);
  assert.deepEqual(parseReference('matrix/1.3#905c3f0babc520684c84127378fefdd0%1675278900.0103245'), ['matrix', '1.3']);
  assert.equal(parseReference('1.2.3'), undefined);
  assert.equal(parseReference('wrong/ref/format'), undefined);
});

test('a package required in host and build context is one package, prod when any copy is', async () => {
  const lock = {
    graph_lock: {
      nodes: {
        '0': { requires: ['1'], build_requires: ['2'], path: 'conanfile.txt', context: 'host' },
        '1': { ref: 'zlib/1.3', context: 'host' },
        '2': { ref: 'cmake/3.27.0', requires: ['3'], context: 'build' },
        '3': { ref: 'zlib/1.3', context: 'build' },
      },
    },
    version: '0.4',
  };
  const result = await conanLockAnalyzer.analyze({ path: 'conan.lock', content: Buffer.from(JSON.stringify(lock, null, 1)), readFile: async () => undefined });
  assert.deepEqual(summary(result.applications![0].packages), ['zlib/1.3 direct 14-17,25-28', 'cmake/3.27.0 direct:dev 18-24 -> zlib/1.3']);
});
