import type { Descriptor } from '../../../oci/manifest.js';
import { formatReference, parseReference } from '../../../oci/reference.js';

export const REF_NAME = 'org.opencontainers.image.ref.name';
export const CONTAINERD_NAME = 'io.containerd.image.name';

/** Entries that are not images to scan: buildx attestations, `unknown/unknown` platforms. */
export function isAttestation(descriptor: Descriptor): boolean {
  return descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' || descriptor.platform?.os === 'unknown';
}

/** The names an index entry is tagged with: its ref.name and containerd image name annotations. */
export function entryNames(descriptor: Descriptor): string[] {
  const annotations = descriptor.annotations ?? {};
  return [annotations[CONTAINERD_NAME], annotations[REF_NAME]].filter((name): name is string => typeof name === 'string' && name !== '');
}

/**
 * `registry/repo:tag` names for RepoTags: containerd's full image name, and a ref.name that is a
 * full reference (`test/img:1`); a bare tag (`latest`) names no repository and is left out.
 */
export function entryRepoTags(descriptor: Descriptor): string[] {
  const annotations = descriptor.annotations ?? {};
  const tags: string[] = [];
  const full = annotations[CONTAINERD_NAME];
  if (typeof full === 'string' && full !== '') tags.push(full);
  const ref = annotations[REF_NAME];
  if (typeof ref === 'string' && /[:/]/.test(ref) && !ref.includes('@') && !tags.some((tag) => sameImageName(tag, ref))) tags.push(ref);
  return tags;
}

/**
 * Whether `wanted` (a tag like `v2`, or a name like `alpine:3.19`) names the image known as
 * `name`: equal as written, equal after Docker normalisation (`alpine` = `docker.io/library/alpine:latest`),
 * or `wanted` is the tag of `name`.
 */
export function nameMatches(name: string, wanted: string): boolean {
  if (name === wanted || sameImageName(name, wanted)) return true;
  const colon = name.lastIndexOf(':');
  return colon > name.lastIndexOf('/') && name.slice(colon + 1) === wanted;
}

/** Equal after Docker reference normalisation; false when either is not a reference. */
export function sameImageName(a: string, b: string): boolean {
  const normal = (text: string): string | undefined => {
    try {
      return formatReference(parseReference(text));
    } catch {
      return undefined;
    }
  };
  const left = normal(a);
  return left !== undefined && left === normal(b);
}

/** A name read from an archive or layout, quoted for a one-line message (escapes, at most 200 characters). */
export function quote(text: string): string {
  return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}
