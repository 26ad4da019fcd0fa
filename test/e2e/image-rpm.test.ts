/**
 * picket image on a RHEL 9.3 image (test/support/test-images.ts): packages built with rpmbuild and
 * installed by real `rpm --root --dbpath /var/lib/rpm` into a sqlite rpmdb, one layer, as an OCI
 * layout. sudo is at a version Red Hat's RHSA-2024:0811 (real CSAF) fixes in BaseOS.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheDirWithDb } from '../support/image-db.js';
import { osOf, osResult, scanImage, type ImageReport } from '../support/image-report.js';
import { rpmImage, type RpmTestImage } from '../support/test-images.js';

// Temp dirs are made at the top level: one made in a before() hook is removed when the hook ends.
const cacheDir = await cacheDirWithDb();
let image: RpmTestImage;
let report: ImageReport;
let input: string;

before(async () => {
  image = await rpmImage();
  input = `${image.ociLayout}:${image.ociTag}`;
  report = (await scanImage(['--input', input], cacheDir)).report;
});

test('every package `rpm -qa` lists, under RHEL 9.3, in the image\'s one layer', () => {
  assert.deepEqual(osOf(report), { Family: 'redhat', Name: '9.3' });
  const os = osResult(report);
  assert.equal(os.Type, 'redhat');
  assert.equal(os.Target, `${input} (redhat 9.3)`);
  assert.deepEqual((os.Packages ?? []).map((p) => `${p.Name} ${p.Version}`).sort(), image.packages.map((p) => `${p.name} ${p.version}`).sort());
  for (const p of os.Packages ?? []) assert.deepEqual(p.Layer, { Digest: image.layers[0].digest, DiffID: image.layers[0].diffId }, p.Name);
});

test('sudo gets RHSA-2024:0811, one finding per CVE, with the layer', () => {
  const os = osResult(report);
  const found = (os.Vulnerabilities ?? []).filter((v) => v.PkgName === image.planted.name);
  assert.deepEqual(found.map((v) => v.VulnerabilityID).sort(), ['CVE-2023-28486', 'CVE-2023-28487', 'CVE-2023-42465']);
  for (const v of found) {
    assert.equal(v.InstalledVersion, image.planted.version);
    assert.equal(v.FixedVersion, image.planted.fixedVersion);
    assert.ok(v.VendorIDs?.includes(image.planted.advisoryId), JSON.stringify(v.VendorIDs));
    assert.equal(v.Layer?.DiffID, image.layers[0].diffId);
  }
});
