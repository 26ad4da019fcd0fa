import { UserError } from '../../errors.js';
import { parsePurl, type ParsedPurl } from '../../target/sbom/purl-to-package.js';
import type { VexDocument, VexStatement, VexStatus } from './vex-document.js';

/** CycloneDX impact analysis states -> VEX statuses (as trivy maps them). */
const STATES: Readonly<Record<string, VexStatus>> = {
  not_affected: 'not_affected',
  false_positive: 'not_affected',
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  exploitable: 'affected',
  in_triage: 'under_investigation',
};

/**
 * Reads a CycloneDX VEX (a BOM with `vulnerabilities[]` carrying `analysis` and `affects`). An
 * `affects[].ref` names the package by purl: the purl itself, a BOM-Link whose fragment is a
 * purl (`urn:cdx:SERIAL/VERSION#pkg:...`, trivy's and picket's bom-refs are purls), or the
 * bom-ref of a component of this document that has a purl. Refs that resolve to no purl (a
 * product named only by a bom-ref of another BOM) cannot match a package: one warning says how
 * many. Vulnerabilities without an analysis state say nothing and are skipped.
 */
export function readCycloneDxVex(doc: Record<string, unknown>, source: string, onWarning?: (message: string) => void): VexDocument {
  if (!Array.isArray(doc.vulnerabilities)) throw new UserError(`VEX ${source}: CycloneDX document without "vulnerabilities"`);
  const purlByRef = new Map<string, string>();
  const collect = (c: unknown): void => {
    if (!isRecord(c)) return;
    if (typeof c['bom-ref'] === 'string' && typeof c.purl === 'string') purlByRef.set(c['bom-ref'], c.purl);
    for (const child of Array.isArray(c.components) ? c.components : []) collect(child);
  };
  const metadata = isRecord(doc.metadata) ? doc.metadata : {};
  collect(metadata.component);
  for (const c of Array.isArray(doc.components) ? doc.components : []) collect(c);
  const docTime = timeOf(metadata.timestamp);

  let unresolved = 0;
  const statements: VexStatement[] = [];
  doc.vulnerabilities.forEach((raw, index) => {
    if (!isRecord(raw)) throw new UserError(`VEX ${source}: vulnerabilities[${index}] is not an object`);
    const analysis = isRecord(raw.analysis) ? raw.analysis : undefined;
    const state = typeof analysis?.state === 'string' ? STATES[analysis.state] : undefined;
    if (!analysis || !state) return;
    const ids = [raw.id, ...(Array.isArray(raw.references) ? raw.references.map((r) => (isRecord(r) ? r.id : undefined)) : [])]
      .filter((x): x is string => typeof x === 'string' && x !== '');
    if (ids.length === 0) throw new UserError(`VEX ${source}: vulnerabilities[${index}] has no id`);
    const purls: ParsedPurl[] = [];
    for (const affect of Array.isArray(raw.affects) ? raw.affects : []) {
      const ref = isRecord(affect) && typeof affect.ref === 'string' ? affect.ref : undefined;
      const purl = ref ? resolve(ref, purlByRef) : undefined;
      if (purl) purls.push(purl);
      else unresolved++;
    }
    const time = timeOf(analysis.lastUpdated) ?? timeOf(raw.updated) ?? docTime;
    statements.push({
      ids: [...new Set(ids)],
      products: purls.length > 0 ? [{ purls, subcomponents: [] }] : [],
      status: state,
      ...(typeof analysis.justification === 'string' ? { justification: analysis.justification } : {}),
      ...(typeof analysis.detail === 'string' ? { detail: analysis.detail } : {}),
      ...(time !== undefined ? { time } : {}),
    });
  });
  if (unresolved > 0) onWarning?.(`VEX ${source}: ${unresolved} affects ref${unresolved === 1 ? '' : 's'} name no purl (neither a purl, a BOM-Link to one, nor a component of this document with one): not applied`);
  return { source, format: 'cyclonedx', statements };
}

function resolve(ref: string, purlByRef: Map<string, string>): ParsedPurl | undefined {
  let id = ref;
  if (ref.startsWith('urn:cdx:')) {
    const hash = ref.indexOf('#');
    if (hash < 0) return undefined;
    try {
      id = decodeURIComponent(ref.slice(hash + 1));
    } catch {
      id = ref.slice(hash + 1);
    }
  }
  return parsePurl(id) ?? (purlByRef.has(id) ? parsePurl(purlByRef.get(id)!) : undefined);
}

function timeOf(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
