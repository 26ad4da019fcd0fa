import type { OsvAffected, OsvRecord, OsvReference, OsvSeverity } from '../osv-types.js';
import { FeedError, type FeedContext, type FeedConverter, type FeedDocument, type FeedItem } from './types.js';

/**
 * The Ubuntu CVE tracker (https://git.launchpad.net/ubuntu-cve-tracker): one file per CVE, in
 * two shapes.
 *
 * 1. The tracker's own text files, `active/CVE-2020-0556` (also `retired/`, `ignored/`): RFC822-ish
 *    fields (`Candidate:`, `PublicDate:`, `Priority:`, `Description:` with indented continuation
 *    lines, `Tags:`, `CVSS:`) then, per source package, status lines
 *
 *        Patches_bluez:
 *        upstream_bluez: released (5.54)
 *        xenial_bluez: released (5.37-0ubuntu5.3)
 *        trusty/esm_vnc4: needed
 *        focal_vnc4: DNE
 *        Priority_bluez: high                    (per-package priority, optional)
 *
 * 2. The JSON aquasecurity/vuln-list writes from them (`ubuntu/2020/CVE-2020-0556.json`):
 *    `{ "Candidate", "PublicDate", "Priority", "Description", "References": [...], "Notes": [...],
 *       "Patches": { "bluez": { "xenial": { "Status": "released", "Note": "5.37-0ubuntu5.3" } } } }`.
 *
 * OSV records from osv.dev's Ubuntu feed (`UBUNTU-CVE-...`, `USN-...`) are plain OSV: the generic
 * `osv` converter reads them, with the same ecosystem strings as here.
 *
 * Conventions (the image scanner depends on them):
 * - one record per CVE, id `UBUNTU-CVE-...` (as osv.dev), the CVE in `aliases`, one `affected[]`
 *   entry per (source package, release);
 * - ecosystem as osv.dev and the OSV schema write it: `Ubuntu:<YY.MM>` with `:LTS` for LTS
 *   releases (`Ubuntu:22.04:LTS`, `Ubuntu:22.10`), `Ubuntu:Pro:<YY.MM>:LTS` for ESM pockets
 *   (`trusty/esm`, `esm-infra/xenial`, `esm-apps/jammy`); `upstream`, `devel`, `snap` and other
 *   pseudo-releases are left out, and so is `DNE` (the package does not exist there);
 * - `ecosystem_specific.status`: `released` → `fixed` (range `introduced 0, fixed <version>`),
 *   `needed`/`pending` → `unfixed`, `deferred` → `fix-deferred`, `ignored` → `ignored` (all
 *   range `introduced 0`), `not-affected` → `not-affected`, `needs-triage` → `undetermined` (no
 *   range, never match, as trivy skips them); `release` (codename), `note`, `priority` (per
 *   package) as written;
 * - `database_specific.severity`: the priority mapped as trivy does (negligible/low → LOW,
 *   medium → MEDIUM, high → HIGH, critical → CRITICAL, untriaged → none), `priority` raw, `tags`,
 *   `notes`; CVSS vectors in `severity`; `published` = PublicDate; no modification date in the
 *   tracker (`modified` is 1970-01-01, a dated osv.dev record with the same id wins);
 * - the finding cites data source `ubuntu`.
 */
export const ubuntuConverter: FeedConverter = {
  name: 'ubuntu',
  wants: (path) => trackerText.test(path) || vulnListJson.test(path),
  *convert(document, context): Iterable<FeedItem> {
    const cve = vulnListJson.test(document.path) ? fromVulnListJson(document) : fromTrackerText(document, context);
    yield { kind: 'advisory', record: toRecord(cve, document.origin, context), dataSource: 'ubuntu' };
  },
};

const trackerText = /(^|\/)(active|retired|ignored|embargoed)\/CVE-\d{4}-\d{4,}$/;
const vulnListJson = /(^|\/)ubuntu\/(\d{4}\/)?CVE-\d{4}-\d{4,}\.json$/;

const UNKNOWN_DATE = '1970-01-01T00:00:00Z';

