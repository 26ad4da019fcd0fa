/**
 * The container images of the cluster BOM: one `container` component per scanned image (digest
 * and repository), named and versioned from the reference the workloads write
 * (`registry/repository`, the tag), with its `pkg:oci` purl (digest, `repository_url`, arch).
 * A scanned image's packages and vulnerabilities come from the report CycloneDX writer
 * (src/report/writers/cyclonedx.ts) run on the image's results, then taken into the cluster BOM
 * with their refs kept unique.
 */
import { UserError } from '../../errors.js';
import { parseReference, type ImageReference } from '../../oci/reference.js';
import { cyclonedxWriter } from '../../report/writers/cyclonedx.js';
import { imagePurl } from '../../report/writers/sbom-graph.js';
import type { K8sReport, K8sResource } from '../report.js';
import type { BomRefs } from './bom-refs.js';
import { sortProperties, type CdxBom, type CdxComponent, type CdxDependency, type CdxProperty, type CdxVulnerability } from './cdx-types.js';
import { imageOfEntry, resourcePath } from './resource-names.js';

/** One image of the cluster, with every workload and reference that runs it. */
export interface ImageGroup {
  /** `repository@digest` of the scan (else the image id, else the reference: an image not scanned). */
  key: string;
  /** The entry rendered: the first that was scanned (else the first). */
  entry: K8sResource;
  /** The references workloads write, distinct, in report order. */
  references: string[];
  /** `namespace/Kind/name` of the workloads running it. */
  workloads: string[];
  /** Run by a control-plane static Pod (kube-apiserver, etcd, … in kube-system). */
  controlPlane: boolean;
}

export interface ImagePart {
  ref: string;
  components: CdxComponent[];
  dependencies: CdxDependency[];
  vulnerabilities: CdxVulnerability[];
}

const CONTROL_PLANE = /^(kube-apiserver|kube-controller-manager|kube-scheduler|etcd|cloud-controller-manager)(-|$)/;

