import type { SecretFinding } from '../detector/secret/types.js';
import type { FileMisconfigResult } from '../detector/misconfig/types.js';

/**
 * Analyzer contract: an analyzer says which paths it wants and turns one file into facts.
 * Facts are plain data with their location, so every finding can point back at its evidence.
 */

/** Line range (1-based, inclusive) where a fact is declared in its file. */
export interface Location {
  startLine: number;
  endLine: number;
}

export type Relationship = 'root' | 'workspace' | 'direct' | 'indirect' | 'unknown';

/** One package as declared in a lockfile, manifest or package database. */
export interface Package {
  /** `name@version`, unique within one application. */
  id: string;
  name: string;
  version: string;
  /** True when only development dependencies pull it in. */
  dev?: boolean;
  relationship?: Relationship;
  /** Ids (`name@version`) of the packages this one depends on. */
  dependsOn?: string[];
  locations?: Location[];
  licenses?: string[];
  /** OS packages: the source package it was built from (advisories of Debian, Ubuntu, Alpine name it). */
  srcName?: string;
  srcVersion?: string;
  arch?: string;
  maintainer?: string;
  /** The file it was found in, when its application gathers several files (installed packages). */
  filePath?: string;
  /** Images: the layer the package came from (trivy's `Layer`). */
  layer?: LayerRef;
}

/** An image layer: the blob digest as stored (when known) and the DiffID of its tar. */
export interface LayerRef {
  digest?: string;
  diffId: string;
}

/** A set of packages from one file: a lockfile, a manifest, a package DB. */
export interface Application {
  /** Analyzer type, as trivy names it in `Results[].Type`: npm, yarn, pnpm, bun. */
  type: string;
  /** OSV ecosystem name of the packages (`npm`, `PyPI`, `Go`, ...). */
  ecosystem: string;
  /** purl type of the packages (`npm`, `pypi`, `golang`, `deb`, `apk`, `rpm`, ...). */
  purlType: string;
  /** OS packages: purl namespace (`debian`, `alpine`) and the `distro` qualifier (`debian-12.4`). */
  purlNamespace?: string;
  distro?: string;
  /** Path of the file relative to the scan root, with `/` separators ('' when packages carry their own). */
  filePath: string;
  /** The report's `Target` when it is not the file path (`Node.js`, `Python` for gathered installed packages). */
  title?: string;
  packages: Package[];
}

/** What a target tells an analyzer about a file before it is read. */
export interface FileInfo {
  /** Path relative to the scan root, `/` separators. */
  path: string;
  size: number;
  /** Permission bits, when the target knows them cheaply (image layers). */
  mode?: number;
}

export interface AnalyzerInput {
  /** Path relative to the scan root, `/` separators. */
  path: string;
  content: Buffer;
  /**
   * Reads another file of the same target by its path relative to the target root (a leading `./`
   * or `/` is ignored: `posix.join(posix.dirname(path), 'package.json')` reads the sibling).
   * Undefined when absent, not readable or outside the target.
   */
  readFile(relativePath: string): Promise<Buffer | undefined>;
}

/** The operating system of a root filesystem, from its release files. */
export interface OsInfo {
  /** trivy's family names: debian, ubuntu, alpine, redhat, centos, rocky, alma, amazon, oracle, wolfi, chainguard, ... */
  family: string;
  /** Version as trivy shows it: `12.4`, `22.04`, `3.19.1`, `7.9.2009`. */
  name: string;
  /** os-release is general; a distribution's own release file (debian_version, alpine-release) is more precise. */
  from: 'os-release' | 'release-file';
}

/** The packages of an OS package manager's database. */
export interface OsPackageSet {
  manager: 'dpkg' | 'apk' | 'rpm';
  /** The database file (relative path). */
  filePath: string;
  packages: Package[];
}

/**
 * Licences of an installed OS package read from a file beside its database entry (dpkg:
 * `usr/share/doc/<package>/copyright`), normalised to SPDX ids and expressions.
 */
export interface PackageLicenses {
  manager: 'dpkg';
  packageName: string;
  /** The file they were read from (relative path). */
  filePath: string;
  licenses: string[];
}

/** A licence file found in the target (LICENSE, COPYING, ...) and the licences its text matches. */
export interface LicenseFile {
  filePath: string;
  findings: { name: string; confidence: number; link: string }[];
  /** Images: the layer holding the file. */
  layer?: LayerRef;
}

/** Secrets found in one file (masked by the engine). */
export interface FileSecrets {
  filePath: string;
  findings: SecretFinding[];
  /** Images: the layer holding the file. */
  layer?: LayerRef;
}

/** A config file kept for the misconfiguration checks, which run once over all of them. */
export interface ConfigFile {
  path: string;
  text?: string;
  base64?: string;
  /** Images: the layer holding the file. */
  layer?: LayerRef;
}

export interface AnalysisResult {
  applications?: Application[];
  /** The secret scanner's findings (`--scanners secret`). */
  secrets?: FileSecrets[];
  /** Config files gathered for the misconfiguration checks (text, or base64 for chart archives). */
  configFiles?: ConfigFile[];
  /** The misconfiguration checks' verdict per config file (`--scanners misconfig`). */
  misconfigs?: (FileMisconfigResult & { layer?: LayerRef })[];
  os?: OsInfo;
  osPackages?: OsPackageSet[];
  /** Files an OS package manager installed: lockfiles among them are not reported again. */
  ownedFiles?: string[];
  /** Licences of OS packages from files beside them (dpkg copyright files). */
  packageLicenses?: PackageLicenses[];
  /** Licence files and the licences their text matches (`--license-full`). */
  licenseFiles?: LicenseFile[];
}

/**
 * Which scans an analyzer serves, as trivy splits them: `source` files (lockfiles, manifests) are
 * read by `fs` and `repo`; `installed` packages (node_modules package.json, site-packages
 * METADATA, gemspecs, binaries) by `rootfs` and `image`; `any` (OS release files and package
 * DBs, jars, go.mod) by all.
 */
export type AnalyzerScope = 'source' | 'installed' | 'any';

export interface Analyzer {
  /** Stable name, used in `AnalyzedBy` and in warnings. */
  name: string;
  /** Default `source`. */
  scope?: AnalyzerScope;
  /** Bumped whenever the output for the same input changes (cache key part). */
  version: number;
  /** What else changes the output for the same input (a rules config, skipped checks): a cache key part. */
  fingerprint?: string;
  /** Cheap test on the path alone: does this analyzer want the file? */
  wants(info: FileInfo): boolean;
  /**
   * Base names of other files `analyze` may read with `readFile` (`go.sum` next to `go.mod`, the
   * `-wal` of an rpm sqlite DB). Image layers are streamed once: files with these names are kept
   * for the layer, and this analyzer runs when the whole layer has been read.
   */
  companionNames?: readonly string[];
  /** Parses the file; throws ParseError on malformed input. */
  analyze(input: AnalyzerInput): Promise<AnalysisResult>;
}
