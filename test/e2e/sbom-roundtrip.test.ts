/**
 * SBOMs picket writes round-trip: a scan's CycloneDX (1.6, and 1.5 through `picket convert`),
 * SPDX JSON and SPDX tag-value, scanned with `picket sbom`, give the same packages (id, name,
 * version, purl, file, source package, layer, dependencies) and the same findings as the scan.
 * Inputs: a tree of eight real lockfiles, and the Debian, Alpine and RHEL test images (OS
 * packages matched by source package, installed npm packages with their files, layers).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report } from '../../src/report/model.js';
import { runPicket } from '../support/cli.js';
import { cacheDirWithDb } from '../support/image-db.js';
import { sharedPath } from '../support/paths.js';
import { tempDir } from '../support/temp.js';
import { alpineImage, debianImage, rpmImage } from '../support/test-images.js';

const cacheDir = await cacheDirWithDb();
const common = ['--cache-dir', cacheDir, '--skip-db-update', '-q'];

/** Packages and findings of a report, keyed by everything an SBOM carries; OS results by class (their target names the artifact). */
function inventory(report: Report): { packages: string[]; findings: string[] } {
  const packages: string[] = [];
  const findings: string[] = [];
  for (const r of report.Results) {
    const scope = r.Class === 'os-pkgs' ? `OS ${r.Type}` : `${r.Target} ${r.Type}`;
    for (const p of r.Packages ?? []) {
      const src = p as typeof p & { SrcName?: string; SrcVersion?: string };
      packages.push([scope, p.ID, p.Name, p.Version, p.Identifier.PURL, p.FilePath ?? '', src.SrcName ?? '', src.SrcVersion ?? '', p.Layer?.DiffID ?? '', (p.DependsOn ?? []).slice().sort().join(',')].join(' | '));
    }
    for (const v of r.Vulnerabilities ?? []) {
      findings.push([scope, v.VulnerabilityID, v.PkgName, v.InstalledVersion, v.PkgPath ?? '', v.FixedVersion ?? '', v.Severity, v.Status, v.Layer?.DiffID ?? ''].join(' | '));
    }
  }
  return { packages: packages.sort(), findings: findings.sort() };
}

/** Scans with `args`, writes every SBOM format, scans each with `picket sbom`, and compares. */
async function assertRoundTrip(args: string[], label: string): Promise<Report> {
  const dir = tempDir('picket-sbom-rt-');
  const out = (name: string) => join(dir, name);
  const scan = await runPicket([...args, ...common, '--format', 'json', '--list-all-pkgs', '-o', `json=${out('scan.json')}`, '-o', `cyclonedx=${out('bom.cdx.json')}`, '-o', `spdx-json=${out('bom.spdx.json')}`, '-o', `spdx=${out('bom.spdx')}`], { timeoutMs: 180_000 });
  assert.equal(scan.code, 0, scan.stderr);
  const convert = await runPicket(['convert', out('scan.json'), '--format', 'cyclonedx', '--cyclonedx-version', '1.5', '-o', out('bom-1.5.cdx.json'), '-q']);
  assert.equal(convert.code, 0, convert.stderr);
  const original = JSON.parse(readFileSync(out('scan.json'), 'utf8')) as Report;
  const expected = inventory(original);
  assert.ok(expected.packages.length > 0 && expected.findings.length > 0, `${label}: the scan found packages and findings`);
  for (const [file, type] of [['bom.cdx.json', 'cyclonedx'], ['bom-1.5.cdx.json', 'cyclonedx'], ['bom.spdx.json', 'spdx'], ['bom.spdx', 'spdx']] as const) {
    const r = await runPicket(['sbom', out(file), ...common, '--format', 'json', '--list-all-pkgs']);
    assert.equal(r.code, 0, `${label} ${file}: ${r.stderr}`);
    const report = JSON.parse(r.stdout) as Report;
    assert.equal(report.ArtifactType, type);
    const actual = inventory(report);
    assert.deepEqual(actual.packages, expected.packages, `${label} ${file}: packages`);
    assert.deepEqual(actual.findings, expected.findings, `${label} ${file}: findings`);
    assert.deepEqual(report.Metadata?.OS, original.Metadata?.OS, `${label} ${file}: OS`);
    if (original.ArtifactType === 'container_image' && type === 'cyclonedx') {
      // The image's identity travels in trivy's root properties (sorted, as trivy writes them: the layer order is not kept).
      assert.equal(report.Metadata?.ImageID, original.Metadata?.ImageID);
      assert.deepEqual(report.Metadata?.DiffIDs, [...(original.Metadata?.DiffIDs as string[])].sort());
    }
  }
  return original;
}

test('a tree of eight lockfiles (npm, yarn, composer, Gemfile, Pipfile, poetry, go.mod, pom.xml) round-trips through every SBOM format', async () => {
  const report = await assertRoundTrip(['fs', sharedPath('fixtures/lockfiles/osv-detector-e2e')], 'lockfiles');
  assert.equal(report.Results.filter((r) => r.Class === 'lang-pkgs').length, 8);
});

test('the Debian 12 image round-trips: dpkg packages matched by source package (libsope1 from sope), npm packages with their files, layers', async () => {
  const image = await debianImage();
  const report = await assertRoundTrip(['image', '--input', image.dockerArchive!], 'debian');
  const os = report.Results.find((r) => r.Class === 'os-pkgs')!;
  assert.ok(os.Vulnerabilities!.some((v) => v.PkgName === image.planted.name && v.VulnerabilityID === image.planted.vulnerabilityId), 'the planted package is found by its source package');
});

test('the Alpine 3.19 and RHEL 9.3 images round-trip (apk origins, rpm epochs and source rpms)', async () => {
  const alpine = await alpineImage();
  await assertRoundTrip(['image', '--input', `${alpine.ociLayout}:${alpine.ociTag}`], 'alpine');
  const rhel = await rpmImage();
  await assertRoundTrip(['image', '--input', `${rhel.ociLayout}:${rhel.ociTag}`], 'rhel');
});
