/**
 * picket rootfs on a real rpm database: packages built with Debian's rpmbuild and installed by
 * real `rpm --root` (sqlite backend) into a root whose release files say Red Hat Enterprise Linux
 * 9.3. One of them is sudo at a version Red Hat's RHSA-2024:0811 (real CSAF, from vunnel's test
 * data) fixes in BaseOS; another installs Python metadata, which must not be reported again.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPicket } from '../support/cli.js';
import { sharedPath } from '../support/paths.js';
import { makeRpmRoot, rpmQueryAll, testSpecs, type Spec } from '../support/rpm.js';
import { tempDir } from '../support/temp.js';

const root = join(tempDir(), 'rootfs');
const cacheDir = tempDir();
const advisory = sharedPath('fixtures/feeds/vunnel/tests/unit/providers/rhel/test-fixtures/csaf/advisories/rhsa-2024_0811.json');

interface Report {
  Metadata?: { OS?: { Family: string; Name: string } };
  Results: {
    Target: string;
    Class: string;
    Type: string;
    Packages?: { Name: string; Version: string; SrcName?: string; Identifier: { PURL: string } }[];
    Vulnerabilities?: { VulnerabilityID: string; VendorIDs?: string[]; PkgName: string; InstalledVersion: string; FixedVersion?: string; Status: string; DataSource?: { ID: string } }[];
  }[];
}

const sudo: Spec = { name: 'sudo', version: '1.9.5p2', release: '9.el9', license: 'ISC', files: [{ path: '/usr/share/doc/sudo/README', content: 'sudo' }] };

function writeRelease(dir: string, osRelease: string, releaseFile: [string, string]): void {
  mkdirSync(join(dir, 'etc'), { recursive: true });
  writeFileSync(join(dir, 'etc/os-release'), osRelease);
  writeFileSync(join(dir, 'etc', releaseFile[0]), releaseFile[1]);
}

before(async () => {
  makeRpmRoot(root, tempDir(), [...testSpecs, sudo]);
  writeRelease(root, 'NAME="Red Hat Enterprise Linux"\nVERSION="9.3 (Plow)"\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID="9.3"\n', ['redhat-release', 'Red Hat Enterprise Linux release 9.3 (Plow)\n']);
  // Python metadata rpm does not own: reported as an installed Python package.
  mkdirSync(join(root, 'opt/app/site-packages/other-2.0.dist-info'), { recursive: true });
  writeFileSync(join(root, 'opt/app/site-packages/other-2.0.dist-info/METADATA'), 'Metadata-Version: 2.1\nName: other\nVersion: 2.0\n');
  const r = await runPicket(['db', 'build', '--source', advisory, '--cache-dir', cacheDir]);
  assert.equal(r.code, 0, r.stderr);
});

async function scan(dir: string): Promise<Report> {
  const r = await runPicket(['rootfs', dir, '-f', 'json', '--list-all-pkgs', '--cache-dir', cacheDir, '--skip-db-update']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Report;
}

test('every package rpm -qa lists, under the detected OS, with rpm purls', async () => {
  const report = await scan(root);
  assert.deepEqual(report.Metadata?.OS, { Family: 'redhat', Name: '9.3' });
  const os = report.Results.find((r) => r.Class === 'os-pkgs')!;
  assert.equal(os.Target, `${root} (redhat 9.3)`);
  assert.equal(os.Type, 'redhat');
  const listed = rpmQueryAll(root, '%{NAME}@%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\n');
  assert.deepEqual(os.Packages!.map((p) => `${p.Name}@${p.Version}`).sort(), listed);
  assert.equal(listed.length, 5);
  assert.equal(os.Packages!.find((p) => p.Name === 'sudo')!.Identifier.PURL, 'pkg:rpm/redhat/sudo@1.9.5p2-9.el9?arch=noarch&distro=redhat-9.3');
  assert.match(os.Packages!.find((p) => p.Name === 'picket-ssl-libs')!.Identifier.PURL, /^pkg:rpm\/redhat\/picket-ssl-libs@/);
});

test('sudo gets RHSA-2024:0811 from Red Hat\'s BaseOS data: one finding per CVE, the 9.3 main-stream fix', async () => {
  const report = await scan(root);
  const os = report.Results.find((r) => r.Class === 'os-pkgs')!;
  const found = (os.Vulnerabilities ?? []).filter((v) => v.PkgName === 'sudo');
  assert.deepEqual(found.map((v) => v.VulnerabilityID).sort(), ['CVE-2023-28486', 'CVE-2023-28487', 'CVE-2023-42465']);
  for (const v of found) {
    assert.equal(v.InstalledVersion, '1.9.5p2-9.el9');
    assert.equal(v.FixedVersion, '1.9.5p2-10.el9_3');
    assert.equal(v.Status, 'fixed');
    assert.equal(v.DataSource?.ID, 'redhat');
    assert.ok(v.VendorIDs?.includes('RHSA-2024:0811'), JSON.stringify(v.VendorIDs));
  }
  assert.deepEqual((os.Vulnerabilities ?? []).filter((v) => v.PkgName !== 'sudo'), []);
});

test('Python metadata installed by rpm is not reported again; metadata rpm does not own is', async () => {
  const report = await scan(root);
  const python = report.Results.filter((r) => r.Class === 'lang-pkgs').flatMap((r) => (r.Packages ?? []).map((p) => p.Name));
  assert.deepEqual(python, ['other']);
});

test('Rocky Linux: rocky purls, and Red Hat\'s advisories are not applied', async () => {
  const rocky = join(tempDir(), 'rootfs');
  cpSync(join(root, 'var'), join(rocky, 'var'), { recursive: true });
  writeRelease(rocky, 'NAME="Rocky Linux"\nVERSION="9.3 (Blue Onyx)"\nID="rocky"\nVERSION_ID="9.3"\n', ['rocky-release', 'Rocky Linux release 9.3 (Blue Onyx)\n']);
  const report = await scan(rocky);
  const os = report.Results.find((r) => r.Class === 'os-pkgs')!;
  assert.equal(os.Type, 'rocky');
  assert.equal(os.Packages!.find((p) => p.Name === 'sudo')!.Identifier.PURL, 'pkg:rpm/rocky/sudo@1.9.5p2-9.el9?arch=noarch&distro=rocky-9.3');
  assert.deepEqual(os.Vulnerabilities ?? [], []);
});
