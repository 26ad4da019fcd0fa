/** SPDX 2.3: the official JSON schema, trivy's layout (DESCRIBES/CONTAINS/DEPENDS_ON), and tag-value = JSON. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goldenReport, render, scanFixture, secretsAndMisconfigReport } from './support.js';
import { spdxErrors } from './schemas.js';
import type { SpdxDocument } from '../../../src/report/writers/spdx-document.js';

test('npm, gomod, alpine image and a report without packages: valid SPDX 2.3 JSON', async () => {
  for (const report of [await scanFixture('npm'), await scanFixture('gomod'), goldenReport('alpine-310.json.golden'), secretsAndMisconfigReport()]) {
    const doc = JSON.parse(await render('spdx-json', report)) as SpdxDocument;
    assert.deepEqual(spdxErrors(doc), [], report.ArtifactName);
  }
});

test('npm: the tree DESCRIBES, CONTAINS the lockfile, which CONTAINS its top packages; packages DEPEND_ON packages', async () => {
  const doc = JSON.parse(await render('spdx-json', await scanFixture('npm'))) as SpdxDocument;
  const name = new Map(doc.packages.map((p) => [p.SPDXID, p.versionInfo ? `${p.name}@${p.versionInfo}` : p.name]));
  name.set('SPDXRef-DOCUMENT', 'DOCUMENT');
  const rel = doc.relationships.map((r) => `${name.get(r.spdxElementId)} ${r.relationshipType} ${name.get(r.relatedSpdxElement)}`);
  assert.ok(rel.includes(`DOCUMENT DESCRIBES ${doc.name}`));
  assert.ok(rel.includes(`${doc.name} CONTAINS package-lock.json`));
  assert.deepEqual(rel.filter((r) => r.startsWith('package-lock.json CONTAINS')).sort(), ['jquery@3.3.9', 'promise@8.0.3', 'react@16.8.6', 'redux@4.0.1'].map((p) => `package-lock.json CONTAINS ${p}`));
  assert.ok(rel.includes('promise@8.0.3 DEPENDS_ON asap@2.0.6'));
  const jquery = doc.packages.find((p) => p.name === 'jquery')!;
  assert.deepEqual(jquery.externalRefs, [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/jquery@3.3.9' }]);
  assert.equal(jquery.licenseDeclared, 'NOASSERTION');
  assert.equal(jquery.primaryPackagePurpose, 'LIBRARY');
  assert.deepEqual(jquery.annotations?.map((a) => a.comment), ['PkgID: jquery@3.3.9', 'PkgType: npm']);
  assert.match(doc.documentNamespace, /^https:\/\/spdx\.org\/spdxdocs\/picket\/filesystem\/.*npm-[0-9a-f-]{36}$/);
  assert.deepEqual(doc.creationInfo, { creators: ['Organization: picket', 'Tool: picket-dev'], created: '2021-08-25T12:20:30Z' });
});

test('licences: SPDX expressions kept, other names as LicenseRef with their text; tag-value carries the same document', async () => {
  const report = await scanFixture('npm');
  const pkgs = report.Results[0].Packages!;
  pkgs[0].Licenses = ['MIT', 'Apache-2.0 OR BSD-3-Clause'];
  pkgs[1].Licenses = ['Custom License 1.0'];
  const doc = JSON.parse(await render('spdx-json', report)) as SpdxDocument;
  assert.deepEqual(spdxErrors(doc), []);
  const lic = (name: string) => doc.packages.find((p) => p.name === name)!.licenseDeclared;
  assert.equal(lic(pkgs[0].Name), 'MIT AND (Apache-2.0 OR BSD-3-Clause)');
  assert.match(lic(pkgs[1].Name), /^LicenseRef-[0-9a-f]{16}$/);
  assert.deepEqual(doc.hasExtractedLicensingInfos, [{ licenseId: lic(pkgs[1].Name), extractedText: 'Custom License 1.0', name: 'Custom License 1.0' }]);

  const tv = await render('spdx', report);
  const tags = (tag: string) => tv.split('\n').filter((l) => l.startsWith(`${tag}: `)).map((l) => l.slice(tag.length + 2));
  assert.deepEqual(tags('SPDXVersion'), ['SPDX-2.3']);
  assert.deepEqual(tags('DocumentNamespace'), [doc.documentNamespace]);
  assert.deepEqual(tags('PackageName'), doc.packages.map((p) => p.name));
  assert.deepEqual(tags('SPDXID').slice(1), doc.packages.map((p) => p.SPDXID));
  assert.deepEqual(tags('PackageLicenseDeclared'), doc.packages.map((p) => p.licenseDeclared));
  assert.deepEqual(tags('ExternalRef'), doc.packages.flatMap((p) => (p.externalRefs ?? []).map((r) => `PACKAGE-MANAGER purl ${r.referenceLocator}`)));
  assert.deepEqual(tags('Relationship'), doc.relationships.map((r) => `${r.spdxElementId} ${r.relationshipType} ${r.relatedSpdxElement}`));
  assert.deepEqual(tags('LicenseID'), [lic(pkgs[1].Name)]);
});

test('alpine image: CONTAINER package with the image annotations, OPERATING-SYSTEM package', async () => {
  const doc = JSON.parse(await render('spdx-json', goldenReport('alpine-310.json.golden'))) as SpdxDocument;
  const root = doc.packages[0];
  assert.equal(root.primaryPackagePurpose, 'CONTAINER');
  assert.match(root.SPDXID, /^SPDXRef-ContainerImage-/);
  assert.ok(root.annotations!.some((a) => a.comment === 'ImageID: sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4'));
  const os = doc.packages.find((p) => p.primaryPackagePurpose === 'OPERATING_SYSTEM')!;
  assert.deepEqual([os.name, os.versionInfo], ['alpine', '3.10.2']);
});
