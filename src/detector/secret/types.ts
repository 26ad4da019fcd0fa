/**
 * The secret scanner's data: findings in trivy's JSON shape (`Results[].Secrets[]`), the shape of a
 * built-in rule, and allow rules / exclude blocks as trivy's `trivy-secret.yaml` describes them.
 */

export type SecretSeverity = 'UNKNOWN' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

/** `high`: the token passed its checksum or structure check; `low`: it failed it. Absent: the rule has no check. */
export type SecretConfidence = 'high' | 'low';

/** One line of the code shown around a finding (trivy's `Code.Lines[]`); secrets in it are masked. */
export interface SecretCodeLine {
  Number: number;
  Content: string;
  IsCause: boolean;
  Annotation: string;
  Truncated: boolean;
  Highlighted?: string;
  FirstCause: boolean;
  LastCause: boolean;
}

/** One secret found in one file, as trivy reports it (`Layer` is added by the image pipeline). */
export interface SecretFinding {
  RuleID: string;
  Category: string;
  Severity: SecretSeverity;
  Title: string;
  StartLine: number;
  EndLine: number;
  Code: { Lines: SecretCodeLine[] };
  /** The line holding the secret, the secret replaced by `*` (cut around the secret when long). */
  Match: string;
  /** Byte offset of the secret in the file. */
  Offset: number;
  Confidence?: SecretConfidence;
}

/** What a rule's checks see of a match: the named groups and a little of the line before it. */
export interface RuleMatch {
  groups: Readonly<Record<string, string | undefined>>;
  /** Up to 64 characters of the same line before the match. */
  before: string;
  path: string;
}

/**
 * A built-in rule. `regex` has a named group `secret` and no `g`/`y` flag (the engine adds them).
 * With `anchor: 'keyword'` the regex is tried only where one of the keywords starts (so it must
 * begin with the keyword, `lead` characters later); with `anchor: 'window'` it searches a window
 * around each keyword hit (the hit's line, at most `window.before` bytes before and
 * `window.after` after; `multiline` lets the window cross lines).
 */
export interface SecretRuleSpec {
  id: string;
  category: string;
  title: string;
  severity: SecretSeverity;
  /** Lower-case literals; a rule runs only where one occurs (case-insensitively). */
  keywords: readonly string[];
  regex: RegExp;
  anchor: 'keyword' | 'window';
  /** `anchor: 'keyword'`: characters the regex consumes before the keyword (default 0). */
  lead?: number;
  window?: { before: number; after: number; multiline?: boolean };
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  /** The rule applies only to paths matching this. */
  path?: RegExp;
  /** Checksum or structure check: failing tokens are reported with `Confidence: low` (or dropped). */
  validate?: (secret: string, match: RuleMatch) => boolean;
  /** Placeholders and look-alikes: a match this returns true for is not a finding. */
  reject?: (secret: string, match: RuleMatch) => boolean;
  /** Generic rules give way to a specific rule that found the same secret. */
  generic?: boolean;
  /** Allow rules of this rule only. */
  allowRules?: readonly AllowRule[];
}

/**
 * trivy's allow rule: a finding is dropped when `regex` matches the secret, or, for `path`, when
 * the file path matches (path rules given globally skip the file entirely).
 */
export interface AllowRule {
  id: string;
  description?: string;
  regex?: RegExp;
  path?: RegExp;
}

/** trivy's exclude block: secrets inside text matched by one of `regexes` are not reported. */
export interface ExcludeBlock {
  description?: string;
  regexes: RegExp[];
}
