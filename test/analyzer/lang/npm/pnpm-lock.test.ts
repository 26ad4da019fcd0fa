import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pnpmLockAnalyzer } from '../../../../src/analyzer/lang/npm/pnpm-lock.js';
import type { Package } from '../../../../src/analyzer/types.js';
import { analyzeFixture, rejectsWithParseError } from '../../../support/analyze-file.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixtures = resolve(repoRoot, '../shared/fixtures');
const osvScanner = resolve(fixtures, 'lockfiles/osv-scanner-v1.9.2/pkg/lockfile/fixtures/pnpm');
const scalibr = resolve(fixtures, 'lockfiles/osv-scalibr-extractor/filesystem/language/javascript/pnpmlock/testdata');
const trivyUnit = resolve(fixtures, 'trivy-unit/dependency/parser/nodejs/pnpm/testdata');

async function packagesOf(absPath: string, relPath?: string): Promise<Package[]> {
  const result = await analyzeFixture(pnpmLockAnalyzer, absPath, relPath);
  assert.equal(result.applications?.length, 1);
  const app = result.applications[0];
  assert.equal(app.type, 'pnpm');
  assert.equal(app.ecosystem, 'npm');
  assert.equal(app.purlType, 'npm');
  return app.packages;
}

async function packagesOfText(text: string, path = 'pnpm-lock.yaml'): Promise<Package[]> {
  const result = await pnpmLockAnalyzer.analyze({ path, content: Buffer.from(text), readFile: async () => undefined });
  return result.applications![0].packages;
}

const ids = (packages: Package[]): string[] => packages.map((p) => p.id).sort();
const byId = (packages: Package[]): Map<string, Package> => new Map(packages.map((p) => [p.id, p]));
const lines = (p: Package | undefined): Array<[number, number]> | undefined => p?.locations?.map((l) => [l.startLine, l.endLine]);
/** `id` → `direct`/`indirect`, with `:dev` for dev-only packages. */
const classes = (packages: Package[]): Record<string, string> =>
  Object.fromEntries(packages.map((p) => [p.id, `${p.relationship ?? 'unknown'}${p.dev ? ':dev' : ''}`]));
const edges = (packages: Package[]): Record<string, string[]> =>
  Object.fromEntries(packages.filter((p) => p.dependsOn).map((p) => [p.id, p.dependsOn!]));

test('wants pnpm-lock.yaml anywhere except inside installed dependencies', () => {
  const wants = (path: string) => pnpmLockAnalyzer.wants({ path, size: 1 });
  assert.equal(wants('pnpm-lock.yaml'), true);
  assert.equal(wants('path/to/my/pnpm-lock.yaml'), true);
  assert.equal(wants('node_modules/.pnpm/lock.yaml'), false);
  assert.equal(wants('app/node_modules/pkg/pnpm-lock.yaml'), false);
  assert.equal(wants('path/to/my/pnpm-lock.yaml/file'), false);
  assert.equal(wants('path/to/my/pnpm-lock.yaml.file'), false);
  assert.equal(wants('path.to.my.pnpm-lock.yaml'), false);
});

// --- trivy integration fixture ---------------------------------------------------------------

test('trivy integration repo/pnpm: jquery and lodash, both direct production dependencies', async () => {
  const packages = await packagesOf(resolve(fixtures, 'trivy-integration/fixtures/repo/pnpm/pnpm-lock.yaml'), 'pnpm-lock.yaml');
  assert.deepEqual(
    packages.map((p) => [p.id, p.name, p.version, p.relationship, p.dev, lines(p)]),
    [
      ['jquery@3.3.9', 'jquery', '3.3.9', 'direct', false, [[17, 19]]],
      ['lodash@4.17.4', 'lodash', '4.17.4', 'direct', false, [[21, 23]]],
    ],
  );
});

// --- osv-scanner fixtures (expectations from osv-scanner's parse-pnpm-lock{,-v9}_test.go) --------

