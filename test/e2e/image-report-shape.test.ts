/**
 * The JSON of `picket image` against trivy's own image goldens (../shared/fixtures/trivy-integration
 * debian-buster.json.golden and alpine-310.json.golden, both scans of `docker save` tars), key path
 * by key path: Metadata, Results[], Results[].Vulnerabilities[] (and Packages[], which those goldens
 * do not list: checked against trivy's package fields). Keys the golden has and picket lacks are
 * printed as diagnostics; the test fails only on those an image scanner must have.
 */
import { before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { cacheDirWithDb } from '../support/image-db.js';
import { keyPaths, scanImage, type ImageReport } from '../support/image-report.js';
import { sharedPath } from '../support/paths.js';
import { alpineImage, debianImage } from '../support/test-images.js';

/** Maps whose keys are data (source names, the image's own config), not report fields. */
const opaque = new Set(['ImageConfig', 'VendorSeverity', 'CVSS', 'Labels']);

/** What a scanner of images must report (trivy's image fields); missing any of these fails. */
const required = [
  'SchemaVersion', 'CreatedAt', 'ArtifactName', 'ArtifactType', 'Metadata', 'Results',
  'Metadata.OS', 'Metadata.OS.Family', 'Metadata.OS.Name', 'Metadata.ImageID', 'Metadata.DiffIDs', 'Metadata.RepoTags', 'Metadata.ImageConfig',
  'Results[].Target', 'Results[].Class', 'Results[].Type', 'Results[].Vulnerabilities',
  'Results[].Vulnerabilities[].VulnerabilityID', 'Results[].Vulnerabilities[].PkgID', 'Results[].Vulnerabilities[].PkgName',
  'Results[].Vulnerabilities[].PkgIdentifier', 'Results[].Vulnerabilities[].PkgIdentifier.PURL',
  'Results[].Vulnerabilities[].InstalledVersion', 'Results[].Vulnerabilities[].FixedVersion', 'Results[].Vulnerabilities[].Status',
  'Results[].Vulnerabilities[].Layer', 'Results[].Vulnerabilities[].Layer.DiffID',
  'Results[].Vulnerabilities[].Severity', 'Results[].Vulnerabilities[].DataSource', 'Results[].Vulnerabilities[].DataSource.ID',
];

/** trivy's fields of an OS package in an image report (ftypes.Package, as `--list-all-pkgs` writes them). */
const trivyPackageKeys = ['ID', 'Name', 'Identifier', 'Identifier.PURL', 'Identifier.UID', 'Version', 'Arch', 'SrcName', 'SrcVersion', 'Licenses', 'Maintainer', 'DependsOn', 'Layer', 'Layer.Digest', 'Layer.DiffID'];
const requiredPackageKeys = ['Name', 'Version', 'Identifier', 'Identifier.PURL', 'Layer', 'Layer.DiffID'];

// Temp dirs are made at the top level: one made in a before() hook is removed when the hook ends.
const cacheDir = await cacheDirWithDb();
let debian: ImageReport;
let alpine: ImageReport;

before(async () => {
  debian = (await scanImage(['--input', (await debianImage()).dockerArchive!], cacheDir)).report;
  alpine = (await scanImage(['--input', (await alpineImage()).dockerArchive!], cacheDir)).report;
});

function compare(t: TestContext, report: ImageReport, goldenFile: string): void {
  const golden = JSON.parse(readFileSync(sharedPath(`fixtures/trivy-integration/${goldenFile}`), 'utf8')) as unknown;
  // Only OS results: the goldens have no language results to compare with.
  const ours = keyPaths({ ...report, Results: report.Results.filter((r) => r.Class === 'os-pkgs') }, opaque);
  const theirs = keyPaths(golden, opaque);
  const lacking = [...theirs].filter((k) => !ours.has(k)).sort();
  const extra = [...ours].filter((k) => !theirs.has(k) && !k.includes('.Packages')).sort();
  t.diagnostic(`${goldenFile}: keys trivy has and picket lacks: ${lacking.join(', ') || 'none'}`);
  t.diagnostic(`${goldenFile}: keys picket adds: ${extra.join(', ') || 'none'}`);
  const missingRequired = required.filter((k) => !ours.has(k));
  assert.deepEqual(missingRequired, [], `required image keys missing (golden ${goldenFile})`);
  for (const k of required) assert.ok(theirs.has(k) || k === 'Results[].Vulnerabilities[].FixedVersion', `the golden has ${k}`);
}

function comparePackages(t: TestContext, report: ImageReport): void {
  const ours = keyPaths(report.Results.filter((r) => r.Class === 'os-pkgs').flatMap((r) => r.Packages ?? []), opaque);
  const paths = new Set([...ours].map((k) => k.replace(/^\[\]\./, '')));
  t.diagnostic(`Packages[]: trivy keys picket lacks: ${trivyPackageKeys.filter((k) => !paths.has(k)).join(', ') || 'none'}`);
  assert.deepEqual(requiredPackageKeys.filter((k) => !paths.has(k)), [], 'required package keys');
}

test('Debian image report vs debian-buster.json.golden', (t) => {
  compare(t, debian, 'debian-buster.json.golden');
  comparePackages(t, debian);
});

test('Alpine image report vs alpine-310.json.golden', (t) => {
  compare(t, alpine, 'alpine-310.json.golden');
  comparePackages(t, alpine);
});

test('ImageConfig is the image\'s own config (architecture, os, rootfs, history, config)', () => {
  for (const report of [debian, alpine]) {
    const config = report.Metadata.ImageConfig!;
    assert.deepEqual(config.rootfs, { type: 'layers', diff_ids: report.Metadata.DiffIDs });
    assert.equal(config.architecture, 'amd64');
    assert.equal(config.os, 'linux');
    assert.ok((config.history ?? []).length >= (report.Metadata.DiffIDs ?? []).length, 'one history entry per layer at least');
    assert.ok(config.config?.Env?.some((e) => e.startsWith('PATH=')));
  }
});
