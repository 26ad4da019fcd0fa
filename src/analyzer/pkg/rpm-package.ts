import type { AnalysisResult, Package } from '../types.js';
import { ParseError } from '../parse-error.js';
import { parseRpmHeader, RpmTag, type RpmHeader } from './rpm-header.js';
import { splitRpmLicense } from '../../detector/license/split.js';

/**
 * What the three rpm database readers (rpm-sqlite.ts, rpm-bdb.ts, rpm-ndb.ts) share: an installed
 * package from its header, and the analysis result of a whole database.
 *
 * - version `[epoch:]version-release` (epoch 0 left out), the form src/version/rpm.ts compares
 *   and Red Hat's advisories write;
 * - id `name@version-release.arch` (as trivy's PkgID), unique even when two architectures of one
 *   package are installed (multilib);
 * - the source package from SOURCERPM (`openssl-3.0.7-27.el9.src.rpm` → `openssl`,
 *   `3.0.7-27.el9`, with the binary's epoch), else the package itself;
 * - LICENSE normalised to SPDX and split at AND (`GPLv2+ and MIT` → `GPL-2.0-or-later`, `MIT`),
 *   VENDOR as the maintainer;
 * - the files it installed (DIRNAMES[DIRINDEXES[i]] + BASENAMES[i], or the OLDFILENAMES of old
 *   rpm), so language packages rpm put on disk are not reported again;
 * - `gpg-pubkey` entries (imported signing keys, not software) are skipped.
 */
export interface InstalledRpm {
  package: Package;
  /** Paths it installed, relative (no leading `/`). */
  files: string[];
  /** Module stream of a modular build (`nodejs:18:8090020231019152822:a75119d5`). */
  modularityLabel?: string;
}

/** The installed package a header describes; undefined for `gpg-pubkey` entries. */
export function installedRpmOf(header: RpmHeader, file: string): InstalledRpm | undefined {
  const name = header.string(RpmTag.NAME);
  const version = header.string(RpmTag.VERSION);
  if (!name || !version) throw new ParseError(file, 'an rpm header without NAME or VERSION');
  if (name === 'gpg-pubkey') return undefined;
  const release = header.string(RpmTag.RELEASE);
  const epoch = header.int32s(RpmTag.EPOCH)[0];
  const arch = header.string(RpmTag.ARCH);
  const licenses = splitRpmLicense(header.string(RpmTag.LICENSE) ?? '');
  const vendor = header.string(RpmTag.VENDOR);
  const modularityLabel = header.string(RpmTag.MODULARITYLABEL);
  const evr = withEpoch(epoch, release ? `${version}-${release}` : version);
  const source = parseSourceRpm(header.string(RpmTag.SOURCERPM) ?? '');
  return {
    package: {
      id: `${name}@${release ? `${version}-${release}` : version}${arch ? `.${arch}` : ''}`,
      name,
      version: evr,
      srcName: source?.name ?? name,
      srcVersion: source ? withEpoch(epoch, source.versionRelease) : evr,
      ...(arch ? { arch } : {}),
      ...(licenses.length > 0 ? { licenses } : {}),
      ...(vendor ? { maintainer: vendor } : {}),
    },
    files: filesOf(header, file),
    ...(modularityLabel ? { modularityLabel } : {}),
  };
}

function withEpoch(epoch: number | undefined, versionRelease: string): string {
  return epoch ? `${epoch}:${versionRelease}` : versionRelease;
}

/**
 * `name-version-release.arch.rpm` of a source package (arch `src` or `nosrc`) → name and
 * `version-release`; undefined when the text has not that shape (`(none)`, empty).
 */
export function parseSourceRpm(text: string): { name: string; versionRelease: string } | undefined {
  const m = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(text);
  return m ? { name: m[1], versionRelease: `${m[2]}-${m[3]}` } : undefined;
}

function filesOf(header: RpmHeader, file: string): string[] {
  const basenames = header.strings(RpmTag.BASENAMES);
  if (basenames.length === 0) return header.strings(RpmTag.OLDFILENAMES).map(relative);
  const dirnames = header.strings(RpmTag.DIRNAMES);
  const dirindexes = header.int32s(RpmTag.DIRINDEXES);
  if (dirindexes.length !== basenames.length) {
    throw new ParseError(file, `rpm header lists ${basenames.length} file names but ${dirindexes.length} directory indexes`);
  }
  return basenames.map((base, i) => {
    const dir = dirnames[dirindexes[i]];
    if (dir === undefined) throw new ParseError(file, `rpm header file ${base}: directory index ${dirindexes[i]} out of range`);
    return relative(dir + base);
  });
}

const relative = (path: string) => path.replace(/^\/+/, '');

/** The analysis of one rpm database from its header blobs, in database order. */
export function rpmDatabaseResult(filePath: string, blobs: Iterable<Buffer>): AnalysisResult {
  const packages: Package[] = [];
  const ownedFiles: string[] = [];
  const seen = new Set<string>();
  for (const blob of blobs) {
    const installed = installedRpmOf(parseRpmHeader(blob, filePath), filePath);
    if (!installed || seen.has(installed.package.id)) continue;
    seen.add(installed.package.id);
    packages.push(installed.package);
    for (const owned of installed.files) ownedFiles.push(owned);
  }
  if (packages.length === 0) return {};
  return { osPackages: [{ manager: 'rpm', filePath, packages }], ownedFiles };
}