const osvPnpmCases: Array<{ file: string; osv: string[]; ours?: string[] }> = [
  { file: 'empty.yaml', osv: [] },
  { file: 'no-packages.yaml', osv: [] },
  { file: 'no-packages.v9.yaml', osv: [] },
  { file: 'one-package.yaml', osv: ['acorn@8.7.0'] },
  { file: 'one-package-v6-lockfile.yaml', osv: ['acorn@8.7.0'] },
  { file: 'one-package.v9.yaml', osv: ['acorn@8.11.3'] },
  { file: 'one-package-dev.yaml', osv: ['acorn@8.7.0'] },
  { file: 'one-package-dev.v9.yaml', osv: ['acorn@8.11.3'] },
  { file: 'scoped-packages.yaml', osv: ['@typescript-eslint/types@5.13.0'] },
  { file: 'scoped-packages-v6-lockfile.yaml', osv: ['@typescript-eslint/types@5.57.1'] },
  { file: 'scoped-packages.v9.yaml', osv: ['@typescript-eslint/types@5.62.0'] },
  { file: 'peer-dependencies.yaml', osv: ['acorn-jsx@5.3.2', 'acorn@8.7.0'] },
  { file: 'peer-dependencies.v9.yaml', osv: ['acorn-jsx@5.3.2', 'acorn@8.11.3'] },
  {
    file: 'peer-dependencies-advanced.yaml',
    osv: [
      '@typescript-eslint/eslint-plugin@5.13.0', '@typescript-eslint/parser@5.13.0', '@typescript-eslint/type-utils@5.13.0',
      '@typescript-eslint/types@5.13.0', '@typescript-eslint/typescript-estree@5.13.0', '@typescript-eslint/utils@5.13.0',
      'eslint-utils@3.0.0', 'eslint@8.10.0', 'tsutils@3.21.0',
    ],
  },
  {
    file: 'peer-dependencies-advanced.v9.yaml',
    osv: [
      '@eslint-community/eslint-utils@4.4.0', '@eslint/eslintrc@2.1.4', '@typescript-eslint/eslint-plugin@5.62.0',
      '@typescript-eslint/parser@5.62.0', '@typescript-eslint/type-utils@5.62.0', '@typescript-eslint/typescript-estree@5.62.0',
      '@typescript-eslint/utils@5.62.0', 'debug@4.3.4', 'eslint@8.57.0', 'has-flag@4.0.0', 'supports-color@7.2.0', 'tsutils@3.21.0',
      'typescript@4.9.5',
    ],
  },
  {
    file: 'multiple-packages.yaml',
    osv: [
      'aws-sdk@2.1087.0', 'base64-js@1.5.1', 'buffer@4.9.2', 'events@1.1.1', 'ieee754@1.1.13', 'isarray@1.0.0', 'jmespath@0.16.0',
      'punycode@1.3.2', 'querystring@0.2.0', 'sax@1.2.1', 'url@0.10.3', 'uuid@3.3.2', 'xml2js@0.4.19', 'xmlbuilder@9.0.7',
    ],
  },
  { file: 'multiple-versions.yaml', osv: ['uuid@3.3.2', 'uuid@8.3.2', 'xmlbuilder@9.0.7'] },
  { file: 'multiple-versions.v9.yaml', osv: ['uuid@8.0.0', 'uuid@8.3.2', 'xmlbuilder@11.0.1'] },
  { file: 'tarball.yaml', osv: ['@my-org/my-package@3.2.3'] },
  // Keys from other registries and with peer suffixes; `github.com/kevva/is-positive` and
  // `/foo/bar` have no semver version and are skipped.
  {
    file: 'exotic.yaml',
    osv: ['@foo/bar@1.0.0', '@foo/bar@1.1.0', 'foo@1.0.0', 'foo@1.1.0', 'foo@1.2.0', 'foo@1.3.0', 'foo@1.4.0'],
  },
  {
    file: 'commits.yaml',
    osv: ['@my-scope/my-other-package@1.0.0', '@my-scope/my-package@1.0.0', 'faker-parser@0.0.1', 'mocks@20.0.1', 'my-bitbucket-package@1.0.0'],
  },
  { file: 'commits.v9.yaml', osv: ['ansi-regex@6.0.1', 'is-number@7.0.0'] },
  {
    file: 'files.yaml',
    osv: ['a-local-package@1.0.0', 'a-nested-local-package@1.0.0', 'my-file-package@0.0.0', 'one-up-with-peer@1.0.0', 'one-up@1.0.0'],
  },
  { file: 'mixed-groups.v53.yaml', osv: ['ansi-regex@5.0.1', 'is-number@7.0.0', 'uuid@8.3.2'] },
  { file: 'mixed-groups.v54.yaml', osv: ['ansi-regex@5.0.1', 'is-number@7.0.0', 'uuid@8.3.2'] },
  { file: 'mixed-groups.v6.yaml', osv: ['ansi-regex@5.0.0', 'is-number@7.0.0', 'uuid@8.0.0'] },
  { file: 'mixed-groups.v9.yaml', osv: ['ansi-regex@5.0.1', 'is-number@7.0.0', 'uuid@8.3.2'] },
  // osv-scanner rejects the whole file for the v6-style key `axios@1.2.5` in a v5.4 lockfile; we
  // read that key in the other style and keep every package.
  {
    file: 'invalid-package-path.yaml',
    osv: [],
    ours: [
      '@babel/helper-string-parser@7.19.4', '@babel/helper-validator-identifier@7.19.1', '@babel/parser@7.20.7', '@types/jsdom@20.0.1',
      'axios@1.2.5', 'http-proxy-agent@5.0.0', 'pinia@2.0.28', 'stream@0.0.2', 'typescript@4.7.4',
    ],
  },
];

