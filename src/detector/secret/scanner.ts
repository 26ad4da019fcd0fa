import picomatch from 'picomatch';
import type { Readable } from 'node:stream';
import { builtinAllowRules } from './allow-rules.js';
import { compileBuiltinRule, compileCustomRule, compileExcludeBlock, type CompiledRule } from './compiled-rule.js';
import type { SecretConfig } from './config.js';
import { shannonEntropy } from './entropy.js';
import { buildFindings, hasIgnoreMarker, type Candidate } from './findings.js';
import { KeywordMatcher } from './keyword-matcher.js';
import { builtinRules } from './rules/registry.js';
import { hasBinaryExtension, looksBinary } from './skip-files.js';
import { scanChunks } from './stream.js';
import type { AllowRule, RuleMatch, SecretFinding, SecretRuleSpec } from './types.js';

/** Files larger than this should be given to `scanStream` rather than read whole. */
export const DEFAULT_MAX_IN_MEMORY = 16 * 1024 * 1024;

/**
 * The secret scanner of one configuration. `wants` says whether a file is worth reading (not a
 * binary by extension, not under an allow rule's path, not matched by `skip-patterns`); `scan`
 * finds secrets in a file's bytes; `scanStream` does the same for a file too large to hold,
 * reading chunks that overlap so no secret is cut in two.
 */
export interface SecretScanner {
  wants(path: string, size: number): boolean;
  scan(path: string, content: Buffer): SecretFinding[];
  scanStream(path: string, readable: Readable): Promise<SecretFinding[]>;
  /** Files of at least this many bytes should go to `scanStream`. */
  readonly maxInMemorySize: number;
  /** The rules that run, in order (built-in first, then custom). */
  readonly ruleIds: readonly string[];
}

/** Scanner options beyond the config file. */
export interface SecretScannerOptions {
  /** Built-in rules to use instead of the registry (tests). */
  builtinRules?: readonly SecretRuleSpec[];
  maxInMemorySize?: number;
  /** Chunk size for `scanStream` (default 4 MiB) and the overlap between chunks (default 64 KiB). */
  chunkSize?: number;
  chunkOverlap?: number;
}

const BEFORE_CONTEXT = 64;
const WINDOW_MARGIN = 16;
/**
 * Keywords are cut to this many bytes for the prefilter: the automaton stays small enough for the
 * CPU cache (the regex checks the rest), at the cost of a few more hits.
 */
const MAX_KEYWORD_LENGTH = 8;

/** Whether one of `keywords` (lower case) starts at `at`, ASCII case ignored. */
function startsWithKeyword(content: Buffer, at: number, keywords: readonly string[]): boolean {
  return keywords.some((k) => {
    if (at + k.length > content.length) return false;
    for (let i = 0; i < k.length; i++) {
      const c = content[at + i];
      if ((c >= 0x41 && c <= 0x5a ? c + 0x20 : c) !== k.charCodeAt(i)) return false;
    }
    return true;
  });
}

/** A test "does [start, end) overlap one of these ranges", in logarithmic time. */
function overlapIndex(ranges: readonly { start: number; end: number }[]): (start: number, end: number) => boolean {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const maxEnd: number[] = [];
  for (const r of sorted) maxEnd.push(Math.max(r.end, maxEnd.length ? maxEnd[maxEnd.length - 1] : -1));
  return (start, end) => {
    // The last range starting before `end`: any overlap has its end (or an earlier one's) past `start`.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid].start < end) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && maxEnd[lo - 1] > start;
  };
}

/** Builds a scanner from a config (built-in rules and allow rules only, when none). */
export function createSecretScanner(config: SecretConfig = {}, options: SecretScannerOptions = {}): SecretScanner {
  return new Scanner(config, options);
}

class Scanner implements SecretScanner {
  readonly maxInMemorySize: number;
  readonly ruleIds: readonly string[];
  private readonly rules: CompiledRule[];
  private readonly matcher: KeywordMatcher;
  /** For each keyword of the matcher: the rules it starts. */
  private readonly rulesOfKeyword: Int32Array[];
  /** Custom rules without keywords: always run over the whole text. */
  private readonly unkeyed: CompiledRule[];
  private readonly skipPath: (path: string) => boolean;
  private readonly allowSecret: RegExp[];
  private readonly excludeBlocks: RegExp[];
  private readonly dropLow: boolean;
  private readonly chunkSize: number;
  private readonly chunkOverlap: number;

