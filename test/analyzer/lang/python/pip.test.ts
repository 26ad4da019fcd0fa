import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipRequirementsAnalyzer } from '../../../../src/analyzer/lang/python/pip.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture } from '../../../support/analyze-file.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixtures = resolve(repoRoot, '../shared/fixtures');
const trivyUnit = resolve(fixtures, 'trivy-unit/dependency/parser/python/pip/testdata');
const trivyAnalyzer = resolve(fixtures, 'trivy-unit/fanal/analyzer/language/python/pip/testdata');
const osvScanner = resolve(fixtures, 'lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/pip');
const osvDetector = resolve(fixtures, 'lockfiles/osv-detector-pkg/lockfile/testdata/pip');
const scalibr = resolve(fixtures, 'lockfiles/osv-scalibr-extractor/filesystem/language/python/requirements/testdata');

/** The fixture presented as `requirements.txt` in its own directory (includes resolve from there). */
async function packagesOf(absPath: string): Promise<Package[]> {
  const result = await analyzeFixture(pipRequirementsAnalyzer, absPath, 'requirements.txt');
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.deepEqual([app.type, app.ecosystem, app.purlType, app.filePath], ['pip', 'PyPI', 'pypi', 'requirements.txt']);
  return app.packages;
}

async function packagesOfText(text: string | Buffer, files: Record<string, string> = {}): Promise<Package[]> {
  const result = await pipRequirementsAnalyzer.analyze({
    path: 'app/requirements.txt',
    content: Buffer.isBuffer(text) ? text : Buffer.from(text),
    readFile: async (rel) => (rel in files ? Buffer.from(files[rel]) : undefined),
  });
  return result.applications![0].packages;
}

/** `name@version` with its line range (`-` for pins from included files). */
const pins = (packages: Package[]): string[] =>
  packages.map((p) => `${p.id} ${p.locations?.map((l) => `${l.startLine}-${l.endLine}`).join(',') ?? '-'}`);

test('wants requirements*.txt files', () => {
  const wants = (path: string) => pipRequirementsAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('requirements.txt'), true);
  assert.equal(wants('app/requirements-dev.txt'), true);
  assert.equal(wants('requirements_test.txt'), true);
  assert.equal(wants('requirements.in'), false);
  assert.equal(wants('dev-requirements.txt'), false);
  assert.equal(wants('requirements.txt/x'), false);
});

// --- trivy (expectations from trivy's pip parse_testcase.go and pip_test.go) ------------------

test('trivy requirements_flask, _hyphens, _spaces, _comments, _no_version: pins with their line', async () => {
  assert.deepEqual(pins(await packagesOf(resolve(trivyUnit, 'requirements_flask.txt'))), [
    'click@8.0.0 1-1', 'Flask@2.0.0 2-2', 'itsdangerous@2.0.0 3-3', 'Jinja2@3.0.0 4-4', 'MarkupSafe@2.0.0 5-5', 'Werkzeug@2.0.0 6-6',
  ]);
  assert.deepEqual(pins(await packagesOf(resolve(trivyUnit, 'requirements_hyphens.txt'))), ['oauth2-client@4.0.0 1-1', 'python-gitlab@2.0.0 2-2']);
  assert.deepEqual(pins(await packagesOf(resolve(trivyUnit, 'requirements_spaces.txt'))), [
    'click@8.0.0 1-1', 'Flask@2.0.0 2-2', 'itsdangerous@2.0.0 3-3', 'Jinja2@3.0.0 5-5',
  ]);
  // `Jinja2==3.0.0#comment`: trivy strips the comment even without a space before `#`.
  assert.deepEqual(pins(await packagesOf(resolve(trivyUnit, 'requirements_comments.txt'))), [
    'click@8.0.0 4-4', 'Flask@2.0.0 5-5', 'Jinja2@3.0.0 6-6', 'MarkupSafe@2.0.0 7-7',
  ]);
  assert.deepEqual(pins(await packagesOf(resolve(trivyUnit, 'requirements_no_version.txt'))), ['Flask@2.0.0 1-1']);
});

test('trivy requirements_operator, _hash, exstras: markers, hashes and extras dropped; ranges skipped', async () => {
  assert.deepEqual(pins(await packagesOf(resolve(trivyUnit, 'requirements_operator.txt'))), ['Django@2.3.4 4-4', 'SomeProject@5.4 5-5']);
  // A pin continued onto `--hash` lines stays on its own line, as trivy reports it.
  assert.deepEqual(pins(await packagesOf(resolve(trivyUnit, 'requirements_hash.txt'))), ['FooProject@1.2 1-1', 'Jinja2@3.0.0 4-4']);
  assert.deepEqual(pins(await packagesOf(resolve(trivyUnit, 'requirement_exstras.txt'))), ['pyjwt@2.1.0 1-1', 'celery@4.4.7 2-2']);
});

test('trivy requirements_compatible and _with_templating_engine: nothing pinned, nothing reported', async () => {
  // trivy reports `>=`/`~=`/wildcard minimums only with --detection-priority comprehensive.
  assert.deepEqual(await packagesOf(resolve(trivyUnit, 'requirements_compatible.txt')), []);
  assert.deepEqual(await packagesOf(resolve(trivyUnit, 'requirements_with_templating_engine.txt')), []);
});

