import { PackageURL } from 'packageurl-js';
import type { OsvAffected, OsvRecord, OsvReference, OsvSeverity } from '../osv-types.js';
import { FeedError, type FeedConverter, type FeedItem } from './types.js';

/**
 * Red Hat's CSAF 2.0 documents (https://security.access.redhat.com/data/csaf/v2/, OASIS CSAF 2.0):
 * - security advisories, `advisories/2024/rhsa-2024_6163.json` (`document.category`
 *   `csaf_security_advisory`, `tracking.id` `RHSA-2024:6163`): the packages an erratum fixes;
 * - VEX documents, `vex/2024/cve-2024-10041.json` (`csaf_vex`, one CVE each): the state of every
 *   product for that CVE, fixed or not.
 *
 * Both describe products in a `product_tree`: platform products carry a CPE
 * (`cpe:/o:redhat:enterprise_linux:9::baseos`), package products a purl
 * (`pkg:rpm/redhat/pam@1.5.1-21.el9_5?arch=x86_64&epoch=1&rpmmod=ruby:2.7:...`), and
 * `relationships` join them into product ids (`BaseOS-9.5.0.Z.MAIN:pam-0:1.5.1-21.el9_5.x86_64`)
 * that each vulnerability's `product_status` (`fixed`, `known_affected`, `known_not_affected`,
 * `under_investigation`), `remediations` (`vendor_fix` with the RHSA url, `no_fix_planned`,
 * `none_available`) and `threats` (impact) refer to.
 *
 * Conventions (the image scanner depends on them):
 * - an advisory document → one record, id the RHSA (`RHSA-2024:6163`, as osv.dev), its CVEs in
 *   `aliases`; a VEX document → one record per CVE, id `REDHAT-CVE-...` (no clash with the RHSA
 *   records or other feeds' CVE records), the CVE in `aliases`, the RHSAs that fix it in
 *   `related`;
 * - one `affected[]` entry per (platform, rpm name, module, status, fix): ecosystem
 *   `Red Hat:<CPE without cpe:/o:redhat:>` as the OSV schema defines it
 *   (`Red Hat:enterprise_linux:9::baseos`, `Red Hat:rhel_eus:8.6::baseos`); package name = the rpm
 *   name (binary or source, as Red Hat lists them); the image scanner must map its installed
 *   repositories/content sets to these CPEs;
 * - `ecosystem_specific.status`: `fixed` (range `introduced 0, fixed <[epoch:]version-release>`,
 *   epoch 0 left out), `unfixed` (known_affected, none_available), `fix-deferred` (none_available
 *   "Fix deferred"), `will-not-fix` (no_fix_planned), `end-of-life` (no_fix_planned "Out of support
 *   scope"), all with range `introduced 0`; `not-affected` and `undetermined`
 *   (under_investigation) with no range; plus `advisory` (the RHSA of a fix), `arches`, `module`
 *   (`ruby:2.7` for modular rpms: the scanner must compare it with the enabled module stream) and
 *   `severity` (Red Hat's impact, raw) when given; a product without a CPE or a non-rpm component
 *   (container images) is left out;
 * - `database_specific.severity`: the aggregate (else highest) impact mapped as trivy does (Low →
 *   LOW, Moderate → MEDIUM, Important → HIGH, Critical → CRITICAL); CVSS vectors of a VEX CVE in
 *   `severity`; `modified`/`published` from `tracking`;
 * - the finding cites data source `redhat`.
 */
