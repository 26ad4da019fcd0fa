/**
 * `--scanners license` end to end on real inputs: trivy's golden for a CycloneDX SBOM with licences,
 * a real package-lock.json, installed Python packages, this machine's dpkg database with its
 * copyright files, and licence files, each through the real analyzers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectLicenses, type LicenseResult } from '../../../src/detector/license/detect.js';
import { licensePolicy } from '../../../src/detector/license/policy.js';
import { withPackageLicenses } from '../../../src/detector/license/package-licenses.js';
import { createLicenseFileAnalyzer } from '../../../src/detector/license/license-file-analyzer.js';
import { packageLockAnalyzer } from '../../../src/analyzer/lang/npm/package-lock.js';
import { pythonPackageAnalyzer } from '../../../src/analyzer/lang/python/dist-info.js';
import { dpkgStatusAnalyzer } from '../../../src/analyzer/pkg/dpkg-status.js';
import { dpkgCopyrightAnalyzer } from '../../../src/analyzer/pkg/dpkg-copyright.js';
import { aggregateInstalledPackages } from '../../../src/analyzer/aggregate.js';
import type { Application, PackageLicenses } from '../../../src/analyzer/types.js';
import { analyzeFixture } from '../../support/analyze-file.js';
import { repoRoot, sharedPath } from '../../support/paths.js';

const INTEGRATION = sharedPath('fixtures/trivy-integration');
const policy = licensePolicy();

interface CdxComponent { group?: string; name: string; version?: string; purl?: string; licenses?: { license?: { id?: string; name?: string }; expression?: string }[] }

test("trivy's golden: the licences of a CycloneDX SBOM's Java components", () => {
  const sbom = JSON.parse(readFileSync(join(INTEGRATION, 'fixtures/sbom/license-cyclonedx.json'), 'utf8')) as { components: CdxComponent[] };
  const app: Application = {
    type: 'jar', ecosystem: 'Maven', purlType: 'maven', filePath: '', title: 'Java',
    packages: sbom.components.filter((c) => c.purl?.startsWith('pkg:maven/')).map((c) => ({
      id: `${c.group}:${c.name}@${c.version}`, name: `${c.group}:${c.name}`, version: c.version ?? '',
      licenses: (c.licenses ?? []).map((l) => l.expression ?? l.license?.id ?? l.license?.name ?? ''),
    })),
  };
  const golden = JSON.parse(readFileSync(join(INTEGRATION, 'license-cyclonedx.json.golden'), 'utf8')) as { Results: LicenseResult[] };
  assert.deepEqual(detectLicenses({ osPackages: [], applications: [app] }, policy), golden.Results);
});

test('a package-lock.json (v3, with legacy licence objects): every licence of every package, named by the lockfile', async () => {
  const lockfile = sharedPath('fixtures/trivy-unit/dependency/parser/nodejs/npm/testdata/package-lock_v3_with_legacy_licenses.json');
  const result = await analyzeFixture(packageLockAnalyzer, lockfile, 'app/package-lock.json');
  const [licenses] = detectLicenses({ osPackages: [], applications: result.applications! }, policy);
  assert.equal(licenses.Target, 'app/package-lock.json');
  assert.equal(licenses.Class, 'license');
  assert.deepEqual(licenses.Licenses.map((l) => `${l.PkgName} ${l.Name} ${l.Category} ${l.Severity} ${l.FilePath}`), [
    'mustache MIT notice LOW app/package-lock.json',
    'pause-stream Apache2 notice LOW app/package-lock.json',
    'pause-stream MIT notice LOW app/package-lock.json',
    'tv4 MIT notice LOW app/package-lock.json',
    'tv4 Public Domain unknown UNKNOWN app/package-lock.json',
  ]);
});

test('installed Python packages: one "Python" result, each licence with the METADATA file it came from', async () => {
  const dir = sharedPath('fixtures/trivy-unit/dependency/parser/python/packaging/testdata');
  const apps: Application[] = [];
  for (const name of ['pyphen-0.14.0', 'iniconfig-2.0.0', 'networkx-3.0', 'distlib-0.3.1']) {
    const [file, rel] = [`${name}.METADATA`, `site-packages/${name}.dist-info/METADATA`];
    apps.push(...(await analyzeFixture(pythonPackageAnalyzer, join(dir, file), rel)).applications!);
  }
  const [python] = detectLicenses({ osPackages: [], applications: aggregateInstalledPackages(apps) }, policy);
  assert.equal(python.Target, 'Python');
  // PyPI classifiers, as METADATA gives them; a License-File reference is not a licence name.
  assert.deepEqual(python.Licenses.map((l) => `${l.PkgName}: ${l.Name} → ${l.Category} (${l.FilePath})`), [
    'pyphen: GNU General Public License v2 or later (GPLv2+) → restricted (site-packages/pyphen-0.14.0.dist-info/METADATA)',
    'pyphen: GNU Lesser General Public License v2 or later (LGPLv2+) → restricted (site-packages/pyphen-0.14.0.dist-info/METADATA)',
    'pyphen: Mozilla Public License 1.1 (MPL 1.1) → reciprocal (site-packages/pyphen-0.14.0.dist-info/METADATA)',
    'iniconfig: MIT → notice (site-packages/iniconfig-2.0.0.dist-info/METADATA)',
    'distlib: Python Software Foundation License → unknown (site-packages/distlib-0.3.1.dist-info/METADATA)',
    'networkx: file://LICENSE.txt → unknown (site-packages/networkx-3.0.dist-info/METADATA)',
  ]);
});

test("this machine's dpkg database with its copyright files: OS Packages licences, severity filter, ignored licences", { skip: !existsSync('/var/lib/dpkg/status') && 'not a Debian system' }, async () => {
  const status = await analyzeFixture(dpkgStatusAnalyzer, '/var/lib/dpkg/status', 'var/lib/dpkg/status');
  const [set] = status.osPackages!;
  const facts: PackageLicenses[] = [];
  for (const name of ['zlib1g', 'tar', 'tzdata', 'apt', 'bash']) {
    const file = `/usr/share/doc/${name}/copyright`;
    if (existsSync(file)) facts.push(...((await analyzeFixture(dpkgCopyrightAnalyzer, file, `usr/share/doc/${name}/copyright`)).packageLicenses ?? []));
  }
  assert.equal(facts.length, 5);
  const withLicenses = withPackageLicenses(set, facts);
  assert.deepEqual(withLicenses.packages.find((p) => p.name === 'zlib1g')!.licenses, ['Zlib']);
  assert.equal(withLicenses.packages.filter((p) => p.licenses).length, 5);

  const [os] = detectLicenses({ osPackages: [withLicenses], applications: [] }, policy);
  assert.equal(os.Target, 'OS Packages');
  const of = (pkg: string) => os.Licenses.filter((l) => l.PkgName === pkg).map((l) => `${l.Name} ${l.Category} ${l.Severity}`);
  assert.deepEqual(of('zlib1g'), ['Zlib notice LOW']);
  assert.deepEqual(of('tzdata'), ['public-domain unknown UNKNOWN']);
  assert.ok(of('tar').includes('GPL-3.0-or-later WITH Bison-exception-2.2 restricted HIGH'));
  // most severe first
  assert.equal(os.Licenses[0].Severity, 'HIGH');
  assert.ok(os.Licenses.every((l) => l.FilePath === '' && l.Text === '' && l.Link === '' && l.Confidence === 1));

  const [high] = detectLicenses({ osPackages: [withLicenses], applications: [] }, policy, { severities: ['HIGH', 'CRITICAL'] });
  assert.ok(high.Licenses.length > 0 && high.Licenses.every((l) => l.Severity === 'HIGH'));
  const ignoring = licensePolicy({ ignored: ['GPL-3.0-or-later WITH Bison-exception-2.2', 'GPL-2+', 'GPL-3+', 'GPL-2'] });
  const [rest] = detectLicenses({ osPackages: [withLicenses], applications: [] }, ignoring, { severities: ['HIGH'] });
  assert.deepEqual(rest.Licenses.map((l) => l.Name).filter((n) => /^GPL-[23]\.0-(only|or-later)($| WITH Bison)/.test(n)), []);
});

test('licence files: one "Loose File License(s)" result with confidence and link; nothing left means no result', async () => {
  const analyzer = createLicenseFileAnalyzer();
  const files = [];
  for (const rel of ['node_modules/commander/LICENSE', 'node_modules/semver/LICENSE']) {
    files.push(...((await analyzeFixture(analyzer, join(repoRoot, rel), rel)).licenseFiles ?? []));
  }
  const results = detectLicenses({ osPackages: [], applications: [], licenseFiles: files }, policy);
  assert.deepEqual(results, [{
    Target: 'Loose File License(s)',
    Class: 'license-file',
    Licenses: [
      { Severity: 'LOW', Category: 'notice', PkgName: '', FilePath: 'node_modules/semver/LICENSE', Name: 'ISC', Text: '', Confidence: 1, Link: 'https://spdx.org/licenses/ISC.html' },
      { Severity: 'LOW', Category: 'notice', PkgName: '', FilePath: 'node_modules/commander/LICENSE', Name: 'MIT', Text: '', Confidence: 1, Link: 'https://spdx.org/licenses/MIT.html' },
    ],
  }]);
  assert.deepEqual(detectLicenses({ osPackages: [], applications: [], licenseFiles: files }, licensePolicy({ ignored: ['MIT', 'ISC'] })), []);
});