  constructor(config: SecretConfig, options: SecretScannerOptions) {
    this.maxInMemorySize = options.maxInMemorySize ?? DEFAULT_MAX_IN_MEMORY;
    this.chunkSize = options.chunkSize ?? 4 * 1024 * 1024;
    this.chunkOverlap = options.chunkOverlap ?? 64 * 1024;
    this.dropLow = config.lowConfidence === 'drop';
    const disabledRules = new Set(config.disableRules ?? []);
    const disabledAllow = new Set(config.disableAllowRules ?? []);
    const enabled = config.enableBuiltinRules ? new Set(config.enableBuiltinRules) : undefined;
    const specs = (options.builtinRules ?? builtinRules).filter((r) => !disabledRules.has(r.id) && (!enabled || enabled.has(r.id)));
    const rules: CompiledRule[] = specs.map((spec, i) => compileBuiltinRule(spec, i, disabledAllow));
    for (const custom of config.rules ?? []) {
      if (!disabledRules.has(custom.id)) rules.push(compileCustomRule(custom, rules.length, disabledAllow));
    }
    this.rules = rules;
    this.ruleIds = rules.map((r) => r.id);

    const keywordIndex = new Map<string, number>();
    const rulesOfKeyword: number[][] = [];
    this.unkeyed = [];
    for (const rule of rules) {
      if (rule.keywords.length === 0) {
        this.unkeyed.push(rule);
        continue;
      }
      for (const keyword of rule.keywords) {
        const kw = keyword.slice(0, MAX_KEYWORD_LENGTH);
        let k = keywordIndex.get(kw);
        if (k === undefined) {
          k = keywordIndex.size;
          keywordIndex.set(kw, k);
          rulesOfKeyword.push([]);
        }
        if (!rulesOfKeyword[k].includes(rule.index)) rulesOfKeyword[k].push(rule.index);
      }
    }
    this.matcher = new KeywordMatcher([...keywordIndex.keys()]);
    this.rulesOfKeyword = rulesOfKeyword.map((l) => Int32Array.from(l));

    const allow: AllowRule[] = [...builtinAllowRules, ...(config.allowRules ?? [])].filter((r) => !disabledAllow.has(r.id));
    const pathRes = allow.flatMap((r) => (r.path ? [r.path] : []));
    // One regex per case mode, so a file path is tested twice at most.
    const caseInsensitive = pathRes.filter((r) => r.flags.includes('i'));
    const caseSensitive = pathRes.filter((r) => !r.flags.includes('i'));
    const sensitive = caseSensitive.length ? new RegExp(caseSensitive.map((r) => `(?:${r.source})`).join('|')) : undefined;
    const insensitive = caseInsensitive.length ? new RegExp(caseInsensitive.map((r) => `(?:${r.source})`).join('|'), 'i') : undefined;
    const skipGlobs = config.skipPatterns?.length ? picomatch(config.skipPatterns, { dot: true }) : undefined;
    this.skipPath = (path) => (sensitive?.test(path) ?? false) || (insensitive?.test(path) ?? false) || (skipGlobs?.(path) ?? false);
    this.allowSecret = allow.flatMap((r) => (r.regex ? [r.regex] : []));
    this.excludeBlocks = compileExcludeBlock(config.excludeBlock);
  }

  wants(path: string, size: number): boolean {
    return size > 0 && !hasBinaryExtension(path) && !this.skipPath(path);
  }

  scan(path: string, content: Buffer): SecretFinding[] {
    if (content.length === 0 || this.skipPath(path) || looksBinary(content)) return [];
    return buildFindings(content, this.candidates(path, content));
  }

  scanStream(path: string, readable: Readable): Promise<SecretFinding[]> {
    if (this.skipPath(path)) {
      readable.destroy();
      return Promise.resolve([]);
    }
    return scanChunks(readable, this.chunkSize, this.chunkOverlap, (chunk, accept, base) => {
      if (base.offset === 0 && looksBinary(chunk)) return undefined;
      const all = this.candidates(path, chunk);
      const mine = all.filter((c) => c.start >= accept.from && c.start < accept.to);
      return buildFindings(chunk, mine, base, all);
    });
  }

