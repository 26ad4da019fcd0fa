/**
 * The same Debian 12 image (test/support/test-images.ts) from every place picket reads images:
 * a docker-archive tar, an oci-archive tar, an OCI layout directory, and a real registry
 * (Debian's docker-registry on 127.0.0.1) after `skopeo copy` pushed it once as OCI and once
 * converted to Docker v2 schema 2. Every one must give the same packages, findings and DiffIDs;
 * the registry scans also carry RepoTags/RepoDigests and each layer's blob digest.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cacheDirWithDb } from '../support/image-db.js';
import { tool } from '../support/image-tools.js';
import { osResult, packageSet, scanImage, type ImageReport } from '../support/image-report.js';
import { startRegistry, type TestRegistry } from '../support/registry.js';
import { debianImage, type DebianTestImage } from '../support/test-images.js';

let image: DebianTestImage;
let registry: TestRegistry;
let baseline: ImageReport;

/** What the registry serves for a reference: manifest digest, config digest, layer digests. */
async function registryManifest(repository: string, tag: string): Promise<{ digest: string; mediaType: string; config: string; layers: string[] }> {
  const response = await fetch(`http://${registry.host}/v2/${repository}/manifests/${tag}`, {
    headers: { accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json' },
  });
  assert.equal(response.status, 200);
  const manifest = (await response.json()) as { mediaType: string; config: { digest: string }; layers: { digest: string }[] };
  return { digest: response.headers.get('docker-content-digest')!, mediaType: manifest.mediaType, config: manifest.config.digest, layers: manifest.layers.map((l) => l.digest) };
}

/** A finding's identity across sources: package, id, versions, and the layer's DiffID. */
function findings(report: ImageReport): string[] {
  return report.Results.flatMap((r) => (r.Vulnerabilities ?? []).map((v) => `${r.Class} ${v.PkgName} ${v.InstalledVersion} ${v.VulnerabilityID} ${v.FixedVersion ?? ''} ${v.Layer?.DiffID}`)).sort();
}

// The registry runs for the whole file (started at the top level, stopped after the last test);
// temp dirs are made at the top level too (one made in a before() hook is removed when it ends).
registry = await startRegistry('open');
const cacheDir = await cacheDirWithDb();

before(async () => {
  image = await debianImage();
  const source = `oci:${image.ociLayout}:${image.ociTag}`;
  await tool('skopeo', ['--insecure-policy', 'copy', '-q', '--dest-tls-verify=false', source, `docker://${registry.host}/test/debian:12`]);
  await tool('skopeo', ['--insecure-policy', 'copy', '-q', '--dest-tls-verify=false', '--format', 'v2s2', source, `docker://${registry.host}/test/debian-v2s2:12`]);
  baseline = (await scanImage(['--input', image.dockerArchive!], cacheDir)).report;
});

test('oci-archive: same packages, findings and DiffIDs as the docker-archive', async () => {
  const { report } = await scanImage(['--input', image.ociArchive!], cacheDir);
  assert.deepEqual(packageSet(report), packageSet(baseline));
  assert.deepEqual(findings(report), findings(baseline));
  assert.deepEqual(report.Metadata.DiffIDs, baseline.Metadata.DiffIDs);
  assert.equal(report.Metadata.ImageID, image.imageId);
  assert.equal(report.ArtifactName, image.ociArchive);
});

test('OCI layout directory, by tag and alone: same result, and each layer\'s blob digest', async () => {
  const { report } = await scanImage(['--input', `${image.ociLayout}:${image.ociTag}`], cacheDir);
  assert.deepEqual(packageSet(report), packageSet(baseline));
  assert.deepEqual(findings(report), findings(baseline));
  assert.equal(report.Metadata.ImageID, image.imageId);
  const planted = osResult(report).Packages!.find((p) => p.Name === image.planted.name)!;
  assert.deepEqual(planted.Layer, { Digest: image.layers[1].digest, DiffID: image.layers[1].diffId });
  // The layout holds one image: no tag needed.
  const untagged = (await scanImage(['--input', image.ociLayout], cacheDir)).report;
  assert.deepEqual(packageSet(untagged), packageSet(baseline));
});

for (const [label, repository] of [['OCI manifest', 'test/debian'], ['Docker v2 schema 2 manifest (skopeo --format v2s2)', 'test/debian-v2s2']] as const) {
  test(`registry, ${label}: same result, with RepoTags, RepoDigests and layer digests as the registry serves them`, async () => {
    const reference = `${registry.host}/${repository}:12`;
    const served = await registryManifest(repository, '12');
    const { report } = await scanImage([reference], cacheDir);
    assert.equal(report.ArtifactName, reference);
    assert.deepEqual(packageSet(report), packageSet(baseline));
    assert.deepEqual(findings(report), findings(baseline));
    assert.deepEqual(report.Metadata.DiffIDs, baseline.Metadata.DiffIDs);
    assert.equal(report.Metadata.ImageID, served.config);
    assert.deepEqual(report.Metadata.RepoTags, [reference]);
    assert.deepEqual(report.Metadata.RepoDigests, [`${registry.host}/${repository}@${served.digest}`]);
    assert.equal(osResult(report).Target, `${reference} (debian ${image.os.name})`);
    const planted = osResult(report).Packages!.find((p) => p.Name === image.planted.name)!;
    assert.deepEqual(planted.Layer, { Digest: served.layers[1], DiffID: image.layers[1].diffId });
    if (repository === 'test/debian-v2s2') assert.equal(served.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
  });
}

test('registry by digest (@sha256:…) gives the same result as by tag', async () => {
  const served = await registryManifest('test/debian', '12');
  const { report } = await scanImage([`${registry.host}/test/debian@${served.digest}`], cacheDir);
  assert.deepEqual(packageSet(report), packageSet(baseline));
  assert.deepEqual(report.Metadata.RepoDigests, [`${registry.host}/test/debian@${served.digest}`]);
});
