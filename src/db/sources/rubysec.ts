import { rubygemsScheme } from '../../version/rubygems.js';
import type { OsvAffected, OsvRecord, OsvReference, OsvSeverity } from '../osv-types.js';
import type { FeedConverter, FeedItem } from './types.js';
import { complement, everything, intersectAll, toOsvAffected, union, type Bound, type Interval } from './version-intervals.js';
import { readYamlMapping } from './yaml-document.js';

/**
 * RubySec's ruby-advisory-db (https://github.com/rubysec/ruby-advisory-db), the data of
 * bundler-audit: one YAML document per advisory, `gems/<gem>/<id>.yml` for gems and
 * `rubies/<engine>/<id>.yml` for Ruby interpreters (ruby, jruby, mruby, mrubyc, rbx).
 *
 * Semantics (bundler-audit's `Advisory#vulnerable?`): a version is vulnerable unless it satisfies
 * one of the `patched_versions` or one of the `unaffected_versions` requirements (RubyGems
 * requirement strings: `~> 1.2.5`, `>= 1.0, < 1.5`, `= 1.0`, `!= 1.1`, `> x`, `<= x`; a comma is
 * an AND). No requirement at all means every version is vulnerable. The converter computes that
 * set — the complement of the union of the requirements, in RubyGems version order — as OSV
 * ECOSYSTEM events:
 * - `~> 1.2.5` is `>= 1.2.5, < 1.3.0` and `~> 1.2` is `>= 1.2, < 2.0` (the bump is padded with
 *   zeros to the operand's length, at most three segments). RubyGems' `~>` also refuses
 *   pre-releases of the bumped version (`1.3.0.beta1`); those count as satisfying it here;
 * - a vulnerable span starting just above a version (after an unaffected `<= x` or `= x`) starts
 *   at `x.0.1`: OSV has no exclusive `introduced`, and in RubyGems order no release lies
 *   between `x` and `x.0.1`;
 * - a single vulnerable version (unaffected `< x` and `> x`, as for hijacked releases) goes to
 *   `versions`.
 * The requirements as written stay in `affected[].database_specific`.
 *
 * Records: id = the file's own id (`CVE-2020-8164`, `OSVDB-1234`, `GHSA-xxxx-xxxx-xxxx`), aliases
 * the CVE/GHSA/OSVDB ids of the advisory, `related` its `related:` ids; published and modified
 * are `date`. Gems are ecosystem `RubyGems`; interpreters — not RubyGems packages — are
 * ecosystem `Ruby` with the engine as package name (`ruby`, `jruby`, ...). CVSS vectors become
 * OSV `severity` entries; bare scores (`cvss_v3: 9.8`, the usual form) go to
 * `database_specific.cvss_v3_score` etc. with `database_specific.severity` rated from the v3,
 * else v4, else v2 score. The same id in several files (one CVE in several gems) is one advisory:
 * the documents are yielded as parts and their `affected` lists joined.
 */

const ECOSYSTEM_GEMS = 'RubyGems';
/** Ruby interpreters; not an OSV-defined ecosystem (OSV has none for language runtimes). */
const ECOSYSTEM_RUBIES = 'Ruby';

const compare = rubygemsScheme.compare;

export const rubysecConverter: FeedConverter = {
  name: 'rubysec',
  wants: (path) => /(^|\/)(gems|rubies)\/[^/]+\/[^/]+\.ya?ml$/i.test(path),
  *convert(document, context): Iterable<FeedItem> {
    const doc = readYamlMapping(document.text);
    const id = fileStem(document.path);
    const problem = advisoryProblem(doc);
    if (problem) {
      context.warn(`${document.origin}: not a ruby-advisory-db advisory (${problem})`);
      return;
    }
    let affected: OsvAffected;
    try {
      affected = affectedEntry(doc);
    } catch (err) {
      if (!(err instanceof UnusableAdvisory)) throw err;
      context.warn(`${document.origin}: ${id}: ${err.message}`);
      return;
    }
    yield { kind: 'advisory', record: toRecord(id, doc, affected), dataSource: 'ruby-advisory-db', part: true };
  },
};

type Doc = Record<string, unknown>;

function fileStem(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.ya?ml$/i, '');
}

function advisoryProblem(doc: Doc): string | undefined {
  if (typeof doc.gem !== 'string' && typeof doc.engine !== 'string') return 'no "gem" or "engine"';
  for (const key of ['patched_versions', 'unaffected_versions']) {
    const list = doc[key];
    if (list !== undefined && list !== null && !(Array.isArray(list) && list.every((r) => typeof r === 'string'))) {
      return `"${key}" is not a list of requirement strings`;
    }
  }
  return undefined;
}

