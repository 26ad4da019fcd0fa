import type { OsvRecord } from '../osv-types.js';
import { FeedError, type FeedContext, type FeedConverter, type FeedDocument, type FeedItem } from './types.js';
import { parseYamlDocument } from './yaml-document.js';

/**
 * Alpine's security database (secdb, https://secdb.alpinelinux.org/), and the same format as
 * Wolfi (https://packages.wolfi.dev/os/security.json) and Chainguard
 * (https://packages.cgr.dev/chainguard/security.json) publish it. A file covers one release and
 * repository and lists, per package, the `secfixes` of its APKBUILD:
 *
 *     { "distroversion": "v3.19", "reponame": "main", "urlprefix": "...", "apkurl": "...", "archs": [...],
 *       "packages": [ { "pkg": { "name": "openssl",
 *                                "secfixes": { "3.1.4-r1": ["CVE-2023-5678"], "0": ["CVE-2022-1292"] } } } ] }
 *
 * A version key lists the issues fixed in that package version; the key `0` lists issues that
 * never affected Alpine's package. Entries may name several ids (`CVE-2020-11501
 * GNUTLS-SA-2020-03-31`, `CVE-2017-5753 XSA-254`), only non-CVE ids (`XSA-284`, `ALPINE-13661`),
 * or carry a remark (`CVE-2018-0732 (BGP)`). Read here:
 * - `v3.19/main.json` / `community.json` (the secdb layout; a download of `.../v3.19/main.json`
 *   is named `main.json`) and `secdb-*.json`;
 * - the deprecated alpine-secdb YAML (`v3.8/main.yaml`, v3.3–v3.11), same fields;
 * - one package per file as aquasecurity/vuln-list mirrors it (`3.19/main/openssl.json`,
 *   `{ "name", "secfixes", "distroversion", ... }`, and `wolfi/<pkg>.json`, `chainguard/<pkg>.json`);
 * - `security.json` (Wolfi, Chainguard).
 *
 * Conventions (the image scanner depends on them):
 * - ecosystem `Alpine:v<major.minor>` (`Alpine:v3.19`, from `distroversion`, else from a
 *   `v3.19`/`3.19` folder; `edge` → `Alpine:edge`), `Wolfi` or `Chainguard` (told by `urlprefix`
 *   `packages.wolfi.dev`/`packages.cgr.dev` or reponame `os`/`chainguard`, else a `wolfi/` or
 *   `chainguard/` folder); package name = the origin (source) package as in the APKBUILD;
 * - one record per issue, id `ALPINE-<id>`, `WOLFI-<id>` or `CHAINGUARD-<id>` (`ALPINE-CVE-2023-5678`;
 *   an id already so prefixed, `ALPINE-13661`, is kept), the CVE and the other ids of the entry
 *   in `aliases`; a file covers one release, so records are `part`s the ingester merges across
 *   files (one `ALPINE-CVE-...` record with an entry per release and package);
 * - `ecosystem_specific.status`: `fixed` (range `introduced 0, fixed <key>`) or `not-affected`
 *   (key `0`: no range, never matches); `repository` (main, community, ...) and `note` (a remark)
 *   when given. Alpine gives no severities and no dates (`modified` is 1970-01-01);
 * - the finding cites data source `alpine`, `wolfi` or `chainguard`.
 */
export const alpineSecdbConverter: FeedConverter = {
  name: 'alpine-secdb',
  wants: (path) => secdbPaths.some((re) => re.test(path)),
  *convert(document, context): Iterable<FeedItem> {
    const data = parseDocument(document);
    const distro = distroOf(data, document);
    const packages = packagesOf(data);
    const records = new Map<string, OsvRecord>();
    for (const [index, pkg] of packages.entries()) addPackage(records, pkg, distro, `${document.origin}: package ${pkgLabel(pkg, index)}`, context);
    for (const record of records.values()) yield { kind: 'advisory', record, dataSource: distro.dataSource, part: true };
  },
};

const secdbPaths = [
  /(^|\/)v?\d+\.\d+\/(main|community|testing)\.(json|ya?ml)$/,
  /(^|\/)(v?\d+\.\d+|edge)\/(main|community|testing)\/[^/]+\.json$/,
  /(^|\/)secdb-[^/]*\.(json|ya?ml)$/,
  /^(main|community)\.(json|ya?ml)$/,
  /(^|\/)security\.json$/,
  /(^|\/)(wolfi|chainguard)\/[^/]+\.json$/,
];

interface Distro {
  ecosystem: string;
  prefix: string;
  dataSource: string;
  repository?: string;
}

type SecdbPackage = { name?: unknown; secfixes?: unknown };

const UNKNOWN_DATE = '1970-01-01T00:00:00Z';

