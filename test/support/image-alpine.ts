/**
 * The Alpine 3.19 test image (see test-images.ts): no apk tools exist here, so a tiny rootfs with
 * etc/alpine-release, etc/os-release and a hand-written lib/apk/db/installed in apk's own format
 * (C:/P:/V:/A:/o:/F:/R:/Z: …, with the files it lists), in two layers: the base, then "apk add"
 * of libcrypto3/libssl3. The versions are ones the Alpine secdb in ../shared/db-seed has later
 * fixes for. Outputs: an OCI layout (`alpine:3.19`) and a docker-archive.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tool } from './image-tools.js';
import { cachedImage, finishLayout, repack, startBundle, type TestImage } from './image-recipe.js';

/** The Alpine image, with the findings the secdb must give. */
export interface AlpineTestImage extends TestImage {
  /** Expected findings: package name, installed version, CVE, fixed version, layer index. */
  expectedFindings: { pkgName: string; installedVersion: string; vulnerabilityId: string; fixedVersion: string; layerIndex: number }[];
}

interface ApkPackage {
  name: string;
  version: string;
  origin: string;
  description: string;
  license: string;
  /** Files (relative to /), with their content; a `->` value is a symlink target. */
  files: Record<string, string>;
  depends?: string[];
  provides?: string[];
}

const APK_BASE: ApkPackage[] = [
  { name: 'musl', version: '1.2.4_git20230717-r4', origin: 'musl', description: 'the musl c library (libc) implementation', license: 'MIT', files: { 'lib/ld-musl-x86_64.so.1': 'musl dynamic linker (test image)\n', 'lib/libc.musl-x86_64.so.1': '-> ld-musl-x86_64.so.1' }, provides: ['so:libc.musl-x86_64.so.1=1'] },
  { name: 'busybox', version: '1.36.1-r15', origin: 'busybox', description: 'Size optimized toolbox of many common UNIX utilities', license: 'GPL-2.0-only', files: { 'bin/busybox': 'busybox (test image)\n', 'etc/securetty': 'console\n' }, depends: ['so:libc.musl-x86_64.so.1'] },
  { name: 'busybox-binsh', version: '1.36.1-r15', origin: 'busybox', description: 'busybox ash /bin/sh', license: 'GPL-2.0-only', files: { 'bin/sh': '-> /bin/busybox' }, depends: ['busybox=1.36.1-r15'], provides: ['/bin/sh'] },
  { name: 'alpine-baselayout-data', version: '3.4.3-r2', origin: 'alpine-baselayout', description: 'Alpine base dir structure and init scripts', license: 'GPL-2.0-only', files: { 'etc/hosts': '127.0.0.1\tlocalhost\n', 'etc/shells': '/bin/sh\n' } },
  { name: 'zlib', version: '1.3-r2', origin: 'zlib', description: 'A compression/decompression Library', license: 'Zlib', files: { 'lib/libz.so.1.3': 'zlib (test image)\n', 'lib/libz.so.1': '-> libz.so.1.3' }, depends: ['so:libc.musl-x86_64.so.1'], provides: ['so:libz.so.1=1.3'] },
];
const APK_ADDED: ApkPackage[] = [
  { name: 'libcrypto3', version: '3.1.4-r1', origin: 'openssl', description: 'Crypto library from openssl', license: 'Apache-2.0', files: { 'lib/libcrypto.so.3': 'libcrypto (test image)\n' }, depends: ['so:libc.musl-x86_64.so.1'], provides: ['so:libcrypto.so.3=3'] },
  { name: 'libssl3', version: '3.1.4-r1', origin: 'openssl', description: 'SSL shared libraries', license: 'Apache-2.0', files: { 'lib/libssl.so.3': 'libssl (test image)\n' }, depends: ['so:libcrypto.so.3', 'so:libc.musl-x86_64.so.1'], provides: ['so:libssl.so.3=3'] },
];
/** Fixes in ../shared/db-seed/alpine/secdb-current/3.19/main/{openssl,musl,busybox}.json newer than the versions above. */
const APK_FIXES: Record<string, [string, string][]> = {
  openssl: [['CVE-2023-6129', '3.1.4-r3'], ['CVE-2023-6237', '3.1.4-r4']],
  musl: [['CVE-2025-26519', '1.2.4_git20230717-r5'], ['CVE-2026-40200', '1.2.4_git20230717-r6'], ['CVE-2026-6042', '1.2.4_git20230717-r6']],
  busybox: [['CVE-2023-42366', '1.36.1-r16'], ['CVE-2023-42363', '1.36.1-r17'], ['CVE-2023-42364', '1.36.1-r19'], ['CVE-2023-42365', '1.36.1-r19'], ['CVE-2024-58251', '1.36.1-r21'], ['CVE-2025-46394', '1.36.1-r21']],
};

