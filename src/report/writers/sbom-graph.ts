import { PackageURL } from 'packageurl-js';
import type { Report, ReportPackage, Result } from '../model.js';
import { artifactOf, isAggregatedResult, packageExtras, type ArtifactInfo } from './artifact.js';
import { derived } from './derived.js';
import type { WriterOptions } from './types.js';

/**
 * The package graph an SBOM describes, in trivy's shape: the artifact at the root; an
 * operating-system node holding the OS packages; one application node per lockfile or binary
 * holding its packages; installed packages gathered per language hang from the root directly.
 * Both SBOM writers (CycloneDX, SPDX) render this one graph.
 */
export interface SbomNode {
  kind: 'root' | 'os' | 'application' | 'package';
  name: string;
  version?: string;
  purl?: string;
  /** The result the node stands for (os, application) or comes from (package). */
  result?: Result;
  pkg?: ReportPackage;
  /** trivy's property names (`PkgID`, `LayerDiffID`, ...) and values, sorted by name. */
  properties: [string, string][];
  licenses: string[];
  /** Nodes this one contains (root, os, application) or depends on (package). */
  children: SbomNode[];
}

export interface SbomGraph {
  artifact: ArtifactInfo;
  root: SbomNode;
  /** Every node but the root: OS and application nodes first, then packages, in report order. */
  nodes: SbomNode[];
  /** The node of a vulnerable package: by result, then PkgID (or name@version). */
  packageNode(result: Result, pkgId: string): SbomNode | undefined;
}

/** The report's SBOM graph, built once for all the writers of a scan (see derived.ts). */
export function sharedSbomGraph(report: Report, options: WriterOptions): SbomGraph {
  return derived(report, options.shared, 'sbom-graph', () => sbomGraph(report));
}

/** Builds the SBOM graph of a report (packages come from `--list-all-pkgs` or `--format cyclonedx`). */
export function sbomGraph(report: Report): SbomGraph {
  const artifact = artifactOf(report);
  const root: SbomNode = { kind: 'root', name: report.ArtifactName, properties: rootProperties(artifact), licenses: [], children: [] };
  const rootPurl = imagePurl(artifact);
  if (rootPurl) root.purl = rootPurl;
  const holders: SbomNode[] = [];
  const packages: SbomNode[] = [];
  const index = new Map<Result, Map<string, SbomNode>>();

  for (const result of report.Results) {
    if (result.Class !== 'os-pkgs' && result.Class !== 'lang-pkgs') continue;
    const aggregated = isAggregatedResult(result);
    let holder = root;
    if (result.Class === 'os-pkgs') {
      holder = { kind: 'os', name: artifact.os?.family ?? result.Type ?? 'unknown', ...(artifact.os?.name ? { version: artifact.os.name } : {}), result, properties: sorted([['Class', 'os-pkgs'], ['Type', result.Type ?? artifact.os?.family ?? '']]), licenses: [], children: [] };
    } else if (!aggregated) {
      holder = { kind: 'application', name: result.Target, result, properties: sorted([['Class', 'lang-pkgs'], ['Type', result.Type ?? '']]), licenses: [], children: [] };
    }
    if (holder !== root) {
      holders.push(holder);
      root.children.push(holder);
    }
    const pkgs = result.Packages ?? packagesOfFindings(result);
    const byId = new Map<string, SbomNode>();
    const nodes = pkgs.map((p) => {
      const node: SbomNode = { kind: 'package', name: p.Name, version: p.Version, purl: p.Identifier.PURL, result, pkg: p, properties: packageProperties(result, p, aggregated), licenses: p.Licenses ?? [], children: [] };
      if (!byId.has(p.ID)) byId.set(p.ID, node);
      const nv = `${p.Name}@${p.Version}`;
      if (!byId.has(nv)) byId.set(nv, node);
      return node;
    });
    for (const node of nodes) node.children = (node.pkg!.DependsOn ?? []).map((id) => byId.get(id)).filter((n): n is SbomNode => n !== undefined);
    holder.children.push(...directOf(nodes));
    packages.push(...nodes);
    index.set(result, byId);
  }
  return {
    artifact,
    root,
    nodes: [...holders, ...packages],
    packageNode: (result, pkgId) => index.get(result)?.get(pkgId),
  };
}

