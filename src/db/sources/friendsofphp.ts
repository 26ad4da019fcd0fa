import type { OsvAffected, OsvEvent, OsvRange, OsvRecord } from '../osv-types.js';
import type { FeedConverter, FeedItem } from './types.js';
import { readYamlMapping } from './yaml-document.js';

/**
 * FriendsOfPHP security-advisories (https://github.com/FriendsOfPHP/security-advisories), the
 * data of Symfony's and fabpot's local PHP security checkers: one YAML document per advisory and
 * Composer package, `<vendor>/<package>/<id>.yaml`, with `title`, `link`, `cve`, `reference`
 * (`composer://vendor/package`) and `branches: { <name>: { time, versions: ['>=2.0.0', '<2.0.17'] } }`.
 *
 * Semantics: a version is affected when it satisfies every constraint of some branch (the
 * constraints of one branch are an AND; branches are an OR). `time` is when the branch was fixed
 * (null: not fixed yet) and does not change which versions are affected. Each branch becomes one
 * OSV ECOSYSTEM range of the `Packagist` ecosystem (one range each, so overlapping branches need
 * no merging): `>=`/`>` give `introduced` (no lower bound: `introduced: "0"`), `<` gives `fixed`
 * and `<=` `last_affected`. A `>` lower bound has no exact OSV event: its version itself is
 * included (`introduced: x`), because Composer's own order and `version_compare`'s disagree on
 * what lies just above x; the branch's constraints stay in the range's `database_specific`.
 *
 * Records: id = the CVE when `cve` is set, else `FRIENDSOFPHP-<vendor>-<package>-<file stem>`
 * (upstream names such files by date or vendor id, unique only per package); one CVE is often in
 * several files (a package and its subtree splits), so documents are yielded as parts and their
 * `affected` lists joined. `modified` is the latest branch `time` (upstream has no other date).
 */

/**
 * The upstream layout: lowercase Composer vendor and package folders, `.yaml` (the validator
 * refuses `.yml`), file stems that are ids — starting with a digit or a capital and holding a
 * digit (`CVE-...`, `2012-12-12-1`, `SS-2016-003-1`, `ZF2014-01`, `GHSA-...`) — not Alpine's
 * `v3.5/main.yaml`, Wolfi's `*.advisories.yaml` or a Helm `Chart.yaml`.
 */
const LAYOUT = /(^|\/)[a-z0-9][a-z0-9_.-]*\/[a-z0-9][a-z0-9_.-]*\/[0-9A-Z][A-Za-z_-]*[0-9][A-Za-z0-9_-]*\.yaml$/;

export const friendsOfPhpConverter: FeedConverter = {
  name: 'friendsofphp',
  wants: (path) => LAYOUT.test(path),
  *convert(document, context): Iterable<FeedItem> {
    const doc = readYamlMapping(document.text);
    const problem = advisoryProblem(doc);
    if (problem) {
      context.warn(`${document.origin}: not a FriendsOfPHP advisory (${problem})`);
      return;
    }
    const name = (doc.reference as string).slice('composer://'.length);
    const ranges: OsvRange[] = [];
    for (const [branch, value] of Object.entries(doc.branches as Record<string, unknown>)) {
      const range = branchRange(branch, value);
      if (typeof range === 'string') context.warn(`${document.origin}: branch ${JSON.stringify(branch)}: ${range}`);
      else ranges.push(range);
    }
    if (ranges.length === 0) {
      context.warn(`${document.origin}: no usable branch`);
      return;
    }
    const record = toRecord(advisoryId(doc, document.path, name), doc, { package: { ecosystem: 'Packagist', name }, ranges });
    yield { kind: 'advisory', record, dataSource: 'php-security-advisories', part: true };
  },
};

type Doc = Record<string, unknown>;

function advisoryProblem(doc: Doc): string | undefined {
  if (typeof doc.reference !== 'string' || !/^composer:\/\/[^/\s]+\/[^/\s]+$/.test(doc.reference)) return 'no "reference: composer://vendor/package"';
  if (typeof doc.branches !== 'object' || doc.branches === null || Array.isArray(doc.branches)) return 'no "branches" mapping';
  return undefined;
}

function advisoryId(doc: Doc, path: string, name: string): string {
  if (typeof doc.cve === 'string' && /^CVE-\d{4}-\d+$/.test(doc.cve.trim())) return doc.cve.trim();
  const stem = path.slice(path.lastIndexOf('/') + 1).replace(/\.yaml$/, '');
  return `FRIENDSOFPHP-${name.replace('/', '-')}-${stem}`;
}

const CONSTRAINT = /^\s*(>=|<=|>|<)\s*(\S+)\s*$/;

/** One branch's constraints as one OSV range, or the reason it cannot be read. */
export function branchRange(branch: string, value: unknown): OsvRange | string {
  const versions = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).versions : undefined;
  if (!Array.isArray(versions) || versions.length === 0) return 'no "versions" constraints';
  let lower: OsvEvent | undefined;
  let upper: OsvEvent | undefined;
  for (const constraint of versions) {
    const m = typeof constraint === 'string' ? CONSTRAINT.exec(constraint) : null;
    if (!m) return `cannot read the constraint ${JSON.stringify(constraint)}`;
    const [, operator, version] = m;
    if (operator.startsWith('>')) {
      if (lower) return 'more than one lower bound';
      lower = { introduced: version };
    } else {
      if (upper) return 'more than one upper bound';
      upper = operator === '<' ? { fixed: version } : { last_affected: version };
    }
  }
  const range: OsvRange & { database_specific: Record<string, unknown> } = {
    type: 'ECOSYSTEM',
    events: [lower ?? { introduced: '0' }, ...(upper ? [upper] : [])],
    database_specific: { branch, versions },
  };
  return range;
}

function toRecord(id: string, doc: Doc, affected: OsvAffected): OsvRecord {
  const cve = typeof doc.cve === 'string' ? doc.cve.trim() : '';
  const aliases = cve.startsWith('CVE-') && cve !== id ? [cve] : [];
  return {
    id,
    modified: latestFixTime(doc.branches as Record<string, unknown>) ?? UNKNOWN_DATE,
    ...(aliases.length > 0 ? { aliases } : {}),
    ...(typeof doc.title === 'string' ? { summary: doc.title.trim() } : {}),
    affected: [affected],
    ...(typeof doc.link === 'string' && /^https?:\/\//i.test(doc.link) ? { references: [{ type: 'ADVISORY', url: doc.link.trim() }] } : {}),
  };
}

/** For a record without any date: OSV requires `modified`, and any real date is newer. */
const UNKNOWN_DATE = '1970-01-01T00:00:00Z';

/** The latest branch `time` (`2012-11-08 08:33:49`, UTC, or a Unix timestamp) as RFC 3339. */
function latestFixTime(branches: Record<string, unknown>): string | undefined {
  let latest: string | undefined;
  for (const branch of Object.values(branches)) {
    const time = typeof branch === 'object' && branch !== null ? isoTime((branch as Record<string, unknown>).time) : undefined;
    if (time && (!latest || time > latest)) latest = time;
  }
  return latest;
}

function isoTime(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000).toISOString().replace(/\.000Z$/, 'Z');
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?/.exec(value.trim());
  if (!m) return undefined;
  const time = m[2] ? (m[2].length === 5 ? `${m[2]}:00` : m[2]) : '00:00:00';
  return `${m[1]}T${time}Z`;
}
