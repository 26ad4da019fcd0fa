import type { ParsedPurl } from '../../target/sbom/purl-to-package.js';
import type { DetectedVulnerability } from '../model.js';
import { parsePurl } from '../../target/sbom/purl-to-package.js';
import { purlMatches } from './purl-match.js';

/** The statuses of OpenVEX (CycloneDX analysis states map onto them, as trivy maps them). */
export type VexStatus = 'not_affected' | 'affected' | 'fixed' | 'under_investigation';

/** What a statement is about: a product, and optionally the components of it the statement names. */
export interface VexProduct {
  /** The product's purls (`@id` and `identifiers.purl`). */
  purls: ParsedPurl[];
  /** Components of the product where the vulnerability lives; empty: the product itself. */
  subcomponents: ParsedPurl[];
}

/** One statement of a VEX document, in the shape both formats are read into. */
export interface VexStatement {
  /** The vulnerability's id and its aliases. */
  ids: string[];
  products: VexProduct[];
  status: VexStatus;
  /** The OpenVEX justification or CycloneDX analysis justification (`vulnerable_code_not_in_execute_path`). */
  justification?: string;
  /** The impact statement / analysis detail, for the user. */
  detail?: string;
  /** Statement (else document) time in ms, for "the latest statement wins". */
  time?: number;
}

export interface VexDocument {
  /** The file, as given (the `Source` of suppressed findings). */
  source: string;
  format: 'openvex' | 'cyclonedx';
  statements: VexStatement[];
}

/** The statement that decides a finding, and the document it is in. */
export interface VexVerdict {
  statement: VexStatement;
  document: VexDocument;
}

/**
 * The statement about a finding that decides it, if any: among statements naming one of the
 * finding's ids (its id or the advisory's own ids) and its package (a product purl, or a
 * subcomponent purl, matching the package's purl), the latest one (by timestamp; at the same time,
 * the later in the documents as given). The finding is suppressed when that statement says
 * `not_affected` or `fixed`.
 */
export function vexVerdict(documents: readonly VexDocument[], vuln: DetectedVulnerability): VexVerdict | undefined {
  const ids = new Set([vuln.VulnerabilityID, ...(vuln.VendorIDs ?? [])]);
  const pkg = parsePurl(vuln.PkgIdentifier.PURL);
  if (!pkg) return undefined;
  let best: VexVerdict | undefined;
  for (const document of documents) {
    for (const statement of document.statements) {
      if (!statement.ids.some((id) => ids.has(id))) continue;
      const applies = statement.products.some((p) => (p.subcomponents.length === 0 ? p.purls : p.subcomponents).some((pattern) => purlMatches(pattern, pkg)));
      if (!applies) continue;
      if (!best || (statement.time ?? 0) >= (best.statement.time ?? 0)) best = { statement, document };
    }
  }
  return best;
}

/** True when the deciding statement takes the finding out of the report. */
export function suppresses(verdict: VexVerdict | undefined): verdict is VexVerdict {
  return verdict !== undefined && (verdict.statement.status === 'not_affected' || verdict.statement.status === 'fixed');
}