  /** The secrets found in `content`, filtered and sorted. */
  private candidates(path: string, content: Buffer): Candidate[] {
    const rules = this.rules;
    // 0: not decided for this file, 1: applies, 2: does not.
    const applies = new Uint8Array(rules.length);
    const ruleApplies = (r: CompiledRule): boolean => {
      let a = applies[r.index];
      if (a === 0) {
        a = (r.path && !r.path.test(path)) || r.allowPaths.some((p) => p.test(path)) ? 2 : 1;
        applies[r.index] = a;
      }
      return a === 1;
    };
    let text: string | undefined;
    const textOf = (): string => (text ??= content.toString('latin1'));
    const found: Candidate[] = [];
    const seen = new Set<number>();

    const take = (rule: CompiledRule, m: RegExpExecArray, offset: number): void => {
      const indices = m.indices!;
      const spans: [number, number, string][] = [];
      if (rule.secretGroups.length === 0) spans.push([indices[0][0], indices[0][1], m[0]]);
      else
        for (const g of rule.secretGroups) {
          const span = indices.groups?.[g];
          const value = m.groups?.[g];
          if (span && value !== undefined && value !== '') spans.push([span[0], span[1], value]);
        }
      for (const [s0, e0, secret] of spans) {
        const start = s0 + offset;
        const end = e0 + offset;
        const key = start * 4096 + rule.index;
        if (seen.has(key)) continue;
        seen.add(key);
        if (rule.entropy !== undefined && shannonEntropy(secret) < rule.entropy) continue;
        if (rule.allowRegexes.some((re) => re.test(secret)) || this.allowSecret.some((re) => re.test(secret))) continue;
        let match: RuleMatch | undefined;
        const matchInfo = (): RuleMatch => {
          if (match) return match;
          const t = textOf();
          const from = indices[0][0] + offset;
          const head = t.slice(Math.max(0, from - BEFORE_CONTEXT), from);
          const before = head.slice(head.lastIndexOf('\n') + 1);
          match = { groups: m.groups ?? {}, before, path };
          return match;
        };
        if (rule.reject?.(secret, matchInfo())) continue;
        let confidence: Candidate['confidence'];
        if (rule.validate) {
          confidence = rule.validate(secret, matchInfo()) ? 'high' : 'low';
          if (confidence === 'low' && this.dropLow) continue;
        }
        found.push({ rule, start, end, confidence });
      }
    };

    // Pending windows per rule (merged while hits overlap).
    const pendingFrom = new Float64Array(rules.length).fill(-1);
    const pendingTo = new Float64Array(rules.length);
    const runWindow = (rule: CompiledRule, from: number, to: number): void => {
      const t = textOf();
      const re = rule.regex;
      // A little text before the window, for look-behinds; matches must start in the window.
      const sliceFrom = Math.max(0, from - WINDOW_MARGIN);
      const slice = t.slice(sliceFrom, to);
      re.lastIndex = from - sliceFrom;
      for (let m = re.exec(slice); m; m = re.exec(slice)) {
        // A match running into the end of a cut window may be a cut token: not taken.
        if (m.index + m[0].length >= slice.length && to < t.length) break;
        take(rule, m, sliceFrom);
        if (m[0].length === 0) re.lastIndex++;
      }
    };
    const textRules = new Set<CompiledRule>();
    const length = content.length;

    this.matcher.scan(content, (start, keyword) => {
      const list = this.rulesOfKeyword[keyword];
      for (let i = 0; i < list.length; i++) {
        const rule = rules[list[i]];
        if (!ruleApplies(rule)) continue;
        if (rule.mode === 'keyword') {
          const at = start - rule.lead;
          if (at < 0) continue;
          const re = rule.regex;
          re.lastIndex = at;
          const m = re.exec(textOf());
          if (m) take(rule, m, 0);
        } else if (rule.mode === 'window') {
          const from = Math.max(0, start - rule.before);
          const to = Math.min(length, start + rule.after);
          const r = rule.index;
          if (pendingFrom[r] >= 0 && from <= pendingTo[r]) {
            pendingTo[r] = to;
          } else {
            if (pendingFrom[r] >= 0) runWindow(rule, pendingFrom[r], pendingTo[r]);
            pendingFrom[r] = from;
            pendingTo[r] = to;
          }
        } else if (!textRules.has(rule) && startsWithKeyword(content, start, rule.keywords)) {
          // Keywords were cut for the automaton; a custom rule runs only if a whole keyword is here.
          textRules.add(rule);
        }
      }
    });
    for (const rule of rules) if (pendingFrom[rule.index] >= 0) runWindow(rule, pendingFrom[rule.index], pendingTo[rule.index]);
    for (const rule of this.unkeyed) if (ruleApplies(rule)) textRules.add(rule);
    for (const rule of textRules) runWindow(rule, 0, length);

    if (found.length === 0) return found;
    return this.filter(found, content, textOf);
  }

  /** Exclude blocks, inline ignore comments, generic findings covered by specific ones; sorted. */
  private filter(found: Candidate[], content: Buffer, textOf: () => string): Candidate[] {
    const blocksOf = new Map<RegExp, [number, number][]>();
    const blocks = (re: RegExp): [number, number][] => {
      let list = blocksOf.get(re);
      if (!list) {
        list = [];
        const t = textOf();
        re.lastIndex = 0;
        for (let m = re.exec(t); m; m = re.exec(t)) {
          list.push([m.index, m.index + m[0].length]);
          if (m[0].length === 0) re.lastIndex++;
        }
        blocksOf.set(re, list);
      }
      return list;
    };
    const inBlock = (c: Candidate, regexes: readonly RegExp[]) => regexes.some((re) => blocks(re).some(([a, b]) => c.start >= a && c.end <= b));
    const coveredBySpecific = overlapIndex(found.filter((c) => !c.rule.generic));
    const kept = found.filter((c) => {
      if (inBlock(c, this.excludeBlocks) || inBlock(c, c.rule.excludeBlocks)) return false;
      if (c.rule.generic && coveredBySpecific(c.start, c.end)) return false;
      return !hasIgnoreMarker(content, c.start, c.end);
    });
    return kept.sort((a, b) => a.start - b.start || a.rule.index - b.rule.index);
  }
}