export const redhatCsafConverter: FeedConverter = {
  name: 'redhat-csaf',
  wants: (path) => /(^|\/)(rhsa-\d{4}_\d+|cve-\d{4}-\d+)\.json$/.test(path),
  *convert(document, context): Iterable<FeedItem> {
    const csaf: unknown = JSON.parse(document.text);
    const doc = isObject(csaf) && isObject(csaf.document) ? csaf.document : undefined;
    const category = doc?.category;
    if (!isObject(csaf) || !doc || (category !== 'csaf_security_advisory' && category !== 'csaf_vex')) {
      throw new FeedError(`not a Red Hat CSAF advisory or VEX document (document.category ${JSON.stringify(category)})`);
    }
    const tree = readProductTree(csaf.product_tree);
    const vulnerabilities = (list(csaf.vulnerabilities)).filter((v, i): v is Record<string, unknown> => {
      if (isObject(v) && typeof v.cve === 'string' && /^CVE-\d{4}-\d+$/.test(v.cve)) return true;
      context.warn(`${document.origin}: vulnerability #${i + 1} has no CVE id`);
      return false;
    });
    const records = category === 'csaf_security_advisory' ? [advisoryRecord(doc, vulnerabilities, tree)] : vulnerabilities.map((v) => vexRecord(doc, v, tree));
    for (const record of records) yield { kind: 'advisory', record, dataSource: 'redhat' };
  },
};

interface Product {
  name?: string;
  cpe?: string;
  purl?: string;
}

interface ProductTree {
  products: Map<string, Product>;
  /** Composite product id → component (package) and platform product ids. */
  relationships: Map<string, { component: string; platform: string }>;
}

interface RpmPackage {
  name: string;
  evr?: string;
  arch?: string;
  module?: string;
}

const UNKNOWN_DATE = '1970-01-01T00:00:00Z';

function readProductTree(value: unknown): ProductTree {
  const tree: ProductTree = { products: new Map(), relationships: new Map() };
  if (!isObject(value)) return tree;
  const addProduct = (p: unknown): void => {
    if (!isObject(p) || typeof p.product_id !== 'string') return;
    const helper = isObject(p.product_identification_helper) ? p.product_identification_helper : {};
    tree.products.set(p.product_id, {
      ...(typeof p.name === 'string' ? { name: p.name } : {}),
      ...(typeof helper.cpe === 'string' ? { cpe: helper.cpe } : {}),
      ...(typeof helper.purl === 'string' ? { purl: helper.purl } : {}),
    });
  };
  const walk = (branches: unknown): void => {
    for (const b of list(branches)) {
      if (!isObject(b)) continue;
      addProduct(b.product);
      walk(b.branches);
    }
  };
  walk(value.branches);
  list(value.full_product_names).forEach(addProduct);
  for (const r of list(value.relationships)) {
    if (!isObject(r) || !isObject(r.full_product_name) || typeof r.full_product_name.product_id !== 'string') continue;
    if (typeof r.product_reference !== 'string' || typeof r.relates_to_product_reference !== 'string') continue;
    tree.relationships.set(r.full_product_name.product_id, { component: r.product_reference, platform: r.relates_to_product_reference });
  }
  return tree;
}

/** A composite product id → its platform's ecosystem and its rpm; undefined when either is missing. */
function resolveProduct(tree: ProductTree, productId: string): { ecosystem: string; rpm: RpmPackage } | undefined {
  let link = tree.relationships.get(productId);
  if (!link) {
    // Without a relationship, `<platform id>:<component>` (seen in trivy's test data).
    const split = productId.indexOf(':');
    if (split > 0 && tree.products.get(productId.slice(0, split))?.cpe) link = { platform: productId.slice(0, split), component: productId.slice(split + 1) };
  }
  if (!link) return undefined;
  const cpe = tree.products.get(link.platform)?.cpe;
  const ecosystem = cpe ? redhatEcosystem(cpe) : undefined;
  const rpm = rpmOf(link.component, tree.products.get(link.component));
  return ecosystem && rpm ? { ecosystem, rpm } : undefined;
}

/** `cpe:/o:redhat:enterprise_linux:9::baseos` → `Red Hat:enterprise_linux:9::baseos`. */
export function redhatEcosystem(cpe: string): string | undefined {
  const m = /^cpe:\/[aoh]:redhat:(.+)$/.exec(cpe);
  return m ? `Red Hat:${m[1]}` : undefined;
}

