import { UserError } from '../../errors.js';
import { parsePurl, type ParsedPurl } from '../../target/sbom/purl-to-package.js';
import type { VexDocument, VexProduct, VexStatement, VexStatus } from './vex-document.js';

const STATUSES: readonly VexStatus[] = ['not_affected', 'affected', 'fixed', 'under_investigation'];

/**
 * Reads an OpenVEX document (https://github.com/openvex/spec, v0.2.0, and the v0.0.x shape where
 * `vulnerability` is a string and `subcomponents` sit on the statement): each statement's
 * vulnerability (`name` or `@id`, and `aliases`), products (`@id` or `identifiers.purl`) with
 * their subcomponents, status, justification and impact statement. Products that are not purls
 * cannot match a package and are left out.
 */
export function readOpenVex(doc: Record<string, unknown>, source: string): VexDocument {
  if (!Array.isArray(doc.statements)) throw new UserError(`VEX ${source}: OpenVEX document without "statements"`);
  const docTime = timeOf(doc.timestamp);
  const statements: VexStatement[] = [];
  doc.statements.forEach((raw, index) => {
    const where = `VEX ${source}: statements[${index}]`;
    if (!isRecord(raw)) throw new UserError(`${where} is not an object`);
    const ids = vulnerabilityIds(raw.vulnerability);
    if (ids.length === 0) throw new UserError(`${where} names no vulnerability`);
    if (typeof raw.status !== 'string' || !STATUSES.includes(raw.status as VexStatus)) {
      throw new UserError(`${where}: status ${JSON.stringify(raw.status ?? null)} is not one of ${STATUSES.join(', ')}`);
    }
    const shared = purlsOf(raw.subcomponents);
    const products = (Array.isArray(raw.products) ? raw.products : []).map((p): VexProduct => {
      const purls = typeof p === 'string' ? purlsOf([p]) : isRecord(p) ? purlsOf([p]) : [];
      const subcomponents = isRecord(p) ? purlsOf(p.subcomponents) : [];
      return { purls, subcomponents: [...subcomponents, ...shared] };
    }).filter((p) => p.purls.length > 0 || p.subcomponents.length > 0);
    const time = timeOf(raw.timestamp) ?? timeOf(raw.last_updated) ?? docTime;
    statements.push({
      ids,
      products,
      status: raw.status as VexStatus,
      ...(typeof raw.justification === 'string' ? { justification: raw.justification } : {}),
      ...(typeof raw.impact_statement === 'string' ? { detail: raw.impact_statement } : typeof raw.status_notes === 'string' ? { detail: raw.status_notes } : {}),
      ...(time !== undefined ? { time } : {}),
    });
  });
  return { source, format: 'openvex', statements };
}

function vulnerabilityIds(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (!isRecord(v)) return [];
  const ids = [v.name, v['@id'], ...(Array.isArray(v.aliases) ? v.aliases : [])].filter((x): x is string => typeof x === 'string' && x !== '');
  return [...new Set(ids)];
}

/** The purls of components: strings, or objects with a purl `@id` or `identifiers.purl`. */
function purlsOf(list: unknown): ParsedPurl[] {
  const out: ParsedPurl[] = [];
  for (const item of Array.isArray(list) ? list : []) {
    const texts = typeof item === 'string' ? [item] : isRecord(item) ? [item['@id'], isRecord(item.identifiers) ? item.identifiers.purl : undefined] : [];
    for (const text of texts) {
      const purl = typeof text === 'string' ? parsePurl(text) : undefined;
      if (purl) out.push(purl);
    }
  }
  return out;
}

function timeOf(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
