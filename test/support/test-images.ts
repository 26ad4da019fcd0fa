/**
 * Real container images for the `picket image` tests, built once per machine with real tools
 * (../shared/infra/RECIPES.md §2) and reused by every test file and run (see image-build-cache.ts):
 *
 * - **Debian 12** (`debianImage()`): `mmdebstrap --variant=minbase bookworm` as layer 1 (umoci);
 *   layer 2 deletes `usr/share/doc/bash` (a whiteout), adds `etc/added.txt`, installs with real
 *   `dpkg --root -i` a .deb made by `dpkg-deb --build`: `libsope1 5.8.0-1` (source `sope`), which
 *   DSA-5970-1 fixes in bookworm at 5.8.0-1+deb12u1, and adds two npm packages under
 *   `srv/app/node_modules` (lodash 4.17.20, shell-quote 1.7.2); layer 3 deletes shell-quote again
 *   (a whiteout of a language package) and adds babel-traverse 6.26.0 (a GHSA with no fix).
 *   Outputs: an OCI layout (tag `debian:12`), a docker-archive (`test/debian:12`), an oci-archive.
 * - **Alpine 3.19** (`alpineImage()`): no apk tools exist here, so a tiny rootfs with
 *   `etc/alpine-release`, `etc/os-release` and a hand-written `lib/apk/db/installed` (the real
 *   format, with the files it lists) in two layers; versions that the Alpine secdb in
 *   ../shared/db-seed has fixes for. Outputs: an OCI layout (`alpine:3.19`) and a docker-archive.
 * - **RHEL 9.3** (`rpmImage()`): packages built with `rpmbuild` and installed with
 *   `rpm --root --dbpath /var/lib/rpm` into a real sqlite rpmdb (sudo at a version RHSA-2024:0811
 *   fixes), as an OCI layout (`rhel:9.3`).
 *
 * Each returns what the tests compare the reports with: layer DiffIDs and digests, the image ID,
 * the package list the distribution's own tool reports for the final rootfs, and what was planted.
 * The Debian recipe is here; Alpine's and RHEL's are in image-alpine.ts and image-rhel.ts, the
 * shared steps in image-recipe.ts.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { debianMirror, tool } from './image-tools.js';
import { cachedImage, finishLayout, repack, startBundle, type PlantedPackage, type TestImage } from './image-recipe.js';

export { IMAGE_RECIPE_VERSION, type PlantedPackage, type TestImage, type TestLayer } from './image-recipe.js';
export { alpineImage, type AlpineTestImage } from './image-alpine.js';
export { rpmImage, type RpmTestImage } from './image-rhel.js';

/** The Debian image, with what was planted in it and deleted from it. */
export interface DebianTestImage extends TestImage {
  /** libsope1 5.8.0-1, DSA-5970-1. */
  planted: PlantedPackage;
  /** Language packages present in the final image, with their expected findings. */
  languagePackages: PlantedPackage[];
  /** An npm package added in layer 2 and deleted in layer 3: must not be reported. */
  removedLanguagePackage: { name: string; version: string; path: string };
  /** Paths deleted by a whiteout of layer 2 (relative to /). */
  deletedPaths: string[];
  /** Where the npm packages live (`srv/app/node_modules`). */
  nodeModules: string;
}

const DEB_PLANTED = { name: 'libsope1', version: '5.8.0-1', source: 'sope', advisoryId: 'DSA-5970-1', vulnerabilityId: 'CVE-2025-53603', fixedVersion: '5.8.0-1+deb12u1' };
const NODE_MODULES = 'srv/app/node_modules';
const NPM_KEPT = [
  { name: 'lodash', version: '4.17.20', layerIndex: 1, advisoryId: 'GHSA-35jh-r3h4-6jhm', vulnerabilityId: 'CVE-2021-23337', fixedVersion: '4.17.21' },
  { name: 'babel-traverse', version: '6.26.0', layerIndex: 2, advisoryId: 'GHSA-67hx-6x53-jw92', vulnerabilityId: 'CVE-2023-45133', fixedVersion: '' },
];
const NPM_REMOVED = { name: 'shell-quote', version: '1.7.2' };

/** The Debian 12 image (built on first use, ~30 s; then cached). */
export function debianImage(): Promise<DebianTestImage> {
  return cachedImage<DebianTestImage>('debian12', buildDebian);
}

