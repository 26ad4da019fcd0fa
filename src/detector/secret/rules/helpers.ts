import type { RuleMatch, SecretRuleSpec, SecretSeverity } from '../types.js';

/** Fields every rule states. */
export interface RuleHead {
  id: string;
  category: string;
  title: string;
  severity: SecretSeverity;
}

/** Regex source of a UUID (any case). */
export const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** Regex source of 32 lower-case hex digits. */
export const HEX32 = '[0-9a-f]{32}';

/** Characters that continue a token: a token must not be preceded or followed by one. */
const TOKEN_CHAR = 'A-Za-z0-9_\\-';

/** `text` as a regex source matching it literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * A token that starts with a literal prefix (one of `prefixes`, case-sensitive) followed by `body`
 * (regex source). Tried only where a prefix occurs; the token must stand alone: no token character
 * right before it (`tokenChars`, a class body) nor right after it (`after` overrides that). Bodies
 * should not repeat `=` or other separators inside them: a prefix after one would start a new try.
 */
export function prefixedToken(
  head: RuleHead & {
    prefixes: readonly string[];
    body: string;
    tokenChars?: string;
    after?: string;
    validate?: SecretRuleSpec['validate'];
    reject?: SecretRuleSpec['reject'];
    entropy?: number;
  },
): SecretRuleSpec {
  const alternatives = head.prefixes.map(escapeRegex).join('|');
  const chars = head.tokenChars ?? TOKEN_CHAR;
  const after = head.after ?? `(?![${chars}])`;
  return {
    id: head.id,
    category: head.category,
    title: head.title,
    severity: head.severity,
    keywords: head.prefixes.map((p) => p.toLowerCase()),
    regex: new RegExp(`(?<![${chars}])(?<secret>(?:${alternatives})${head.body})${after}`),
    anchor: 'keyword',
    validate: head.validate,
    reject: head.reject,
    entropy: head.entropy,
  };
}

/**
 * A value whose format alone is too plain to tell (32 hex digits, a UUID), found where it is
 * assigned to a name that says whose it is: `name` (regex source, case-insensitive) then up to 24
 * name characters, an optional closing quote, an operator (`=`, `:`, `:=`, `=>`) or blanks, an
 * optional opening quote, and the `value`. Runs in a window around each keyword.
 */
export function assignedValue(
  head: RuleHead & {
    keywords: readonly string[];
    name: string;
    value: string;
    entropy?: number;
    validate?: SecretRuleSpec['validate'];
    reject?: SecretRuleSpec['reject'];
    path?: RegExp;
  },
): SecretRuleSpec {
  return {
    id: head.id,
    category: head.category,
    title: head.title,
    severity: head.severity,
    keywords: head.keywords,
    regex: new RegExp(
      `(?:${head.name})[A-Za-z0-9_.-]{0,24}["'\\]]{0,2}(?:[ \\t]{0,4}(?::=|=>|[:=])[ \\t]{0,4}|[ \\t]{1,4})(?:["'\`][ \\t]{0,2})?(?<secret>${head.value})(?![A-Za-z0-9_+/=-])`,
      'i',
    ),
    anchor: 'window',
    window: { before: 64, after: 192 },
    entropy: head.entropy,
    validate: head.validate,
    reject: head.reject ?? rejectPlaceholder,
    path: head.path,
  };
}

/**
 * A token of a plain format (no prefix of its own) found near a word that names its vendor:
 * `token` (regex source) anywhere within `before`/`after` bytes of a keyword.
 */
export function tokenNear(
  head: RuleHead & {
    keywords: readonly string[];
    token: string;
    before?: number;
    after?: number;
    validate?: SecretRuleSpec['validate'];
    entropy?: number;
  },
): SecretRuleSpec {
  return {
    id: head.id,
    category: head.category,
    title: head.title,
    severity: head.severity,
    keywords: head.keywords,
    regex: new RegExp(`(?<![${TOKEN_CHAR}])(?<secret>${head.token})(?![${TOKEN_CHAR}])`),
    anchor: 'window',
    window: { before: head.before ?? 256, after: head.after ?? 256 },
    validate: head.validate,
    entropy: head.entropy,
    reject: rejectPlaceholder,
  };
}

const PLACEHOLDER = /^(?:x+|0+|1234.*|(.)\1{7,}.*)$|example|sample|dummy|placeholder|changeme|change_me|changeit|your[_-]?|redacted|insert|replace|fixme|todo|notreal|not_real|fake/i;

/** Values that are clearly not real: `xxxx`, `0000`, `your_token`, `example`, `changeme`… */
export function rejectPlaceholder(secret: string, _match?: RuleMatch): boolean {
  return PLACEHOLDER.test(secret);
}