function parseDocument(document: FeedDocument): Record<string, unknown> {
  // failsafe: every scalar stays a string (a secfixes key `1.10` must not become the number 1.1).
  const value: unknown = /\.ya?ml$/i.test(document.path) ? parseYamlDocument(document.text, { schema: 'failsafe' }) : JSON.parse(document.text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FeedError('not a secdb document (expected an object)');
  return value as Record<string, unknown>;
}

/** The packages of a secdb file, or the one package of a per-package file. */
function packagesOf(data: Record<string, unknown>): SecdbPackage[] {
  if ('packages' in data && isEmpty(data.packages)) return [];
  if (Array.isArray(data.packages)) return data.packages.map((p: unknown) => (isObject(p) && isObject(p.pkg) ? p.pkg : {}));
  if (typeof data.name === 'string') return [data];
  throw new FeedError('not a secdb document (no "packages" list and no package "name")');
}

function distroOf(data: Record<string, unknown>, document: FeedDocument): Distro {
  const repository = typeof data.reponame === 'string' && data.reponame !== '' ? data.reponame : undefined;
  const url = typeof data.urlprefix === 'string' ? data.urlprefix : '';
  if (url.includes('packages.wolfi.dev') || (repository === 'os' && !data.distroversion)) return wolfi('Wolfi', repository);
  if (url.includes('packages.cgr.dev') || (repository === 'chainguard' && !data.distroversion)) return wolfi('Chainguard', repository);
  const release = alpineRelease(typeof data.distroversion === 'string' ? data.distroversion : undefined, document.path);
  if (release) return { ecosystem: `Alpine:${release}`, prefix: 'ALPINE', dataSource: 'alpine', repository };
  if (/(^|\/)wolfi\//.test(document.path)) return wolfi('Wolfi', repository);
  if (/(^|\/)chainguard\//.test(document.path)) return wolfi('Chainguard', repository);
  throw new FeedError('no Alpine release (neither "distroversion" nor a v3.x folder) and not a Wolfi or Chainguard secdb');
}

function wolfi(name: 'Wolfi' | 'Chainguard', repository: string | undefined): Distro {
  return { ecosystem: name, prefix: name.toUpperCase(), dataSource: name.toLowerCase(), repository };
}

/** `v3.19` (or a `3.19`/`v3.19`/`edge` folder of the path) → `v3.19` / `edge`. */
function alpineRelease(distroversion: string | undefined, path: string): string | undefined {
  const named = distroversion?.trim();
  if (named && /^v?\d+\.\d+$/.test(named)) return named.startsWith('v') ? named : `v${named}`;
  if (named === 'edge') return 'edge';
  for (const segment of path.split('/').slice(0, -1).reverse()) {
    if (/^v?\d+\.\d+$/.test(segment)) return segment.startsWith('v') ? segment : `v${segment}`;
    if (segment === 'edge') return 'edge';
  }
  return undefined;
}

function addPackage(records: Map<string, OsvRecord>, pkg: SecdbPackage, distro: Distro, where: string, context: FeedContext): void {
  if (typeof pkg.name !== 'string' || pkg.name === '') {
    context.warn(`${where}: no package name`);
    return;
  }
  if (pkg.secfixes === undefined || pkg.secfixes === null || pkg.secfixes === '') return;
  if (!isObject(pkg.secfixes)) {
    context.warn(`${where}: "secfixes" is not a map of versions`);
    return;
  }
  for (const [version, entries] of Object.entries(pkg.secfixes)) {
    if (isEmpty(entries)) continue;
    if (!Array.isArray(entries)) {
      context.warn(`${where}: secfixes ${version} is not a list`);
      continue;
    }
    for (const text of entries as unknown[]) {
      if (typeof text !== 'string') {
        context.warn(`${where}: secfixes ${version}: ${JSON.stringify(text)} is not an id`);
        continue;
      }
      addFix(records, pkg.name, version.trim(), text, distro, `${where}: secfixes ${version}`, context);
    }
  }
}

/** One secfixes line (`CVE-2020-11501 GNUTLS-SA-2020-03-31`) → an entry in each issue's record. */
function addFix(records: Map<string, OsvRecord>, name: string, version: string, text: string, distro: Distro, where: string, context: FeedContext): void {
  const issue = parseSecfix(text);
  if (issue.primaries.length === 0) {
    context.warn(`${where}: no vulnerability id in "${text}"`);
    return;
  }
  const status = version === '0' ? 'not-affected' : 'fixed';
  for (const primary of issue.primaries) {
    const id = primary.startsWith(`${distro.prefix}-`) ? primary : `${distro.prefix}-${primary}`;
    let record = records.get(id);
    if (!record) {
      record = { id, modified: UNKNOWN_DATE, affected: [] };
      records.set(id, record);
    }
    for (const alias of [primary, ...issue.others]) if (alias !== id && !record.aliases?.includes(alias)) (record.aliases ??= []).push(alias);
    record.affected!.push({
      package: { ecosystem: distro.ecosystem, name },
      ...(status === 'fixed' ? { ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: version }] }] } : {}),
      ecosystem_specific: {
        status,
        ...(distro.repository ? { repository: distro.repository } : {}),
        ...(issue.note ? { note: issue.note } : {}),
      },
    });
  }
}

/**
 * The issues of a secfixes line: every CVE (typos like `CVE_2019-2426` and suffixes like `.patch`
 * forgiven) is an issue of its own, the other ids (`XSA-254`, `GNUTLS-SA-2020-03-31`) its aliases;
 * without a CVE the first other id (`XSA-284`) is the issue. A `(...)` remark becomes the note.
 */
export function parseSecfix(text: string): { primaries: string[]; others: string[]; note?: string } {
  const note = /\(([^)]*)\)/.exec(text)?.[1]?.trim();
  const bare = text.replace(/\([^)]*\)/g, ' ');
  const cves = [...new Set([...bare.matchAll(/CVE[-_ ]?(\d{4})-(\d{4,})/g)].map((m) => `CVE-${m[1]}-${m[2]}`))];
  const others = bare.split(/\s+/).filter((t) => !/CVE/i.test(t) && /^[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)+$/.test(t));
  const primaries = cves.length > 0 ? cves : others.slice(0, 1);
  return { primaries, others: cves.length > 0 ? others : others.slice(1), ...(note ? { note } : {}) };
}

function pkgLabel(pkg: SecdbPackage, index: number): string {
  return typeof pkg.name === 'string' && pkg.name !== '' ? pkg.name : `#${index + 1}`;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (isObject(value) && Object.keys(value).length === 0);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
