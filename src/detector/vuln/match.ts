import type { Application, Package } from '../../analyzer/types.js';
import type { AdvisoryStore } from '../../db/store.js';
import type { OsvRecord } from '../../db/osv-types.js';
import type { DetectedVulnerability } from '../../report/model.js';
import { identifierOf } from '../../report/purl.js';
import { schemeForEcosystem } from '../../version/index.js';
import { describeRanges, fixedVersions, isAffected } from './osv-range.js';
import { recordSeverity } from './severity.js';
import { dataSourceOf, primaryUrlOf } from './data-source.js';

/**
 * Packages x advisory DB -> vulnerabilities, for one application. One finding per
 * (package, vulnerability id): when several advisories name the same CVE, their ids are merged.
 */
export function detectVulnerabilities(app: Application, store: AdvisoryStore): DetectedVulnerability[] {
  const scheme = schemeForEcosystem(app.ecosystem);
  if (!scheme) return [];
  const found = new Map<string, DetectedVulnerability>();
  store.prefetch(app.ecosystem, app.packages);
  for (const pkg of app.packages) {
    if (!scheme.isValid(pkg.version)) continue;
    for (const { advisoryId, entry, listed } of store.affected(app.ecosystem, pkg.name, pkg.version)) {
      if (!listed && !isAffected(pkg.version, entry, scheme)) continue;
      const record = store.advisory(advisoryId);
      if (!record) continue;
      const fixed = fixedVersions(entry, scheme);
      const vuln = toFinding(app, pkg, record, fixed, describeRanges(entry));
      const key = `${pkg.id}\0${vuln.VulnerabilityID}`;
      const existing = found.get(key);
      if (existing) mergeVendorIds(existing, vuln);
      else found.set(key, vuln);
    }
  }
  return [...found.values()];
}

/** The id users know: the record's CVE alias when it has one (as trivy shows), else its own id. */
export function displayId(record: OsvRecord): string {
  if (record.id.startsWith('CVE-')) return record.id;
  const cves = (record.aliases ?? []).filter((a) => a.startsWith('CVE-')).sort();
  return cves[0] ?? record.id;
}

function toFinding(app: Application, pkg: Package, record: OsvRecord, fixed: string[], range: string): DetectedVulnerability {
  const id = displayId(record);
  const vendorIds = [record.id, ...(record.aliases ?? [])].filter((a, i, all) => a !== id && all.indexOf(a) === i);
  const dataSource = dataSourceOf(record.id, app.ecosystem);
  const severity = recordSeverity(record, dataSource.ID);
  const cwes = record.database_specific?.cwe_ids;
  return {
    VulnerabilityID: id,
    ...(vendorIds.length > 0 ? { VendorIDs: vendorIds } : {}),
    PkgID: pkg.id,
    PkgName: pkg.name,
    PkgIdentifier: identifierOf(app.purlType, pkg.name, pkg.version, app.filePath),
    InstalledVersion: pkg.version,
    ...(fixed.length > 0 ? { FixedVersion: fixed.join(', ') } : {}),
    Status: fixed.length > 0 ? 'fixed' : 'affected',
    ...(severity.source ? { SeveritySource: severity.source } : {}),
    PrimaryURL: primaryUrlOf(id),
    DataSource: dataSource,
    Title: record.summary ?? firstLine(record.details),
    ...(record.details ? { Description: record.details } : {}),
    Severity: severity.severity,
    ...(Array.isArray(cwes) && cwes.length > 0 ? { CweIDs: cwes.map(String) } : {}),
    ...(severity.cvss ? { CVSS: { [dataSource.ID]: severity.cvss } } : {}),
    ...(record.references?.length ? { References: record.references.map((r) => r.url) } : {}),
    ...(record.published ? { PublishedDate: record.published } : {}),
    LastModifiedDate: record.modified,
    Evidence: {
      File: app.filePath,
      ...(pkg.locations?.length ? { Locations: pkg.locations.map((l) => ({ StartLine: l.startLine, EndLine: l.endLine })) } : {}),
      AdvisoryID: record.id,
      AffectedRange: range,
    },
  };
}

function mergeVendorIds(target: DetectedVulnerability, other: DetectedVulnerability): void {
  const ids = new Set([...(target.VendorIDs ?? []), ...(other.VendorIDs ?? [])]);
  ids.delete(target.VulnerabilityID);
  target.VendorIDs = [...ids];
}

function firstLine(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const line = text.split('\n', 1)[0].trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