for (const c of osvPnpmCases) {
  test(`osv-scanner fixture ${c.file}`, async () => {
    const packages = await packagesOf(resolve(osvScanner, c.file));
    assert.deepEqual(ids(packages), (c.ours ?? c.osv).slice().sort());
  });
}

test('osv-scanner one-package(-dev): direct, dev flag from `dev:` (v5) or the importer group (v9)', async () => {
  assert.deepEqual(classes(await packagesOf(resolve(osvScanner, 'one-package.yaml'))), { 'acorn@8.7.0': 'direct' });
  // one-package-dev.yaml says `dev: false`, despite its name.
  assert.deepEqual(classes(await packagesOf(resolve(osvScanner, 'one-package-dev.yaml'))), { 'acorn@8.7.0': 'direct' });
  assert.deepEqual(classes(await packagesOf(resolve(osvScanner, 'one-package.v9.yaml'))), { 'acorn@8.11.3': 'direct' });
  assert.deepEqual(classes(await packagesOf(resolve(osvScanner, 'one-package-dev.v9.yaml'))), { 'acorn@8.11.3': 'direct:dev' });
});

test('osv-scanner mixed-groups: dependencies and optionalDependencies are prod, devDependencies dev, in every version', async () => {
  for (const [file, ansi, uuid] of [
    ['mixed-groups.v53.yaml', 'ansi-regex@5.0.1', 'uuid@8.3.2'],
    ['mixed-groups.v54.yaml', 'ansi-regex@5.0.1', 'uuid@8.3.2'],
    ['mixed-groups.v6.yaml', 'ansi-regex@5.0.0', 'uuid@8.0.0'],
    ['mixed-groups.v9.yaml', 'ansi-regex@5.0.1', 'uuid@8.3.2'],
  ]) {
    assert.deepEqual(
      classes(await packagesOf(resolve(osvScanner, file))),
      { [ansi]: 'direct', 'is-number@7.0.0': 'direct:dev', [uuid]: 'direct' },
      file,
    );
  }
});

test('osv-scanner peer-dependencies: peer suffixes are stripped from versions and references', async () => {
  const v5 = await packagesOf(resolve(osvScanner, 'peer-dependencies.yaml'));
  assert.deepEqual(classes(v5), { 'acorn-jsx@5.3.2': 'direct', 'acorn@8.7.0': 'direct' });
  assert.deepEqual(edges(v5), { 'acorn-jsx@5.3.2': ['acorn@8.7.0'] });
  const v9 = await packagesOf(resolve(osvScanner, 'peer-dependencies.v9.yaml'));
  assert.deepEqual(classes(v9), { 'acorn-jsx@5.3.2': 'direct', 'acorn@8.11.3': 'indirect' });
  assert.deepEqual(edges(v9), { 'acorn-jsx@5.3.2': ['acorn@8.11.3'] });
});

