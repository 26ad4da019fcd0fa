import { UserError } from '../../errors.js';
import type { SpdxInput } from './spdx-json.js';

/**
 * Reads the SPDX 2.x tag-value form into the JSON form's shape (spdx-json.ts reads both):
 * `Tag: value` lines, `<text>...</text>` values over several lines, packages from `PackageName:`
 * on (a `FileName:` or `SnippetSPDXID:` ends a package), relationships, annotations (`SPDXREF:`
 * names the element) and extracted licences.
 */
export function parseSpdxTagValue(text: string, file: string): SpdxInput {
  const doc: Required<Pick<SpdxInput, 'spdxVersion'>> & { packages: Record<string, unknown>[]; relationships: Record<string, string>[]; hasExtractedLicensingInfos: Record<string, string>[] } = {
    spdxVersion: undefined,
    packages: [],
    relationships: [],
    hasExtractedLicensingInfos: [],
  };
  let pkg: Record<string, unknown> | undefined;
  let inFile = false;
  let annotation: { ref?: string; comment?: string } | undefined;
  const annotations: { ref?: string; comment?: string }[] = [];
  let license: Record<string, string> | undefined;
  const list = (p: Record<string, unknown>, key: string) => (p[key] ??= []) as unknown[];

  for (const { tag, value, line } of tagValues(text, file)) {
    switch (tag) {
      case 'SPDXVersion': doc.spdxVersion = value; break;
      case 'PackageName':
        pkg = { name: value };
        doc.packages.push(pkg);
        inFile = false;
        break;
      case 'FileName':
      case 'SnippetSPDXID':
        pkg = undefined;
        inFile = true;
        break;
      case 'SPDXID':
        if (pkg && pkg.SPDXID === undefined && !inFile) pkg.SPDXID = value;
        break;
      case 'PackageVersion': if (pkg) pkg.versionInfo = value; break;
      case 'PackageSourceInfo': if (pkg) pkg.sourceInfo = value; break;
      case 'PackageLicenseDeclared': if (pkg) pkg.licenseDeclared = value; break;
      case 'PackageLicenseConcluded': if (pkg) pkg.licenseConcluded = value; break;
      case 'PrimaryPackagePurpose': if (pkg) pkg.primaryPackagePurpose = value; break;
      case 'PackageAttributionText': if (pkg) list(pkg, 'attributionTexts').push(value); break;
      case 'ExternalRef': {
        const [referenceCategory, referenceType, ...locator] = value.split(/\s+/);
        if (pkg && referenceType && locator.length > 0) list(pkg, 'externalRefs').push({ referenceCategory, referenceType, referenceLocator: locator.join(' ') });
        break;
      }
      case 'Relationship': {
        const parts = value.split(/\s+/);
        if (parts.length < 3) throw new UserError(`${file}:${line}: Relationship needs "ID TYPE ID", got "${value}"`);
        doc.relationships.push({ spdxElementId: parts[0], relationshipType: parts[1], relatedSpdxElement: parts[2] });
        break;
      }
      case 'Annotator':
        annotation = {};
        annotations.push(annotation);
        break;
      case 'SPDXREF': if (annotation) annotation.ref = value; break;
      case 'AnnotationComment': if (annotation) annotation.comment = value; break;
      case 'LicenseID':
        license = { licenseId: value };
        doc.hasExtractedLicensingInfos.push(license);
        break;
      case 'ExtractedText': if (license) license.extractedText = value; break;
      case 'LicenseName': if (license) license.name = value; break;
    }
  }
  for (const a of annotations) {
    const target = doc.packages.find((p) => p.SPDXID === a.ref);
    if (target && a.comment !== undefined) list(target, 'annotations').push({ comment: a.comment });
  }
  return doc;
}

/** The `Tag: value` pairs of the text, `<text>` values joined over their lines. */
function* tagValues(text: string, file: string): Generator<{ tag: string; value: string; line: number }> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const m = /^\s*([A-Za-z][A-Za-z0-9]*):\s?(.*)$/.exec(raw);
    if (!m) throw new UserError(`${file}:${i + 1}: not an SPDX tag-value line: "${raw.slice(0, 80)}"`);
    let value = m[2].trim();
    const start = i + 1;
    if (value.startsWith('<text>')) {
      let body = value.slice('<text>'.length);
      while (!body.includes('</text>')) {
        i++;
        if (i >= lines.length) throw new UserError(`${file}:${start}: <text> is never closed`);
        body += `\n${lines[i]}`;
      }
      value = body.slice(0, body.indexOf('</text>'));
    }
    yield { tag: m[1], value, line: start };
  }
}
