import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareVersions, schemeForEcosystem, semverScheme, supportedEcosystems } from '../../src/version/index.js';
import { compareVersions as exportedCompare, isAffectedIn, schemeForEcosystem as exportedScheme } from '../../src/index.js';

const EXPECTED: Record<string, string> = {
  npm: 'npm',
  PyPI: 'pep440',
  Go: 'semver',
  'crates.io': 'semver',
  Hex: 'semver',
  SwiftURL: 'semver',
  Bitnami: 'semver',
  Julia: 'semver',
  kubernetes: 'semver',
  Kubernetes: 'semver',
  Pub: 'pub',
  Maven: 'maven',
  ConanCenter: 'maven',
  NuGet: 'nuget',
  RubyGems: 'rubygems',
  Ruby: 'rubygems',
  'Node.js': 'npm',
  CocoaPods: 'rubygems',
  Packagist: 'composer',
  Hackage: 'hackage',
  GHC: 'hackage',
  CRAN: 'cran',
  Bioconductor: 'cran',
  Debian: 'dpkg',
  Ubuntu: 'dpkg',
  Alpine: 'apk',
  Wolfi: 'apk',
  Chainguard: 'apk',
  MinimOS: 'apk',
  Alpaquita: 'apk',
  'BellSoft Hardened Containers': 'apk',
  'Red Hat': 'rpm',
  AlmaLinux: 'rpm',
  'Rocky Linux': 'rpm',
  openSUSE: 'rpm',
  SUSE: 'rpm',
  Mageia: 'rpm',
  'Photon OS': 'rpm',
  'Azure Linux': 'rpm',
  openEuler: 'rpm',
};

test('every OSV ecosystem maps to its scheme, and nothing else is mapped', () => {
  for (const [ecosystem, scheme] of Object.entries(EXPECTED)) {
    assert.equal(schemeForEcosystem(ecosystem)?.name, scheme, ecosystem);
  }
  assert.deepEqual([...supportedEcosystems()].sort(), Object.keys(EXPECTED).sort());
});

test('the release after `:` does not matter', () => {
  assert.equal(schemeForEcosystem('Debian:12')?.name, 'dpkg');
  assert.equal(schemeForEcosystem('Ubuntu:22.04:LTS')?.name, 'dpkg');
  assert.equal(schemeForEcosystem('Alpine:v3.20')?.name, 'apk');
  assert.equal(schemeForEcosystem('Red Hat:enterprise_linux:9::appstream')?.name, 'rpm');
  assert.equal(schemeForEcosystem('openSUSE:Leap 15.5')?.name, 'rpm');
});

test('ecosystems without a scheme, and lookalikes, have none', () => {
  for (const e of ['GitHub Actions', 'Linux', 'OSS-Fuzz', 'pypi', 'NPM', 'debian', 'toString', 'constructor', '__proto__', '']) {
    assert.equal(schemeForEcosystem(e), undefined, e);
  }
});

test('semverScheme stays exported for OSV SEMVER ranges', () => {
  assert.equal(semverScheme.name, 'semver');
  assert.equal(schemeForEcosystem('Go'), semverScheme);
});

test('compareVersions orders by the ecosystem scheme', () => {
  assert.equal(compareVersions('npm', '1.2.3', '1.10.0'), -1);
  assert.equal(compareVersions('PyPI', '1.0.post1', '1.0'), 1);
  assert.equal(compareVersions('Debian:12', '1:1.0-1', '1:1.0-1'), 0);
  assert.equal(compareVersions('Maven', '1.0-SNAPSHOT', '1.0'), -1);
  assert.equal(compareVersions('Alpine:v3.20', '1.2.3-r1', '1.2.3-r0'), 1);
  assert.equal(exportedCompare, compareVersions, 'exported from the library entry');
  assert.equal(exportedScheme, schemeForEcosystem);
});

test('compareVersions throws clear errors', () => {
  assert.throws(() => compareVersions('GitHub Actions', '1', '2'), { message: 'no version scheme for ecosystem "GitHub Actions"' });
  assert.throws(() => compareVersions('npm', 'latest', '1.0.0'), { message: 'not a valid npm version (npm scheme): "latest"' });
  assert.throws(() => compareVersions('Debian:12', '1.0', 'a b'), /not a valid Debian:12 version \(dpkg scheme\): "a b"/);
});

test('isAffectedIn looks the scheme up from the ecosystem', () => {
  const affected = { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.2.3-1+deb12u1' }] }] };
  assert.equal(isAffectedIn('Debian:12', '1.2.3-1', affected), true);
  assert.equal(isAffectedIn('Debian:12', '1.2.3-1+deb12u1', affected), false);
  assert.equal(isAffectedIn('Debian:12', '1.2.3-1~bpo1', affected), true);
  const maven = { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.0-beta9' }, { fixed: '2.15.0' }] }] };
  assert.equal(isAffectedIn('Maven', '2.14.1', maven), true);
  assert.equal(isAffectedIn('Maven', '2.0-alpha1', maven), false);
  assert.equal(isAffectedIn('Maven', '2.15.0', maven), false);
  const listed = { versions: ['not a version'] };
  assert.equal(isAffectedIn('PyPI', 'not a version', listed), true, 'listed versions match as strings');
  assert.throws(() => isAffectedIn('GitHub Actions', '1', maven), /no version scheme/);
});
