/**
 * picket image on an Alpine 3.19 image (test/support/test-images.ts): release files and a
 * hand-written `lib/apk/db/installed` (apk's own format; no apk tools exist here) in two layers,
 * the second "apk add"-ing libcrypto3/libssl3. The versions are ones the Alpine secdb in
 * ../shared/db-seed has later fixes for: findings by origin package, each with its layer.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheDirWithDb } from '../support/image-db.js';
import { osOf, osResult, packageSet, scanImage, type ImageReport } from '../support/image-report.js';
import { alpineImage, type AlpineTestImage } from '../support/test-images.js';

// Temp dirs are made at the top level: one made in a before() hook is removed when the hook ends.
const cacheDir = await cacheDirWithDb();
let image: AlpineTestImage;
let fromLayout: ImageReport;
let layoutInput: string;

before(async () => {
  image = await alpineImage();
  layoutInput = `${image.ociLayout}:${image.ociTag}`;
  fromLayout = (await scanImage(['--input', layoutInput], cacheDir)).report;
});

test('OS, target and every package of the apk DB, each in the layer that added it', () => {
  assert.equal(fromLayout.ArtifactType, 'container_image');
  assert.deepEqual(osOf(fromLayout), { Family: 'alpine', Name: '3.19.0' });
  assert.equal(fromLayout.Metadata.ImageID, image.imageId);
  assert.deepEqual(fromLayout.Metadata.DiffIDs, image.layers.map((l) => l.diffId));
  const os = osResult(fromLayout);
  assert.equal(os.Type, 'alpine');
  assert.equal(os.Target, `${layoutInput} (alpine 3.19.0)`);
  assert.deepEqual((os.Packages ?? []).map((p) => `${p.Name} ${p.Version}`).sort(), image.packages.map((p) => `${p.name} ${p.version}`).sort());
  const layerOf = (name: string) => os.Packages!.find((p) => p.Name === name)!.Layer;
  assert.deepEqual(layerOf('musl'), { Digest: image.layers[0].digest, DiffID: image.layers[0].diffId });
  assert.deepEqual(layerOf('libcrypto3'), { Digest: image.layers[1].digest, DiffID: image.layers[1].diffId });
  assert.equal(os.Packages!.find((p) => p.Name === 'libssl3')!.Identifier.PURL, 'pkg:apk/alpine/libssl3@3.1.4-r1?arch=x86_64&distro=3.19.0');
});

test('the secdb fixes newer than each installed version, matched through the origin package', () => {
  const os = osResult(fromLayout);
  const found = (os.Vulnerabilities ?? []).map((v) => `${v.PkgName} ${v.InstalledVersion} ${v.VulnerabilityID} ${v.FixedVersion} ${v.Layer?.DiffID}`).sort();
  const expected = image.expectedFindings.map((f) => `${f.pkgName} ${f.installedVersion} ${f.vulnerabilityId} ${f.fixedVersion} ${image.layers[f.layerIndex].diffId}`).sort();
  assert.deepEqual(found, expected);
  for (const v of os.Vulnerabilities ?? []) {
    assert.equal(v.Status, 'fixed');
    assert.equal(v.DataSource?.ID, 'alpine');
  }
});

test('the docker-archive of the same image gives the same packages and findings', async () => {
  const { report } = await scanImage(['--input', image.dockerArchive!], cacheDir);
  assert.deepEqual(packageSet(report), packageSet(fromLayout));
  const ids = (r: ImageReport) => osResult(r).Vulnerabilities!.map((v) => `${v.PkgName} ${v.VulnerabilityID} ${v.Layer?.DiffID}`).sort();
  assert.deepEqual(ids(report), ids(fromLayout));
  assert.ok(report.Metadata.RepoTags?.some((t) => /(^|\/)test\/alpine:3\.19$/.test(t)), JSON.stringify(report.Metadata.RepoTags));
  assert.equal(osResult(report).Target, `${image.dockerArchive} (alpine 3.19.0)`);
});