/** The report's image entries grouped per image (a digest scanned once, whatever the tags and workloads). */
export function groupImages(resources: readonly K8sResource[]): ImageGroup[] {
  const groups = new Map<string, ImageGroup>();
  for (const entry of resources) {
    const image = imageOfEntry(entry);
    if (!image) continue;
    const digests = entry.Metadata?.RepoDigests;
    const key = (Array.isArray(digests) && typeof digests[0] === 'string' ? digests[0] : undefined)
      ?? (typeof entry.Metadata?.ImageID === 'string' ? entry.Metadata.ImageID : undefined)
      ?? `reference:${image}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, entry, references: [], workloads: [], controlPlane: false };
      groups.set(key, group);
    }
    if (group.entry.Error && !entry.Error) group.entry = entry;
    const path = resourcePath(entry);
    if (!group.references.includes(image)) group.references.push(image);
    if (!group.workloads.includes(path)) group.workloads.push(path);
    if (entry.Namespace === 'kube-system' && entry.Kind === 'Pod' && CONTROL_PLANE.test(entry.Name)) group.controlPlane = true;
  }
  return [...groups.values()];
}

export interface ImagePartContext {
  report: K8sReport;
  refs: BomRefs;
  now: Date;
  appVersion?: string;
}

/** The image's component, its packages (with their dependencies) and its vulnerabilities. */
export function imagePart(group: ImageGroup, ctx: ImagePartContext): ImagePart {
  const scanned = !group.entry.Error && Array.isArray(group.entry.Metadata?.RepoDigests);
  const bom = scanned ? renderImageBom(group, ctx) : undefined;
  const names = imageNaming(group, bom?.metadata.component.purl);
  const refMap = new Map<string, string>();
  const take = (c: CdxComponent): CdxComponent => {
    const ref = ctx.refs.claim(c['bom-ref'], group.key, c.name, String(refMap.size));
    refMap.set(c['bom-ref'], ref);
    return { ...c, 'bom-ref': ref };
  };
  const writerRoot = bom?.metadata.component;
  const root = take({
    'bom-ref': writerRoot?.['bom-ref'] ?? names.purl ?? '',
    type: 'container',
    name: names.name,
    ...(names.version ? { version: names.version } : {}),
    ...(names.purl ? { purl: names.purl } : {}),
    properties: imageProperties(group, names, writerRoot?.properties ?? []),
  });
  const components = [root, ...(bom?.components ?? []).map(take)];
  const mapRef = (ref: string) => refMap.get(ref) ?? ref;
  const dependencies = bom?.dependencies?.map((d) => ({ ref: mapRef(d.ref), dependsOn: d.dependsOn.map(mapRef) })) ?? [{ ref: root['bom-ref'], dependsOn: [] }];
  const vulnerabilities = (bom?.vulnerabilities ?? []).map((v) => ({ ...v, ...(v.affects ? { affects: v.affects.map((a) => ({ ...a, ref: mapRef(a.ref) })) } : {}) }));
  return { ref: root['bom-ref'], components, dependencies, vulnerabilities };
}

/** The writer's BOM of the image's own report (its scan's Metadata and Results). */
function renderImageBom(group: ImageGroup, ctx: ImagePartContext): CdxBom {
  const text = cyclonedxWriter.render({
    SchemaVersion: 2,
    CreatedAt: ctx.now.toISOString(),
    ArtifactName: group.references[0],
    ArtifactType: 'container_image',
    ...(group.entry.Metadata ? { Metadata: group.entry.Metadata } : {}),
    Picket: ctx.report.Picket,
    Results: group.entry.Results ?? [],
  }, { color: false, cyclonedxVersion: '1.6', now: ctx.now, ...(ctx.appVersion ? { appVersion: ctx.appVersion } : {}) });
  return JSON.parse(text) as CdxBom;
}

interface ImageNaming {
  name: string;
  version?: string;
  purl?: string;
  /** trivy's PkgID of an image: `name:tag` (or `name@digest`). */
  pkgId: string;
}

/**
 * Name (`registry/repository`) and version (the first tag the workloads write, else the digest)
 * from the references; the purl is the scan's, else made from a reference's own digest.
 */
function imageNaming(group: ImageGroup, scannedPurl: string | undefined): ImageNaming {
  const parsed = group.references.map(tryParse).filter((r): r is ImageReference => r !== undefined);
  const first = parsed[0];
  if (!first) return { name: group.references[0], pkgId: group.references[0], ...(scannedPurl ? { purl: scannedPurl } : {}) };
  const name = `${first.registry}/${first.repository}`;
  const tag = parsed.find((r) => r.tag && `${r.registry}/${r.repository}` === name)?.tag;
  const digests = group.entry.Metadata?.RepoDigests;
  const digest = first.digest ?? (Array.isArray(digests) && typeof digests[0] === 'string' ? digests[0].slice(digests[0].lastIndexOf('@') + 1) : undefined);
  const purl = scannedPurl ?? (first.digest ? imagePurl({ name, type: 'container_image', repoTags: [], repoDigests: [`${name}@${first.digest}`], diffIds: [] }) : undefined);
  return {
    name,
    ...(tag ? { version: tag } : digest ? { version: digest } : {}),
    ...(purl ? { purl } : {}),
    pkgId: tag ? `${name}:${tag}` : digest ? `${name}@${digest}` : name,
  };
}

function tryParse(reference: string): ImageReference | undefined {
  try {
    return parseReference(reference);
  } catch (err) {
    if (err instanceof UserError) return undefined;
    throw err;
  }
}

/**
 * The writer's image properties (ImageID, RepoDigest, DiffID, RepoTag; not SchemaVersion, which
 * is the document's), trivy's PkgID/PkgType of an image component, the references workloads
 * write as RepoTags, `resource:Type controlPlane` for control-plane images, and the workloads.
 */
function imageProperties(group: ImageGroup, names: ImageNaming, fromWriter: CdxProperty[]): CdxProperty[] {
  const props = fromWriter.filter((p) => p.name !== 'aquasecurity:trivy:SchemaVersion');
  const add = (name: string, value: string) => {
    if (!props.some((p) => p.name === name && p.value === value)) props.push({ name, value });
  };
  add('aquasecurity:trivy:PkgID', names.pkgId);
  add('aquasecurity:trivy:PkgType', 'oci');
  for (const reference of group.references) if (tryParse(reference)?.tag) add('aquasecurity:trivy:RepoTag', reference);
  if (group.controlPlane) add('aquasecurity:trivy:resource:Type', 'controlPlane');
  for (const workload of group.workloads) add('picket:k8s:workload', workload);
  return sortProperties(props);
}