/** One CVE of the tracker, whichever shape it came in. */
interface TrackerCve {
  candidate: string;
  publicDate?: string;
  priority?: string;
  description?: string;
  references: string[];
  bugs: string[];
  notes: string[];
  tags: string[];
  cvss: string[];
  /** package → release → status and note. */
  patches: Map<string, Map<string, { status: string; note?: string }>>;
  /** package → its own priority. */
  packagePriority: Map<string, string>;
}

function emptyCve(): TrackerCve {
  return { candidate: '', references: [], bugs: [], notes: [], tags: [], cvss: [], patches: new Map(), packagePriority: new Map() };
}

// --- the tracker's text files -------------------------------------------------------------------

/** Reads `Key: value` fields (continuation lines start with a space) and status lines. */
function fromTrackerText(document: FeedDocument, context: FeedContext): TrackerCve {
  const cve = emptyCve();
  const fields = new Map<string, string[]>();
  let current: string[] | undefined;
  const lines = document.text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (line.startsWith('#')) continue;
    if (line.trim() === '') {
      current?.push('');
      continue;
    }
    if (/^\s/.test(line)) {
      if (current) current.push(line.slice(1));
      else context.warn(`${document.origin}:${i + 1}: continuation line outside any field`);
      continue;
    }
    const m = /^([A-Za-z][\w./+-]*):\s*(.*)$/.exec(line);
    if (!m) {
      context.warn(`${document.origin}:${i + 1}: unreadable line: ${line}`);
      current = undefined;
      continue;
    }
    const [, key, value] = m;
    current = undefined;
    if (key.includes('_')) {
      readPackageLine(cve, key, value.trim(), `${document.origin}:${i + 1}`, context);
      current = []; // `Patches_pkg:` is followed by indented upstream patch links, not kept
      continue;
    }
    current = value.trim() === '' ? [] : [value.trim()];
    fields.set(key, current);
  }
  const text = (key: string): string | undefined => joinText(fields.get(key));
  const list = (key: string): string[] => (fields.get(key) ?? []).map((l) => l.trim()).filter(Boolean);
  cve.candidate = text('Candidate') ?? '';
  cve.publicDate = text('PublicDate');
  cve.priority = text('Priority');
  cve.description = unwrap(text('Description'));
  cve.references = list('References');
  cve.bugs = list('Bugs');
  cve.notes = noteEntries(fields.get('Notes') ?? []);
  cve.tags = (text('Tags') ?? '').split(/\s+/).filter(Boolean);
  cve.cvss = list('CVSS').map((l) => l.replace(/^[\w-]+:\s*/, ''));
  return cve;
}

/** `xenial_bluez: released (5.37-0ubuntu5.3)`, `Priority_bluez: high`; `Patches_`/`Tags_` ignored. */
function readPackageLine(cve: TrackerCve, key: string, value: string, where: string, context: FeedContext): void {
  const split = key.indexOf('_');
  const [release, pkg] = [key.slice(0, split), key.slice(split + 1)];
  if (release === 'Patches' || release === 'Tags') return;
  if (release === 'Priority') {
    const [name, onlyIn] = pkg.split('_');
    if (!onlyIn && value) cve.packagePriority.set(name, value);
    return;
  }
  const m = /^([a-z-]*)\s*(?:\((.*)\))?$/i.exec(value);
  if (!m) {
    context.warn(`${where}: unreadable status "${value}" for ${pkg} in ${release}`);
    return;
  }
  setPatch(cve, pkg, release, m[1], m[2]?.trim());
}

function setPatch(cve: TrackerCve, pkg: string, release: string, status: string, note: string | undefined): void {
  if (!cve.patches.has(pkg)) cve.patches.set(pkg, new Map());
  cve.patches.get(pkg)!.set(release, { status, ...(note ? { note } : {}) });
}

/** Notes: a line `who> text` starts a note, deeper-indented lines continue it. */
function noteEntries(lines: string[]): string[] {
  const notes: string[] = [];
  for (const line of lines) {
    if (line.trim() === '') continue;
    if (/^\s/.test(line) && notes.length > 0) notes[notes.length - 1] += ` ${line.trim()}`;
    else notes.push(line.trim());
  }
  return notes;
}

