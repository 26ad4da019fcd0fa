import type { CustomSecretRule } from './config.js';
import type { AllowRule, ExcludeBlock, RuleMatch, SecretRuleSpec, SecretSeverity } from './types.js';

/**
 * A rule ready to run: built-in and custom rules in one shape. `mode` says where the regex is
 * tried: `keyword` (sticky, where a keyword starts), `window` (around each keyword hit) or `text`
 * (the whole file, trivy's way, for custom rules).
 */
export interface CompiledRule {
  index: number;
  id: string;
  category: string;
  title: string;
  severity: SecretSeverity;
  mode: 'keyword' | 'window' | 'text';
  regex: RegExp;
  keywords: readonly string[];
  lead: number;
  before: number;
  after: number;
  /** Groups holding the secret; empty: the whole match. */
  secretGroups: readonly string[];
  entropy?: number;
  path?: RegExp;
  validate?: (secret: string, match: RuleMatch) => boolean;
  reject?: (secret: string, match: RuleMatch) => boolean;
  generic: boolean;
  allowRegexes: readonly RegExp[];
  allowPaths: readonly RegExp[];
  excludeBlocks: readonly RegExp[];
}

const DEFAULT_WINDOW = { before: 256, after: 512 };

function withFlags(re: RegExp, extra: string): RegExp {
  const flags = new Set((re.flags + extra).replace(/[gy]/g, ''));
  for (const f of extra) flags.add(f);
  return new RegExp(re.source, [...flags].join(''));
}

function splitAllow(rules: readonly AllowRule[] | undefined, disabled: ReadonlySet<string>): { regexes: RegExp[]; paths: RegExp[] } {
  const live = (rules ?? []).filter((r) => !disabled.has(r.id));
  return { regexes: live.flatMap((r) => (r.regex ? [r.regex] : [])), paths: live.flatMap((r) => (r.path ? [r.path] : [])) };
}

/** Compiles a built-in rule (its regex gets `d` plus `y` or `g`). */
export function compileBuiltinRule(spec: SecretRuleSpec, index: number, disabledAllow: ReadonlySet<string>): CompiledRule {
  if (spec.regex.flags.includes('g') || spec.regex.flags.includes('y')) throw new Error(`secret rule ${spec.id}: regex must not carry g or y`);
  const allow = splitAllow(spec.allowRules, disabledAllow);
  const window = spec.window ?? DEFAULT_WINDOW;
  return {
    index,
    id: spec.id,
    category: spec.category,
    title: spec.title,
    severity: spec.severity,
    mode: spec.anchor,
    regex: withFlags(spec.regex, spec.anchor === 'keyword' ? 'dy' : 'dg'),
    keywords: spec.keywords,
    lead: spec.lead ?? 0,
    before: window.before,
    after: window.after,
    secretGroups: ['secret'],
    entropy: spec.entropy,
    path: spec.path,
    validate: spec.validate,
    reject: spec.reject,
    generic: spec.generic ?? false,
    allowRegexes: allow.regexes,
    allowPaths: allow.paths,
    excludeBlocks: [],
  };
}

/** Compiles a rule from the config file: it runs over the whole text, as in trivy. */
export function compileCustomRule(rule: CustomSecretRule, index: number, disabledAllow: ReadonlySet<string>): CompiledRule {
  const allow = splitAllow(rule.allowRules, disabledAllow);
  return {
    index,
    id: rule.id,
    category: rule.category,
    title: rule.title,
    severity: rule.severity,
    mode: 'text',
    regex: withFlags(rule.regex, 'dg'),
    keywords: rule.keywords,
    lead: 0,
    before: 0,
    after: 0,
    secretGroups: rule.secretGroups,
    path: rule.path,
    generic: false,
    allowRegexes: allow.regexes,
    allowPaths: allow.paths,
    excludeBlocks: (rule.excludeBlock?.regexes ?? []).map((re) => withFlags(re, 'g')),
  };
}

/** Exclude-block regexes ready for a global search. */
export function compileExcludeBlock(block: ExcludeBlock | undefined): RegExp[] {
  return (block?.regexes ?? []).map((re) => withFlags(re, 'g'));
}
