/**
 * Inline ignore comments, as trivy documents them: `#trivy:ignore:AVD-DS-0002` (also
 * `picket:ignore:` and the older `tfsec:ignore:`) on the line above the cause, or at the end of
 * its first line. Several rules on consecutive lines form a block that applies to the line after
 * the block. `:exp:YYYY-MM-DD` makes a rule expire after that date; `*` ignores every check.
 */
import { checkIds } from './check-ids.js';
import type { Cause, CheckMeta } from './types.js';

/** One ignore rule found in a file. */
export interface IgnoreRule {
  /** The check id as written (lower case), or `*`. */
  id: string;
  /** The line the rule applies from (its own line; the block's last line for a block). */
  line: number;
  /** The line the comment is on. */
  commentLine: number;
  /** Expiry: the rule is ignored after this day. */
  expires?: Date;
}

const PREFIXES = ['picket:', 'trivy:', 'tfsec:'];

/** Finds the ignore rules in a file's lines (1-based line numbers). */
export function parseIgnoreRules(lines: readonly string[]): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  lines.forEach((text, index) => {
    if (!text.includes('ignore:')) return;
    for (const raw of text.trim().split(/\s+/)) {
      const part = raw.replace(/^[#/*]+/, '');
      const prefix = PREFIXES.find((p) => part.startsWith(p));
      if (!prefix) continue;
      const rule = parseRule(part.slice(prefix.length), index + 1);
      if (rule) rules.push(rule);
    }
  });
  // a block of rule lines applies to the line after the block
  for (let i = rules.length - 2; i >= 0; i--) {
    const next = rules[i + 1];
    if (next.commentLine === rules[i].commentLine + 1 || next.commentLine === rules[i].commentLine) {
      rules[i].line = next.line;
    }
  }
  return rules;
}

function parseRule(text: string, line: number): IgnoreRule | undefined {
  const segments = text.split(':');
  let id: string | undefined;
  let expires: Date | undefined;
  for (let i = 0; i + 1 < segments.length; i += 2) {
    const key = segments[i];
    const value = segments[i + 1];
    if (key === 'ignore' && value) id = value.replace(/\[.*$/, '').toLowerCase();
    else if (key === 'exp' && /^\d{4}-\d{2}-\d{2}$/.test(value)) expires = new Date(`${value}T23:59:59.999Z`);
  }
  return id ? { id, line, commentLine: line, expires } : undefined;
}

/**
 * True when a rule silences the cause: the rule names the check (or `*`), has not expired, and
 * sits on or right above the cause's first line or one of its anchor lines. A cause without lines
 * (about the whole file) is silenced by a rule above `headerEnd` (the first content line).
 */
export function isIgnored(rules: readonly IgnoreRule[], check: CheckMeta, cause: Cause, headerEnd: number, now: Date): boolean {
  if (rules.length === 0) return false;
  const ids = checkIds(check);
  const anchors = [...(cause.startLine ? [cause.startLine] : []), ...(cause.anchorLines ?? [])];
  return rules.some((rule) => {
    if (rule.id !== '*' && !ids.includes(rule.id)) return false;
    if (rule.expires && now > rule.expires) return false;
    if (cause.startLine === undefined && rule.commentLine < headerEnd) return true;
    return anchors.some((line) => line === rule.line || line === rule.line + 1);
  });
}
