import type { Report, ReportPackage, Result } from '../model.js';

/** What writers need to know about the scanned artifact, read from the report's untyped `Metadata`. */
export interface ArtifactInfo {
  name: string;
  type: Report['ArtifactType'];
  imageId?: string;
  repoTags: string[];
  repoDigests: string[];
  diffIds: string[];
  /** `Metadata.ImageConfig.architecture` (images). */
  architecture?: string;
  os?: { family: string; name: string };
  /** Repositories: the clone URL, branch and commit (trivy's `RepoURL`, `Branch`, `Commit`). */
  repoUrl?: string;
  branch?: string;
  commit?: string;
}

/** Reads the artifact fields of a report's `Metadata` (image ids, tags, digests, OS, repository). */
export function artifactOf(report: Report): ArtifactInfo {
  const m = report.Metadata ?? {};
  const config = isRecord(m.ImageConfig) ? m.ImageConfig : {};
  const os = isRecord(m.OS) && typeof m.OS.Family === 'string' ? { family: m.OS.Family, name: typeof m.OS.Name === 'string' ? m.OS.Name : '' } : undefined;
  return {
    name: report.ArtifactName,
    type: report.ArtifactType,
    ...(typeof m.ImageID === 'string' ? { imageId: m.ImageID } : {}),
    repoTags: strings(m.RepoTags),
    repoDigests: strings(m.RepoDigests),
    diffIds: strings(m.DiffIDs),
    ...(typeof config.architecture === 'string' ? { architecture: config.architecture } : {}),
    ...(os ? { os } : {}),
    ...(typeof m.RepoURL === 'string' ? { repoUrl: m.RepoURL } : {}),
    ...(typeof m.Branch === 'string' ? { branch: m.Branch } : {}),
    ...(typeof m.Commit === 'string' ? { commit: m.Commit } : {}),
  };
}

/**
 * Package fields trivy reports that picket's model may carry later (source package, arch, digest):
 * writers use them when present.
 */
export type PackageExtras = Partial<{ SrcName: string; SrcVersion: string; SrcRelease: string; SrcEpoch: number; Arch: string; Digest: string; Maintainer: string }>;

/** The extra trivy fields of a package, when the report carries them. */
export function packageExtras(pkg: ReportPackage): PackageExtras {
  return pkg as ReportPackage & PackageExtras;
}

/**
 * trivy's "pre-aggregated" results: installed language packages gathered per language (`Node.js`,
 * `Python`, ...). Their packages belong to the artifact directly, each with its own file.
 */
export function isAggregatedResult(result: Result): boolean {
  return result.Class === 'lang-pkgs' && result.Type !== undefined && aggregatedTypes.has(result.Type);
}

const aggregatedTypes = new Set(['node-pkg', 'python-pkg', 'gemspec', 'jar', 'conda-pkg', 'packagist-pkg']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** The `Z` time stamp without fractions trivy writes in SBOMs (`2021-08-25T12:20:30Z`). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The report's creation time, or `now` when given. */
export function reportTime(report: Report, now: Date | undefined): Date {
  if (now) return now;
  const t = Date.parse(report.CreatedAt);
  return Number.isNaN(t) ? new Date() : new Date(t);
}

/** The producing tool's version: the option, else the report's. */
export function toolVersion(report: Report, appVersion: string | undefined): string {
  return appVersion ?? report.Picket?.Version ?? 'dev';
}

/** picket's home page, named as the tool's URL where a format requires one (GitHub's `detector.url`). */
export const PICKET_URL = 'https://www.npmjs.com/package/picket';
