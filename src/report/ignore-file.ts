import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import picomatch from 'picomatch';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { UserError } from '../errors.js';
import { parsePurl, type ParsedPurl } from '../target/sbom/purl-to-package.js';
import { purlMatches } from './vex/purl-match.js';
import type { FindingType } from './vex/modified-finding.js';

export interface IgnoreRule {
  /** The finding id; absent in a YAML entry that ignores by path or purl whatever the id. */
  id?: string;
  /** The rule stops applying after this day (UTC, inclusive), or after this instant when a time was given. */
  expires?: Date;
  line: number;
  /** The ignore file (the `Source` of what it suppresses). */
  file?: string;
  /** YAML entries: the kind of finding (the section); line-format rules apply to every kind. */
  kind?: FindingType;
  /** Globs (`**` spans directories) on the result's target or the package's path: any may match. */
  paths?: string[];
  /** Packages (purls; without a version: every version): any may match (vulnerabilities only). */
  purls?: ParsedPurl[];
  /** Why the finding is ignored, shown with --show-suppressed. */
  statement?: string;
}

/** The YAML file picket also reads beside the default `.trivyignore`. */
export const DEFAULT_YAML_IGNORE_FILE = '.trivyignore.yaml';

const SECTIONS: Readonly<Record<string, FindingType>> = {
  vulnerabilities: 'vulnerability',
  misconfigurations: 'misconfiguration',
  secrets: 'secret',
  licenses: 'license',
};

/**
 * Reads an ignore file: the YAML form (`.trivyignore.yaml` shape) when the name ends in `.yaml`
 * or `.yml`, else the line form (`.trivyignore`). For the default file (`explicit` false) a
 * `.trivyignore.yaml` beside it is read too, and absent files are no rules; an absent file the
 * user named is an error.
 */
export async function loadIgnoreFile(path: string, explicit: boolean): Promise<IgnoreRule[]> {
  const rules = await loadOne(path, explicit);
  if (!explicit && !isYaml(path)) {
    const yamlPath = join(dirname(path), DEFAULT_YAML_IGNORE_FILE);
    if (existsSync(yamlPath)) rules.push(...(await loadOne(yamlPath, true)));
  }
  return rules;
}

async function loadOne(path: string, explicit: boolean): Promise<IgnoreRule[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (!explicit && (err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new UserError(`ignore file ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  return isYaml(path) ? parseIgnoreYaml(text, path) : parseIgnoreFile(text, path);
}

function isYaml(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

/** The line form: one finding id per line, `#` comments, and an optional `exp:YYYY-MM-DD` after the id. */
export function parseIgnoreFile(text: string, path: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const [id, ...rest] = line.split(/\s+/);
    const rule: IgnoreRule = { id, line: index + 1, file: path };
    for (const field of rest) {
      const exp = /^exp:(\d{4}-\d{2}-\d{2})$/.exec(field);
      if (!exp) throw new UserError(`ignore file ${path}:${index + 1}: unknown field "${field}" (expected exp:YYYY-MM-DD)`);
      rule.expires = endOfDay(exp[1], `ignore file ${path}:${index + 1}`);
    }
    rules.push(rule);
  });
  return rules;
}

/**
 * The YAML form: `vulnerabilities`, `misconfigurations`, `secrets` and `licenses` lists of
 * entries with `id`, `paths` (globs), `purls` (vulnerabilities), `expired_at` (a date, or a date
 * and time) and `statement`. An entry needs an id, paths or purls; a malformed file is a one-line
 * UserError naming the file and line.
 */
export function parseIgnoreYaml(text: string, path: string): IgnoreRule[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (node: Node | null | undefined) => (node?.range ? lineCounter.linePos(node.range[0]).line : 1);
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    throw new UserError(`ignore file ${path}:${lineCounter.linePos(err.pos[0]).line}: not valid YAML: ${err.message.split('\n')[0]}`);
  }
  if (doc.contents === null) return [];
  if (!isMap(doc.contents)) throw new UserError(`ignore file ${path}: expected a map of vulnerabilities, misconfigurations, secrets, licenses`);
  const rules: IgnoreRule[] = [];
  for (const pair of doc.contents.items) {
    const section = isScalar(pair.key) ? String(pair.key.value) : '';
    const kind = Object.hasOwn(SECTIONS, section) ? SECTIONS[section] : undefined;
    const where = `ignore file ${path}:${lineOf(pair.key as Node)}`;
    if (!kind) throw new UserError(`${where}: unknown section "${section}" (expected ${Object.keys(SECTIONS).join(', ')})`);
    if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) continue;
    if (!isSeq(pair.value)) throw new UserError(`${where}: ${section} must be a list of entries`);
    for (const item of pair.value.items) rules.push(ruleOf(item as Node, kind, path, lineOf(item as Node)));
  }
  return rules;
}

