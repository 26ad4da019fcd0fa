import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { UserError } from '../../errors.js';
import { RegexpTranslationError, translateGoRegexp } from './go-regexp.js';
import type { AllowRule, ExcludeBlock, SecretSeverity } from './types.js';

/** A rule from the config file's `rules`: trivy's fields, its regexes already compiled. */
export interface CustomSecretRule {
  id: string;
  category: string;
  title: string;
  severity: SecretSeverity;
  /** Compiled without `g`/`y`; runs over the whole file (once a keyword, if any, occurs). */
  regex: RegExp;
  /** The regex groups holding the secret (a repeated `secret-group-name` has several); empty: the whole match. */
  secretGroups: string[];
  keywords: string[];
  path?: RegExp;
  allowRules: AllowRule[];
  excludeBlock?: ExcludeBlock;
}

/**
 * The secret scanner's configuration, as read from a `trivy-secret.yaml`-compatible file:
 * custom `rules`, global `allow-rules` and `exclude-block`, `enable-builtin-rules` (only these
 * built-in rules run), `disable-rules`, `disable-allow-rules`, `skip-patterns` (globs), and
 * picket's `low-confidence: report|drop` (what to do with tokens that fail their checksum).
 */
export interface SecretConfig {
  rules?: CustomSecretRule[];
  allowRules?: AllowRule[];
  excludeBlock?: ExcludeBlock;
  enableBuiltinRules?: string[];
  disableRules?: string[];
  disableAllowRules?: string[];
  skipPatterns?: string[];
  lowConfidence?: 'report' | 'drop';
  /** What was accepted with a change (unknown severity, widened inline flags, unknown keys). */
  warnings?: string[];
}

const SEVERITIES: readonly SecretSeverity[] = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];
const TOP_LEVEL_KEYS = new Set(['rules', 'allow-rules', 'exclude-block', 'enable-builtin-rules', 'disable-rules', 'disable-allow-rules', 'skip-patterns', 'low-confidence']);

type Yaml = Record<string, unknown>;

/**
 * Reads a secret config file. Errors the user can fix (missing file, bad YAML, a rule without an
 * id or regex, a regex that does not compile) are one-line `UserError`s naming the file.
 */
