import type { Application, OsInfo, OsPackageSet, Package } from '../../analyzer/types.js';
import type { Facts } from '../../analyzer/run.js';
import { property, type SbomComponent, type SbomDocument } from './sbom-document.js';
import { distroOs, parsePurl, purlPackage, withEpoch, type PurlPackage } from './purl-to-package.js';

/** What an SBOM yields: the facts a scan matches, the artifact's metadata, and what could not be scanned. */
export interface SbomFacts {
  facts: Facts;
  /** The artifact's image ids, tags and digests when the SBOM names them (trivy's and picket's root properties). */
  metadata: Record<string, unknown>;
  /** Components left out, by reason (`no purl`, `purl type "generic"`, ...). */
  notScanned: Map<string, number>;
}

interface Placed {
  component: SbomComponent;
  purl: PurlPackage;
}

/**
 * Turns an SBOM into facts: each application component becomes an application of the packages it
 * contains or depends on (directly or through other packages), with its name as the file; the
 * operating-system component gives the OS (else the `distro` qualifier of the OS packages' purls)
 * and OS packages form its package set; packages outside any application are grouped per type
 * (trivy's `Type` property, else the purl type's installed-package type: `node-pkg`, `jar`, ...).
 * Each package keeps what the SBOM says of it: its id, file, layer, licences and source package.
 */
export function sbomFacts(doc: SbomDocument, sbomPath: string): SbomFacts {
  const notScanned = new Map<string, number>();
  const skip = (reason: string) => notScanned.set(reason, (notScanned.get(reason) ?? 0) + 1);
  const byRef = new Map(doc.components.map((c) => [c.ref, c]));
  const placed = new Map<string, Placed>();
  for (const c of doc.components) {
    if (c.kind !== 'package') continue;
    const parsed = c.purl ? parsePurl(c.purl) : undefined;
    if (!parsed) {
      skip(c.purl ? 'unparsable purl' : 'no purl');
      continue;
    }
    const purl = purlPackage(parsed);
    if (!purl) {
      skip(['deb', 'apk', 'rpm'].includes(parsed.type) ? 'OS package purl without a version' : `purl type "${parsed.type}"`);
      continue;
    }
    placed.set(c.ref, { component: c, purl });
  }

  // Each package belongs to the first holder (OS, application) that reaches it through the edges.
  const owner = new Map<string, string>();
  const holders = doc.components.filter((c) => c.kind === 'os' || c.kind === 'application');
  for (const holder of holders) {
    const queue = [...(doc.edges.get(holder.ref) ?? [])];
    for (let i = 0; i < queue.length; i++) {
      const ref = queue[i];
      if (owner.has(ref) || byRef.get(ref)?.kind !== 'package') continue;
      owner.set(ref, holder.ref);
      queue.push(...(doc.edges.get(ref) ?? []));
    }
  }

  // A package no edge leads to (a dependency cycle outside the lockfile's roots) whose `PkgType`
  // names the type of exactly one application joins that application.
  const holdersByType = new Map<string, SbomComponent[]>();
  for (const h of holders) {
    const type = h.kind === 'application' ? property(h.properties, 'Type') : undefined;
    if (type) holdersByType.set(type, [...(holdersByType.get(type) ?? []), h]);
  }
  for (const ref of placed.keys()) {
    const pkgType = owner.has(ref) ? undefined : property(placed.get(ref)!.component.properties, 'PkgType');
    const candidates = pkgType ? holdersByType.get(pkgType) ?? [] : [];
    if (candidates.length === 1) owner.set(ref, candidates[0].ref);
  }

  const osHolder = holders.find((h) => h.kind === 'os');
  const osSets = new Map<string, OsPackageSet>();
  const applications: Application[] = [];
  const appsByKey = new Map<string, Application>();
  const members = new Map<Application, Placed[]>();
  const appFor = (key: string, make: () => Application) => {
    let app = appsByKey.get(key);
    if (!app) {
      app = make();
      appsByKey.set(key, app);
      applications.push(app);
      members.set(app, []);
    }
    return app;
  };

  for (const [ref, p] of placed) {
    const holder = owner.has(ref) ? byRef.get(owner.get(ref)!) : undefined;
    if (p.purl.kind === 'os') {
      const manager = p.purl.manager;
      let set = osSets.get(manager);
      if (!set) osSets.set(manager, (set = { manager, filePath: sbomPath, packages: [] }));
      set.packages.push(toPackage(p, []));
      continue;
    }
    const purl = p.purl;
    const typeProperty = property(p.component.properties, 'Type') ?? property(p.component.properties, 'PkgType');
    const app = holder?.kind === 'application'
      ? appFor(`app\0${holder.ref}\0${purl.purlType}`, () => ({
        type: property(holder.properties, 'Type') ?? purl.purlType,
        ecosystem: purl.ecosystem,
        purlType: purl.purlType,
        filePath: holder.name,
        packages: [],
      }))
      : appFor(`loose\0${typeProperty ?? purl.defaultType}\0${purl.purlType}`, () => ({
        type: typeProperty ?? purl.defaultType,
        ecosystem: purl.ecosystem,
        purlType: purl.purlType,
        filePath: '',
        title: purl.title,
        packages: [],
      }));
    members.get(app)!.push(p);
  }

  for (const [app, list] of members) {
    const refs = new Set(list.map((p) => p.component.ref));
    const idOf = new Map(list.map((p) => [p.component.ref, packageId(p)]));
    // Copies of one package the SBOM lists apart (nested installs) without a file to tell them apart are one package.
    const unique = new Map<string, Package>();
    for (const p of list) {
      const pkg = toPackage(p, (doc.edges.get(p.component.ref) ?? []).filter((r) => refs.has(r)).map((r) => idOf.get(r)!));
      const key = `${pkg.id}\0${pkg.filePath ?? ''}\0${p.component.purl}`;
      const seen = unique.get(key);
      if (!seen) unique.set(key, pkg);
      else if (pkg.dependsOn) seen.dependsOn = [...new Set([...(seen.dependsOn ?? []), ...pkg.dependsOn])];
    }
    app.packages = [...unique.values()];
  }

  const os = osHolder ? osOf(osHolder) : osFromPurls([...placed.values()]);
  return {
    facts: {
      applications: applications.filter((a) => a.packages.length > 0),
      osPackages: [...osSets.values()],
      ownedFiles: new Set(),
      secrets: [],
      misconfigs: [],
      ...(os ? { os } : {}),
    },
    metadata: doc.root ? rootMetadata(doc.root.properties) : {},
    notScanned,
  };
}

