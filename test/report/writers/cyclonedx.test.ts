/**
 * CycloneDX: the official schemas (1.6 and 1.5, strict, via @cyclonedx/cyclonedx-library) for
 * real scans and trivy's image golden, and trivy's npm-cyclonedx golden compared component by
 * component, edge by edge and finding by finding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goldenJson, goldenReport, render, scanFixture, secretsAndMisconfigReport } from './support.js';
import { cyclonedxErrors } from './schemas.js';

interface Component { 'bom-ref': string; type: string; name: string; group?: string; version?: string; purl?: string; licenses?: unknown[]; properties?: { name: string; value: string }[] }
interface Bom {
  specVersion: string; serialNumber: string;
  metadata: { timestamp: string; component: Component; tools: { components: { name: string }[] } };
  components: Component[]; dependencies: { ref: string; dependsOn: string[] }[];
  vulnerabilities?: { id: string; ratings: { source: { name: string }; severity: string; method?: string; score?: number }[]; affects: { ref: string; versions: { version: string; status: string }[] }[]; recommendation?: string; cwes?: number[]; advisories?: { url: string }[] }[];
}

test('npm, gomod, alpine image and a report without packages: valid CycloneDX 1.6 and 1.5', async () => {
  const reports = { npm: await scanFixture('npm'), gomod: await scanFixture('gomod'), alpine: goldenReport('alpine-310.json.golden'), secrets: secretsAndMisconfigReport() };
  for (const [name, report] of Object.entries(reports)) {
    for (const version of ['1.6', '1.5'] as const) {
      const json = await render('cyclonedx', report, { cyclonedxVersion: version });
      assert.deepEqual(await cyclonedxErrors(json, version), [], `${name} ${version}`);
      assert.equal((JSON.parse(json) as Bom).specVersion, version);
    }
  }
});

test('npm: components, properties, dependency graph and vulnerabilities as in trivy\'s npm-cyclonedx golden', async () => {
  const ours = JSON.parse(await render('cyclonedx', await scanFixture('npm'))) as Bom;
  const theirs = goldenJson<Bom>('npm-cyclonedx.json.golden');
  const libs = (b: Bom) => b.components.filter((c) => c.type === 'library');
  assert.deepEqual(libs(ours).map((c) => c.purl).sort(), libs(theirs).map((c) => c.purl).sort());
  for (const c of libs(theirs)) {
    const mine = libs(ours).find((x) => x.purl === c.purl)!;
    assert.equal(mine['bom-ref'], c['bom-ref'], 'bom-ref is the purl');
    assert.equal(mine.name, c.name);
    assert.equal(mine.version, c.version);
    assert.deepEqual(mine.properties, c.properties, `${c.purl} properties (PkgID, PkgType)`);
  }
  const app = (b: Bom) => b.components.find((c) => c.type === 'application')!;
  assert.equal(app(ours).name, 'package-lock.json');
  assert.deepEqual(app(ours).properties, app(theirs).properties);
  const edges = (b: Bom) => {
    const names = new Map<string, string>([[b.metadata.component['bom-ref'], 'ROOT'], [app(b)['bom-ref'], 'APP']]);
    const n = (ref: string) => names.get(ref) ?? ref;
    return b.dependencies.map((d) => `${n(d.ref)} -> ${d.dependsOn.map(n).sort().join(',')}`).sort();
  };
  assert.deepEqual(edges(ours), edges(theirs));
  assert.equal(ours.metadata.component.type, 'application');
  assert.equal(ours.metadata.component.name, theirs.metadata.component.name.replace('testdata/fixtures/repo/npm', ours.metadata.component.name));
  assert.deepEqual(ours.metadata.component.properties, theirs.metadata.component.properties);
  const vulns = (b: Bom) => (b.vulnerabilities ?? []).map((v) => `${v.id} ${v.affects.map((a) => `${a.ref}@${a.versions.map((x) => `${x.version}:${x.status}`).join()}`).join()} ${v.recommendation}`).sort();
  assert.deepEqual(vulns(ours), vulns(theirs));
});

test('alpine-310 image: container component with its image properties, OS component holding the OS packages', async () => {
  const report = goldenReport('alpine-310.json.golden');
  const bom = JSON.parse(await render('cyclonedx', report)) as Bom;
  const c = bom.metadata.component;
  assert.equal(c.type, 'container');
  assert.equal(c.name, 'testdata/fixtures/images/alpine-310.tar.gz');
  assert.deepEqual(c.properties, [
    { name: 'aquasecurity:trivy:DiffID', value: 'sha256:03901b4a2ea88eeaad62dbe59b072b28b6efa00491962b8741081c5df50c65e0' },
    { name: 'aquasecurity:trivy:ImageID', value: 'sha256:961769676411f082461f9ef46626dd7a2d1e2b2a38e6a44364bcbecf51e66dd4' },
    { name: 'aquasecurity:trivy:RepoTag', value: 'ghcr.io/aquasecurity/trivy-test-images:alpine-310' },
    { name: 'aquasecurity:trivy:SchemaVersion', value: '2' },
  ]);
  const os = bom.components.find((x) => x.type === 'operating-system')!;
  assert.deepEqual([os.name, os.version], ['alpine', '3.10.2']);
  const osDeps = bom.dependencies.find((d) => d.ref === os['bom-ref'])!.dependsOn;
  assert.deepEqual(osDeps, ['pkg:apk/alpine/libcrypto1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2', 'pkg:apk/alpine/libssl1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2']);
  const libssl = bom.components.find((x) => x.name === 'libssl1.1')!;
  assert.deepEqual(libssl.properties?.map((p) => p.name), ['aquasecurity:trivy:LayerDiffID', 'aquasecurity:trivy:LayerDigest']);
  // Two CVEs, each affecting both packages; NVD's CVSS v2 and v3.1 with their scores.
  assert.deepEqual(bom.vulnerabilities!.map((v) => `${v.id}: ${v.affects.length}`), ['CVE-2019-1549: 2', 'CVE-2019-1551: 2']);
  const nvd = bom.vulnerabilities![0].ratings.filter((r) => r.source.name === 'nvd');
  assert.deepEqual(nvd.map((r) => `${r.method} ${r.score} ${r.severity}`), ['CVSSv2 5 medium', 'CVSSv31 5.3 medium']);
  // An image known by digest gets an OCI purl.
  report.Metadata = { ...report.Metadata, RepoDigests: ['ghcr.io/aquasecurity/trivy-test-images@sha256:b7a5b8a1e1a3ecb5d56e2e17bb6ba8ae8f5a0a4d53a7b1a8b3b1c7d0e6f7a8b9'] };
  const digested = JSON.parse(await render('cyclonedx', report)) as Bom;
  assert.equal(digested.metadata.component.purl, 'pkg:oci/trivy-test-images@sha256:b7a5b8a1e1a3ecb5d56e2e17bb6ba8ae8f5a0a4d53a7b1a8b3b1c7d0e6f7a8b9?arch=amd64&repository_url=ghcr.io%2Faquasecurity%2Ftrivy-test-images');
  assert.equal(digested.metadata.component['bom-ref'], digested.metadata.component.purl);
});

test('same report and time: same serial number; licences as SPDX ids, names or one expression', async () => {
  const report = await scanFixture('npm');
  const a = JSON.parse(await render('cyclonedx', report)) as Bom;
  const b = JSON.parse(await render('cyclonedx', report)) as Bom;
  assert.equal(a.serialNumber, b.serialNumber);
  assert.match(a.serialNumber, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const pkgs = report.Results[0].Packages!;
  pkgs[0].Licenses = ['mit'];
  pkgs[1].Licenses = ['MIT OR Apache-2.0'];
  pkgs[2].Licenses = ['Some Custom License', 'ISC'];
  const json = await render('cyclonedx', report);
  assert.deepEqual(await cyclonedxErrors(json, '1.6'), []);
  const byPurl = new Map((JSON.parse(json) as Bom).components.map((c) => [c.purl, c.licenses]));
  assert.deepEqual(byPurl.get(pkgs[0].Identifier.PURL), [{ license: { id: 'MIT' } }]);
  assert.deepEqual(byPurl.get(pkgs[1].Identifier.PURL), [{ expression: 'MIT OR Apache-2.0' }]);
  assert.deepEqual(byPurl.get(pkgs[2].Identifier.PURL), [{ license: { name: 'Some Custom License' } }, { license: { id: 'ISC' } }]);
});
