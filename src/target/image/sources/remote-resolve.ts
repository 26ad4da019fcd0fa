import { UserError } from '../../../errors.js';
import type { FetchedManifest, RegistryClient } from '../../../oci/client.js';
import { RegistryError } from '../../../oci/errors.js';
import type { Descriptor, ImageManifest } from '../../../oci/manifest.js';
import { IMAGE_MANIFEST_TYPES, INDEX_TYPES } from '../../../oci/media-types.js';
import { formatPlatform, platformMatches, type Platform } from '../platform.js';

/** The image manifest chosen for the platform, and the digest of what the reference named. */
export interface ResolvedManifest {
  manifest: ImageManifest;
  /** Digest of the image manifest itself. */
  manifestDigest: string;
  /** Digest of the manifest or index the reference names (what `RepoDigests` shows, as docker does). */
  referenceDigest: string;
  /** The index entry's platform, when chosen from an index. */
  platform?: string;
}

/** Indexes inside indexes are allowed by the spec; deeper than this is a loop or an attack. */
const MAX_INDEX_DEPTH = 4;

/**
 * Fetches what `reference` (a tag or digest) names in `repository` and follows indexes (manifest
 * lists) down to the image manifest for `platform`, as containerd matches platforms. Schema 1
 * manifests, media types that are not images, and an index without the platform are UserErrors
 * naming `image` (an index's error lists the platforms it has).
 */
export async function resolveManifest(client: RegistryClient, repository: string, reference: string, platform: Platform, image: string, debug: (message: string) => void): Promise<ResolvedManifest> {
  const top = await fetchManifest(client, repository, reference, image);
  let current = top;
  let chosenPlatform: string | undefined;
  for (let depth = 0; current.parsed.kind === 'index'; depth++) {
    if (depth >= MAX_INDEX_DEPTH) throw new UserError(`${image}: indexes nested more than ${MAX_INDEX_DEPTH} deep`);
    const entry = chooseEntry(current.parsed.index.manifests, platform, image);
    chosenPlatform = entry.platform ? formatPlatform(entry.platform) : undefined;
    debug(`${image}: index ${current.digest} -> ${chosenPlatform ?? 'entry without platform'} ${entry.digest}`);
    current = await fetchManifest(client, repository, entry.digest, image);
  }
  if (current.parsed.kind !== 'manifest') throw new UserError(`${image}: no image manifest found`);
  return {
    manifest: current.parsed.manifest,
    manifestDigest: current.digest,
    referenceDigest: top.digest,
    ...(chosenPlatform !== undefined ? { platform: chosenPlatform } : {}),
  };
}

/** A manifest by tag or digest; schema 1 and unknown media types become clear UserErrors. */
async function fetchManifest(client: RegistryClient, repository: string, reference: string, image: string): Promise<FetchedManifest> {
  try {
    return await client.getManifest(repository, reference);
  } catch (err) {
    if (!(err instanceof RegistryError) || err.kind !== 'unsupported') throw err;
    if (/schemaVersion 1\b|manifest\.v1\+(?:pretty)?jws?/.test(err.message)) {
      throw new UserError(`${image}: schema 1 manifests are not supported, re-push the image with a current Docker/skopeo`);
    }
    throw new UserError(`${image}: not a container image (${err.message}); picket reads OCI and Docker v2 image manifests and indexes`);
  }
}

/**
 * The index entry for the platform: the first image or index entry whose platform matches.
 * Attestations (buildx `unknown/unknown`) are never chosen; an index whose only image entry has
 * no platform gives that entry.
 */
function chooseEntry(entries: Descriptor[], platform: Platform, image: string): Descriptor {
  const usable = entries.filter((entry) => (IMAGE_MANIFEST_TYPES.includes(entry.mediaType) || INDEX_TYPES.includes(entry.mediaType)) && !isAttestation(entry));
  const match = usable.find((entry) => platformMatches(entry.platform, platform));
  if (match) return match;
  if (usable.length === 1 && usable[0].platform === undefined) return usable[0];
  const available = [...new Set(usable.filter((entry) => entry.platform).map((entry) => formatPlatform(entry.platform!)))];
  if (available.length === 0) throw new UserError(`${image}: the index lists no image manifests`);
  throw new UserError(`${image}: no ${formatPlatform(platform)} image in the index (available platforms: ${available.join(', ')}); choose one with --platform`);
}

/** buildx provenance/SBOM entries: `unknown/unknown`, or annotated as attestation manifests. */
function isAttestation(entry: Descriptor): boolean {
  return entry.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' || (entry.platform?.os === 'unknown' && entry.platform.architecture === 'unknown');
}
