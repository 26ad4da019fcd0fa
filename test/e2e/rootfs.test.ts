/**
 * picket rootfs on a real dpkg database: this machine's own (Debian), copied into a temporary
 * root with a package planted by real `dpkg --root` at a version a Debian security advisory fixes.
 * The release files say bullseye (11), the newest release in the DSA list of ../shared/db-seed.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPicket } from '../support/cli.js';
import { repoRoot, sharedPath } from '../support/paths.js';
import { tempDir } from '../support/temp.js';

const root = join(tempDir(), 'rootfs');
const cacheDir = tempDir();

interface Report { Metadata?: { OS?: { Family: string; Name: string } }; Results: { Target: string; Class: string; Type: string; Packages?: { Name: string; Version: string; Identifier: { PURL: string } }[]; Vulnerabilities?: { VulnerabilityID: string; VendorIDs?: string[]; PkgName: string; InstalledVersion: string; FixedVersion?: string; Status: string; DataSource?: { ID: string } }[] }[] }

before(async () => {
  mkdirSync(join(root, 'etc'), { recursive: true });
  mkdirSync(join(root, 'var/lib/dpkg/info'), { recursive: true });
  mkdirSync(join(root, 'var/lib/dpkg/updates'), { recursive: true });
  writeFileSync(join(root, 'var/lib/dpkg/available'), '');
  copyFileSync('/var/lib/dpkg/status', join(root, 'var/lib/dpkg/status'));
  writeFileSync(join(root, 'etc/os-release'), 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nNAME="Debian GNU/Linux"\nVERSION_ID="11"\nVERSION="11 (bullseye)"\nVERSION_CODENAME=bullseye\nID=debian\n');
  writeFileSync(join(root, 'etc/debian_version'), '11.6\n');
  // A binary package of the apache2 source at a version DSA-5376-1 fixes (2.4.56-1~deb11u1).
  const pkgDir = join(tempDir(), 'pkg');
  mkdirSync(join(pkgDir, 'DEBIAN'), { recursive: true });
  writeFileSync(join(pkgDir, 'DEBIAN/control'), 'Package: apache2-bin\nVersion: 2.4.54-1~deb11u1\nSource: apache2\nArchitecture: amd64\nMaintainer: Example <dev@example.org>\nDescription: planted for the test\n');
  // It also ships a lockfile: owned by dpkg, it must not be reported again as an npm application.
  mkdirSync(join(pkgDir, 'usr/share/apache2/ui'), { recursive: true });
  copyFileSync(join(repoRoot, 'test/fixtures/projects/app/package-lock.json'), join(pkgDir, 'usr/share/apache2/ui/package-lock.json'));
  mkdirSync(join(root, 'srv/app'), { recursive: true });
  copyFileSync(join(repoRoot, 'test/fixtures/projects/app/package-lock.json'), join(root, 'srv/app/package-lock.json'));
  const deb = join(tempDir(), 'apache2-bin.deb');
  execFileSync('dpkg-deb', ['--build', '--root-owner-group', pkgDir, deb], { stdio: 'ignore' });
  execFileSync('dpkg', [`--root=${root}`, '--force-script-chrootless', '--force-depends', '--force-not-root', '-i', deb], { stdio: 'ignore' });
  const r = await runPicket(['db', 'build', '--source', sharedPath('db-seed/debian'), '--cache-dir', cacheDir]);
  assert.equal(r.code, 0, r.stderr);
});

async function scan(extra: string[] = []): Promise<Report> {
  const r = await runPicket(['rootfs', root, '-f', 'json', '--list-all-pkgs', '--cache-dir', cacheDir, '--skip-db-update', ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Report;
}

test('every package dpkg-query lists, with source-aware purls, under the detected OS', async () => {
  const report = await scan();
  // Debian 11's security support (LTS included) ended on 2026-08-31.
  const eosl = Date.now() > Date.parse('2026-09-01T00:00:00Z');
  assert.deepEqual(report.Metadata?.OS, { Family: 'debian', Name: '11.6', ...(eosl ? { EOSL: true } : {}) });
  const os = report.Results.find((r) => r.Class === 'os-pkgs')!;
  assert.equal(os.Target, `${root} (debian 11.6)`);
  assert.equal(os.Type, 'debian');
  const listed = execFileSync('dpkg-query', [`--admindir=${join(root, 'var/lib/dpkg')}`, '-W', '-f', '${Package}@${Version}\\n'], { encoding: 'utf8' }).trim().split('\n').sort();
  assert.deepEqual(os.Packages!.map((p) => `${p.Name}@${p.Version}`).sort(), listed);
  assert.ok(listed.length > 100);
  const planted = os.Packages!.find((p) => p.Name === 'apache2-bin')!;
  assert.equal(planted.Identifier.PURL, 'pkg:deb/debian/apache2-bin@2.4.54-1~deb11u1?arch=amd64&distro=debian-11.6');
});

test('the planted package gets DSA-5376-1, one finding per CVE, keyed by its source package', async () => {
  const report = await scan();
  const os = report.Results.find((r) => r.Class === 'os-pkgs')!;
  const apache = (os.Vulnerabilities ?? []).filter((v) => v.PkgName === 'apache2-bin');
  assert.deepEqual(apache.map((v) => v.VulnerabilityID).sort(), ['CVE-2006-20001', 'CVE-2022-36760', 'CVE-2022-37436', 'CVE-2023-25690', 'CVE-2023-27522']);
  for (const v of apache) {
    assert.equal(v.InstalledVersion, '2.4.54-1~deb11u1');
    assert.equal(v.FixedVersion, '2.4.56-1~deb11u1');
    assert.equal(v.Status, 'fixed');
    assert.equal(v.DataSource?.ID, 'debian');
    assert.ok(v.VendorIDs?.includes('DSA-5376-1'), JSON.stringify(v.VendorIDs));
  }
});

test('a lockfile installed by a Debian package is not reported again; one the package manager does not own is', async () => {
  // Lockfiles are project sources: `fs` reads them (and the OS packages), `rootfs` does not.
  const r = await runPicket(['fs', root, '-f', 'json', '--cache-dir', cacheDir, '--skip-db-update']);
  assert.equal(r.code, 0, r.stderr);
  const fsReport = JSON.parse(r.stdout) as Report;
  assert.deepEqual(fsReport.Results.filter((x) => x.Class === 'lang-pkgs').map((x) => x.Target), ['srv/app/package-lock.json']);
  assert.ok(fsReport.Results.some((x) => x.Class === 'os-pkgs'));
  const rootfsReport = await scan();
  assert.deepEqual(rootfsReport.Results.filter((x) => x.Class === 'lang-pkgs' && x.Target.endsWith('package-lock.json')), []);
});