/** Joins the wrapped lines of each paragraph (the tracker wraps at ~75 columns). */
function unwrap(text: string | undefined): string | undefined {
  return text?.split(/\n\n+/).map((p) => p.split('\n').map((l) => l.trim()).join(' ')).join('\n\n');
}

function joinText(lines: string[] | undefined): string | undefined {
  if (!lines) return undefined;
  const text = lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
  return text === '' ? undefined : text;
}

// --- vuln-list JSON -----------------------------------------------------------------------------

function fromVulnListJson(document: FeedDocument): TrackerCve {
  const data: unknown = JSON.parse(document.text);
  if (!isObject(data)) throw new FeedError('not an Ubuntu CVE tracker record (expected an object)');
  const cve = emptyCve();
  cve.candidate = typeof data.Candidate === 'string' ? data.Candidate : '';
  cve.publicDate = typeof data.PublicDate === 'string' && !data.PublicDate.startsWith('0001-') ? data.PublicDate : undefined;
  cve.priority = stringOr(data.Priority);
  cve.description = stringOr(data.Description)?.trim();
  cve.references = strings(data.References);
  cve.bugs = strings(data.Bugs);
  cve.notes = strings(data.Notes);
  cve.tags = strings(data.Tags);
  if (isObject(data.Patches)) {
    for (const [pkg, releases] of Object.entries(data.Patches)) {
      if (!isObject(releases)) continue;
      for (const [release, patch] of Object.entries(releases)) {
        if (isObject(patch) && typeof patch.Status === 'string') setPatch(cve, pkg, release, patch.Status, stringOr(patch.Note)?.trim());
      }
    }
  }
  return cve;
}

// --- to OSV -------------------------------------------------------------------------------------

/** Ubuntu codename → osv.dev's release suffix (`22.04:LTS`). */
const ubuntuReleases: Record<string, string> = {
  warty: '4.10', hoary: '5.04', breezy: '5.10', dapper: '6.06:LTS', edgy: '6.10', feisty: '7.04', gutsy: '7.10',
  hardy: '8.04:LTS', intrepid: '8.10', jaunty: '9.04', karmic: '9.10', lucid: '10.04:LTS', maverick: '10.10',
  natty: '11.04', oneiric: '11.10', precise: '12.04:LTS', quantal: '12.10', raring: '13.04', saucy: '13.10',
  trusty: '14.04:LTS', utopic: '14.10', vivid: '15.04', wily: '15.10', xenial: '16.04:LTS', yakkety: '16.10',
  zesty: '17.04', artful: '17.10', bionic: '18.04:LTS', cosmic: '18.10', disco: '19.04', eoan: '19.10',
  focal: '20.04:LTS', groovy: '20.10', hirsute: '21.04', impish: '21.10', jammy: '22.04:LTS', kinetic: '22.10',
  lunar: '23.04', mantic: '23.10', noble: '24.04:LTS', oracular: '24.10', plucky: '25.04', questing: '25.10',
  resolute: '26.04:LTS',
};

/** `jammy` → `Ubuntu:22.04:LTS`, `trusty/esm` / `esm-infra/xenial` → `Ubuntu:Pro:…:LTS`; else undefined. */
export function ubuntuEcosystem(release: string): string | undefined {
  const esm = /^([a-z]+)\/esm$/.exec(release)?.[1] ?? /^esm-[a-z-]+\/([a-z]+)$/.exec(release)?.[1];
  if (esm) return ubuntuReleases[esm]?.endsWith(':LTS') ? `Ubuntu:Pro:${ubuntuReleases[esm]}` : undefined;
  const version = ubuntuReleases[release];
  return version === undefined ? undefined : `Ubuntu:${version}`;
}

const statusOf: Record<string, string | null> = {
  released: 'fixed',
  needed: 'unfixed',
  pending: 'unfixed',
  deferred: 'fix-deferred',
  ignored: 'ignored',
  'not-affected': 'not-affected',
  'needs-triage': 'undetermined',
  DNE: null,
};

const prioritySeverity: Record<string, string> = { negligible: 'LOW', low: 'LOW', medium: 'MEDIUM', high: 'HIGH', critical: 'CRITICAL' };