/** An advisory that cannot be stored: an unreadable requirement, or no vulnerable version at all. */
class UnusableAdvisory extends Error {}

function requirementList(doc: Doc, key: string): string[] {
  const list = doc[key];
  return Array.isArray(list) ? (list as string[]) : [];
}

function affectedEntry(doc: Doc): OsvAffected {
  const gem = typeof doc.gem === 'string' ? doc.gem : undefined;
  const patched = requirementList(doc, 'patched_versions');
  const unaffected = requirementList(doc, 'unaffected_versions');
  const safe = union([...patched, ...unaffected].flatMap(requirementIntervals), compare);
  const vulnerable = complement(safe, compare);
  if (vulnerable.length === 0) throw new UnusableAdvisory('its patched and unaffected versions cover every version');
  const databaseSpecific = {
    ...(patched.length > 0 ? { patched_versions: patched } : {}),
    ...(unaffected.length > 0 ? { unaffected_versions: unaffected } : {}),
  };
  const ecosystemSpecific = typeof doc.platform === 'string' ? { platform: doc.platform } : undefined;
  return {
    package: gem !== undefined ? { ecosystem: ECOSYSTEM_GEMS, name: gem } : { ecosystem: ECOSYSTEM_RUBIES, name: doc.engine as string },
    ...toOsvAffected(vulnerable, 'ECOSYSTEM', compare, (v) => `${v}.0.1`),
    ...(ecosystemSpecific ? { ecosystem_specific: ecosystemSpecific } : {}),
    ...(Object.keys(databaseSpecific).length > 0 ? { database_specific: databaseSpecific } : {}),
  };
}

const CONSTRAINT = /^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$/;

/** The versions satisfying one RubyGems requirement (comma-separated constraints, all must hold). */
export function requirementIntervals(requirement: string): Interval[] {
  let set: Interval[] = [everything];
  for (const constraint of requirement.split(',')) {
    const m = CONSTRAINT.exec(constraint);
    if (!m || !rubygemsScheme.isValid(m[2])) throw new UnusableAdvisory(`cannot read the requirement ${JSON.stringify(requirement)}`);
    set = intersectAll(set, constraintIntervals(m[1] ?? '=', m[2]), compare);
  }
  return set;
}

function constraintIntervals(operator: string, version: string): Interval[] {
  const at = (inclusive: boolean): Bound => ({ version, inclusive });
  switch (operator) {
    case '=':
      return [{ lower: at(true), upper: at(true) }];
    case '!=':
      return [{ upper: at(false) }, { lower: at(false) }];
    case '>':
      return [{ lower: at(false) }];
    case '>=':
      return [{ lower: at(true) }];
    case '<':
      return [{ upper: at(false) }];
    case '<=':
      return [{ upper: at(true) }];
    default: // '~>'
      return [{ lower: at(true), upper: { version: pessimisticBound(version), inclusive: false } }];
  }
}

/**
 * The exclusive upper bound of `~> version` (RubyGems' `Gem::Version#bump`): the release part
 * (segments before the first letters), its last segment dropped when there are several, then the
 * new last one incremented: `1.2.5` -> `1.3.0`, `1.2` -> `2.0`, `3.2.22.1` -> `3.2.23`,
 * `2.0.0.beta1` -> `2.1.0`.
 */
export function pessimisticBound(version: string): string {
  const segments = version.replace(/-/g, '.pre.').match(/[0-9]+|[a-z]+/gi) ?? [];
  const firstWord = segments.findIndex((s) => !/^[0-9]/.test(s));
  const release = (firstWord < 0 ? segments : segments.slice(0, firstWord)).map((s) => BigInt(s));
  const width = Math.min(release.length, 3);
  if (release.length > 1) release.pop();
  release[release.length - 1] += 1n;
  while (release.length < width) release.push(0n);
  return release.join('.');
}