/** The rpm of a package product: from its purl, else from an `name-epoch:version-release.arch` id. */
function rpmOf(componentId: string, product: Product | undefined): RpmPackage | undefined {
  if (product?.purl) {
    let purl: PackageURL;
    try {
      purl = PackageURL.fromString(product.purl);
    } catch {
      return undefined;
    }
    if (purl.type !== 'rpm') return undefined;
    const q = purl.qualifiers ?? {};
    const epoch = q.epoch && q.epoch !== '0' ? `${q.epoch}:` : '';
    const module = q.rpmmod?.split(':').slice(0, 2).join(':');
    return { name: purl.name, ...(purl.version ? { evr: `${epoch}${purl.version}` } : {}), ...(q.arch ? { arch: q.arch } : {}), ...(module ? { module } : {}) };
  }
  const nevra = /^(.+?)-(?:(\d+):)?([^-:]+)-([^-:]+)\.([a-z0-9_]+)$/.exec(componentId.split('::')[0]);
  if (nevra) {
    const [, name, epoch, version, release, arch] = nevra;
    return { name, evr: `${epoch && epoch !== '0' ? `${epoch}:` : ''}${version}-${release}`, arch };
  }
  return /^[\w.+-]+$/.test(componentId) ? { name: componentId } : undefined;
}

const impactSeverity: Record<string, string> = { low: 'LOW', moderate: 'MEDIUM', important: 'HIGH', critical: 'CRITICAL' };
const severityRank: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

interface Remediation {
  category: string;
  details?: string;
  url?: string;
}

/** Remediations that say what to do meanwhile, not whether a fix exists. */
const advisoryOnly = new Set(['workaround', 'mitigation']);

/** Status of each product id of a vulnerability, from product_status, else from its remediations. */
function productStatuses(vuln: Record<string, unknown>): Map<string, { status: string; remediation?: Remediation }> {
  const remediations = new Map<string, Remediation>();
  for (const r of list(vuln.remediations)) {
    if (!isObject(r) || typeof r.category !== 'string') continue;
    const remediation = { category: r.category, ...(typeof r.details === 'string' ? { details: r.details } : {}), ...(typeof r.url === 'string' ? { url: r.url } : {}) };
    // A workaround or mitigation never hides the fix (or the absence of one) of the same product.
    for (const id of list(r.product_ids)) if (typeof id === 'string' && (!advisoryOnly.has(remediation.category) || !remediations.has(id))) remediations.set(id, remediation);
  }
  const out = new Map<string, { status: string; remediation?: Remediation }>();
  const listed = isObject(vuln.product_status) ? vuln.product_status : {};
  const lists: [string, string][] = [['fixed', 'fixed'], ['first_fixed', 'fixed'], ['known_affected', 'affected'], ['known_not_affected', 'not-affected'], ['under_investigation', 'undetermined']];
  for (const [key, kind] of lists) {
    for (const id of list(listed[key])) {
      if (typeof id === 'string' && !out.has(id)) out.set(id, { status: statusOf(kind, remediations.get(id)), remediation: remediations.get(id) });
    }
  }
  for (const [id, remediation] of remediations) {
    if (out.has(id) || advisoryOnly.has(remediation.category)) continue;
    out.set(id, { status: statusOf(remediation.category === 'vendor_fix' ? 'fixed' : 'affected', remediation), remediation });
  }
  return out;
}

function statusOf(kind: string, remediation: Remediation | undefined): string {
  if (kind !== 'affected') return kind;
  if (remediation?.category === 'no_fix_planned') return remediation.details === 'Out of support scope' ? 'end-of-life' : 'will-not-fix';
  if (remediation?.category === 'none_available' && remediation.details === 'Fix deferred') return 'fix-deferred';
  return 'unfixed';
}

/** Product id → Red Hat's impact word for it (`Moderate`). */
function impacts(vuln: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of list(vuln.threats)) {
    if (!isObject(t) || t.category !== 'impact' || typeof t.details !== 'string') continue;
    for (const id of list(t.product_ids)) if (typeof id === 'string') out.set(id, t.details);
  }
  return out;
}

