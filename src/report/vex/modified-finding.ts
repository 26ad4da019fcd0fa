import type { DetectedVulnerability, ReportMisconfiguration, ReportSecret, Result } from '../model.js';

/** The kinds of finding a suppression can apply to, as trivy names them. */
export type FindingType = 'vulnerability' | 'misconfiguration' | 'secret' | 'license';

/**
 * A finding that VEX or the ignore file suppressed, in trivy's shape (`ModifiedFinding`, listed
 * under a result's `ExperimentalModifiedFindings` with --show-suppressed): the status the source
 * gave it (`not_affected`, `fixed`; `ignored` for the ignore file), the statement (the VEX
 * justification or the ignore entry's `statement`), the source (the file), and the finding itself.
 */
export interface ModifiedFinding {
  Type: FindingType;
  Status: 'not_affected' | 'fixed' | 'ignored';
  Statement: string;
  Source: string;
  Finding: DetectedVulnerability | ReportMisconfiguration | ReportSecret | Record<string, unknown>;
}

/** A result that may list suppressed findings (trivy's JSON key). */
export type ResultWithSuppressed = Result & { ExperimentalModifiedFindings?: ModifiedFinding[] };
