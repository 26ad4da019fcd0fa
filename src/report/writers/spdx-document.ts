import type { Report } from '../model.js';
import type { WriterOptions } from './types.js';
import { sharedSbomGraph, type SbomNode } from './sbom-graph.js';
import { derived } from './derived.js';
import { isoSeconds, reportTime, toolVersion } from './artifact.js';
import { shortHash, stableUuid } from './ids.js';
import { spdxExpression } from './licenses.js';

/** An SPDX 2.3 document as its JSON form has it (the tag-value writer prints the same data). */
export interface SpdxDocument {
  spdxVersion: 'SPDX-2.3';
  dataLicense: 'CC0-1.0';
  SPDXID: 'SPDXRef-DOCUMENT';
  name: string;
  documentNamespace: string;
  creationInfo: { creators: string[]; created: string };
  packages: SpdxPackage[];
  relationships: { spdxElementId: string; relatedSpdxElement: string; relationshipType: 'DESCRIBES' | 'CONTAINS' | 'DEPENDS_ON' }[];
  hasExtractedLicensingInfos?: { licenseId: string; extractedText: string; name: string }[];
}

export interface SpdxPackage {
  name: string;
  SPDXID: string;
  versionInfo?: string;
  supplier?: string;
  downloadLocation: 'NONE';
  filesAnalyzed: false;
  sourceInfo?: string;
  licenseConcluded: string;
  licenseDeclared: string;
  copyrightText?: string;
  externalRefs?: { referenceCategory: 'PACKAGE-MANAGER'; referenceType: 'purl'; referenceLocator: string }[];
  primaryPackagePurpose: 'CONTAINER' | 'SOURCE' | 'OPERATING_SYSTEM' | 'APPLICATION' | 'LIBRARY';
  annotations?: { annotator: string; annotationDate: string; annotationType: 'OTHER'; comment: string }[];
}

/** The report's SPDX document, made once for both SPDX writers of a scan (see derived.ts). */
export function sharedSpdxDocument(report: Report, options: WriterOptions): SpdxDocument {
  return derived(report, options.shared, 'spdx-document', () => spdxDocument(report, options));
}

/**
 * The report as an SPDX 2.3 document, in trivy's layout: the artifact (container image or source
 * tree) described by the document, containing the OS and the applications, which contain their
 * packages; packages depend on packages. Licences are SPDX expressions, other licence names become
 * `LicenseRef-` entries with their text; unknown is NOASSERTION. trivy's fields without an SPDX
 * field (layer, package id, type) are annotations.
 */
