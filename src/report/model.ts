/**
 * The report model: trivy's JSON SchemaVersion 2 shape, so that tools reading trivy's JSON read
 * picket's. Fields picket adds (Evidence, Picket) are extra keys those tools ignore.
 */
import type { Severity, CvssEntry } from '../detector/vuln/severity.js';
import type { SecretFinding } from '../detector/secret/types.js';
import type { MisconfigFinding } from '../detector/misconfig/types.js';
import type { ModifiedFinding } from './vex/modified-finding.js';
import type { DetectedLicense } from '../detector/license/detect.js';

export interface Report {
  SchemaVersion: 2;
  CreatedAt: string;
  ArtifactName: string;
  ArtifactType: 'filesystem' | 'repository' | 'container_image' | 'vm' | 'cyclonedx' | 'spdx';
  Metadata?: Record<string, unknown>;
  Picket: { Version: string };
  Results: Result[];
}

export type ResultClass = 'os-pkgs' | 'lang-pkgs' | 'secret' | 'config' | 'license' | 'license-file' | 'custom';

export interface Result {
  Target: string;
  Class: ResultClass;
  Type?: string;
  Packages?: ReportPackage[];
  Vulnerabilities?: DetectedVulnerability[];
  /** Class `config`: checks run on the file (trivy leaves Exceptions out when 0). */
  MisconfSummary?: { Successes: number; Failures: number; Exceptions?: number };
  Misconfigurations?: ReportMisconfiguration[];
  /** Class `secret`: secrets found in the file, always masked. */
  Secrets?: ReportSecret[];
  /** --show-suppressed: findings VEX or the ignore file took out, with the statement and its source. */
  ExperimentalModifiedFindings?: ModifiedFinding[];
  /** Class `license` / `license-file`: licences found, classified (trivy's DetectedLicense). */
  Licenses?: DetectedLicense[];
}

/** A secret as trivy reports it (`Results[].Secrets[]`); images add the layer. */
export type ReportSecret = SecretFinding & { Layer?: ReportLayer };

/** A failed (or, with --include-non-failures, passed or excepted) check (`Results[].Misconfigurations[]`). */
export type ReportMisconfiguration = MisconfigFinding;

export interface PkgIdentifier {
  PURL: string;
  UID: string;
}

export interface ReportPackage {
  ID: string;
  Name: string;
  Identifier: PkgIdentifier;
  Version: string;
  Licenses?: string[];
  /** OS packages: the source package it was built from (advisories name it), as trivy reports it. */
  SrcName?: string;
  SrcVersion?: string;
  /** Gathered installed packages: the file the package was found in. */
  FilePath?: string;
  Dev?: boolean;
  Relationship?: string;
  DependsOn?: string[];
  Locations?: { StartLine: number; EndLine: number }[];
  /** Images: the layer the package came from. */
  Layer?: ReportLayer;
  AnalyzedBy: string;
}

/** trivy's `Layer`: blob digest (when known) and DiffID. */
export interface ReportLayer {
  Digest?: string;
  DiffID: string;
}

export interface DataSource {
  ID: string;
  Name: string;
  URL: string;
}

export interface DetectedVulnerability {
  VulnerabilityID: string;
  /** Other ids of the same advisory: the advisory's own id (GHSA-..., GO-...) and aliases. */
  VendorIDs?: string[];
  PkgID: string;
  PkgName: string;
  /** Gathered installed packages: the file the package was found in. */
  PkgPath?: string;
  PkgIdentifier: PkgIdentifier;
  InstalledVersion: string;
  FixedVersion?: string;
  Status: 'fixed' | 'affected' | 'will_not_fix' | 'fix_deferred' | 'end_of_life' | 'unknown';
  /** Images: the layer the package came from. */
  Layer?: ReportLayer;
  SeveritySource?: string;
  PrimaryURL?: string;
  DataSource?: DataSource;
  Title?: string;
  Description?: string;
  Severity: Severity;
  CweIDs?: string[];
  /** Every rating known, by source (1 LOW .. 4 CRITICAL), as trivy writes it. */
  VendorSeverity?: Record<string, number>;
  CVSS?: Record<string, CvssEntry>;
  /** Listed in CISA's Known Exploited Vulnerabilities catalogue. */
  KEV?: true;
  /** FIRST EPSS: probability of exploitation in the next 30 days, and its percentile. */
  EPSS?: { Score: number; Percentile: number; Date?: string };
  References?: string[];
  PublishedDate?: string;
  LastModifiedDate?: string;
  /** Why it was reported: the file and lines of the package, the advisory's affected range. */
  Evidence?: {
    File: string;
    Locations?: { StartLine: number; EndLine: number }[];
    AdvisoryID: string;
    AffectedRange: string;
  };
}