/** The affected[] entries of some vulnerabilities, one per (platform, rpm, module, status, fix). */
class EntryCollector {
  private readonly entries = new Map<string, OsvAffected & { ecosystem_specific: Record<string, unknown> }>();
  readonly advisories = new Set<string>();
  private highestImpact?: string;

  /** The highest impact of all entries, as a severity (`HIGH`). */
  get highest(): string | undefined {
    return this.highestImpact ? impactSeverity[this.highestImpact.toLowerCase()] : undefined;
  }

  add(tree: ProductTree, vuln: Record<string, unknown>): void {
    const impact = impacts(vuln);
    for (const [productId, { status, remediation }] of productStatuses(vuln)) {
      const resolved = resolveProduct(tree, productId);
      if (!resolved) continue;
      const advisory = status === 'fixed' ? /(RHSA|RHBA|RHEA)-\d{4}:\d+/.exec(remediation?.url ?? '')?.[0] : undefined;
      if (advisory) this.advisories.add(advisory);
      this.put(resolved.ecosystem, resolved.rpm, status, advisory, impact.get(productId));
    }
  }

  private put(ecosystem: string, rpm: RpmPackage, status: string, advisory: string | undefined, impact: string | undefined): void {
    const fixed = status === 'fixed' ? rpm.evr : undefined;
    const key = JSON.stringify([ecosystem, rpm.name, rpm.module, status, fixed, advisory]);
    let entry = this.entries.get(key);
    if (!entry) {
      const ranges = fixed
        ? [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }]
        : status === 'fixed' || status === 'not-affected' || status === 'undetermined'
          ? undefined
          : [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }];
      entry = {
        package: { ecosystem, name: rpm.name },
        ...(ranges ? { ranges } : {}),
        ecosystem_specific: { status, ...(advisory ? { advisory } : {}), ...(rpm.module ? { module: rpm.module } : {}) },
      };
      this.entries.set(key, entry);
    }
    const specific = entry.ecosystem_specific;
    if (rpm.arch) {
      const arches = (specific.arches as string[] | undefined) ?? [];
      if (!arches.includes(rpm.arch)) specific.arches = [...arches, rpm.arch];
    }
    if (impact) {
      if (typeof specific.severity !== 'string' || impactRank(impact) > impactRank(specific.severity)) specific.severity = impact;
      if (!this.highestImpact || impactRank(impact) > impactRank(this.highestImpact)) this.highestImpact = impact;
    }
  }

  list(): OsvAffected[] {
    return [...this.entries.values()];
  }
}

/** `Important` → 3: Red Hat's impact words in order. */
function impactRank(impact: string): number {
  return severityRank[impactSeverity[impact.toLowerCase()]] ?? 0;
}

function advisoryRecord(doc: Record<string, unknown>, vulns: Record<string, unknown>[], tree: ProductTree): OsvRecord {
  const tracking = isObject(doc.tracking) ? doc.tracking : {};
  if (typeof tracking.id !== 'string' || tracking.id === '') throw new FeedError('advisory without "tracking.id"');
  const entries = new EntryCollector();
  for (const v of vulns) entries.add(tree, v);
  const severity = aggregateSeverity(doc) ?? entries.highest;
  const impact = aggregateImpact(doc);
  const details = noteText(doc.notes, 'summary') ?? noteText(doc.notes, 'general');
  return {
    id: tracking.id,
    modified: isoDate(tracking.current_release_date) ?? UNKNOWN_DATE,
    ...(isoDate(tracking.initial_release_date) ? { published: isoDate(tracking.initial_release_date) } : {}),
    aliases: [...new Set(vulns.map((v) => v.cve as string))],
    ...(stringOr(doc.title) ? { summary: stringOr(doc.title) } : {}),
    ...(details ? { details } : {}),
    affected: entries.list(),
    references: [{ type: 'ADVISORY', url: `https://access.redhat.com/errata/${tracking.id}` }, ...references(doc.references)],
    ...(severity ? { database_specific: { severity, ...(impact ? { impact } : {}) } } : {}),
  };
}