test('osv-scanner peer-dependencies-advanced.v9: nested peer suffixes in snapshot keys', async () => {
  const packages = byId(await packagesOf(resolve(osvScanner, 'peer-dependencies-advanced.v9.yaml')));
  assert.equal(packages.get('@typescript-eslint/eslint-plugin@5.62.0')?.relationship, 'direct');
  assert.deepEqual(packages.get('@typescript-eslint/eslint-plugin@5.62.0')?.dependsOn, [
    '@typescript-eslint/parser@5.62.0', '@typescript-eslint/type-utils@5.62.0', '@typescript-eslint/utils@5.62.0',
    'debug@4.3.4', 'eslint@8.57.0', 'tsutils@3.21.0', 'typescript@4.9.5',
  ]);
  assert.equal(packages.get('tsutils@3.21.0')?.relationship, 'indirect');
  assert.equal(packages.get('tsutils@3.21.0')?.dev, false);
  // The fixture is cut short: nothing depends on supports-color, so it is not production.
  assert.equal(packages.get('supports-color@7.2.0')?.dev, true);
});

test('osv-scanner tarball and commits: name and version come from the entry fields', async () => {
  const tarball = await packagesOf(resolve(osvScanner, 'tarball.yaml'));
  assert.deepEqual(classes(tarball), { '@my-org/my-package@3.2.3': 'direct:dev' });
  assert.deepEqual(lines(tarball[0]), [[10, 14]]);
  const commits = await packagesOf(resolve(osvScanner, 'commits.yaml'));
  assert.deepEqual(edges(commits), { 'mocks@20.0.1': ['faker-parser@0.0.1'] });
  assert.equal(byId(commits).get('mocks@20.0.1')?.relationship, 'direct');
  assert.deepEqual(classes(await packagesOf(resolve(osvScanner, 'commits.v9.yaml'))), {
    'ansi-regex@6.0.1': 'direct',
    'is-number@7.0.0': 'direct',
  });
});

test('osv-scanner exotic: entries without a body get a one-line location', async () => {
  const packages = byId(await packagesOf(resolve(osvScanner, 'exotic.yaml')));
  assert.deepEqual(lines(packages.get('foo@1.0.0')), [[10, 10]]);
  assert.deepEqual(lines(packages.get('foo@1.4.0')), [[17, 17]]);
});

test('osv-scanner not-yaml.txt is a ParseError naming the file', async () => {
  await rejectsWithParseError(analyzeFixture(pnpmLockAnalyzer, resolve(osvScanner, 'not-yaml.txt')), 'not-yaml.txt', 1);
});

// --- trivy unit fixtures (expectations from trivy's pnpm parse_testcase.go) -------------------
// trivy drops dev packages in its parser; here they are reported with `dev: true`, so the
// comparisons are on the non-dev packages.

const nonDev = (packages: Package[]): Record<string, string> => classes(packages.filter((p) => !p.dev));

test('trivy pnpm-lock_normal.yaml (v5) and pnpm-lock_v6.yaml', async () => {
  for (const file of ['pnpm-lock_normal.yaml', 'pnpm-lock_v6.yaml']) {
    const packages = await packagesOf(resolve(trivyUnit, file));
    assert.deepEqual(classes(packages), { 'asap@2.0.6': 'indirect', 'jquery@3.6.0': 'direct', 'promise@8.1.0': 'direct' }, file);
    assert.deepEqual(edges(packages), { 'promise@8.1.0': ['asap@2.0.6'] }, file);
  }
});