export async function loadSecretConfig(file: string): Promise<SecretConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`secret config ${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(err)})`}`);
  }
  return parseSecretConfig(text, file);
}

/** Parses secret config text; `source` names it in error messages. */
export function parseSecretConfig(text: string, source: string): SecretConfig {
  const fail = (what: string): never => {
    throw new UserError(`secret config ${source}: ${what}`);
  };
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0) fail(`not valid YAML (${doc.errors[0].message.split('\n')[0]})`);
  const root: unknown = doc.toJS();
  if (root === null || root === undefined) return { warnings: [] };
  if (typeof root !== 'object' || Array.isArray(root)) fail('expected a mapping at the top level');
  const top = root as Yaml;
  const warnings: string[] = [];
  for (const key of Object.keys(top)) if (!TOP_LEVEL_KEYS.has(key)) warnings.push(`unknown key "${key}" ignored`);

  const regexp = (pattern: unknown, where: string): { re: RegExp; groups: Map<string, string[]> } => {
    if (typeof pattern !== 'string' || pattern === '') return fail(`${where}: regex must be a non-empty string`);
    try {
      const t = translateGoRegexp(pattern);
      for (const note of t.notes) warnings.push(`${where}: ${note}`);
      return { re: new RegExp(t.source, t.flags + 'd'), groups: t.groupCopies };
    } catch (err) {
      const reason = err instanceof RegexpTranslationError || err instanceof SyntaxError ? err.message.replace(/^Invalid regular expression: /, '') : String(err);
      return fail(`${where}: invalid regex ${JSON.stringify(pattern)} (${reason})`);
    }
  };
  const stringList = (value: unknown, where: string): string[] => {
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return [value];
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return fail(`${where} must be a list of strings`);
    return value as string[];
  };
  const pathRegexp = (value: unknown, where: string): RegExp | undefined => {
    const list = stringList(value, where);
    if (list.length === 0) return undefined;
    const parts = list.map((p) => regexp(p, where).re);
    return new RegExp(parts.map((r) => `(?:${r.source})`).join('|'), parts.some((r) => r.flags.includes('i')) ? 'i' : '');
  };
  const allowRules = (value: unknown, where: string): AllowRule[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) return fail(`${where} must be a list`);
    return value.map((entry: unknown, i): AllowRule => {
      if (entry === null || typeof entry !== 'object') return fail(`${where}[${i}] must be a mapping`);
      const e = entry as Yaml;
      const id = typeof e.id === 'string' && e.id !== '' ? e.id : `${where}[${i}]`;
      const rule: AllowRule = { id, description: typeof e.description === 'string' ? e.description : undefined };
      if (e.regex !== undefined) rule.regex = regexp(e.regex, `${where} "${id}"`).re;
      if (e.path !== undefined) rule.path = pathRegexp(e.path, `${where} "${id}" path`);
      if (!rule.regex && !rule.path) fail(`${where} "${id}" needs a regex or a path`);
      return rule;
    });
  };
  const excludeBlock = (value: unknown, where: string): ExcludeBlock | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) return fail(`${where} must be a mapping with regexes`);
    const e = value as Yaml;
    const regexes = stringList(e.regexes, `${where} regexes`).map((p) => regexp(p, `${where}`).re);
    return { description: typeof e.description === 'string' ? e.description : undefined, regexes };
  };

  const rules: CustomSecretRule[] = [];
  if (top.rules !== undefined && top.rules !== null) {
    if (!Array.isArray(top.rules)) fail('rules must be a list');
    (top.rules as unknown[]).forEach((entry, i) => {
      if (entry === null || typeof entry !== 'object') fail(`rules[${i}] must be a mapping`);
      const r = entry as Yaml;
      if (typeof r.id !== 'string' || r.id === '') fail(`rules[${i}] has no id`);
      const id = r.id as string;
      const where = `rule "${id}"`;
      const { re, groups } = regexp(r.regex, where);
      let secretGroups: string[] = [];
      const groupName = r['secret-group-name'];
      if (typeof groupName === 'string' && groupName !== '') {
        secretGroups = groups.get(groupName) ?? fail(`${where}: secret-group-name "${groupName}" is not a group of its regex`);
      }
      let severity: SecretSeverity = 'UNKNOWN';
      if (r.severity !== undefined && r.severity !== null) {
        const upper = String(r.severity).toUpperCase();
        if ((SEVERITIES as readonly string[]).includes(upper)) severity = upper as SecretSeverity;
        else warnings.push(`${where}: unknown severity "${String(r.severity)}", using UNKNOWN`);
      }
      rules.push({
        id,
        category: typeof r.category === 'string' ? r.category : '',
        title: typeof r.title === 'string' ? r.title : '',
        severity,
        regex: re,
        secretGroups,
        keywords: stringList(r.keywords, `${where} keywords`).map((k) => k.toLowerCase()).filter((k) => k !== ''),
        path: pathRegexp(r.path, `${where} path`),
        allowRules: allowRules(r['allow-rules'], `${where} allow-rules`),
        excludeBlock: excludeBlock(r['exclude-block'], `${where} exclude-block`),
      });
    });
  }
  const lowConfidence = top['low-confidence'];
  if (lowConfidence !== undefined && lowConfidence !== 'report' && lowConfidence !== 'drop') fail('low-confidence must be "report" or "drop"');
  const config: SecretConfig = {
    rules,
    allowRules: allowRules(top['allow-rules'], 'allow-rules'),
    excludeBlock: excludeBlock(top['exclude-block'], 'exclude-block'),
    disableRules: stringList(top['disable-rules'], 'disable-rules'),
    disableAllowRules: stringList(top['disable-allow-rules'], 'disable-allow-rules'),
    skipPatterns: stringList(top['skip-patterns'], 'skip-patterns'),
    lowConfidence: lowConfidence as SecretConfig['lowConfidence'],
    warnings,
  };
  if (top['enable-builtin-rules'] !== undefined && top['enable-builtin-rules'] !== null) {
    config.enableBuiltinRules = stringList(top['enable-builtin-rules'], 'enable-builtin-rules');
  }
  return config;
}