test('trivy analyzer testdata: happy and empty', async () => {
  assert.deepEqual(pins(await packagesOf(resolve(trivyAnalyzer, 'happy/requirements.txt'))), [
    'annotated-types@0.7.0 1-1', 'click@8.0.0 2-2', 'Flask@2.0.0 3-3', 'itsdangerous@2.0.0 4-4',
  ]);
  assert.deepEqual(await packagesOf(resolve(trivyAnalyzer, 'empty/requirements.txt')), []);
});

test('trivy integration repo/pip: MarkupSafe>2.0.0 is skipped', async () => {
  const packages = await packagesOf(resolve(fixtures, 'trivy-integration/fixtures/repo/pip/requirements.txt'));
  assert.equal(packages.length, 7);
  assert.equal(packages.find((p) => p.name === 'Werkzeug')?.version, '0.11');
  assert.ok(!packages.some((p) => p.name === 'MarkupSafe'));
});

// --- osv-scanner / osv-detector fixtures ----------------------------------------------------
// osv-scanner also lists unpinned requirements (with version 0.0.0 or the range's lower bound);
// as trivy, picket lists pins only, so those files yield the pinned subset.

test('osv-scanner: empty files, comments only, unpinned names', async () => {
  for (const file of ['empty.txt', 'only-comments.txt', 'one-package-unconstrained.txt']) {
    assert.deepEqual(await packagesOf(resolve(osvScanner, file)), [], file);
  }
  assert.deepEqual(pins(await packagesOf(resolve(osvScanner, 'one-package-constrained.txt'))), ['django@2.2.24 1-1']);
  assert.deepEqual(pins(await packagesOf(resolve(osvScanner, 'multiple-packages-mixed.txt'))), [
    'pandas@0.23.4 3-3', 'numpy@1.16.0 4-4', 'scikit-learn@0.20.1 5-5',
  ]);
});

test('osv-scanner multiple-packages-constrained: pip-compile output with `# via` comments', async () => {
  const packages = await packagesOf(resolve(osvScanner, 'multiple-packages-constrained.txt'));
  assert.equal(packages.length, 13);
  assert.deepEqual(pins(packages.slice(0, 3)), ['astroid@2.5.1 1-1', 'beautifulsoup4@4.9.3 3-3', 'boto3@1.17.19 5-5']);
});

test('osv-scanner non-normalized-names and with-added-support: declared names, extras dropped', async () => {
  assert.deepEqual(pins(await packagesOf(resolve(osvScanner, 'non-normalized-names.txt'))), [
    'zope.interface@5.4.0 1-1', 'Pillow@1.0.0 6-6', 'Twisted@20.3.0 8-8',
  ]);
  assert.deepEqual(pins(await packagesOf(resolve(osvScanner, 'with-added-support.txt'))), ['twisted@20.3.0 1-1']);
});

test('osv-scanner line-continuation: joined as pip joins them, before comments are stripped', async () => {
  assert.deepEqual(pins(await packagesOf(resolve(osvScanner, 'line-continuation.txt'))), [
    'foo@1.2.3 2-6', 'bar@4.5.6 9-10', 'baz@7.8.9 13-13', 'qux@10.11.12 17-17',
  ]);
});

test('osv-scanner per-requirement options and hashes', async () => {
  assert.deepEqual(pins(await packagesOf(resolve(osvScanner, 'with-per-requirement-options.txt'))), [
    'boto3@1.26.121 1-1', 'foo@1.0.0 2-2', 'FooProject@1.2 6-6',
  ]);
  assert.deepEqual(pins(await packagesOf(resolve(osvDetector, 'with-hash.txt'))), ['boto3@1.26.121 1-1', 'foo@1.0.0 2-2']);
});

test('osv-scanner file-format-example: `-r other-file.txt` is followed; paths and URLs skipped', async () => {
  assert.deepEqual(pins(await packagesOf(resolve(osvScanner, 'file-format-example.txt'))), ['docopt@0.6.1 9-9', 'django@2.2.24 -']);
});

test('osv-scanner -r includes: several, nested, duplicated, cyclic, missing', async () => {
  assert.deepEqual(pins(await packagesOf(resolve(osvScanner, 'with-multiple-r-options.txt'))), [
    'requests@1.2.3 4-4', 'pandas@0.23.4 5-5', 'django@2.2.24 -', 'numpy@1.16.0 -', 'scikit-learn@0.20.1 -',
  ]);
  assert.deepEqual(pins(await packagesOf(resolve(osvScanner, 'duplicate-r-dev.txt'))), [
    'pandas@0.23.4 4-4', 'requests@1.2.3 5-5', 'django@0.1.0 -', 'unittest@1.0.0 -',
  ]);
  assert.deepEqual(pins(await packagesOf(resolve(osvScanner, 'cyclic-r-self.txt'))), ['requests@1.2.3 3-3', 'pandas@0.23.4 4-4']);
  // `-r ./../pip/cyclic-r-complex-1.txt` is the same file as `./cyclic-r-complex-1.txt`.
  assert.deepEqual(pins(await packagesOf(resolve(osvScanner, 'cyclic-r-complex-1.txt'))), [
    'cyclic-r-complex@1 3-3', 'cyclic-r-complex@2 -', 'cyclic-r-complex@3 -',
  ]);
  assert.deepEqual(pins(await packagesOf(resolve(osvScanner, 'with-bad-r-option.txt'))), ['requests@1.2.3 1-1']);
});