test('trivy pnpm-lock_with_dev.yaml and pnpm-lock_v6_with_dev.yaml: production packages', async () => {
  const withDev = await packagesOf(resolve(trivyUnit, 'pnpm-lock_with_dev.yaml'));
  assert.deepEqual(nonDev(withDev), {
    '@babel/runtime@7.18.3': 'indirect',
    'js-tokens@4.0.0': 'indirect',
    'loose-envify@1.4.0': 'indirect',
    'react@18.1.0': 'direct',
    'redux@4.2.0': 'direct',
    'regenerator-runtime@0.13.9': 'indirect',
  });
  assert.equal(byId(withDev).get('mocha@10.0.0')?.relationship, 'direct');
  assert.equal(byId(withDev).get('mocha@10.0.0')?.dev, true);

  const v6 = await packagesOf(resolve(trivyUnit, 'pnpm-lock_v6_with_dev.yaml'));
  assert.deepEqual(nonDev(v6), {
    '@babel/runtime@7.22.3': 'indirect',
    'js-tokens@4.0.0': 'indirect',
    'loose-envify@1.4.0': 'indirect',
    'react@18.1.0': 'direct',
    'redux@4.2.0': 'direct',
    'regenerator-runtime@0.13.11': 'indirect',
  });
  assert.deepEqual(
    Object.fromEntries(v6.filter((p) => !p.dev && p.dependsOn).map((p) => [p.id, p.dependsOn])),
    {
      '@babel/runtime@7.22.3': ['regenerator-runtime@0.13.11'],
      'loose-envify@1.4.0': ['js-tokens@4.0.0'],
      'react@18.1.0': ['loose-envify@1.4.0'],
      'redux@4.2.0': ['@babel/runtime@7.22.3'],
    },
  );
});

test('trivy pnpm-lock_many.yaml: 56 production packages, six of them direct', async () => {
  const packages = await packagesOf(resolve(trivyUnit, 'pnpm-lock_many.yaml'));
  const prod = nonDev(packages);
  assert.equal(Object.keys(prod).length, 56);
  assert.deepEqual(
    Object.keys(prod).filter((id) => prod[id] === 'direct').sort(),
    ['chalk@5.0.1', 'commander@9.3.0', 'lodash@4.17.21', 'react@18.1.0', 'redux@4.2.0', 'request@2.88.2'],
  );
  assert.deepEqual(byId(packages).get('sshpk@1.17.0')?.dependsOn, [
    'asn1@0.2.6', 'assert-plus@1.0.0', 'bcrypt-pbkdf@1.0.2', 'dashdash@1.14.1', 'ecc-jsbn@0.1.2', 'getpass@0.1.7', 'jsbn@0.1.1',
    'safer-buffer@2.1.2', 'tweetnacl@0.14.5',
  ]);
});

test('trivy pnpm-lock_archives.yaml: tarball and directory packages with name/version fields', async () => {
  const packages = await packagesOf(resolve(trivyUnit, 'pnpm-lock_archives.yaml'));
  assert.deepEqual(classes(packages), {
    'asynckit@0.4.0': 'indirect',
    'debug@4.3.4': 'direct',
    'is-negative@2.0.1': 'direct',
    'lodash@4.17.21': 'direct',
    'ms@2.1.2': 'indirect',
    'package1@1.0.0': 'direct',
  });
  assert.deepEqual(edges(packages), { 'debug@4.3.4': ['ms@2.1.2'], 'package1@1.0.0': ['asynckit@0.4.0'] });
});

test('trivy pnpm-lock_v9.yaml: dev and direct derived from importers through snapshots', async () => {
  const packages = await packagesOf(resolve(trivyUnit, 'pnpm-lock_v9.yaml'));
  // trivy also lists `package1` (a `file:` directory) with an empty version; it has no semver
  // version, so it is not reported here, but what it depends on (asynckit) is still production.
  assert.deepEqual(classes(packages), {
    '@babel/helper-string-parser@7.24.1': 'direct',
    'asap@2.0.6': 'indirect',
    'asynckit@0.4.0': 'indirect',
    'await-sleep@0.0.1': 'direct:dev',
    'debug@4.3.4': 'indirect',
    'debug@4.3.5': 'direct',
    'ee-first@1.1.1': 'indirect',
    'encodeurl@1.0.2': 'indirect',
    'escape-html@1.0.3': 'indirect',
    'finalhandler@1.1.1': 'direct',
    'is-negative@2.0.1': 'direct',
    'jquery@3.6.0': 'direct:dev',
    'lodash@4.17.21': 'direct:dev',
    'ms@2.0.0': 'direct',
    'ms@2.1.2': 'indirect',
    'on-finished@2.3.0': 'direct',
    'parseurl@1.3.3': 'indirect',
    'promise@8.1.0': 'direct',
    'sleep-utils@1.0.3': 'direct',
    'statuses@1.4.0': 'indirect',
    'unpipe@1.0.0': 'indirect',
  });
  assert.deepEqual(edges(packages), {
    'debug@4.3.4': ['ms@2.0.0'],
    'debug@4.3.5': ['ms@2.1.2'],
    'finalhandler@1.1.1': [
      'debug@4.3.4', 'encodeurl@1.0.2', 'escape-html@1.0.3', 'on-finished@2.3.0', 'parseurl@1.3.3', 'statuses@1.4.0', 'unpipe@1.0.0',
    ],
    'on-finished@2.3.0': ['ee-first@1.1.1'],
    'promise@8.1.0': ['asap@2.0.6'],
  });
});