function ruleOf(node: Node, kind: FindingType, path: string, line: number): IgnoreRule {
  const where = `ignore file ${path}:${line}`;
  if (!isMap(node)) throw new UserError(`${where}: an entry must be a map with id, paths, purls, expired_at, statement`);
  const entry = node.toJSON() as Record<string, unknown>;
  const rule: IgnoreRule = { line, file: path, kind };
  for (const [key, value] of Object.entries(entry)) {
    switch (key) {
      case 'id':
        if (typeof value !== 'string' && typeof value !== 'number') throw new UserError(`${where}: id must be a string`);
        rule.id = String(value);
        break;
      case 'paths':
        rule.paths = stringList(value, `${where}: paths`);
        break;
      case 'purls':
        rule.purls = stringList(value, `${where}: purls`).map((p) => {
          const purl = parsePurl(p);
          if (!purl) throw new UserError(`${where}: "${p}" is not a purl (pkg:type/namespace/name@version)`);
          return purl;
        });
        break;
      case 'expired_at':
        rule.expires = expiryOf(value, where);
        break;
      case 'statement':
        if (value !== null) rule.statement = String(value);
        break;
      default:
        throw new UserError(`${where}: unknown key "${key}" (expected id, paths, purls, expired_at, statement)`);
    }
  }
  if (rule.id === undefined && !rule.paths?.length && !rule.purls?.length) throw new UserError(`${where}: an entry needs an id, paths or purls`);
  return rule;
}

function stringList(value: unknown, where: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => typeof v === 'string' && v !== '')) throw new UserError(`${where} must be a list of strings`);
  return list as string[];
}

function expiryOf(value: unknown, where: string): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return endOfDay(text, where);
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new UserError(`${where}: expired_at "${text}" is not a date (YYYY-MM-DD)`);
  return new Date(t);
}

function endOfDay(day: string, where: string): Date {
  const date = new Date(`${day}T23:59:59.999Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) throw new UserError(`${where}: invalid date "${day}"`);
  return date;
}

/** True while the rule applies (no expiry, or not yet expired at `now`). */
export function isActive(rule: IgnoreRule, now: Date): boolean {
  return !rule.expires || rule.expires >= now;
}

/**
 * Ids that line-form rules ignore at `now` for every kind of finding (expired rules are dropped).
 * YAML entries are matched with their paths and purls by `matchIgnoreRule` instead.
 */
export function activeIgnoredIds(rules: IgnoreRule[], now = new Date()): Set<string> {
  return new Set(rules.filter((r) => r.kind === undefined && r.id !== undefined && isActive(r, now)).map((r) => r.id!));
}

/** What a finding offers an ignore rule: its ids, the paths it is found at, its package. */
export interface IgnoreCandidate {
  kind: FindingType;
  /** The finding's id and its other ids (advisory ids, a check's AVD id); compared with `sameId`. */
  ids: readonly string[];
  /** The result's target and the package's own file. */
  paths: readonly string[];
  purl?: string;
}

/**
 * The first active rule that ignores the finding: same kind (or a line-form rule), one of its ids
 * (by `sameId`; any id when the rule has none), one of its paths matching a `paths` glob (when the
 * rule has some) and its package matching a purl (when the rule has some).
 */
export function matchIgnoreRule(rules: readonly IgnoreRule[], finding: IgnoreCandidate, now: Date, sameId: (a: string, b: string) => boolean = (a, b) => a === b): IgnoreRule | undefined {
  let purl: ParsedPurl | null | undefined = null;
  for (const rule of rules) {
    if (rule.kind !== undefined && rule.kind !== finding.kind) continue;
    if (!isActive(rule, now)) continue;
    if (rule.id !== undefined && !finding.ids.some((id) => sameId(rule.id!, id))) continue;
    if (rule.paths?.length && !finding.paths.some((p) => p !== '' && rule.paths!.some((g) => globMatcher(g)(p)))) continue;
    if (rule.purls?.length) {
      if (purl === null) purl = finding.purl ? parsePurl(finding.purl) : undefined;
      if (!purl || !rule.purls.some((pattern) => purlMatches(pattern, purl!))) continue;
    }
    return rule;
  }
  return undefined;
}

const globCache = new Map<string, (path: string) => boolean>();

function globMatcher(glob: string): (path: string) => boolean {
  let m = globCache.get(glob);
  if (!m) {
    m = picomatch(glob, { dot: true });
    globCache.set(glob, m);
  }
  return m;
}

/** Rules past their expiry at `now`, for one warning each. */
export function expiredRules(rules: readonly IgnoreRule[], now: Date): IgnoreRule[] {
  return rules.filter((r) => !isActive(r, now));
}

/** `file:line` of a rule, for messages. */
export function ruleLocation(rule: IgnoreRule): string {
  return `${rule.file ?? 'ignore file'}:${rule.line}`;
}