/** The SBOM's `PkgID`, else picket's id for the package: `name@version`; rpm `name@version-release.arch` as trivy has it. */
function packageId(p: Placed): string {
  const id = property(p.component.properties, 'PkgID');
  if (id) return id;
  if (p.purl.kind === 'os' && p.purl.purlType === 'rpm') return `${p.purl.name}@${p.purl.version.replace(/^\d+:/, '')}${p.purl.arch ? `.${p.purl.arch}` : ''}`;
  return `${packageName(p)}@${p.purl.version}`;
}

/**
 * The package's name as its lockfile spells it where the purl normalised it
 * (`Mine/livestream-embed` for `pkg:composer/mine/livestream-embed`): the name in trivy's and
 * picket's `PkgID`, when it is the purl's name but for case (and, for PyPI, separators). A
 * component's display name (`PostgreSQL`) is not used: advisories name the package as the purl does.
 */
function packageName(p: Placed): string {
  const norm = (s: string) => (p.purl.purlType === 'pypi' ? s.toLowerCase().replace(/[-_.]+/g, '-') : s.toLowerCase());
  const id = property(p.component.properties, 'PkgID');
  const at = id?.lastIndexOf('@') ?? -1;
  const spelled = at > 0 ? id!.slice(0, at) : undefined;
  return spelled && norm(spelled) === norm(p.purl.name) ? spelled : p.purl.name;
}

function toPackage(p: Placed, dependsOn: string[]): Package {
  const props = p.component.properties;
  const srcName = property(props, 'SrcName');
  const srcVersion = property(props, 'SrcVersion');
  const srcRelease = property(props, 'SrcRelease');
  const diffId = property(props, 'LayerDiffID');
  const digest = property(props, 'LayerDigest');
  const filePath = property(props, 'FilePath');
  return {
    id: packageId(p),
    name: packageName(p),
    version: p.purl.version,
    ...(p.component.licenses.length ? { licenses: p.component.licenses } : {}),
    ...(dependsOn.length ? { dependsOn } : {}),
    ...(srcName ? { srcName } : {}),
    ...(srcName && srcVersion ? { srcVersion: withEpoch(srcRelease ? `${srcVersion}-${srcRelease}` : srcVersion, property(props, 'SrcEpoch')) } : {}),
    ...(p.purl.kind === 'os' && p.purl.arch ? { arch: p.purl.arch } : {}),
    ...(filePath ? { filePath } : {}),
    ...(diffId ? { layer: { ...(digest ? { digest } : {}), diffId } } : {}),
  };
}

function osOf(c: SbomComponent): OsInfo {
  return { family: c.name.toLowerCase(), name: c.version ?? '', from: 'os-release' };
}

/** The OS from the `distro` qualifier of the first OS package that has one. */
function osFromPurls(placed: Placed[]): OsInfo | undefined {
  for (const { purl } of placed) {
    if (purl.kind !== 'os' || !purl.distro) continue;
    const os = distroOs(purl.distro, purl.namespace);
    if (os) return { ...os, from: 'os-release' };
  }
  return undefined;
}

function rootMetadata(props: Map<string, string[]>): Record<string, unknown> {
  const imageId = property(props, 'ImageID');
  const list = (name: string) => props.get(name) ?? [];
  return {
    ...(imageId ? { ImageID: imageId } : {}),
    ...(list('DiffID').length ? { DiffIDs: list('DiffID') } : {}),
    ...(list('RepoTag').length ? { RepoTags: list('RepoTag') } : {}),
    ...(list('RepoDigest').length ? { RepoDigests: list('RepoDigest') } : {}),
  };
}
