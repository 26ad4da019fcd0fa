import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pythonPackageAnalyzer } from '../../../../src/analyzer/lang/python/dist-info.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixtures = resolve(repoRoot, '../shared/fixtures');
const trivyUnit = resolve(fixtures, 'trivy-unit/dependency/parser/python/packaging/testdata');
const trivyAnalyzer = resolve(fixtures, 'trivy-unit/fanal/analyzer/language/python/packaging/testdata');
const trivyPip = resolve(fixtures, 'trivy-unit/fanal/analyzer/language/python/pip/testdata/libs');
const scalibr = resolve(fixtures, 'lockfiles/osv-scalibr-extractor/filesystem/language/python/wheelegg/testdata');

/** The single package of a metadata file, presented at `relPath`. */
async function packageOf(absPath: string, relPath = 'site-packages/x-1.0.dist-info/METADATA'): Promise<Package> {
  const result = await analyzeFixture(pythonPackageAnalyzer, absPath, relPath);
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['python-pkg', 'PyPI', 'pypi', relPath]);
  assert.equal(app.packages.length, 1);
  return app.packages[0];
}

const summary = (p: Package): string => `${p.id} ${JSON.stringify(p.licenses ?? [])}`;

test('wants the metadata files of installed distributions', () => {
  const wants = (path: string) => pythonPackageAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA'), true);
  assert.equal(wants('lib/site-packages/setuptools-51.3.3.egg-info/PKG-INFO'), true);
  assert.equal(wants('lib/site-packages/distlib-0.3.1-py3.9.egg-info'), true);
  assert.equal(wants('lib/site-packages/foo.egg/EGG-INFO/PKG-INFO'), true);
  assert.equal(wants('lib/site-packages/requests-2.31.0.dist-info/RECORD'), false);
  assert.equal(wants('METADATA'), false);
});

// --- trivy (expectations from trivy's packaging parse_test.go) -----------------------------------

test('trivy parser fixtures: name, version and licenses', async () => {
  const cases: Array<[string, string]> = [
    ['setuptools-51.3.3-py3.8.egg-info.PKG-INFO', 'setuptools@51.3.3 ["UNKNOWN"]'],
    // The description holds bytes outside RFC 7230: the headers before it are still read.
    ['unidecode-egg-info.PKG-INFO', 'Unidecode@0.4.1 ["UNKNOWN"]'],
    ['distlib-0.3.1-py3.9.egg-info', 'distlib@0.3.1 ["Python license"]'],
    ['simple-0.1.0.METADATA', 'simple@0.1.0 []'],
    ['distlib-0.3.1.METADATA', 'distlib@0.3.1 ["Python Software Foundation License"]'],
    // `Classifier: License :: OSI Approved` alone names no license: the License field is used.
    ['asyncssh-2.14.2.METADATA', 'asyncssh@2.14.2 ["Eclipse Public License v2.0"]'],
    [
      'pyphen-0.14.0.METADATA',
      'pyphen@0.14.0 ["GNU General Public License v2 or later (GPLv2+)","GNU Lesser General Public License v2 or later (LGPLv2+)","Mozilla Public License 1.1 (MPL 1.1)"]',
    ],
    ['iniconfig-2.0.0.METADATA', 'iniconfig@2.0.0 ["MIT"]'],
    ['zipp-3.12.1.METADATA', 'zipp@3.12.1 ["MIT License"]'],
    ['networkx-3.0.METADATA', 'networkx@3.0 ["file://LICENSE.txt"]'],
  ];
  for (const [file, expected] of cases) assert.equal(summary(await packageOf(resolve(trivyUnit, file))), expected, file);
});

test('trivy invalid.json: not metadata, a ParseError naming the file', async () => {
  await rejectsWithParseError(analyzeFixture(pythonPackageAnalyzer, resolve(trivyUnit, 'invalid.json'), 'x.dist-info/METADATA'), 'x.dist-info/METADATA');
});

test('trivy analyzer fixtures: dist-info and egg-info directories', async () => {
  const cases: Array<[string, string]> = [
    // A blank line ends the headers: the License classifier after it belongs to the body.
    ['happy-dist/distlib-0.3.1.dist-info/METADATA', 'distlib@0.3.1 ["Python license"]'],
    ['happy-egg/distlib-0.3.1.egg-info/PKG-INFO', 'distlib@0.3.1 ["Python license"]'],
    ['classifier-license-dist/setuptools-51.3.3.dist-info/METADATA', 'setuptools@51.3.3 ["MIT License"]'],
    ['classifier-license-egg/setuptools-51.3.3.egg-info/PKG-INFO', 'setuptools@51.3.3 ["MIT License"]'],
    // trivy then classifies the license file's text; picket reports where the license is.
    ['license-file-dist/typing_extensions-4.4.0.dist-info/METADATA', 'typing_extensions@4.4.0 ["file://licenses/LICENSE.txt"]'],
  ];
  for (const [file, expected] of cases) assert.equal(summary(await packageOf(resolve(trivyAnalyzer, file), file)), expected, file);
});

test('trivy pip analyzer site-packages: installed METADATA files', async () => {
  const file = 'python-dir/lib/python3.10/site-packages/Flask-2.0.0.dist-info/METADATA';
  assert.equal((await packageOf(resolve(trivyPip, file), file)).id, 'Flask@2.0.0');
});

// --- osv-scalibr fixtures -------------------------------------------------------------------------

test('osv-scalibr wheelegg fixtures', async () => {
  const cases: Array<[string, string]> = [
    ['distinfo_meta', 'pip@22.2.2 ["MIT License"]'],
    ['egginfo', 'pycups@2.0.1 ["GNU General Public License (GPL)"]'],
    ['egginfo_pkginfo', 'setuptools@57.4.0 ["MIT License"]'],
    ['pkginfo', 'httplib2@0.20.4 ["MIT License"]'],
    ['pyopenssl-26.0.0.dist-info', 'pyOpenSSL@26.0.0 ["Apache Software License"]'],
    // A header line without a colon (a broken continuation) is skipped; the fields around it are read.
    ['malformed_pkginfo', 'passlib@1.7.4 ["BSD License"]'],
    // Field names are case-insensitive; a repeated field keeps its first value.
    ['mixed_case', 'httplib2@1.0 []'],
    ['repeated_pkginfo', 'root@1.0.0 []'],
    ['special_chars', 'backports.ssl_match_hostname@3.5.0.1 []'],
  ];
  for (const [file, expected] of cases) assert.equal(summary(await packageOf(resolve(scalibr, file))), expected, file);
  await rejectsWithParseError(analyzeFixture(pythonPackageAnalyzer, resolve(scalibr, 'empty'), 'x.egg-info'), 'x.egg-info');
});

test('location: the header block; continuation lines; a free-text License split into licenses', async () => {
  const result = await pythonPackageAnalyzer.analyze({
    path: 'x-1.0.dist-info/METADATA',
    content: Buffer.from('Metadata-Version: 2.1\nName: x\nVersion: 1.0\nLicense: MIT, Apache License,\n  Version 2.0\n\nName: not-a-header\n'),
    readFile: async () => undefined,
  });
  const [pkg] = result.applications![0].packages;
  assert.deepEqual(pkg.locations, [{ startLine: 1, endLine: 5 }]);
  assert.deepEqual(pkg.licenses, ['MIT', 'Apache License, Version 2.0']);
});
