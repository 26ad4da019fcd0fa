import type { OsInfo } from '../../analyzer/types.js';

/**
 * The OSV ecosystem whose advisories apply to an OS, as the OS feed converters write it
 * (src/db/sources/*: `Debian:12`, `Ubuntu:22.04`, `Alpine:v3.19`, `Wolfi`, `Chainguard`,
 * `Red Hat:enterprise_linux:9::baseos`) or osv.dev exports it (`Rocky Linux:9`), and
 * the purl type and namespace of its packages. One line per family.
 */
interface OsMapping {
  ecosystem: (version: string) => string | undefined;
  purlType: 'deb' | 'apk' | 'rpm';
  purlNamespace: string;
}

const majorOf = (v: string) => /^\d+/.exec(v)?.[0];
const majorMinorOf = (v: string) => /^\d+\.\d+/.exec(v)?.[0];

/** osv.dev's Ubuntu ecosystems mark long-term support releases (even years, April): `Ubuntu:22.04:LTS`. */
function ubuntuEcosystem(version: string): string | undefined {
  const m = /^(\d+)\.(\d+)/.exec(version);
  if (!m) return undefined;
  const lts = Number(m[1]) % 2 === 0 && m[2] === '04';
  return `Ubuntu:${m[1]}.${m[2]}${lts ? ':LTS' : ''}`;
}

/**
 * Red Hat's advisories (db/sources/redhat-csaf.ts) key packages by the CPE of the product stream
 * and repository that ships them (`Red Hat:enterprise_linux:9::baseos`,
 * `Red Hat:enterprise_linux:9::appstream`), and an installed system does not record which
 * repository each package came from: neither the rpm header nor the release files say (RHEL
 * images' content manifests under root/buildinfo would; they are not read). From the release
 * alone, one ecosystem per system:
 * - RHEL 10 and later: the CPE names the minor release and no repository
 *   (`cpe:/o:redhat:enterprise_linux:10.0`, Red Hat's security-data guidelines): the fixes of
 *   every repository for that release;
 * - RHEL 8 and 9: BaseOS, the repository of the core system (glibc, openssl, systemd, ...). A
 *   package from AppStream (language runtimes, modules, most applications) is found only when its
 *   source package also ships in BaseOS — AppStream fixes are missed, never compared with another
 *   repository's versions. Unfixed CVEs that Red Hat files under the bare product CPE
 *   (`enterprise_linux:9`) are missed too;
 * - RHEL 5 to 7: the Server variant (`enterprise_linux:7::server`); Workstation and Client ship
 *   the same builds under their own CPEs;
 * - extended-support streams (`rhel_eus:9.2::baseos`) are never chosen: a system following one
 *   shows the same release as one on the main stream.
 * Matching several repositories per system needs more than one ecosystem per package set.
 */
function redhatEcosystem(version: string): string | undefined {
  const major = Number(majorOf(version));
  if (major >= 10) return majorMinorOf(version) ? `Red Hat:enterprise_linux:${majorMinorOf(version)}` : undefined;
  if (major >= 8) return `Red Hat:enterprise_linux:${major}::baseos`;
  if (major >= 5) return `Red Hat:enterprise_linux:${major}::server`;
  return undefined;
}

/**
 * CentOS Linux 5 to 8 rebuilt RHEL's sources with RHEL's version-releases: Red Hat's advisories
 * apply as to the RHEL release (trivy matches CentOS so too). CentOS 9 and later is CentOS Stream
 * only, built ahead of RHEL on its own schedule: Red Hat's advisories do not describe it, so no
 * ecosystem. (CentOS Stream 8 shows as `8` too; it is matched as CentOS Linux 8.)
 */
function centosEcosystem(version: string): string | undefined {
  return Number(majorOf(version)) <= 8 ? redhatEcosystem(version) : undefined;
}

/**
 * Rocky Linux and AlmaLinux publish their own advisories (RLSA, ALSA: osv.dev's `Rocky Linux:<major>`,
 * `AlmaLinux:<major>`, keyed by source package): their builds carry their own release suffixes and
 * fix dates, so Red Hat's advisories are not used for them.
 */
const majorEcosystem = (prefix: string) => (version: string) => (majorOf(version) ? `${prefix}:${majorOf(version)}` : undefined);

const mappings: Record<string, OsMapping> = {
  debian: { ecosystem: (v) => (v === 'sid' ? 'Debian:sid' : majorOf(v) ? `Debian:${majorOf(v)}` : undefined), purlType: 'deb', purlNamespace: 'debian' },
  ubuntu: { ecosystem: ubuntuEcosystem, purlType: 'deb', purlNamespace: 'ubuntu' },
  alpine: { ecosystem: (v) => (majorMinorOf(v) ? `Alpine:v${majorMinorOf(v)}` : undefined), purlType: 'apk', purlNamespace: 'alpine' },
  wolfi: { ecosystem: () => 'Wolfi', purlType: 'apk', purlNamespace: 'wolfi' },
  chainguard: { ecosystem: () => 'Chainguard', purlType: 'apk', purlNamespace: 'chainguard' },
  // Red Hat family; purl namespaces as trivy writes them (`pkg:rpm/alma/...`).
  redhat: { ecosystem: redhatEcosystem, purlType: 'rpm', purlNamespace: 'redhat' },
  centos: { ecosystem: centosEcosystem, purlType: 'rpm', purlNamespace: 'centos' },
  rocky: { ecosystem: majorEcosystem('Rocky Linux'), purlType: 'rpm', purlNamespace: 'rocky' },
  alma: { ecosystem: majorEcosystem('AlmaLinux'), purlType: 'rpm', purlNamespace: 'alma' },
};

export interface OsTarget {
  ecosystem?: string;
  purlType: string;
  purlNamespace: string;
}

/**
 * The mapping applies only to the family's own package manager: a foreign package DB (an rpm
 * database on a Debian system) gets no advisory ecosystem rather than the distribution's.
 */
export function osTargetOf(os: OsInfo | undefined, manager: 'dpkg' | 'apk' | 'rpm'): OsTarget {
  const purlType = manager === 'dpkg' ? 'deb' : manager;
  const mapping = os && Object.hasOwn(mappings, os.family) ? mappings[os.family] : undefined;
  if (!mapping || mapping.purlType !== purlType) return { purlType, purlNamespace: os?.family ?? 'unknown' };
  return { ecosystem: os ? mapping.ecosystem(os.name) : undefined, purlType: mapping.purlType, purlNamespace: mapping.purlNamespace };
}
