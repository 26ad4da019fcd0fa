/**
 * The misconfiguration engine's shapes: what a check declares, what it returns, and the findings
 * the engine reports (trivy's `Results[].Misconfigurations[]` JSON shape, field for field).
 */
import type { Severity } from '../vuln/severity.js';

export type { Severity };

/** The config formats the engine knows; each has one parser. */
export type ConfigType = 'dockerfile' | 'kubernetes' | 'helm' | 'terraform' | 'cloudformation' | 'docker-compose';

/**
 * What a check reads: one format's parsed input, or `cloud` — the provider-level state that
 * Terraform and CloudFormation are both adapted into (cloud/state.ts).
 */
export type CheckType = ConfigType | 'cloud';

/** A 1-based, inclusive line range in the scanned file. */
export interface LineRange {
  startLine: number;
  endLine: number;
}

/**
 * One failure a check reports: a message and, when the cause has a place in the file, its lines.
 * A failure without lines is about the whole file (e.g. "no USER instruction").
 */
export interface Cause {
  message: string;
  startLine?: number;
  endLine?: number;
  /** Extra lines an inline ignore comment may sit above (e.g. the Kubernetes object's first line). */
  anchorLines?: number[];
  /** Names the resource the failure is about, when the format has named resources. */
  resource?: string;
  /** Cloud checks: the file the cause is in (a Terraform project spans many files). */
  filePath?: string;
}

/** Everything a check says about itself; ids and severities follow trivy-checks. */
export interface CheckMeta {
  /** The id reported as `ID`, e.g. `DS-0002`, `KSV-0001`. */
  id: string;
  /** Other ids users write for the same check (`AVD-DS-0002`, `DS002`, short code, long id). */
  aliases: readonly string[];
  /** Reported as `Namespace` (and `Query` = `data.<namespace>.deny`), e.g. `builtin.dockerfile.DS002`. */
  namespace: string;
  title: string;
  description: string;
  /** Reported as `Resolution`: what to change. */
  resolution: string;
  severity: Severity;
  references: readonly string[];
  /** `CauseMetadata.Provider`, e.g. `Dockerfile`, `Kubernetes`, `Custom`. */
  provider: string;
  /** `CauseMetadata.Service`, usually `general`. */
  service: string;
  /** Deprecated checks are kept for their ids but not run. */
  deprecated?: boolean;
  /** Reported as `AVDID` when set (trivy prints it for custom checks only). */
  avdId?: string;
  /** A primary documentation link; built-in checks link to the AVD page of their id. */
  primaryUrl?: string;
}

/** A check over one parsed input of type `I`: returns its failures (none = pass). */
export interface Check<I = unknown> extends CheckMeta {
  type: CheckType;
  /**
   * Kubernetes only: the kinds (lower case) the check applies to; absent = every object. A check
   * that applies to no object of a file is not counted as a success for it.
   */
  kinds?: readonly string[];
  /** True for checks loaded from `--config-check` directories. */
  custom?: boolean;
  check(input: I): Cause[];
}

/** One line of the code excerpt in `CauseMetadata.Code`. */
export interface CodeLine {
  Number: number;
  Content: string;
  IsCause: boolean;
  Annotation: string;
  Truncated: boolean;
  FirstCause: boolean;
  LastCause: boolean;
}

/** `CauseMetadata` as trivy prints it; line fields only when the cause has lines. */
export interface CauseMetadata {
  Resource?: string;
  Provider: string;
  Service: string;
  StartLine?: number;
  EndLine?: number;
  Code?: { Lines: CodeLine[] };
}

/** One entry of trivy's `Misconfigurations[]`. */
export interface MisconfigFinding {
  Type: string;
  ID: string;
  AVDID?: string;
  Title: string;
  Description: string;
  Message: string;
  Namespace: string;
  Query: string;
  Resolution: string;
  Severity: Severity;
  PrimaryURL?: string;
  References?: string[];
  Status: 'FAIL' | 'PASS' | 'EXCEPTION';
  /** Images: the layer the instruction came from (set by the image pipeline, not the engine). */
  Layer?: { Digest?: string; DiffID: string };
  CauseMetadata: CauseMetadata;
}

/** The engine's verdict on one file: the input for one `Results[]` entry with `Class: config`. */
export interface FileMisconfigResult {
  filePath: string;
  type: ConfigType;
  /** Failed checks, one finding per cause (Status FAIL), sorted by id then message. */
  failures: MisconfigFinding[];
  /** Checks that applied to the file and found nothing. */
  successes: number;
  /** Failures silenced by inline ignore comments. */
  exceptions: number;
  /** With `includeNonFailures`: one PASS finding per passing check, then the EXCEPTION findings. */
  nonFailures?: MisconfigFinding[];
}

/** Options of one file scan. */
export interface ScanOptions {
  /** Check ids to skip; any id or alias of a check matches (`DS002`, `AVD-DS-0002`, `DS-0002`). */
  skipChecks?: ReadonlySet<string>;
  /** Report passing checks (Status PASS) and ignored failures (Status EXCEPTION) too. */
  includeNonFailures?: boolean;
  /** User checks (from `loadCustomChecks`), run after the built-in ones. */
  customChecks?: readonly Check[];
  /** Run only the user checks (trivy's behaviour when built-in checks are disabled). */
  disableBuiltinChecks?: boolean;
  /** The date inline `exp:YYYY-MM-DD` ignores are compared with (default: now). */
  now?: Date;
}
