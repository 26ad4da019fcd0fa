import type { Application, Package } from '../../analyzer/types.js';
import type { AdvisoryStore } from '../../db/store.js';
import type { OsvAffected, OsvRecord } from '../../db/osv-types.js';
import type { DetectedVulnerability } from '../../report/model.js';
import { identifierOf, osQualifiers } from '../../report/purl.js';
import { schemeForEcosystem } from '../../version/index.js';
import { describeRanges, fixedVersions, isAffected } from './osv-range.js';
import { resolveSeverity } from './severity.js';
import { dataSourceOf, primaryUrlOf } from './data-source.js';
import { findingStatus } from './status.js';

/**
 * Packages x advisory DB -> vulnerabilities, for one application. One finding per
 * (package, vulnerability id): an advisory naming several CVEs (a DSA, a USN) gives one finding
 * per CVE, and when several advisories name the same CVE their ids are merged into VendorIDs.
 */
export function detectVulnerabilities(app: Application, store: AdvisoryStore): DetectedVulnerability[] {
  const scheme = schemeForEcosystem(app.ecosystem);
  if (!scheme) return [];
  const found = new Map<string, DetectedVulnerability>();
  // OS packages are looked up by their source package (Debian, Ubuntu and Alpine key advisories so).
  const lookup = (p: Package) => ({ name: p.srcName ?? p.name, version: p.srcVersion ?? p.version });
  store.prefetch(app.ecosystem, app.packages.map(lookup));
  for (const pkg of app.packages) {
    const { name, version } = lookup(pkg);
    if (!scheme.isValid(version)) continue;
    for (const { advisoryId, seq, entry, listed } of store.affected(app.ecosystem, name, version)) {
      if (!listed && !isAffected(version, entry, scheme)) continue;
      const record = store.advisory(advisoryId);
      if (!record) continue;
      const match: Match = {
        app,
        pkg,
        record,
        entry: record.affected?.[seq],
        fixed: fixedVersions(entry, scheme),
        range: describeRanges(entry),
        dataSourceId: store.dataSourceOf(advisoryId),
      };
      for (const id of findingIds(record)) {
        const vuln = toFinding(match, id, store);
        const key = `${pkg.filePath ?? ''}\0${pkg.id}\0${id}`;
        const existing = found.get(key);
        if (existing) mergeVendorIds(existing, vuln);
        else found.set(key, vuln);
      }
    }
  }
  return [...found.values()];
}

interface Match {
  app: Application;
  pkg: Package;
  record: OsvRecord;
  /** The record's affected[] entry that matched (with its ecosystem_specific). */
  entry: OsvAffected | undefined;
  fixed: string[];
  range: string;
  dataSourceId: string | undefined;
}

/**
 * The ids users know: the record's own id when it is a CVE; else its CVE aliases, one finding
 * each (as trivy shows); else the record's id.
 */
export function findingIds(record: OsvRecord): string[] {
  if (record.id.startsWith('CVE-')) return [record.id];
  const cves = [...new Set((record.aliases ?? []).filter((a) => a.startsWith('CVE-')))].sort();
  return cves.length > 0 ? cves : [record.id];
}

function toFinding(m: Match, id: string, store: AdvisoryStore): DetectedVulnerability {
  const { app, pkg, record, entry, fixed } = m;
  const vendorIds = [record.id, ...(record.aliases ?? [])].filter((a, i, all) => a !== id && !(a.startsWith('CVE-') && id.startsWith('CVE-')) && all.indexOf(a) === i);
  const dataSource = dataSourceOf(record.id, app.ecosystem, m.dataSourceId);
  const enrichment = id.startsWith('CVE-') ? store.enrichment(id) : undefined;
  const severity = resolveSeverity(record, entry, dataSource.ID, enrichment);
  const status = findingStatus(entry, fixed.length > 0);
  const cwes = [...new Set([...asStrings(record.database_specific?.cwe_ids), ...(enrichment?.cweIds ?? [])])];
  return {
    VulnerabilityID: id,
    ...(vendorIds.length > 0 ? { VendorIDs: vendorIds } : {}),
    PkgID: pkg.id,
    PkgName: pkg.name,
    ...(pkg.filePath ? { PkgPath: pkg.filePath } : {}),
    PkgIdentifier: identifierOf(app.purlType, pkg.name, pkg.version, pkg.filePath ?? app.filePath, app.purlNamespace, osQualifiers(pkg.arch, app.distro)),
    InstalledVersion: pkg.version,
    ...(fixed.length > 0 ? { FixedVersion: fixed.join(', ') } : {}),
    Status: status,
    ...(pkg.layer ? { Layer: { ...(pkg.layer.digest ? { Digest: pkg.layer.digest } : {}), DiffID: pkg.layer.diffId } } : {}),
    ...(severity.source ? { SeveritySource: severity.source } : {}),
    PrimaryURL: primaryUrlOf(id),
    DataSource: dataSource,
    Title: record.summary ?? firstLine(record.details),
    ...(record.details ? { Description: record.details } : {}),
    Severity: severity.severity,
    ...(cwes.length > 0 ? { CweIDs: cwes } : {}),
    ...(Object.keys(severity.vendorSeverity).length > 0 ? { VendorSeverity: severity.vendorSeverity } : {}),
    ...(Object.keys(severity.cvss).length > 0 ? { CVSS: severity.cvss } : {}),
    ...(enrichment?.kev ? { KEV: true } : {}),
    ...(enrichment?.epss ? { EPSS: { Score: enrichment.epss.score, Percentile: enrichment.epss.percentile, ...(enrichment.epss.date ? { Date: enrichment.epss.date } : {}) } } : {}),
    ...(record.references?.length ? { References: record.references.map((r) => r.url) } : {}),
    ...(record.published ? { PublishedDate: record.published } : {}),
    LastModifiedDate: record.modified,
    Evidence: {
      File: pkg.filePath ?? app.filePath,
      ...(pkg.locations?.length ? { Locations: pkg.locations.map((l) => ({ StartLine: l.startLine, EndLine: l.endLine })) } : {}),
      AdvisoryID: record.id,
      AffectedRange: m.range,
    },
  };
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
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