test('trivy pnpm-lock_v9_cyclic_import.yaml: a dependency cycle', async () => {
  const packages = await packagesOf(resolve(trivyUnit, 'pnpm-lock_v9_cyclic_import.yaml'));
  assert.deepEqual(nonDev(packages), {
    'browserslist@4.23.0': 'indirect',
    'caniuse-lite@1.0.30001627': 'indirect',
    'electron-to-chromium@1.4.789': 'indirect',
    'escalade@3.1.2': 'indirect',
    'node-releases@2.0.14': 'indirect',
    'picocolors@1.0.1': 'indirect',
    'update-browserslist-db@1.0.16': 'direct',
  });
  assert.deepEqual(edges(packages)['browserslist@4.23.0'], [
    'caniuse-lite@1.0.30001627', 'electron-to-chromium@1.4.789', 'node-releases@2.0.14', 'update-browserslist-db@1.0.16',
  ]);
});

test('trivy pnpm-lock_v9_multi_version.yaml: every importer is a root, not only `.`', async () => {
  const packages = await packagesOf(resolve(trivyUnit, 'pnpm-lock_v9_multi_version.yaml'));
  assert.deepEqual(classes(packages), { 'is-number@6.0.0': 'direct', 'is-number@7.0.0': 'direct' });
});

test('trivy pnpm-lock_v9_multiple_documents.yaml: the package manager lockfile document is ignored', async () => {
  const packages = await packagesOf(resolve(trivyUnit, 'pnpm-lock_v9_multiple_documents.yaml'));
  assert.deepEqual(packages.map((p) => [p.id, p.relationship, p.dev, lines(p)]), [['is-number@7.0.0', 'direct', false, [[215, 217]]]]);
});

test('trivy pnpm-lock_v9_same-vers-diff-peers.yaml: classification follows peer variants', async () => {
  const packages = await packagesOf(resolve(trivyUnit, 'pnpm-lock_v9_same-vers-diff-peers.yaml'));
  // jest-pnp-resolver@1.2.3 has a production variant (with jest-resolve@30.0.2) and a dev one
  // (with jest-resolve@27.5.1); only the dev variant reaches jest-resolve@27.5.1.
  assert.deepEqual(classes(packages), {
    'jest-config@30.0.3': 'direct',
    'jest-pnp-resolver@1.2.3': 'indirect',
    'jest-resolve@27.5.1': 'indirect:dev',
    'jest-resolve@30.0.2': 'indirect',
    'jest-runner@27.5.1': 'direct:dev',
    'jest-runner@30.0.3': 'indirect',
  });
  assert.deepEqual(byId(packages).get('jest-pnp-resolver@1.2.3')?.dependsOn, ['jest-resolve@27.5.1', 'jest-resolve@30.0.2']);
});

// --- osv-scalibr fixtures --------------------------------------------------------------------

test('osv-scalibr: keys that are not dependency paths are skipped, the rest is kept', async () => {
  assert.deepEqual(ids(await packagesOf(resolve(scalibr, 'invalid-path.yaml'))), ['acorn@8.7.0']);
  assert.deepEqual(ids(await packagesOf(resolve(scalibr, 'invalid-paths.yaml'))), ['acorn@8.7.0']);
  assert.deepEqual(await packagesOf(resolve(scalibr, 'missing-packages.yaml')), []);
});

