import type { VersionScheme } from './types.js';
import { apkScheme } from './apk.js';
import { composerScheme } from './composer.js';
import { cranScheme } from './cran.js';
import { dpkgScheme } from './dpkg.js';
import { hackageScheme } from './hackage.js';
import { mavenScheme } from './maven.js';
import { npmScheme } from './npm.js';
import { nugetScheme } from './nuget.js';
import { pep440Scheme } from './pep440.js';
import { pubScheme } from './pub.js';
import { rpmScheme } from './rpm.js';
import { rubygemsScheme } from './rubygems.js';
import { semverScheme } from './semver.js';
import { sign } from './util.js';

export type { VersionScheme } from './types.js';

/**
 * OSV ecosystem name (the part before `:`, so `Debian:12` and `Alpine:v3.20` are found) -> its
 * version scheme. Adding a scheme = one file in this folder + one line here. Ecosystems without a
 * scheme are stored in the DB but not matched.
 */
const schemesByEcosystem: Readonly<Record<string, VersionScheme>> = {
  npm: npmScheme,
  PyPI: pep440Scheme,
  Go: semverScheme,
  'crates.io': semverScheme,
  Hex: semverScheme,
  SwiftURL: semverScheme,
  Bitnami: semverScheme,
  Julia: semverScheme,
  Kubernetes: semverScheme,
  kubernetes: semverScheme,
  Pub: pubScheme,
  Maven: mavenScheme,
  // Conan versions are dotted numbers that may end in letters (openssl 1.1.1q > 1.1.1): Maven's
  // ordering handles them; SemVer would reject them.
  ConanCenter: mavenScheme,
  NuGet: nugetScheme,
  RubyGems: rubygemsScheme,
  // Ruby interpreters (RubySec's rubies/: ruby, jruby, ...) version like gems.
  Ruby: rubygemsScheme,
  // The Node.js runtime (security-wg core advisories): node-semver.
  'Node.js': npmScheme,
  // Pod::Version is a Gem::Version (trivy compares CocoaPods versions as RubyGems too).
  CocoaPods: rubygemsScheme,
  Packagist: composerScheme,
  Hackage: hackageScheme,
  GHC: hackageScheme,
  CRAN: cranScheme,
  Bioconductor: cranScheme,
  Debian: dpkgScheme,
  Ubuntu: dpkgScheme,
  Alpine: apkScheme,
  Wolfi: apkScheme,
  Chainguard: apkScheme,
  MinimOS: apkScheme,
  Alpaquita: apkScheme,
  'BellSoft Hardened Containers': apkScheme,
  'Red Hat': rpmScheme,
  AlmaLinux: rpmScheme,
  'Rocky Linux': rpmScheme,
  openSUSE: rpmScheme,
  SUSE: rpmScheme,
  Mageia: rpmScheme,
  'Photon OS': rpmScheme,
  'Azure Linux': rpmScheme,
  openEuler: rpmScheme,
};

export function schemeForEcosystem(ecosystem: string): VersionScheme | undefined {
  const base = ecosystem.split(':', 1)[0];
  return Object.hasOwn(schemesByEcosystem, base) ? schemesByEcosystem[base] : undefined;
}

/** The OSV ecosystem names that have a version scheme, in no particular order. */
export function supportedEcosystems(): string[] {
  return Object.keys(schemesByEcosystem);
}

/** The scheme for an ecosystem, or an Error naming the ecosystem. */
export function requireScheme(ecosystem: string): VersionScheme {
  const scheme = schemeForEcosystem(ecosystem);
  if (!scheme) throw new Error(`no version scheme for ecosystem ${JSON.stringify(ecosystem)}`);
  return scheme;
}

/**
 * Compares two versions of an OSV ecosystem (`npm`, `PyPI`, `Debian:12`, ...): -1, 0 or 1.
 * Throws an Error when the ecosystem has no version scheme or either string is not a valid
 * version of it.
 */
export function compareVersions(ecosystem: string, a: string, b: string): number {
  const scheme = requireScheme(ecosystem);
  for (const v of [a, b]) {
    if (!scheme.isValid(v)) throw new Error(`not a valid ${ecosystem} version (${scheme.name} scheme): ${JSON.stringify(v)}`);
  }
  return sign(scheme.compare(a, b));
}

/** The scheme that OSV's `SEMVER` range type uses whatever the ecosystem. */
export { semverScheme };