function vexRecord(doc: Record<string, unknown>, vuln: Record<string, unknown>, tree: ProductTree): OsvRecord {
  const tracking = isObject(doc.tracking) ? doc.tracking : {};
  const cve = vuln.cve as string;
  const entries = new EntryCollector();
  entries.add(tree, vuln);
  const severity = aggregateSeverity(doc) ?? entries.highest;
  const details = noteText(vuln.notes, 'description');
  const cwe = isObject(vuln.cwe) && typeof vuln.cwe.id === 'string' ? [vuln.cwe.id] : [];
  const cvss = cvssOf(vuln.scores);
  const published = isoDate(vuln.release_date) ?? isoDate(tracking.initial_release_date);
  const impact = aggregateImpact(doc);
  const specific = { ...(severity ? { severity } : {}), ...(impact ? { impact } : {}), ...(cwe.length > 0 ? { cwe_ids: cwe } : {}) };
  return {
    id: `REDHAT-${cve}`,
    modified: isoDate(tracking.current_release_date) ?? UNKNOWN_DATE,
    ...(published ? { published } : {}),
    aliases: [cve],
    ...(entries.advisories.size > 0 ? { related: [...entries.advisories].sort() } : {}),
    ...(stringOr(vuln.title) && vuln.title !== cve ? { summary: stringOr(vuln.title) } : {}),
    ...(details ? { details } : {}),
    ...(cvss.length > 0 ? { severity: cvss } : {}),
    affected: entries.list(),
    references: [{ type: 'ADVISORY', url: `https://access.redhat.com/security/cve/${cve}` }, ...references(vuln.references)],
    ...(Object.keys(specific).length > 0 ? { database_specific: specific } : {}),
  };
}

/** Red Hat's word for the document (`Moderate`), as written. */
function aggregateImpact(doc: Record<string, unknown>): string | undefined {
  return isObject(doc.aggregate_severity) ? stringOr(doc.aggregate_severity.text) : undefined;
}

function aggregateSeverity(doc: Record<string, unknown>): string | undefined {
  return impactSeverity[aggregateImpact(doc)?.toLowerCase() ?? ''];
}

/** `2024-09-03T17:57:24+00:00` → `2024-09-03T17:57:24Z` (ids compare `modified` as text). */
function isoDate(value: unknown): string | undefined {
  const text = stringOr(value);
  const time = text ? Date.parse(text) : NaN;
  return Number.isNaN(time) ? undefined : new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function noteText(notes: unknown, category: string): string | undefined {
  const note = list(notes).find((n) => isObject(n) && n.category === category && typeof n.text === 'string');
  return isObject(note) ? stringOr(note.text) : undefined;
}

function references(value: unknown): OsvReference[] {
  const out: OsvReference[] = [];
  for (const r of list(value)) {
    if (isObject(r) && typeof r.url === 'string' && r.category !== 'self') out.push({ type: /bugzilla/.test(r.url) ? 'REPORT' : 'WEB', url: r.url });
  }
  return out;
}

function cvssOf(scores: unknown): OsvSeverity[] {
  const out: OsvSeverity[] = [];
  for (const s of list(scores)) {
    if (!isObject(s)) continue;
    const v3 = isObject(s.cvss_v3) ? stringOr(s.cvss_v3.vectorString) : undefined;
    const v2 = isObject(s.cvss_v2) ? stringOr(s.cvss_v2.vectorString) : undefined;
    if (v3 && !out.some((o) => o.score === v3)) out.push({ type: 'CVSS_V3', score: v3 });
    if (v2 && !out.some((o) => o.score === v2)) out.push({ type: 'CVSS_V2', score: v2 });
  }
  return out;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
