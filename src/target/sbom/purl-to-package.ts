/**
 * Package URLs (https://github.com/package-url/purl-spec) as SBOMs and VEX documents carry them:
 * a tolerant parser (it accepts what packageurl-js refuses, as picket's own writer may produce
 * such purls), and the mapping from a purl to what picket scans: a language package of an OSV
 * ecosystem, or an OS package of a distribution.
 */

/** A purl split into its parts, percent-decoded; the type lower-cased. */
export interface ParsedPurl {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers: Record<string, string>;
  subpath?: string;
}

/** Parses `pkg:type/namespace/name@version?qualifiers#subpath`; undefined when it is not a purl. */
export function parsePurl(text: string): ParsedPurl | undefined {
  const m = /^pkg:\/*([a-zA-Z][a-zA-Z0-9.+-]*)\/(.+)$/.exec(text.trim());
  if (!m) return undefined;
  let rest = m[2];
  let subpath: string | undefined;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    subpath = rest.slice(hash + 1).split('/').filter((s) => s !== '' && s !== '.' && s !== '..').map(decode).join('/') || undefined;
    rest = rest.slice(0, hash);
  }
  const qualifiers: Record<string, string> = {};
  const question = rest.indexOf('?');
  if (question >= 0) {
    for (const pair of rest.slice(question + 1).split('&')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const value = decode(pair.slice(eq + 1));
      if (value !== '') qualifiers[pair.slice(0, eq).toLowerCase()] = value;
    }
    rest = rest.slice(0, question);
  }
  const segments = rest.split('/').filter((s) => s !== '');
  if (segments.length === 0) return undefined;
  let last = segments.pop()!;
  let version: string | undefined;
  const at = last.lastIndexOf('@');
  if (at > 0) {
    version = decode(last.slice(at + 1)) || undefined;
    last = last.slice(0, at);
  }
  const name = decode(last);
  if (name === '') return undefined;
  const namespace = segments.length > 0 ? segments.map(decode).join('/') : undefined;
  return { type: m[1].toLowerCase(), ...(namespace ? { namespace } : {}), name, ...(version ? { version } : {}), qualifiers, ...(subpath ? { subpath } : {}) };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** How picket reads a language package of this purl type: its OSV ecosystem and trivy's analyzer type. */
interface LanguageMapping {
  ecosystem: string;
  /** trivy's type for packages of this kind found outside any lockfile (installed packages). */
  type: string;
  /** What the report calls such packages when no file holds them (`Go`, `Rust`, ...). */
  title: string;
}

const languages: Readonly<Record<string, LanguageMapping>> = {
  npm: { ecosystem: 'npm', type: 'node-pkg', title: 'Node.js' },
  pypi: { ecosystem: 'PyPI', type: 'python-pkg', title: 'Python' },
  gem: { ecosystem: 'RubyGems', type: 'gemspec', title: 'Ruby' },
  maven: { ecosystem: 'Maven', type: 'jar', title: 'Java' },
  golang: { ecosystem: 'Go', type: 'gobinary', title: 'Go' },
  cargo: { ecosystem: 'crates.io', type: 'rustbinary', title: 'Rust' },
  nuget: { ecosystem: 'NuGet', type: 'nuget', title: '.NET' },
  composer: { ecosystem: 'Packagist', type: 'composer-vendor', title: 'PHP' },
  hex: { ecosystem: 'Hex', type: 'hex', title: 'Elixir' },
  pub: { ecosystem: 'Pub', type: 'pub', title: 'Dart' },
  swift: { ecosystem: 'SwiftURL', type: 'swift', title: 'Swift' },
  cocoapods: { ecosystem: 'CocoaPods', type: 'cocoapods', title: 'CocoaPods' },
  conan: { ecosystem: 'ConanCenter', type: 'conan', title: 'Conan' },
  cran: { ecosystem: 'CRAN', type: 'cran', title: 'R' },
  hackage: { ecosystem: 'Hackage', type: 'hackage', title: 'Haskell' },
  julia: { ecosystem: 'Julia', type: 'julia', title: 'Julia' },
  bitnami: { ecosystem: 'Bitnami', type: 'bitnami', title: 'Bitnami' },
};

/** OS package purl types and the package manager whose database lists such packages. */
const osManagers: Readonly<Record<string, 'dpkg' | 'apk' | 'rpm'>> = { deb: 'dpkg', apk: 'apk', rpm: 'rpm' };

/** What a purl stands for, in picket's terms. */
export type PurlPackage =
  | { kind: 'language'; purlType: string; ecosystem: string; defaultType: string; title: string; name: string; version: string }
  | { kind: 'os'; purlType: 'deb' | 'apk' | 'rpm'; manager: 'dpkg' | 'apk' | 'rpm'; name: string; version: string; namespace?: string; arch?: string; distro?: string };

/**
 * The package a purl names, with picket's name for it (`@scope/name` for npm, `group:artifact`
 * for Maven, the module path for Go, `Pod/Subspec` for CocoaPods) and its version (an rpm or deb
 * `epoch` qualifier becomes the `epoch:` prefix picket's versions carry). Undefined for purl types
 * picket has no advisories for, and for OS package purls without a version.
 */
export function purlPackage(purl: ParsedPurl): PurlPackage | undefined {
  const manager = Object.hasOwn(osManagers, purl.type) ? osManagers[purl.type] : undefined;
  if (manager) {
    if (!purl.version) return undefined;
    return {
      kind: 'os',
      purlType: purl.type as 'deb' | 'apk' | 'rpm',
      manager,
      name: purl.name,
      version: withEpoch(purl.version, purl.qualifiers.epoch),
      ...(purl.namespace ? { namespace: purl.namespace.toLowerCase() } : {}),
      ...(purl.qualifiers.arch ? { arch: purl.qualifiers.arch } : {}),
      ...(purl.qualifiers.distro ? { distro: purl.qualifiers.distro } : {}),
    };
  }
  const language = Object.hasOwn(languages, purl.type) ? languages[purl.type] : undefined;
  if (!language) return undefined;
  // A version-less language package (a Go main module) is listed, and matched by nothing.
  return { kind: 'language', purlType: purl.type, ecosystem: language.ecosystem, defaultType: language.type, title: language.title, name: packageName(purl), version: purl.version ?? '' };
}

/** An `epoch` qualifier as the `epoch:` prefix of the version (0 is no epoch). */
export function withEpoch(version: string, epoch: string | undefined): string {
  return epoch && epoch !== '0' && !/^\d+:/.test(version) ? `${epoch}:${version}` : version;
}

function packageName(purl: ParsedPurl): string {
  switch (purl.type) {
    case 'maven':
      return purl.namespace ? `${purl.namespace}:${purl.name}` : purl.name;
    case 'cocoapods':
      return purl.subpath ? `${purl.name}/${purl.subpath}` : purl.name;
    case 'npm':
    case 'golang':
    case 'composer':
    case 'swift':
      return purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name;
    default:
      return purl.name;
  }
}

/**
 * The OS a `distro` qualifier names: `debian-12.4`, `ubuntu-22.04`, `centos-7.6.1810`, or a bare
 * version (`3.19.1`, as Alpine packages carry it) of the purl's namespace.
 */
export function distroOs(distro: string, namespace: string | undefined): { family: string; name: string } | undefined {
  const m = /^([a-z][a-z-]*?)-(\d.*)$/i.exec(distro);
  if (m) return { family: m[1].toLowerCase(), name: m[2] };
  if (/^\d/.test(distro) && namespace) return { family: namespace.toLowerCase(), name: distro };
  return undefined;
}