function toRecord(cve: TrackerCve, origin: string, context: FeedContext): OsvRecord {
  if (!/^CVE-\d{4}-\d+$/.test(cve.candidate)) throw new FeedError('no "Candidate" CVE id');
  const affected: OsvAffected[] = [];
  for (const [pkg, releases] of cve.patches) {
    for (const [release, patch] of releases) {
      const entry = patchEntry(pkg, release, patch, cve.packagePriority.get(pkg), `${origin}: ${pkg} in ${release}`, context);
      if (entry) affected.push(entry);
    }
  }
  const severity = cve.priority ? prioritySeverity[cve.priority] : undefined;
  const specific = {
    ...(severity ? { severity } : {}),
    ...(cve.priority ? { priority: cve.priority } : {}),
    ...(cve.tags.length > 0 ? { tags: cve.tags } : {}),
    ...(cve.notes.length > 0 ? { notes: cve.notes } : {}),
  };
  const published = isoDate(cve.publicDate);
  const cvss = cvssSeverities(cve.cvss);
  return {
    id: `UBUNTU-${cve.candidate}`,
    modified: UNKNOWN_DATE,
    ...(published ? { published } : {}),
    aliases: [cve.candidate],
    ...(cve.description ? { details: cve.description } : {}),
    ...(cvss.length > 0 ? { severity: cvss } : {}),
    affected,
    references: references(cve),
    ...(Object.keys(specific).length > 0 ? { database_specific: specific } : {}),
  };
}

function patchEntry(pkg: string, release: string, patch: { status: string; note?: string }, priority: string | undefined, where: string, context: FeedContext): OsvAffected | undefined {
  const ecosystem = ubuntuEcosystem(release);
  if (!ecosystem) return undefined; // upstream, devel, snap, vivid/ubuntu-core, ... are not releases
  const status = statusOf[patch.status];
  if (status === null) return undefined;
  if (status === undefined) {
    context.warn(`${where}: unknown status "${patch.status}"`);
    return undefined;
  }
  const fixed = status === 'fixed' && patch.note && /^\S+$/.test(patch.note) ? patch.note : undefined;
  const ranges = fixed
    ? [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }]
    : status === 'fixed' || status === 'not-affected' || status === 'undetermined'
      ? undefined
      : [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }];
  return {
    package: { ecosystem, name: pkg },
    ...(ranges ? { ranges } : {}),
    ecosystem_specific: { status, release, ...(patch.note && patch.note !== fixed ? { note: patch.note } : {}), ...(priority ? { priority } : {}) },
  };
}

function references(cve: TrackerCve): OsvReference[] {
  const refs: OsvReference[] = [{ type: 'ADVISORY', url: `https://ubuntu.com/security/${cve.candidate}` }];
  for (const url of cve.references) if (/^https?:\/\//.test(url)) refs.push({ type: /usn\.ubuntu\.com|ubuntu\.com\/security\/notices/.test(url) ? 'ADVISORY' : 'WEB', url });
  for (const url of cve.bugs) if (/^https?:\/\//.test(url)) refs.push({ type: 'REPORT', url });
  return refs;
}

/** `CVSS:3.1/AV:N/...` lines → OSV severities (one per vector). */
function cvssSeverities(vectors: string[]): OsvSeverity[] {
  const out: OsvSeverity[] = [];
  for (const score of new Set(vectors)) {
    if (score.startsWith('CVSS:3.')) out.push({ type: 'CVSS_V3', score });
    else if (score.startsWith('CVSS:4.')) out.push({ type: 'CVSS_V4', score });
  }
  return out;
}

/** `2020-07-29 00:00:00 UTC`, `2019-09-04` or ISO → `2020-07-29T00:00:00Z`. */
function isoDate(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?/.exec(text.trim());
  if (!m) return undefined;
  const time = m[2] ? (m[2].length === 5 ? `${m[2]}:00` : m[2]) : '00:00:00';
  const date = new Date(`${m[1]}T${time}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().replace('.000Z', 'Z');
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? (value as unknown[]).filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
