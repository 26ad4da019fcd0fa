import type { ReportWriter } from './types.js';
import { sharedSpdxDocument } from './spdx-document.js';

/** SPDX 2.3 tag-value: the same document as `spdx-json` (see spdx-document.ts), in the text form. */
export const spdxTagValueWriter: ReportWriter = {
  format: 'spdx',
  render(report, options) {
    const doc = sharedSpdxDocument(report, options);
    // One string grown by appending (ropes in V8): far less garbage than an array of lines.
    let out = `SPDXVersion: ${doc.spdxVersion}\nDataLicense: ${doc.dataLicense}\nSPDXID: ${doc.SPDXID}\nDocumentName: ${line(doc.name)}\nDocumentNamespace: ${doc.documentNamespace}\n`;
    for (const c of doc.creationInfo.creators) out += `Creator: ${c}\n`;
    out += `Created: ${doc.creationInfo.created}\n`;
    let annotations = '';
    for (const p of doc.packages) {
      const name = line(p.name);
      out += `\n##### Package: ${name}\n\nPackageName: ${name}\nSPDXID: ${p.SPDXID}\n`;
      if (p.versionInfo) out += `PackageVersion: ${line(p.versionInfo)}\n`;
      if (p.supplier) out += `PackageSupplier: ${p.supplier}\n`;
      out += `PackageDownloadLocation: ${p.downloadLocation}\nFilesAnalyzed: ${p.filesAnalyzed}\n`;
      if (p.sourceInfo) out += `PackageSourceInfo: ${text(p.sourceInfo)}\n`;
      out += `PackageLicenseConcluded: ${p.licenseConcluded}\nPackageLicenseDeclared: ${p.licenseDeclared}\n`;
      for (const r of p.externalRefs ?? []) out += `ExternalRef: ${r.referenceCategory} ${r.referenceType} ${r.referenceLocator}\n`;
      out += `PrimaryPackagePurpose: ${p.primaryPackagePurpose.replace(/_/g, '-')}\n`;
      for (const a of p.annotations ?? []) {
        annotations += `\nAnnotator: ${a.annotator}\nAnnotationDate: ${a.annotationDate}\nAnnotationType: ${a.annotationType}\nSPDXREF: ${p.SPDXID}\nAnnotationComment: ${text(a.comment)}\n`;
      }
    }
    if (doc.hasExtractedLicensingInfos?.length) {
      out += '\n##### Other Licenses\n';
      for (const l of doc.hasExtractedLicensingInfos) out += `\nLicenseID: ${l.licenseId}\nExtractedText: ${text(l.extractedText)}\nLicenseName: ${line(l.name)}\n`;
    }
    out += '\n##### Relationships\n\n';
    for (const r of doc.relationships) out += `Relationship: ${r.spdxElementId} ${r.relationshipType} ${r.relatedSpdxElement}\n`;
    if (annotations) out += `\n##### Annotations\n${annotations}`;
    return out;
  },
};

/** A one-line value: line breaks would start a new tag, so they become spaces. */
function line(s: string): string {
  return s.includes('\n') || s.includes('\r') ? s.replace(/\s*[\r\n]+\s*/g, ' ') : s;
}

/** A free-text value in `<text>` tags (the closing tag cannot occur inside). */
function text(s: string): string {
  return `<text>${s.includes('</') ? s.replace(/<\/text>/gi, '</ text>') : s}</text>`;
}