test('osv-scalibr peer-dependencies v6 (incl. a pre-release with peers)', async () => {
  for (const [file, reactDom, scheduler] of [
    ['peer-dependencies-v6.yaml', 'react-dom@18.2.0', 'scheduler@0.23.0'],
    ['peer-dependencies-advanced-rc-v6.yaml', 'react-dom@18.0.0-rc.3', 'scheduler@0.21.0'],
  ]) {
    const packages = await packagesOf(resolve(scalibr, file));
    assert.deepEqual(classes(packages), {
      'js-tokens@4.0.0': 'indirect',
      'loose-envify@1.4.0': 'indirect',
      [reactDom]: 'direct',
      'react@18.2.0': 'indirect',
      [scheduler]: 'indirect',
    }, file);
    assert.deepEqual(byId(packages).get(reactDom)?.dependsOn, ['loose-envify@1.4.0', 'react@18.2.0', scheduler]);
  }
});

// --- behaviour on inline lockfiles -----------------------------------------------------------

test('v5 with importers (workspace), aliases and peer variants of one version', async () => {
  const packages = await packagesOfText(`lockfileVersion: 5.4

importers:
  .:
    specifiers:
      string-width-cjs: npm:string-width@^4.2.0
    devDependencies:
      string-width-cjs: /string-width/4.2.3
  packages/a:
    specifiers:
      react-dom: ^18.2.0
    dependencies:
      react-dom: 18.2.0_react@18.2.0
      b: link:../b

packages:

  /react-dom/18.2.0_react@18.2.0:
    dependencies:
      react: 18.2.0
    dev: false

  /react-dom/18.2.0_react@18.3.0:
    dependencies:
      react: 18.3.0
    dev: true

  /react/18.2.0:
    dev: false

  /react/18.3.0:
    dev: true

  /string-width/4.2.3:
    dev: true
`);
  assert.deepEqual(classes(packages), {
    'react-dom@18.2.0': 'direct',
    'react@18.2.0': 'indirect',
    'react@18.3.0': 'indirect:dev',
    'string-width@4.2.3': 'direct:dev',
  });
  const reactDom = byId(packages).get('react-dom@18.2.0');
  assert.deepEqual(reactDom?.dependsOn, ['react@18.2.0', 'react@18.3.0']);
  assert.deepEqual(lines(reactDom), [[18, 21], [23, 26]]);
});

test('v9 alias in an importer and a `link:` workspace dependency', async () => {
  const packages = await packagesOfText(`lockfileVersion: '9.0'

importers:
  .:
    dependencies:
      string-width-cjs:
        specifier: npm:string-width@^4.2.0
        version: string-width@4.2.3
      b:
        specifier: workspace:*
        version: link:packages/b

packages:
  string-width@4.2.3:
    resolution: {integrity: sha512-x}

snapshots:
  string-width@4.2.3: {}
`);
  assert.deepEqual(classes(packages), { 'string-width@4.2.3': 'direct' });
});

test('scalars stay strings: versions like 1.10.0 and numeric-looking lockfile versions', async () => {
  const packages = await packagesOfText(`lockfileVersion: 5.4
dependencies:
  a: 1.10.0
packages:
  /a/1.10.0:
    dev: false
`);
  assert.deepEqual(ids(packages), ['a@1.10.0']);
});

test('malformed input is a ParseError naming the file and line', async () => {
  await rejectsWithParseError(packagesOfText('lockfileVersion: 5.4\npackages:\n  /a/1.0.0: [\n', 'app/pnpm-lock.yaml'), 'app/pnpm-lock.yaml');
  await rejectsWithParseError(packagesOfText('- lockfileVersion\n- 5.4\n'), 'pnpm-lock.yaml', 1);
  await rejectsWithParseError(packagesOfText('lockfileVersion: 5.4\npackages:\n  /a/1.0.0:\n    dev: true\n   bad: x\n'), 'pnpm-lock.yaml', 5);
  await rejectsWithParseError(packagesOfText('lockfileVersion: 5.4\npackages:\n\t/a/1.0.0: {}\n'), 'pnpm-lock.yaml', 3);
});
