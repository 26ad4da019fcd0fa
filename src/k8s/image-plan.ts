import { UserError } from '../errors.js';
import { parseReference, type ImageReference } from '../oci/reference.js';
import { mapLimit } from './map-limit.js';
import type { RegistryLogin } from './pull-secrets.js';
import type { ImageUse } from './workload-images.js';

/** Where an image may be pulled from: `registry/repository@digest` and the logins for that registry. */
export interface ImageSourceCandidate {
  reference: string;
  logins: RegistryLogin[];
}

/** One image to scan: a digest (and platform), however many workloads, tags and repositories name it. */
export interface ImageScanUnit {
  /** `sha256:… linux/amd64`: what makes two uses the same scan. */
  key: string;
  digest: string;
  platform: string;
  /** The image as the first workload writes it; the report names the image so. */
  displayName: string;
  /** Tried in order until one opens. */
  candidates: ImageSourceCandidate[];
  uses: ImageUse[];
}

export interface ImagePlan {
  units: ImageScanUnit[];
  /** Uses whose image could not be parsed or resolved to a digest, with the one-line reason. */
  failures: { use: ImageUse; error: string }[];
}

/** Asks the registry which digest a tag names now (the manifest or index digest). */
export type DigestResolver = (reference: ImageReference, logins: RegistryLogin[]) => Promise<string>;

export interface PlanOptions {
  /** Platform of uses whose node is not known (`--platform`, default linux/amd64). */
  defaultPlatform: string;
  /** Registry lookups at once. */
  concurrency: number;
  onDebug?: (message: string) => void;
}

/** The logins of a use that are for the image's registry, each once. */
function loginsFor(logins: readonly RegistryLogin[], registry: string): RegistryLogin[] {
  const seen = new Set<string>();
  return logins.filter((l) => {
    const id = `${l.from}\n${l.username}`;
    if (l.registry !== registry || seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Groups the workloads' images by digest: digests known from the image or Pod statuses are used
 * as they are; tags are resolved with the registry once per reference (and set of logins).
 * Each unique digest + platform becomes one scan, pulled by digest (so a tag moved meanwhile
 * cannot change what is scanned) from the first reference that names it.
 */
export async function planImageScans(uses: readonly ImageUse[], resolve: DigestResolver, options: PlanOptions): Promise<ImagePlan> {
  const failures: ImagePlan['failures'] = [];
  const parsed: { use: ImageUse; ref: ImageReference; logins: RegistryLogin[] }[] = [];
  for (const use of uses) {
    try {
      const ref = parseReference(use.image);
      parsed.push({ use, ref, logins: loginsFor(use.logins, ref.registry) });
    } catch (err) {
      failures.push({ use, error: err instanceof Error ? err.message : String(err) });
    }
  }

  // Tags to resolve, each reference (with its logins) once.
  const lookups = new Map<string, { ref: ImageReference; logins: RegistryLogin[]; digest?: string; error?: string }>();
  const lookupKey = (ref: ImageReference, logins: RegistryLogin[]) => `${ref.registry}/${ref.repository}:${ref.tag}\n${logins.map((l) => `${l.from}/${l.username}`).join(',')}`;
  for (const p of parsed) {
    if (p.use.digest ?? p.ref.digest) continue;
    const key = lookupKey(p.ref, p.logins);
    if (!lookups.has(key)) lookups.set(key, { ref: p.ref, logins: p.logins });
  }
  await mapLimit([...lookups.values()], options.concurrency, async (lookup) => {
    try {
      lookup.digest = await resolve(lookup.ref, lookup.logins);
      options.onDebug?.(`kubernetes: ${lookup.ref.registry}/${lookup.ref.repository}:${lookup.ref.tag} is ${lookup.digest}`);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      lookup.error = err.message;
    }
  });

  const units = new Map<string, ImageScanUnit>();
  for (const p of parsed) {
    let digest = p.use.digest ?? p.ref.digest;
    if (!digest) {
      const lookup = lookups.get(lookupKey(p.ref, p.logins))!;
      if (lookup.error !== undefined || !lookup.digest) {
        failures.push({ use: p.use, error: lookup.error ?? `${p.use.image}: no digest` });
        continue;
      }
      digest = lookup.digest;
    }
    const platform = p.use.platform ?? options.defaultPlatform;
    const key = `${digest} ${platform}`;
    let unit = units.get(key);
    if (!unit) units.set(key, (unit = { key, digest, platform, displayName: p.use.image, candidates: [], uses: [] }));
    unit.uses.push(p.use);
    const reference = `${p.ref.registry}/${p.ref.repository}@${digest}`;
    const candidate = unit.candidates.find((c) => c.reference === reference);
    if (!candidate) unit.candidates.push({ reference, logins: [...p.logins] });
    else for (const login of p.logins) if (!candidate.logins.some((l) => l.from === login.from && l.username === login.username)) candidate.logins.push(login);
  }
  return { units: [...units.values()], failures };
}
