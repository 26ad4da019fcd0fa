import { UserError } from '../../errors.js';
import { addEdge, addProperty, type SbomComponent, type SbomDocument } from './sbom-document.js';

/** The parts of an SPDX 2.x document picket reads, as the JSON form spells them. */
export interface SpdxInput {
  spdxVersion?: unknown;
  documentDescribes?: unknown;
  packages?: unknown;
  relationships?: unknown;
  hasExtractedLicensingInfos?: unknown;
}

/**
 * Reads an SPDX 2.2/2.3 document (the JSON form, or the tag-value form converted to it): the
 * package the document DESCRIBES is the artifact; an operating-system package (purpose
 * OPERATING-SYSTEM, or trivy's `SPDXRef-OperatingSystem-` ids) and application packages (purpose
 * APPLICATION without a purl, or `SPDXRef-Application-`) hold packages; every package with a
 * `purl` external reference is a package. CONTAINS / DEPENDS_ON (and their inverses) give the edges.
 * trivy's and picket's annotations (`PkgID: ...`, `SrcName: ...`) and trivy's attribution texts
 * are the properties; `built package from: NAME VERSION` (older trivy) gives the source package.
 */
export function readSpdx(doc: SpdxInput, file: string): SbomDocument {
  if (typeof doc.spdxVersion !== 'string' || !/^SPDX-2\.\d+$/.test(doc.spdxVersion)) {
    throw new UserError(`${file}: unsupported SPDX version ${JSON.stringify(doc.spdxVersion ?? null)} (SPDX 2.2 and 2.3 are read)`);
  }
  if (doc.packages !== undefined && !Array.isArray(doc.packages)) throw new UserError(`${file}: SPDX "packages" is not a list`);
  const licenseNames = new Map<string, string>();
  for (const info of asArray(doc.hasExtractedLicensingInfos)) {
    if (isRecord(info) && typeof info.licenseId === 'string') {
      const name = typeof info.name === 'string' && info.name !== '' ? info.name : typeof info.extractedText === 'string' ? info.extractedText : info.licenseId;
      licenseNames.set(info.licenseId, name);
    }
  }
  const edges = new Map<string, string[]>();
  const described: string[] = asArray(doc.documentDescribes).filter((d): d is string => typeof d === 'string');
  for (const rel of asArray(doc.relationships)) {
    if (!isRecord(rel) || typeof rel.spdxElementId !== 'string' || typeof rel.relatedSpdxElement !== 'string') continue;
    const [from, to] = [rel.spdxElementId, rel.relatedSpdxElement];
    switch (rel.relationshipType) {
      case 'DESCRIBES':
        if (from === 'SPDXRef-DOCUMENT') described.push(to);
        break;
      case 'DESCRIBED_BY':
        if (to === 'SPDXRef-DOCUMENT') described.push(from);
        break;
      case 'CONTAINS':
      case 'DEPENDS_ON':
        addEdge(edges, from, to);
        break;
      case 'CONTAINED_BY':
      case 'DEPENDENCY_OF':
        addEdge(edges, to, from);
        break;
    }
  }
  const result: SbomDocument = { format: 'spdx', components: [], edges, skipped: 0 };
  for (const raw of asArray(doc.packages)) {
    if (!isRecord(raw) || typeof raw.SPDXID !== 'string') continue;
    const ref = raw.SPDXID;
    const properties = propertiesOf(raw);
    const purl = purlOf(raw.externalRefs);
    const purpose = typeof raw.primaryPackagePurpose === 'string' ? raw.primaryPackagePurpose.replace(/-/g, '_') : '';
    const name = typeof raw.name === 'string' ? raw.name : '';
    const kind = purpose === 'OPERATING_SYSTEM' || ref.startsWith('SPDXRef-OperatingSystem-') ? 'os'
      : ref.startsWith('SPDXRef-Application-') || properties.has('Class') || (purpose === 'APPLICATION' && !purl) ? 'application'
        : purl && !(described.includes(ref) && purl.startsWith('pkg:oci/')) ? 'package' : undefined;
    if (!kind) {
      if (described.includes(ref) && !result.root) result.root = { ref, name, properties };
      else result.skipped++;
      continue;
    }
    const component: SbomComponent = {
      ref,
      kind,
      name,
      ...(typeof raw.versionInfo === 'string' && raw.versionInfo !== '' ? { version: raw.versionInfo } : {}),
      ...(purl ? { purl } : {}),
      properties,
      licenses: licensesOf(raw, licenseNames),
    };
    result.components.push(component);
  }
  return result;
}

function purlOf(refs: unknown): string | undefined {
  for (const r of asArray(refs)) {
    if (isRecord(r) && r.referenceType === 'purl' && typeof r.referenceLocator === 'string' && r.referenceLocator !== '') return r.referenceLocator;
  }
  return undefined;
}

/** `Key: value` annotations (picket, trivy) and attribution texts (older trivy); the source package from `sourceInfo`. */
function propertiesOf(raw: Record<string, unknown>): Map<string, string[]> {
  const properties = new Map<string, string[]>();
  const texts = [
    ...asArray(raw.annotations).map((a) => (isRecord(a) ? a.comment : undefined)),
    ...asArray(raw.attributionTexts),
  ];
  for (const text of texts) {
    if (typeof text !== 'string') continue;
    const m = /^([A-Za-z][A-Za-z0-9]*): (.*)$/s.exec(text.trim());
    if (m) addProperty(properties, m[1], m[2]);
  }
  const built = typeof raw.sourceInfo === 'string' ? /^built package from: (\S+) (\S+)$/.exec(raw.sourceInfo.trim()) : null;
  if (built && !properties.has('SrcName')) {
    addProperty(properties, 'SrcName', built[1]);
    addProperty(properties, 'SrcVersion', built[2]);
  }
  return properties;
}

function licensesOf(raw: Record<string, unknown>, names: Map<string, string>): string[] {
  const value = [raw.licenseDeclared, raw.licenseConcluded].find((v): v is string => typeof v === 'string' && v !== '' && v !== 'NOASSERTION' && v !== 'NONE');
  if (!value) return [];
  // picket and trivy write names that are not SPDX ids as LicenseRef- entries with the name.
  const parts = value.split(/\s+AND\s+/);
  return parts.every((p) => names.has(p)) ? parts.map((p) => names.get(p)!) : [value.replace(/LicenseRef-[A-Za-z0-9.-]+/g, (id) => names.get(id) ?? id)];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
