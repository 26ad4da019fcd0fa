import type { DataSource } from '../../report/model.js';

/**
 * The databases findings cite (`DataSource`): by the id a feed converter gave its advisories
 * (`debian`, `ruby-advisory-db`, ...), else by the record id's prefix (GHSA-, GO-, ...).
 * One line per database.
 */
const byId: Record<string, (ecosystem: string) => DataSource> = {
  ghsa: (eco) => ({
    ID: 'ghsa',
    Name: `GitHub Security Advisory ${eco}`,
    URL: `https://github.com/advisories?query=type%3Areviewed+ecosystem%3A${encodeURIComponent(eco.toLowerCase())}`,
  }),
  govulndb: () => ({ ID: 'govulndb', Name: 'The Go Vulnerability Database', URL: 'https://pkg.go.dev/vuln/' }),
  rustsec: () => ({ ID: 'rustsec', Name: 'RustSec Advisory Database', URL: 'https://github.com/RustSec/advisory-db' }),
  pypa: () => ({ ID: 'pypa', Name: 'Python Packaging Advisory Database', URL: 'https://github.com/pypa/advisory-database' }),
  bitnami: () => ({ ID: 'bitnami', Name: 'Bitnami Vulnerability Database', URL: 'https://github.com/bitnami/vulndb' }),
  'ruby-advisory-db': () => ({ ID: 'ruby-advisory-db', Name: 'Ruby Advisory Database', URL: 'https://github.com/rubysec/ruby-advisory-db' }),
  'php-security-advisories': () => ({ ID: 'php-security-advisories', Name: 'PHP Security Advisories Database', URL: 'https://github.com/FriendsOfPHP/security-advisories' }),
  'nodejs-security-wg': () => ({ ID: 'nodejs-security-wg', Name: 'Node.js Ecosystem Security Working Group', URL: 'https://github.com/nodejs/security-wg' }),
  debian: () => ({ ID: 'debian', Name: 'Debian Security Tracker', URL: 'https://salsa.debian.org/security-tracker-team/security-tracker' }),
  alpine: () => ({ ID: 'alpine', Name: 'Alpine Secdb', URL: 'https://secdb.alpinelinux.org/' }),
  wolfi: () => ({ ID: 'wolfi', Name: 'Wolfi Secdb', URL: 'https://packages.wolfi.dev/os/security.json' }),
  chainguard: () => ({ ID: 'chainguard', Name: 'Chainguard Secdb', URL: 'https://packages.cgr.dev/chainguard/security.json' }),
  ubuntu: () => ({ ID: 'ubuntu', Name: 'Ubuntu CVE Tracker', URL: 'https://git.launchpad.net/ubuntu-cve-tracker' }),
  redhat: () => ({ ID: 'redhat', Name: 'Red Hat CSAF VEX', URL: 'https://access.redhat.com/security/data/csaf/v2/vex/' }),
};

const idPrefixes: [string, string][] = [
  ['GHSA-', 'ghsa'],
  ['GO-', 'govulndb'],
  ['RUSTSEC-', 'rustsec'],
  ['PYSEC-', 'pypa'],
  ['BIT-', 'bitnami'],
];

export function dataSourceOf(advisoryId: string, ecosystem: string, feedDataSource?: string): DataSource {
  const id = feedDataSource ?? idPrefixes.find(([prefix]) => advisoryId.startsWith(prefix))?.[1];
  if (id && byId[id]) return byId[id](ecosystem);
  if (id) return { ID: id, Name: id, URL: '' };
  return { ID: 'osv', Name: `OSV ${ecosystem}`, URL: 'https://osv.dev' };
}

/** The page a user opens first: NVD for CVEs, GitHub for GHSAs, osv.dev otherwise. */
export function primaryUrlOf(vulnerabilityId: string): string {
  if (vulnerabilityId.startsWith('CVE-')) return `https://nvd.nist.gov/vuln/detail/${vulnerabilityId}`;
  if (vulnerabilityId.startsWith('GHSA-')) return `https://github.com/advisories/${vulnerabilityId}`;
  return `https://osv.dev/vulnerability/${encodeURIComponent(vulnerabilityId)}`;
}
