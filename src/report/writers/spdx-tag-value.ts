import type { ReportWriter } from './types.js';
import { spdxDocument } from './spdx-document.js';

/** SPDX 2.3 tag-value: the same document as `spdx-json` (see spdx-document.ts), in the text form. */
export const spdxTagValueWriter: ReportWriter = {
  format: 'spdx',
  render(report, options) {
    const doc = spdxDocument(report, options);
    const out: string[] = [
      `SPDXVersion: ${doc.spdxVersion}`,
      `DataLicense: ${doc.dataLicense}`,
      `SPDXID: ${doc.SPDXID}`,
      `DocumentName: ${line(doc.name)}`,
      `DocumentNamespace: ${doc.documentNamespace}`,
      ...doc.creationInfo.creators.map((c) => `Creator: ${c}`),
      `Created: ${doc.creationInfo.created}`,
    ];
    const annotations: string[] = [];
    for (const p of doc.packages) {
      out.push('', `##### Package: ${line(p.name)}`, '', `PackageName: ${line(p.name)}`, `SPDXID: ${p.SPDXID}`);
      if (p.versionInfo) out.push(`PackageVersion: ${line(p.versionInfo)}`);
      if (p.supplier) out.push(`PackageSupplier: ${p.supplier}`);
      out.push(`PackageDownloadLocation: ${p.downloadLocation}`, `FilesAnalyzed: ${p.filesAnalyzed}`);
      if (p.sourceInfo) out.push(`PackageSourceInfo: ${text(p.sourceInfo)}`);
      out.push(`PackageLicenseConcluded: ${p.licenseConcluded}`, `PackageLicenseDeclared: ${p.licenseDeclared}`);
      for (const r of p.externalRefs ?? []) out.push(`ExternalRef: ${r.referenceCategory} ${r.referenceType} ${r.referenceLocator}`);
      out.push(`PrimaryPackagePurpose: ${p.primaryPackagePurpose.replace(/_/g, '-')}`);
      for (const a of p.annotations ?? []) {
        annotations.push('', `Annotator: ${a.annotator}`, `AnnotationDate: ${a.annotationDate}`, `AnnotationType: ${a.annotationType}`, `SPDXREF: ${p.SPDXID}`, `AnnotationComment: ${text(a.comment)}`);
      }
    }
    if (doc.hasExtractedLicensingInfos?.length) {
      out.push('', '##### Other Licenses');
      for (const l of doc.hasExtractedLicensingInfos) out.push('', `LicenseID: ${l.licenseId}`, `ExtractedText: ${text(l.extractedText)}`, `LicenseName: ${line(l.name)}`);
    }
    out.push('', '##### Relationships', '');
    for (const r of doc.relationships) out.push(`Relationship: ${r.spdxElementId} ${r.relationshipType} ${r.relatedSpdxElement}`);
    if (annotations.length) out.push('', '##### Annotations', ...annotations);
    return `${out.join('\n')}\n`;
  },
};

/** A one-line value: line breaks would start a new tag, so they become spaces. */
function line(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** A free-text value in `<text>` tags (the closing tag cannot occur inside). */
function text(s: string): string {
  return `<text>${s.replace(/<\/text>/gi, '</ text>')}</text>`;
}
