/**
 * picket image on a real Debian 12 image (test/support/test-images.ts): layer 1 is
 * `mmdebstrap --variant=minbase bookworm`; layer 2 deletes usr/share/doc/bash (a whiteout), installs
 * libsope1 5.8.0-1 with real dpkg (DSA-5970-1 fixes it in bookworm) and two npm packages; layer 3
 * deletes one of those again (a whiteout of a language package) and adds babel-traverse (a GHSA
 * with no fix). Scanned from the docker-archive tar, as `docker save` users do.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheDirWithDb } from '../support/image-db.js';
import { langFindings, langPackages, osOf, osResult, scanImage, withoutVolatile, type ImageReport } from '../support/image-report.js';
import { debianImage, type DebianTestImage } from '../support/test-images.js';

// Temp dirs are made at the top level: one made in a before() hook is removed when the hook ends.
const cacheDir = await cacheDirWithDb();
let image: DebianTestImage;
let report: ImageReport;

before(async () => {
  image = await debianImage();
  report = (await scanImage(['--input', image.dockerArchive!], cacheDir)).report;
});

test('image metadata: trivy shape, OS from the release files, the image ID and the layers\' DiffIDs', () => {
  assert.equal(report.SchemaVersion, 2);
  assert.equal(report.ArtifactType, 'container_image');
  assert.equal(report.ArtifactName, image.dockerArchive);
  assert.deepEqual(osOf(report), { Family: 'debian', Name: image.os.name });
  assert.match(image.os.name, /^12\.\d+$/);
  assert.equal(report.Metadata.ImageID, image.imageId);
  assert.deepEqual(report.Metadata.DiffIDs, image.layers.map((l) => l.diffId));
  assert.ok(report.Metadata.RepoTags?.some((t) => /(^|\/)test\/debian:12$/.test(t)), JSON.stringify(report.Metadata.RepoTags));
  const config = report.Metadata.ImageConfig!;
  assert.equal(config.architecture, 'amd64');
  assert.equal(config.os, 'linux');
  assert.deepEqual(config.rootfs?.diff_ids, report.Metadata.DiffIDs);
  assert.deepEqual(config.config?.Cmd, ['/bin/bash']);
  const os = osResult(report);
  assert.equal(os.Type, 'debian');
  assert.equal(os.Target, `${image.dockerArchive} (debian ${image.os.name})`);
});

test('every package dpkg-query lists for the final rootfs, at the same version, and nothing else', () => {
  const os = osResult(report);
  const listed = image.packages.map((p) => `${p.name} ${p.version}`).sort();
  assert.deepEqual((os.Packages ?? []).map((p) => `${p.Name} ${p.Version}`).sort(), listed);
  assert.ok(listed.length > 80, `${listed.length} packages`);
  assert.ok(listed.includes(`${image.planted.name} ${image.planted.version}`));
});

test('each package carries the layer that installed it: the base in layer 1, the planted package in layer 2', () => {
  const os = osResult(report);
  const diffIds = image.layers.map((l) => l.diffId);
  for (const p of os.Packages ?? []) assert.ok(p.Layer && diffIds.includes(p.Layer.DiffID), `${p.Name}: ${JSON.stringify(p.Layer)}`);
  assert.equal(os.Packages!.find((p) => p.Name === 'bash')!.Layer!.DiffID, diffIds[0]);
  assert.equal(os.Packages!.find((p) => p.Name === image.planted.name)!.Layer!.DiffID, diffIds[image.planted.layerIndex]);
  assert.equal(os.Packages!.find((p) => p.Name === image.planted.name)!.Identifier.PURL, `pkg:deb/debian/${image.planted.name}@${image.planted.version}?arch=amd64&distro=debian-${image.os.name}`);
});

test('the planted package gets DSA-5970-1: id, installed and fixed versions, and its layer', () => {
  const os = osResult(report);
  const found = (os.Vulnerabilities ?? []).filter((v) => v.PkgName === image.planted.name);
  assert.deepEqual(found.map((v) => v.VulnerabilityID), [image.planted.vulnerabilityId]);
  const [v] = found;
  assert.ok(v.VendorIDs?.includes(image.planted.advisoryId), JSON.stringify(v.VendorIDs));
  assert.equal(v.InstalledVersion, image.planted.version);
  assert.equal(v.FixedVersion, image.planted.fixedVersion);
  assert.equal(v.Status, 'fixed');
  assert.equal(v.DataSource?.ID, 'debian');
  assert.equal(v.Layer?.DiffID, image.layers[image.planted.layerIndex].diffId);
});

test('language packages inside the image, each with its layer; the one a later layer deleted is gone', () => {
  const packages = langPackages(report);
  const found = packages.map((p) => `${p.Name}@${p.Version}`).sort();
  assert.deepEqual(found, image.languagePackages.map((p) => `${p.name}@${p.version}`).sort());
  assert.ok(!packages.some((p) => p.Name === image.removedLanguagePackage.name), 'deleted by a whiteout in layer 3');
  for (const expected of image.languagePackages) {
    const pkg = packages.find((p) => p.Name === expected.name)!;
    assert.equal(pkg.Layer?.DiffID, image.layers[expected.layerIndex].diffId, expected.name);
    assert.equal(pkg.FilePath, `${image.nodeModules}/${expected.name}/package.json`);
  }
  const findings = langFindings(report);
  assert.ok(!findings.some((v) => v.PkgName === image.removedLanguagePackage.name));
  for (const expected of image.languagePackages) {
    const v = findings.find((f) => f.PkgName === expected.name && (f.VulnerabilityID === expected.vulnerabilityId || f.VendorIDs?.includes(expected.advisoryId)));
    assert.ok(v, `${expected.name}: ${expected.vulnerabilityId} in ${JSON.stringify(findings.map((f) => [f.PkgName, f.VulnerabilityID]))}`);
    assert.equal(v.InstalledVersion, expected.version);
    assert.equal(v.FixedVersion ?? '', expected.fixedVersion);
    assert.equal(v.Layer?.DiffID, image.layers[expected.layerIndex].diffId);
  }
});

test('a second scan with the same --cache-dir gives the same report', async () => {
  const again = (await scanImage(['--input', image.dockerArchive!], cacheDir)).report;
  assert.deepEqual(withoutVolatile(again), withoutVolatile(report));
});

test('--exit-code follows the findings left after --severity and --ignore-unfixed', async () => {
  const input = ['--input', image.dockerArchive!];
  // The only CRITICAL finding is babel-traverse's, which has no fix. shell-quote 1.7.2 (a CRITICAL
  // with a fix) was deleted by layer 3's whiteout: were it read, --ignore-unfixed would still fail.
  const critical = await scanImage(input, cacheDir, { expectCode: 1, extra: ['--exit-code', '1', '--severity', 'CRITICAL'] });
  const criticalIds = critical.report.Results.flatMap((r) => (r.Vulnerabilities ?? []).map((v) => `${v.PkgName} ${v.VulnerabilityID}`));
  assert.deepEqual(criticalIds, ['babel-traverse CVE-2023-45133']);
  const fixedCritical = await scanImage(input, cacheDir, { expectCode: 0, extra: ['--exit-code', '1', '--severity', 'CRITICAL', '--ignore-unfixed'] });
  assert.deepEqual(fixedCritical.report.Results.flatMap((r) => r.Vulnerabilities ?? []), []);
  // lodash's HIGH finding has a fix: it alone fails the scan.
  const high = await scanImage(input, cacheDir, { expectCode: 1, extra: ['--exit-code', '1', '--severity', 'HIGH', '--ignore-unfixed'] });
  assert.deepEqual([...new Set(high.report.Results.flatMap((r) => (r.Vulnerabilities ?? []).map((v) => v.PkgName)))], ['lodash']);
});