/** The Alpine 3.19 image (two layers; built on first use in about a second). */
export function alpineImage(): Promise<AlpineTestImage> {
  return cachedImage<AlpineTestImage>('alpine319', buildAlpine);
}

async function buildAlpine(out: string): Promise<AlpineTestImage> {
  const { work, layout, image, bundle, rootfs } = await startBundle(out);
  for (const dir of ['etc', 'lib/apk/db', 'bin', 'root', 'tmp', 'usr/bin']) mkdirSync(join(rootfs, dir), { recursive: true });
  writeFileSync(join(rootfs, 'etc/alpine-release'), '3.19.0\n');
  writeFileSync(join(rootfs, 'etc/os-release'), 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.0\nPRETTY_NAME="Alpine Linux v3.19"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n');
  writeApkPackages(rootfs, APK_BASE);
  await repack(image, bundle, 'ADD alpine-minirootfs-3.19.0-x86_64.tar.gz /');
  writeApkPackages(rootfs, [...APK_BASE, ...APK_ADDED]);
  await repack(image, bundle, 'apk add --no-cache libssl3');
  const described = await finishLayout(layout, 'alpine:3.19', ['/bin/sh']);
  rmSync(work, { recursive: true, force: true });
  const dockerArchive = join(out, 'alpine319-docker.tar');
  await tool('skopeo', ['copy', '-q', `oci:${layout}:alpine:3.19`, `docker-archive:${dockerArchive}:test/alpine:3.19`]);
  const layerOf = (name: string) => (APK_ADDED.some((p) => p.name === name) ? 1 : 0);
  return {
    dir: out,
    ociLayout: layout,
    ociTag: 'alpine:3.19',
    dockerArchive,
    dockerArchiveTag: 'test/alpine:3.19',
    ...described,
    os: { family: 'alpine', name: '3.19.0' },
    packages: [...APK_BASE, ...APK_ADDED].map((p) => ({ name: p.name, version: p.version })),
    expectedFindings: [...APK_BASE, ...APK_ADDED].flatMap((p) => (APK_FIXES[p.origin] ?? []).map(([vulnerabilityId, fixedVersion]) => ({ pkgName: p.name, installedVersion: p.version, vulnerabilityId, fixedVersion, layerIndex: layerOf(p.name) }))),
  };
}

/** Writes the packages' files and `lib/apk/db/installed` in apk's own format (one stanza per package). */
function writeApkPackages(rootfs: string, packages: ApkPackage[]): void {
  const stanzas: string[] = [];
  for (const pkg of packages) {
    const lines = [`C:Q1${sha1Base64(`${pkg.name}-${pkg.version}`)}`, `P:${pkg.name}`, `V:${pkg.version}`, 'A:x86_64', 'S:4096', 'I:8192', `T:${pkg.description}`, 'U:https://alpinelinux.org', `L:${pkg.license}`, `o:${pkg.origin}`, 'm:Natanael Copa <ncopa@alpinelinux.org>', 't:1701000000', 'c:0123456789abcdef0123456789abcdef01234567'];
    if (pkg.depends) lines.push(`D:${pkg.depends.join(' ')}`);
    if (pkg.provides) lines.push(`p:${pkg.provides.join(' ')}`);
    const byDir = new Map<string, string[]>();
    for (const path of Object.keys(pkg.files).sort()) {
      const dir = dirname(path);
      byDir.set(dir, [...(byDir.get(dir) ?? []), path]);
    }
    for (const [dir, paths] of byDir) {
      lines.push(`F:${dir}`);
      for (const path of paths) {
        const content = pkg.files[path];
        const target = join(rootfs, path);
        mkdirSync(dirname(target), { recursive: true });
        rmSync(target, { force: true });
        if (content.startsWith('-> ')) {
          symlinkSync(content.slice(3), target);
          lines.push(`R:${path.slice(dir.length + 1)}`, 'a:0:0:777', `Z:Q1${sha1Base64(content.slice(3))}`);
        } else {
          writeFileSync(target, content);
          lines.push(`R:${path.slice(dir.length + 1)}`, 'a:0:0:755', `Z:Q1${sha1Base64(content)}`);
        }
      }
    }
    stanzas.push(`${lines.join('\n')}\n`);
  }
  writeFileSync(join(rootfs, 'lib/apk/db/installed'), `${stanzas.join('\n')}\n`);
}

function sha1Base64(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

