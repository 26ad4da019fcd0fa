import type { DataSource } from '../../report/model.js';

/** Which database an OSV record comes from, by its id prefix. One line per database. */
const byPrefix: { prefix: string; source: (ecosystem: string) => DataSource }[] = [
  {
    prefix: 'GHSA-',
    source: (eco) => ({
      ID: 'ghsa',
      Name: `GitHub Security Advisory ${eco}`,
      URL: `https://github.com/advisories?query=type%3Areviewed+ecosystem%3A${encodeURIComponent(eco.toLowerCase())}`,
    }),
  },
  { prefix: 'GO-', source: () => ({ ID: 'govulndb', Name: 'The Go Vulnerability Database', URL: 'https://pkg.go.dev/vuln/' }) },
  { prefix: 'RUSTSEC-', source: () => ({ ID: 'rustsec', Name: 'RustSec Advisory Database', URL: 'https://github.com/RustSec/advisory-db' }) },
  { prefix: 'PYSEC-', source: () => ({ ID: 'pypa', Name: 'Python Packaging Advisory Database', URL: 'https://github.com/pypa/advisory-db' }) },
  { prefix: 'BIT-', source: () => ({ ID: 'bitnami', Name: 'Bitnami Vulnerability Database', URL: 'https://github.com/bitnami/vulndb' }) },
];

export function dataSourceOf(advisoryId: string, ecosystem: string): DataSource {
  const hit = byPrefix.find((d) => advisoryId.startsWith(d.prefix));
  return hit ? hit.source(ecosystem) : { ID: 'osv', Name: `OSV ${ecosystem}`, URL: 'https://osv.dev' };
}

/** The page a user opens first: NVD for CVEs, GitHub for GHSAs, osv.dev otherwise. */
export function primaryUrlOf(vulnerabilityId: string): string {
  if (vulnerabilityId.startsWith('CVE-')) return `https://nvd.nist.gov/vuln/detail/${vulnerabilityId}`;
  if (vulnerabilityId.startsWith('GHSA-')) return `https://github.com/advisories/${vulnerabilityId}`;
  return `https://osv.dev/vulnerability/${encodeURIComponent(vulnerabilityId)}`;
}