/**
 * What a holder contains directly: the root packages when the lockfile names them; else the
 * direct dependencies; and (also when no relationship is known, as trivy does) every package no
 * other package depends on, so that none is left unreachable.
 */
function directOf(nodes: SbomNode[]): SbomNode[] {
  const roots = nodes.filter((n) => n.pkg!.Relationship === 'root');
  if (roots.length > 0) return roots;
  const reached = new Set(nodes.flatMap((n) => n.children));
  const top = nodes.filter((n) => n.pkg!.Relationship === 'direct' || !reached.has(n));
  return top.length > 0 ? top : nodes;
}

/** Without --list-all-pkgs a result lists only its vulnerable packages: rebuild them from the findings. */
function packagesOfFindings(result: Result): ReportPackage[] {
  const seen = new Map<string, ReportPackage>();
  for (const v of result.Vulnerabilities ?? []) {
    if (seen.has(v.PkgID)) continue;
    seen.set(v.PkgID, {
      ID: v.PkgID,
      Name: v.PkgName,
      Identifier: v.PkgIdentifier,
      Version: v.InstalledVersion,
      ...(v.PkgPath ? { FilePath: v.PkgPath } : {}),
      ...(v.Layer ? { Layer: v.Layer } : {}),
      AnalyzedBy: result.Type ?? '',
    });
  }
  return [...seen.values()];
}

function packageProperties(result: Result, p: ReportPackage, aggregated: boolean): [string, string][] {
  const props: [string, string][] = [];
  const extra = packageExtras(p);
  if (result.Class === 'lang-pkgs' && !aggregated) {
    props.push(['PkgID', p.ID]);
    if (result.Type) props.push(['PkgType', result.Type]);
  }
  if (aggregated && result.Type) props.push(['Type', result.Type]);
  if (p.FilePath) props.push(['FilePath', p.FilePath]);
  if (p.Layer?.DiffID) props.push(['LayerDiffID', p.Layer.DiffID]);
  if (p.Layer?.Digest) props.push(['LayerDigest', p.Layer.Digest]);
  if (extra.SrcName) props.push(['SrcName', extra.SrcName]);
  if (extra.SrcVersion) props.push(['SrcVersion', extra.SrcVersion]);
  if (extra.SrcRelease) props.push(['SrcRelease', extra.SrcRelease]);
  if (extra.SrcEpoch) props.push(['SrcEpoch', String(extra.SrcEpoch)]);
  return sorted(props);
}

function rootProperties(a: ArtifactInfo): [string, string][] {
  const props: [string, string][] = [['SchemaVersion', '2']];
  for (const d of a.diffIds) props.push(['DiffID', d]);
  if (a.imageId) props.push(['ImageID', a.imageId]);
  for (const d of a.repoDigests) props.push(['RepoDigest', d]);
  for (const t of a.repoTags) props.push(['RepoTag', t]);
  return sorted(props);
}

/** Sorts by name, then value, in place: an insertion sort (lists of a few pairs; Array sort allocates). */
function sorted(props: [string, string][]): [string, string][] {
  for (let i = 1; i < props.length; i++) {
    const p = props[i];
    let j = i - 1;
    for (; j >= 0 && (props[j][0] > p[0] || (props[j][0] === p[0] && props[j][1] > p[1])); j--) props[j + 1] = props[j];
    props[j + 1] = p;
  }
  return props;
}

/**
 * The `pkg:oci` purl of an image known by digest (`registry/repo@sha256:...`):
 * `pkg:oci/repo@sha256:...?arch=amd64&repository_url=registry/repo`.
 */
export function imagePurl(a: ArtifactInfo): string | undefined {
  if (a.type !== 'container_image') return undefined;
  const d = a.repoDigests[0];
  const at = d?.lastIndexOf('@') ?? -1;
  if (!d || at < 0) return undefined;
  let repo = d.slice(0, at);
  const first = repo.split('/')[0];
  if (!repo.includes('/') || (!/[.:]/.test(first) && first !== 'localhost')) repo = `index.docker.io/${repo.includes('/') ? repo : `library/${repo}`}`;
  const name = repo.slice(repo.lastIndexOf('/') + 1).toLowerCase();
  const qualifiers: Record<string, string> = { repository_url: repo };
  if (a.architecture) qualifiers.arch = a.architecture;
  return new PackageURL('oci', undefined, name, d.slice(at + 1), qualifiers, undefined).toString();
}