async function buildDebian(out: string): Promise<DebianTestImage> {
  const work = join(out, 'work');
  mkdirSync(work);
  const rootfsTar = join(work, 'rootfs.tar');
  await tool('mmdebstrap', ['--quiet', '--variant=minbase', 'bookworm', rootfsTar, debianMirror()]);
  const { layout, image, bundle, rootfs } = await startBundle(out);
  await tool('tar', ['-C', rootfs, '-xf', rootfsTar]);
  rmSync(rootfsTar);
  await repack(image, bundle, 'mmdebstrap --variant=minbase bookworm');

  // Layer 2: a whiteout, an added file, a package installed by real dpkg, npm packages.
  rmSync(join(rootfs, 'usr/share/doc/bash'), { recursive: true });
  writeFileSync(join(rootfs, 'etc/added.txt'), 'added in layer 2\n');
  const deb = await buildDeb(work, DEB_PLANTED);
  await tool('dpkg', [`--root=${rootfs}`, '--force-script-chrootless', '--force-depends', '--force-not-root', '-i', deb]);
  writeNpmPackage(rootfs, NPM_KEPT[0].name, NPM_KEPT[0].version);
  writeNpmPackage(rootfs, NPM_REMOVED.name, NPM_REMOVED.version);
  await repack(image, bundle, `dpkg -i ${DEB_PLANTED.name}_${DEB_PLANTED.version}.deb && npm install`);

  // Layer 3: a language package deleted (whiteout), another added.
  rmSync(join(rootfs, NODE_MODULES, NPM_REMOVED.name), { recursive: true });
  writeNpmPackage(rootfs, NPM_KEPT[1].name, NPM_KEPT[1].version);
  await repack(image, bundle, `npm uninstall ${NPM_REMOVED.name} && npm install ${NPM_KEPT[1].name}`);

  const packages = (await tool('dpkg-query', [`--admindir=${join(rootfs, 'var/lib/dpkg')}`, '-W', '-f', '${Package} ${Version}\\n']))
    .trim().split('\n').map((line) => {
      const [name, version] = line.split(' ');
      return { name, version };
    });
  const debianVersion = readFileSync(join(rootfs, 'etc/debian_version'), 'utf8').trim();
  const described = await finishLayout(layout, 'debian:12', ['/bin/bash']);
  rmSync(work, { recursive: true, force: true });

  const dockerArchive = join(out, 'debian12-docker.tar');
  const ociArchive = join(out, 'debian12-oci.tar');
  await tool('skopeo', ['copy', '-q', `oci:${layout}:debian:12`, `docker-archive:${dockerArchive}:test/debian:12`]);
  await tool('skopeo', ['copy', '-q', `oci:${layout}:debian:12`, `oci-archive:${ociArchive}:debian:12`]);
  return {
    dir: out,
    ociLayout: layout,
    ociTag: 'debian:12',
    dockerArchive,
    dockerArchiveTag: 'test/debian:12',
    ociArchive,
    ...described,
    os: { family: 'debian', name: debianVersion },
    packages,
    planted: { ...DEB_PLANTED, layerIndex: 1 },
    languagePackages: NPM_KEPT.map((p) => ({ ...p, source: p.name })),
    removedLanguagePackage: { ...NPM_REMOVED, path: `${NODE_MODULES}/${NPM_REMOVED.name}/package.json` },
    deletedPaths: ['usr/share/doc/bash/copyright', `${NODE_MODULES}/${NPM_REMOVED.name}/package.json`],
    nodeModules: NODE_MODULES,
  };
}

/** A binary .deb with only a control file and a doc file, as `dpkg-deb --build` makes it. */
async function buildDeb(work: string, pkg: typeof DEB_PLANTED): Promise<string> {
  const root = join(work, `${pkg.name}-pkg`);
  mkdirSync(join(root, 'DEBIAN'), { recursive: true });
  mkdirSync(join(root, `usr/share/doc/${pkg.name}`), { recursive: true });
  writeFileSync(join(root, `usr/share/doc/${pkg.name}/README.picket`), `${pkg.name} ${pkg.version}: planted for picket's image tests\n`);
  writeFileSync(join(root, 'DEBIAN/control'), [
    `Package: ${pkg.name}`,
    `Source: ${pkg.source}`,
    `Version: ${pkg.version}`,
    'Architecture: amd64',
    'Maintainer: Debian SOGo Maintainers <pkg-sogo-maintainers@lists.alioth.debian.org>',
    'Installed-Size: 4',
    'Section: libs',
    'Priority: optional',
    'Description: SOPE application server library (planted for picket tests)',
    '',
  ].join('\n'));
  const deb = join(work, `${pkg.name}_${pkg.version}_amd64.deb`);
  await tool('dpkg-deb', ['--build', '--root-owner-group', root, deb]);
  return deb;
}

function writeNpmPackage(rootfs: string, name: string, version: string): void {
  const dir = join(rootfs, NODE_MODULES, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, version, description: `${name} (test image)`, license: 'MIT', main: 'index.js' }, null, 2)}\n`);
  writeFileSync(join(dir, 'index.js'), 'module.exports = {};\n');
}

