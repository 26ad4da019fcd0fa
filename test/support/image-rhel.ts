/**
 * The RHEL 9.3 test image (see test-images.ts): packages built with Debian's rpmbuild and installed
 * by real `rpm --root --dbpath /var/lib/rpm` into a sqlite rpmdb (the only backend Debian's rpm
 * has), one layer, as an OCI layout (`rhel:9.3`). sudo is at a version Red Hat's RHSA-2024:0811
 * fixes in BaseOS.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tool } from './image-tools.js';
import { cachedImage, finishLayout, repack, startBundle, type PlantedPackage, type TestImage } from './image-recipe.js';
import { buildRpms } from './rpm.js';

/** The RHEL image, with its planted package and what `rpm -qa` lists. */
export interface RpmTestImage extends TestImage {
  /** sudo 1.9.5p2-9.el9, RHSA-2024:0811. */
  planted: PlantedPackage;
  /** Packages as `rpm -qa` prints them: name, and epoch:version-release (epoch only when set). */
  rpmPackages: { name: string; version: string; release: string; epoch?: number }[];
}

const RPM_PACKAGES = [
  { name: 'redhat-release', version: '9.3', release: '0.5.el9', files: [{ path: '/usr/share/redhat-release/README', content: 'Red Hat Enterprise Linux release 9.3 (Plow)' }] },
  { name: 'openssl-libs', epoch: 1, version: '3.0.7', release: '24.el9', files: [{ path: '/usr/lib64/libssl.so.3.0.7', content: 'libssl (test image)' }] },
  { name: 'sudo', version: '1.9.5p2', release: '9.el9', license: 'ISC', files: [{ path: '/usr/share/doc/sudo/README', content: 'sudo (test image)' }] },
];
/** sudo at a version RHSA-2024:0811 (real CSAF in ../shared/fixtures/feeds/vunnel) fixes in BaseOS. */
const RPM_PLANTED = { name: 'sudo', version: '1.9.5p2-9.el9', source: 'sudo', layerIndex: 0, advisoryId: 'RHSA-2024:0811', vulnerabilityId: 'CVE-2023-28486', fixedVersion: '1.9.5p2-10.el9_3' };

/** The RHEL 9.3 image (one layer with a real sqlite rpmdb, in /var/lib/rpm). */
export function rpmImage(): Promise<RpmTestImage> {
  return cachedImage<RpmTestImage>('rhel93', buildRpmImage);
}

async function buildRpmImage(out: string): Promise<RpmTestImage> {
  const { work, layout, image, bundle, rootfs } = await startBundle(out);
  mkdirSync(join(rootfs, 'etc'), { recursive: true });
  writeFileSync(join(rootfs, 'etc/os-release'), 'NAME="Red Hat Enterprise Linux"\nVERSION="9.3 (Plow)"\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID="9.3"\nPLATFORM_ID="platform:el9"\nPRETTY_NAME="Red Hat Enterprise Linux 9.3 (Plow)"\nCPE_NAME="cpe:/o:redhat:enterprise_linux:9::baseos"\n');
  writeFileSync(join(rootfs, 'etc/redhat-release'), 'Red Hat Enterprise Linux release 9.3 (Plow)\n');
  const rpms = RPM_PACKAGES.flatMap((spec) => buildRpms(spec, join(work, `rpmbuild-${spec.name}`)));
  await tool('rpm', ['--root', rootfs, '--dbpath', '/var/lib/rpm', '--initdb']);
  await tool('rpm', ['--root', rootfs, '--dbpath', '/var/lib/rpm', '-i', '--nodeps', '--ignorearch', ...rpms]);
  await tool('python3', ['-c', `import sqlite3;c=sqlite3.connect(${JSON.stringify(join(rootfs, 'var/lib/rpm/rpmdb.sqlite'))});c.execute('PRAGMA wal_checkpoint(TRUNCATE)');c.execute('PRAGMA journal_mode=DELETE');c.close()`]);
  for (const leftover of readdirSync(join(rootfs, 'var/lib/rpm'))) if (/-(wal|shm)$/.test(leftover)) rmSync(join(rootfs, 'var/lib/rpm', leftover));
  const listed = (await tool('rpm', ['--root', rootfs, '--dbpath', '/var/lib/rpm', '-qa', '--qf', '%{NAME} %{EPOCHNUM} %{VERSION} %{RELEASE}\\n'])).trim().split('\n').map((line) => {
    const [name, epoch, version, release] = line.split(' ');
    return { name, version, release, ...(epoch !== '0' ? { epoch: Number(epoch) } : {}) };
  });
  await repack(image, bundle, 'rpm -i');
  const described = await finishLayout(layout, 'rhel:9.3', ['/bin/sh']);
  rmSync(work, { recursive: true, force: true });
  return {
    dir: out,
    ociLayout: layout,
    ociTag: 'rhel:9.3',
    ...described,
    os: { family: 'redhat', name: '9.3' },
    planted: RPM_PLANTED,
    packages: listed.map((p) => ({ name: p.name, version: `${p.epoch !== undefined ? `${p.epoch}:` : ''}${p.version}-${p.release}` })),
    rpmPackages: listed,
  };
}