export function spdxDocument(report: Report, options: WriterOptions): SpdxDocument {
  const time = reportTime(report, options.now);
  const created = isoSeconds(time);
  const tool = `Tool: picket-${toolVersion(report, options.appVersion)}`;
  const graph = sharedSbomGraph(report, options);
  const extracted = new Map<string, { licenseId: string; extractedText: string; name: string }>();
  const ids = new Map<SbomNode, string>();
  const used = new Set<string>();
  const idOf = (node: SbomNode): string => {
    let id = ids.get(node);
    if (id) return id;
    const kind = node.kind === 'root' ? (report.ArtifactType === 'container_image' ? 'ContainerImage' : report.ArtifactType === 'repository' ? 'Repository' : 'Filesystem')
      : node.kind === 'os' ? 'OperatingSystem' : node.kind === 'application' ? 'Application' : 'Package';
    const base = `SPDXRef-${kind}-${shortHash(node.kind, node.name, node.version ?? '', node.purl ?? '', node.result?.Target ?? '', node.pkg?.ID ?? '', node.pkg?.FilePath ?? '')}`;
    id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    ids.set(node, id);
    return id;
  };
  const licenseCache = new Map<string, string>();
  const license = (names: string[]): string => {
    if (names.length === 0) return 'NOASSERTION';
    const key = names.join('\n');
    let declared = licenseCache.get(key);
    if (declared === undefined) {
      declared = spdxLicense(names);
      licenseCache.set(key, declared);
    }
    return declared;
  };
  const spdxLicense = (names: string[]): string => {
    const parts = [...new Set(names.map((n) => n.trim()).filter(Boolean))].map((n) => {
      const expr = spdxExpression(n);
      if (expr) return /\s/.test(expr) && names.length > 1 ? `(${expr})` : expr;
      const licenseId = `LicenseRef-${shortHash(n)}`;
      extracted.set(licenseId, { licenseId, extractedText: n, name: n });
      return licenseId;
    });
    return parts.length ? parts.join(' AND ') : 'NOASSERTION';
  };
  const annotations = (props: [string, string][]): NonNullable<SpdxPackage['annotations']> => {
    const out: NonNullable<SpdxPackage['annotations']> = new Array(props.length);
    for (let i = 0; i < props.length; i++) out[i] = { annotator: tool, annotationDate: created, annotationType: 'OTHER', comment: `${props[i][0]}: ${props[i][1]}` };
    return out;
  };
  const purlRef = (purl: string): NonNullable<SpdxPackage['externalRefs']> => [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl }];

  // Packages are built field by field in the order SPDX JSON lists them (the key order is the output).
  const packages: SpdxPackage[] = [];
  const root = graph.root;
  const rootPackage = { name: root.name, SPDXID: idOf(root) } as SpdxPackage;
  rootPackage.downloadLocation = 'NONE';
  rootPackage.filesAnalyzed = false;
  rootPackage.licenseConcluded = 'NOASSERTION';
  rootPackage.licenseDeclared = 'NOASSERTION';
  if (root.purl) rootPackage.externalRefs = purlRef(root.purl);
  rootPackage.primaryPackagePurpose = report.ArtifactType === 'container_image' ? 'CONTAINER' : 'SOURCE';
  rootPackage.annotations = annotations(root.properties);
  packages.push(rootPackage);
  for (const node of graph.nodes) {
    const p = { name: node.name, SPDXID: idOf(node) } as SpdxPackage;
    if (node.version) p.versionInfo = node.version;
    if (node.kind !== 'package') {
      p.downloadLocation = 'NONE';
      p.filesAnalyzed = false;
      p.licenseConcluded = 'NOASSERTION';
      p.licenseDeclared = 'NOASSERTION';
      p.primaryPackagePurpose = node.kind === 'os' ? 'OPERATING_SYSTEM' : 'APPLICATION';
      p.annotations = annotations(node.properties);
      packages.push(p);
      continue;
    }
    const declared = license(node.licenses);
    p.supplier = 'NOASSERTION';
    p.downloadLocation = 'NONE';
    p.filesAnalyzed = false;
    if (node.result && node.result.Class === 'lang-pkgs') p.sourceInfo = `package found in: ${node.pkg?.FilePath ?? node.result.Target}`;
    p.licenseConcluded = declared;
    p.licenseDeclared = declared;
    if (node.purl) p.externalRefs = purlRef(node.purl);
    p.primaryPackagePurpose = 'LIBRARY';
    if (node.properties.length) p.annotations = annotations(node.properties);
    packages.push(p);
  }
  const relationships: SpdxDocument['relationships'] = [{ spdxElementId: 'SPDXRef-DOCUMENT', relatedSpdxElement: idOf(root), relationshipType: 'DESCRIBES' }];
  for (const node of [root, ...graph.nodes]) {
    const type = node.kind === 'package' ? 'DEPENDS_ON' : 'CONTAINS';
    const from = idOf(node);
    for (const child of node.children.length < 2 ? node.children : new Set(node.children)) relationships.push({ spdxElementId: from, relatedSpdxElement: idOf(child), relationshipType: type });
  }
  const kind = report.ArtifactType === 'container_image' ? 'container_image' : report.ArtifactType;
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: report.ArtifactName,
    documentNamespace: `https://spdx.org/spdxdocs/picket/${kind}/${encodeURIComponent(report.ArtifactName)}-${stableUuid('spdx', report.ArtifactName, time.toISOString())}`,
    creationInfo: { creators: ['Organization: picket', tool], created },
    packages,
    relationships,
    ...(extracted.size ? { hasExtractedLicensingInfos: [...extracted.values()] } : {}),
  };
}