function toRecord(id: string, doc: Doc, affected: OsvAffected): OsvRecord {
  const date = isoDate(doc.date);
  const { severity, databaseSpecific } = severityOf(doc);
  const aliases = prefixedIds(doc).filter((alias) => alias !== id);
  const related = relatedIds(doc.related);
  const references = referencesOf(doc);
  const extra = {
    ...(typeof doc.framework === 'string' ? { framework: doc.framework } : {}),
    ...(typeof doc.library === 'string' ? { library: doc.library } : {}),
    ...(typeof doc.notes === 'string' ? { notes: doc.notes } : {}),
  };
  return {
    id,
    modified: date ?? UNKNOWN_DATE,
    ...(date ? { published: date } : {}),
    ...(aliases.length > 0 ? { aliases } : {}),
    ...(related.length > 0 ? { related } : {}),
    ...(typeof doc.title === 'string' ? { summary: doc.title.trim() } : {}),
    ...(typeof doc.description === 'string' ? { details: doc.description.trim() } : {}),
    ...(severity.length > 0 ? { severity } : {}),
    affected: [affected],
    ...(references.length > 0 ? { references } : {}),
    ...(Object.keys({ ...databaseSpecific, ...extra }).length > 0 ? { database_specific: { ...databaseSpecific, ...extra } } : {}),
  };
}

/** For a record without a date: OSV requires `modified`, and any real date is newer. */
const UNKNOWN_DATE = '1970-01-01T00:00:00Z';

function isoDate(value: unknown): string | undefined {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return `${value.trim()}T00:00:00Z`;
  return undefined;
}

/** `cve: 2020-8164`, `ghsa: 8727-m6gj-mc37`, `osvdb: 91452` as ids with their prefixes. */
function prefixedIds(doc: Doc): string[] {
  return [idWithPrefix('CVE', doc.cve), idWithPrefix('GHSA', doc.ghsa), idWithPrefix('OSVDB', doc.osvdb)].filter((x): x is string => x !== undefined);
}

function idWithPrefix(prefix: string, value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  if (text === '') return undefined;
  return text.toUpperCase().startsWith(`${prefix}-`) ? text : `${prefix}-${text}`;
}

/** `related: { cve: [...], ghsa: [...], osvdb: [...] }` as prefixed ids. */
function relatedIds(related: unknown): string[] {
  if (typeof related !== 'object' || related === null) return [];
  const r = related as Record<string, unknown>;
  const out: string[] = [];
  for (const [key, prefix] of [['cve', 'CVE'], ['ghsa', 'GHSA'], ['osvdb', 'OSVDB']] as const) {
    const list = r[key];
    for (const value of Array.isArray(list) ? list : []) {
      const id = idWithPrefix(prefix, value);
      if (id && !out.includes(id)) out.push(id);
    }
  }
  return out;
}

function referencesOf(doc: Doc): OsvReference[] {
  const out: OsvReference[] = [];
  const add = (type: string, url: unknown) => {
    if (typeof url === 'string' && /^https?:\/\//i.test(url) && !out.some((r) => r.url === url)) out.push({ type, url });
  };
  add('ADVISORY', doc.url);
  const related = typeof doc.related === 'object' && doc.related !== null ? (doc.related as Record<string, unknown>).url : undefined;
  for (const url of Array.isArray(related) ? related : []) add('WEB', url);
  return out;
}

const CVSS_FIELDS = [
  { key: 'cvss_v3', type: 'CVSS_V3', isVector: (s: string) => s.startsWith('CVSS:3') },
  { key: 'cvss_v4', type: 'CVSS_V4', isVector: (s: string) => s.startsWith('CVSS:4') },
  { key: 'cvss_v2', type: 'CVSS_V2', isVector: (s: string) => s.startsWith('AV:') },
] as const;

/** CVSS vectors as OSV severity entries; bare scores and the rating of the first one as database_specific. */
function severityOf(doc: Doc): { severity: OsvSeverity[]; databaseSpecific: Record<string, unknown> } {
  const severity: OsvSeverity[] = [];
  const databaseSpecific: Record<string, unknown> = {};
  for (const { key, type, isVector } of CVSS_FIELDS) {
    const value = doc[key];
    if (typeof value === 'string' && isVector(value.trim())) severity.push({ type, score: value.trim() });
    else if (typeof value === 'number' && Number.isFinite(value)) {
      databaseSpecific[`${key}_score`] = value;
      databaseSpecific.severity ??= ratingOfScore(value, key === 'cvss_v2');
    }
  }
  return { severity, databaseSpecific };
}

/** CVSS qualitative rating; v2 has no CRITICAL (NVD's v2 scale: HIGH from 7.0). */
function ratingOfScore(score: number, isV2: boolean): string {
  if (score >= 9 && !isV2) return 'CRITICAL';
  if (score >= 7) return 'HIGH';
  if (score >= 4) return 'MEDIUM';
  return score > 0 ? 'LOW' : 'UNKNOWN';
}