// --- osv-scalibr fixtures ---------------------------------------------------------------------

test('osv-scalibr example, comments, extras, env_var, no_version, invalid', async () => {
  assert.deepEqual(pins(await packagesOf(resolve(scalibr, 'example.txt'))), ['docopt@0.6.1 8-8', 'pandas@2.2.3 -']);
  assert.deepEqual(pins(await packagesOf(resolve(scalibr, 'comments.txt'))), [
    'PyCrypto@1.2-alpha 2-2', 'GMPY2@1 3-3', 'SymPy@1.2 6-6', 'requests@1.0 7-7', 'six@1.2 8-8',
  ]);
  assert.deepEqual(pins(await packagesOf(resolve(scalibr, 'extras.txt'))), ['pyjwt@2.1.0 1-1', 'celery@4.4.7 2-2']);
  // `${MY_VARIABLE_1}` is not a version.
  assert.deepEqual(pins(await packagesOf(resolve(scalibr, 'env_var.txt'))), ['asdf@1.2 1-1', 'another@1.0 3-3']);
  assert.deepEqual(await packagesOf(resolve(scalibr, 'no_version.txt')), []);
  assert.deepEqual(await packagesOf(resolve(scalibr, 'invalid.txt')), []);
});

test('osv-scalibr with_versions, multiline_and_comments, trailing_backslash, loop', async () => {
  assert.deepEqual(pins(await packagesOf(resolve(scalibr, 'with_versions.txt'))), [
    'nltk@3.2.2 1-1', 'tabulate@0.7.7 2-2', 'qwerty@0.1 5-6', 'hy-phen@1.2 7-7', 'under_score@1.3 8-8', 'pkg.dot.name@5.0.0 9-9', 'yolo@1.0 11-11',
  ]);
  assert.deepEqual(pins(await packagesOf(resolve(scalibr, 'multiline_and_comments.txt'))), ['pkgA@1.0 3-3', 'pkgB@2.0 7-7']);
  assert.deepEqual(pins(await packagesOf(resolve(scalibr, 'trailing_backslash.txt'))), ['pkg1@1.0 1-1']);
  assert.deepEqual(await packagesOf(resolve(scalibr, 'loop.txt')), []);
});

test('osv-scalibr per_req_options: options after the pin are dropped, text before them is not a pin', async () => {
  const ids = (await packagesOf(resolve(scalibr, 'per_req_options.txt'))).map((p) => p.id);
  assert.deepEqual(ids, [
    'foo1@1.0', 'foo2@1.0', 'foo3@1.0', 'foo4@1.0', 'foo5@1.0', 'foo6@1.0', 'foo8@1.0', 'foo9@1.0', 'foo11@1.0', 'foo12@1.0',
    'foo13@1.0', 'foo14@1.0', 'foo16-Client@1.0', 'foo17--hash@1.0', 'foo18-Client@1.0',
  ]);
});

// --- behaviour on inline files ------------------------------------------------------------------

test('includes resolve relative to the including file; a pin here keeps its own line', async () => {
  const packages = await packagesOfText('-r base/common.txt\nrequests==2.0.0\n', {
    'app/base/common.txt': 'requests==2.0.0\n--requirement=../../shared.txt\n-c constraints.txt\n',
    'shared.txt': 'urllib3==1.26.0\n',
  });
  assert.deepEqual(pins(packages), ['requests@2.0.0 2-2', 'urllib3@1.26.0 -']);
});

test('UTF-16 files with a byte order mark (Windows) and UTF-8 BOM', async () => {
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('attrs==20.3.0\r\n', 'utf16le')]);
  assert.deepEqual(pins(await packagesOfText(utf16le)), ['attrs@20.3.0 1-1']);
  const utf16be = Buffer.from(utf16le);
  utf16be.swap16();
  assert.deepEqual(pins(await packagesOfText(utf16be)), ['attrs@20.3.0 1-1']);
  assert.deepEqual(pins(await packagesOfText('\uFEFFattrs==20.3.0\n')), ['attrs@20.3.0 1-1']);
});

test('direct references, editables, options and `===` / parenthesised pins', async () => {
  const packages = await packagesOfText([
    '-e git+https://example.org/repo.git#egg=pkg',
    'pkg @ https://registry.example.org/pkg-1.0.tar.gz',
    '--index-url https://registry.example.org/simple',
    'legacy===1.0',
    'old (==2.0)',
    'same==1.0',
    'same==1.0',
    'notaversion==1.0.0.dev.x',
  ].join('\n'));
  assert.deepEqual(pins(packages), ['legacy@1.0 4-4', 'old@2.0 5-5', 'same@1.0 6-6,7-7']);
});
